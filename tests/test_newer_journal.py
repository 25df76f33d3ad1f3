"""A journal written by a newer attach is left exactly as it is by every command, plain or
encrypted, and each says which attach it needs."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from attachjournal import __version__
from attachjournal.storage.migrations import LATEST

PASSPHRASE = "Sesame-7f3a-tulip"
NEEDS = f"it needs an attachjournal newer than {__version__}, one that reads journal schema"


def _digest(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


def _said(result) -> str:
    return " ".join(result.output.split())


def _a_backup(attach, db_path: Path) -> Path:
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    made = attach("backup")
    assert made.exit_code == 0, made.output
    backups = sorted((db_path.parent / "backups").iterdir())
    assert backups
    return backups[-1]


def _files(folder: Path) -> list[str]:
    # -wal/-shm come and go with any open connection in this test process; the journal's
    # bytes and any file kept aside are what "untouched" is about.
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm")))


def _every_command_leaves_it(attach, db_path: Path, backup: Path, extra=()) -> None:
    before = _digest(db_path)
    siblings = _files(db_path.parent)
    for args in (
        ["doctor"],
        ["restore", str(backup)],
        ["log"],
        ["reflect", "--no-input", "-a", "resourced=2"],
        ["backup"],
        *extra,
    ):
        result = attach(*args)
        assert result.exit_code == 1, (args, result.output)
        said = _said(result)
        assert "newer attach" in said, (args, said)
        assert "damaged" not in said and "next save" not in said, (args, said)
        assert _digest(db_path) == before, args
        assert _files(db_path.parent) == siblings, args
    assert not any(
        p.name.startswith(f"{db_path.name}.before-restore") for p in db_path.parent.iterdir()
    )
    assert _files(db_path.parent) == siblings


def test_a_newer_plain_journal_is_left_untouched_by_doctor_restore_and_the_rest(attach, db_path):
    backup = _a_backup(attach, db_path)
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 3}")
        conn.commit()
    _every_command_leaves_it(
        attach, db_path, backup, extra=(["encrypt"], ["export"], ["people", "list"])
    )
    assert NEEDS in _said(attach("doctor"))
    assert f"schema {LATEST + 3}" in _said(attach("restore", str(backup)))


def test_a_newer_encrypted_journal_is_left_untouched_by_decrypt_and_doctor_too(
    attach, db_path, monkeypatch
):
    pytest.importorskip("sqlcipher3.dbapi2", reason="sqlcipher3 is not installed")
    from attachjournal.storage import encryption

    monkeypatch.setenv("ATTACH_PASSPHRASE", PASSPHRASE)
    backup = _a_backup(attach, db_path)
    assert attach("encrypt").exit_code == 0
    conn = encryption.connect(db_path, PASSPHRASE)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.commit()
    conn.close()
    _every_command_leaves_it(attach, db_path, backup, extra=(["decrypt"],))
    assert NEEDS in _said(attach("doctor"))
