"""Exports and pages are private from the first byte and never land on a database."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from attachjournal.errors import UsageError
from attachjournal.private_files import write_private


def test_an_existing_readable_file_becomes_private_and_whole(tmp_path):
    target = tmp_path / "week.html"
    target.write_text("old")
    target.chmod(0o644)
    write_private(target, iter(["<p>", "new", "</p>"]))
    assert target.read_text() == "<p>new</p>"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["week.html"]  # no partial left


def test_a_database_is_never_written_over(tmp_path):
    target = tmp_path / "other.db"
    sqlite3.connect(target).execute("CREATE TABLE t (x)").connection.close()
    before = target.read_bytes()
    with pytest.raises(UsageError, match="is a database"):
        write_private(target, "page", what="the page")
    assert target.read_bytes() == before


def test_a_folder_is_refused_with_what_to_give(tmp_path):
    with pytest.raises(UsageError, match="give a file name for the export"):
        write_private(tmp_path, "x", what="the export")
