"""Exports and pages are private from the first byte and never land on a database."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from attachjournal.errors import UsageError
from attachjournal.storage.private_files import write_private


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


@pytest.mark.parametrize(
    "start",
    [
        b"ATTJ" + bytes(range(12)),  # an attach journal or backup, encrypted (salt marker)
        bytes(range(256)) * 4,  # another program's SQLCipher file: random-looking bytes
    ],
    ids=["attach-encrypted", "foreign-encrypted"],
)
def test_an_encrypted_database_is_never_written_over(tmp_path, start):
    target = tmp_path / "journal-copy.db"
    target.write_bytes(start + bytes(4096))
    before = target.read_bytes()
    with pytest.raises(UsageError, match="not a text file"):
        write_private(target, "{}", what="the export")
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    "name", ["attach-backup-2026-11-20_193012.db", "journal.db.before-restore-2026-11-20_193012"]
)
def test_a_backup_or_a_journal_kept_aside_is_refused_by_its_name(tmp_path, name):
    target = tmp_path / name
    target.write_text("")  # even empty: what attach named as a backup is not an export target
    with pytest.raises(UsageError, match="one of its backups"):
        write_private(target, "{}", what="the export")


def test_the_journals_side_files_are_refused(tmp_path):
    journal = tmp_path / "journal.db"
    journal.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    wal = tmp_path / "journal.db-wal"
    wal.write_text("")
    with pytest.raises(UsageError, match="the journal itself"):
        write_private(wal, "{}", journal=journal, what="the export")


def test_a_planted_partial_link_is_never_followed_and_is_cleared(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    target = tmp_path / "out.json"
    planted = tmp_path / ".out.json.partial"
    planted.symlink_to(victim)
    write_private(target, "{}", what="the export")
    assert victim.read_text() == "precious"
    assert target.read_text() == "{}" and not target.is_symlink()
    assert not planted.is_symlink()  # a temporary nobody is writing is cleared away
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "victim.txt"]


def test_a_stale_partial_of_a_killed_export_is_removed_a_live_ones_kept(tmp_path):
    import os

    dead = tmp_path / ".out.json.99999999-0badf00d.partial"  # no process has that id
    dead.write_text("text of a killed export")
    live = tmp_path / f".out.json.{os.getppid()}-0badf00d.partial"
    live.write_text("an export still being written")
    write_private(tmp_path / "out.json", "{}", what="the export")
    assert not dead.exists()
    assert live.exists()
