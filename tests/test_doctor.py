"""`attach doctor`: integrity, schema, counts, privacy and places, read without touching."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from attachjournal.storage.migrations import LATEST


def _journal_with_entries(attach) -> None:
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    assert attach("people", "add", "Sam", "--role", "partner").exit_code == 0
    for value in (2, 4):
        assert attach("reflect", "--no-input", "-a", f"resourced={value}").exit_code == 0
    rupture = attach(
        "repair", "--new", "--no-input", "-a", "who=Maya", "-a", "intensity=3",
        "-a", "moves=sorry", "-a", "connected=4",
    )  # fmt: skip
    assert rupture.exit_code == 0, rupture.output
    open_one = attach("repair", "--new", "--no-input", "-a", "who=Sam", "-a", "intensity=2")
    assert open_one.exit_code == 0, open_one.output


def test_doctor_reports_a_healthy_journal(attach, db_path):
    _journal_with_entries(attach)
    result = attach("doctor")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert str(db_path) in out
    assert "Integrity: SQLite's full check found nothing wrong." in out
    assert f"Schema: version {LATEST} (up to date)." in out
    # 2 check-ins; 2 ruptures (Maya's, Sam's); 1 repair (Maya's) = 5 entries; 2 people.
    assert "Entries: 5 (2 check-ins, 2 ruptures, 1 repair); people: 2." in out
    assert "journal: 0600, only you" in out
    assert "data folder: 0700, only you" in out
    assert "Backups: none yet" in out


def test_doctor_json(attach, db_path):
    _journal_with_entries(attach)
    assert attach("backup").exit_code == 0
    backups = db_path.parent / "backups"
    (backup,) = backups.glob("attach-backup-*.db")
    (backups / "notes.txt").write_text("a stray file")
    os.chmod(backups / "notes.txt", 0o644)
    result = attach("doctor", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["healthy"] is True
    assert data["integrity"] == "ok"
    assert data["schema_version"] == LATEST
    assert data["entries"] == {
        "reflect": 2,
        "rupture": 2,
        "repair": 1,
        "note": 0,
        "intention": 0,
    }
    assert data["entry_count"] == 5
    assert data["people"] == 2
    assert data["journal"] == str(db_path)
    assert data["backups"] == str(backups)
    assert data["backup_count"] == 1
    assert data["newest_backup"] == str(backup)
    modes = {f["what"]: (f["mode"], f["private"]) for f in data["files"]}
    assert modes["journal"] == ("0600", True)
    assert modes["backups folder"] == ("0700", True)
    assert modes["backup"] == ("0600", True)
    assert modes["file in backups folder"] == ("0644", False)  # said plainly, not hidden
    assert data["cloud_sync"] is None


def test_doctor_reports_others_can_read_without_changing_anything(attach, db_path):
    _journal_with_entries(attach)
    os.chmod(db_path, 0o644)
    result = attach("doctor")
    assert "journal: 0644, others on this computer can read it" in result.stdout
    assert oct(db_path.stat().st_mode & 0o777) == oct(0o644)  # doctor only looks


def _damage(db: Path, table: str) -> None:
    with closing(sqlite3.connect(db)) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
    with open(db, "r+b") as handle:
        handle.seek(page_size * (root - 1))
        handle.write(b"\xff" * 12)


def test_doctor_says_plainly_when_the_journal_is_damaged(attach, db_path):
    _journal_with_entries(attach)
    _damage(db_path, "answer")
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    result = attach("doctor")
    assert result.exit_code == 1
    assert "Integrity: the journal file is damaged." in result.stdout
    assert "attach restore" in result.stdout + result.stderr
    as_json = attach("doctor", "--json")
    assert as_json.exit_code == 1
    data = json.loads(as_json.stdout)
    assert data["integrity"] == "damaged" and data["healthy"] is False
    assert data["problems"]
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest


def test_doctor_on_no_journal_yet_creates_nothing(attach, db_path):
    result = attach("doctor")
    assert result.exit_code == 0, result.output
    assert "no journal here yet" in result.stdout
    assert not db_path.exists()


def test_doctor_refuses_a_file_that_is_not_a_journal(attach, db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_text("shopping list\n" * 20)
    result = attach("doctor")
    assert result.exit_code == 1
    assert "not an attach journal" in " ".join((result.stdout + result.stderr).split())
    assert db_path.read_text() == "shopping list\n" * 20


def test_doctor_names_a_newer_journal(attach, db_path):
    _journal_with_entries(attach)
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
        conn.commit()
    result = attach("doctor")
    assert result.exit_code == 1
    assert "newer attach" in result.stdout + result.stderr


def test_doctor_notices_a_synced_folder(attach, tmp_path):
    db = tmp_path / "OneDrive - Home" / "journal.db"
    assert attach("reflect", "--no-input", "-a", "resourced=3", "--db", str(db)).exit_code == 0
    result = attach("doctor", "--db", str(db))
    assert "inside a OneDrive folder" in result.stdout


def test_doctor_reads_only(attach, db_path):
    _journal_with_entries(attach)
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    assert attach("doctor").exit_code == 0
    assert hashlib.sha256(Path(db_path).read_bytes()).hexdigest() == digest


def test_the_way_back_doctor_points_to_works_on_a_damaged_journal(attach, db_path):
    _journal_with_entries(attach)
    assert attach("backup").exit_code == 0
    (backup,) = (db_path.parent / "backups").glob("attach-backup-*.db")
    _damage(db_path, "entry")
    damaged = db_path.read_bytes()
    told = attach("doctor")
    assert told.exit_code == 1
    # Long paths wrap anywhere on a narrow terminal: compare without the white space.
    assert f"attachrestore{backup}" in "".join(told.stdout.split())
    restored = attach("restore", str(backup))
    assert restored.exit_code == 0, restored.output
    (aside,) = db_path.parent.glob("journal.db.before-restore-*")
    assert aside.read_bytes() == damaged  # kept as it was, for any later rescue
    after = attach("doctor", "--json")
    assert after.exit_code == 0, after.output
    assert json.loads(after.stdout)["entries"] == {
        "reflect": 2,
        "rupture": 2,
        "repair": 1,
        "note": 0,
        "intention": 0,
    }


def test_doctor_on_an_encrypted_journal(attach, db_path, monkeypatch):
    pytest.importorskip("sqlcipher3", reason="encryption is the optional [encrypted] extra")
    _journal_with_entries(attach)
    monkeypatch.setenv("ATTACH_PASSPHRASE", "Sesame-7f3a-tulip")
    assert attach("encrypt").exit_code == 0
    opened = attach("doctor", "--json")
    assert opened.exit_code == 0, opened.output
    data = json.loads(opened.stdout)
    assert (data["state"], data["integrity"], data["entry_count"]) == ("encrypted", "ok", 5)
    # Locked is not damaged: without the passphrase doctor says what it needs, exit 0.
    monkeypatch.delenv("ATTACH_PASSPHRASE")
    locked = attach("doctor")
    assert locked.exit_code == 0, locked.output
    assert "Encrypted." in locked.stdout
    assert "damaged" not in locked.output


def test_doctor_total_is_the_sum_of_the_kinds_it_names(attach, db_path):
    _journal_with_entries(attach)
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute(  # a note, as an import from a plain-text journal leaves one
            "INSERT INTO entry (uid, kind, at, created_at, no_repair_needed) "
            "VALUES ('jrnl-1', 'note', '2026-11-20 12:00:00.000000', NULL, 0)"
        )
    out = attach("doctor").stdout
    assert "Entries: 6 (2 check-ins, 2 ruptures, 1 repair, 1 note); people: 2." in out
