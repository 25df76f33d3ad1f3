"""A save that can't land says so, exits non-zero, and that entry never turns up later."""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import resource
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

import pytest

from attachjournal.core import prompts
from attachjournal.errors import JournalError, NotSavedError
from attachjournal.storage import migrations, store
from attachjournal.storage.connection import BUSY_TIMEOUT_MS, busy_timeout_ms
from sqlite_hooks import on_every_connection

PHRASE = "velvet-otter-4417"  # a unique phrase that must never appear in any output
NOW = datetime(2026, 11, 20, 18, 0, tzinfo=timezone.utc)


def _answers(note: str = PHRASE) -> str:
    return json.dumps({"resourced": 2, "note": f"today {note} happened"})


def _first_entry(attach) -> None:
    result = attach("reflect", "--no-input", "-a", "resourced=4")
    assert result.exit_code == 0, result.output


def _notes(db: Path) -> list[str]:
    with closing(sqlite3.connect(db)) as conn:
        return [r[0] for r in conn.execute("SELECT value FROM answer WHERE question_id = 'note'")]


def _files_hold(db: Path, phrase: str) -> bool:
    return any(
        phrase.encode() in Path(f"{db}{suffix}").read_bytes()
        for suffix in ("", "-wal", "-shm")
        if Path(f"{db}{suffix}").exists()
    )


def _run(args: list[str], db: Path, input: str | None = None, **kwargs):
    env = {**os.environ, "ATTACH_DB": str(db)}
    env.update(kwargs.pop("env", {}))
    return subprocess.run(
        [sys.executable, "-m", "attachjournal", *args],
        input=input,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        **kwargs,
    )


def _assert_not_saved(stdout: str, stderr: str, code: int) -> None:
    assert code == 1
    assert "NOT saved" in stderr
    assert PHRASE not in stdout + stderr
    assert "Traceback" not in stderr
    assert "database is locked" not in stderr


# ----------------------------------------------------------------------------- locked


def test_locked_past_the_timeout_is_not_saved_and_never_appears(attach, db_path, monkeypatch):
    _first_entry(attach)
    monkeypatch.setenv("ATTACH_BUSY_TIMEOUT_MS", "150")
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another attach in the middle of a long save
    try:
        result = attach("reflect", "--no-input", "--answers", "-", input=_answers())
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    _assert_not_saved(result.stdout, result.stderr, result.exit_code)
    assert "busy in another attach process" in result.stderr
    after = attach("reflect", "--no-input", "-a", "resourced=3")
    assert after.exit_code == 0, after.output
    assert len(_notes(db_path)) == 0
    assert not _files_hold(db_path, PHRASE)


def test_busy_timeout_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ATTACH_BUSY_TIMEOUT_MS", "250")
    assert busy_timeout_ms() == 250
    monkeypatch.setenv("ATTACH_BUSY_TIMEOUT_MS", "soon")
    assert busy_timeout_ms() == BUSY_TIMEOUT_MS


# ----------------------------------------------------------------------------- disk full


def test_disk_full_is_not_saved_and_never_appears(attach, db_path, monkeypatch):
    _first_entry(attach)

    def no_room(dbapi_conn):
        # The disk is full: the journal may not grow by a single page.
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    with on_every_connection(monkeypatch, no_room):
        note = f"{PHRASE} " * 2000  # needs new pages
        result = attach("reflect", "--no-input", "--answers", "-", input=_answers(note))
    _assert_not_saved(result.stdout, result.stderr, result.exit_code)
    assert "disk is full" in result.stderr
    after = attach("reflect", "--no-input", "-a", "resourced=3")
    assert after.exit_code == 0, after.output
    assert _notes(db_path) == []
    assert not _files_hold(db_path, PHRASE)


def test_a_commit_that_cannot_be_written_is_not_saved(attach, db_path):
    """A real process whose files may not grow: the write-ahead log fails at COMMIT."""
    _first_entry(attach)

    def small_files() -> None:
        # Room for the shared-memory index (32 KiB) but not for a 200 KB entry in the log.
        resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))

    note = f"{PHRASE} " * 10_000
    result = _run(
        ["reflect", "--no-input", "--answers", "-"],
        db_path,
        input=_answers(note),
        preexec_fn=small_files,
    )
    _assert_not_saved(result.stdout, result.stderr, result.returncode)
    assert "disk" in result.stderr
    after = _run(["reflect", "--no-input", "-a", "resourced=3"], db_path)
    assert after.returncode == 0, after.stderr
    assert _notes(db_path) == []
    assert not _files_hold(db_path, PHRASE)


# ----------------------------------------------------------------------------- read-only


def _without_root_override() -> None:
    """Root ignores file modes; drop that power so a 0400 file is read-only for real."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_read_only_journal_is_not_saved(attach, db_path):
    _first_entry(attach)
    os.chmod(db_path, 0o400)
    result = _run(
        ["reflect", "--no-input", "--answers", "-"],
        db_path,
        input=_answers(),
        preexec_fn=_without_root_override,
    )
    _assert_not_saved(result.stdout, result.stderr, result.returncode)
    assert "read-only" in result.stderr
    os.chmod(db_path, 0o600)
    assert _notes(db_path) == []
    assert not _files_hold(db_path, PHRASE)


# ----------------------------------------------------------------------------- failed COMMIT


def test_failed_commit_is_rolled_back_before_the_next_save(db_path):
    """The same open journal saves again after a failed COMMIT: only the second entry lands.

    A deferred foreign key makes COMMIT itself fail while the transaction stays open, the
    case where a reused connection would commit the "unsaved" entry with the next one.
    """
    reflect = prompts.load()["reflect"]
    journal = store.open_journal(db_path, create=True)
    assert journal is not None
    with pytest.raises(NotSavedError) as failed, journal.write() as session:
        session.add_entry(reflect, {"resourced": 1, "note": PHRASE}, at=NOW, now=NOW)
        session._conn.execute("PRAGMA defer_foreign_keys = ON")
        session._conn.execute("UPDATE entry SET person_id = 999")  # nobody 999: at COMMIT
    assert "NOT saved" in failed.value.message
    assert PHRASE not in failed.value.message
    with journal.write() as session:
        session.add_entry(reflect, {"resourced": 5}, at=NOW, now=NOW)
    with journal.read() as conn:
        entries = conn.list_entries()
    journal.close()
    assert [e.answer("resourced") for e in entries] == [5]
    assert not _files_hold(db_path, PHRASE)


# ----------------------------------------------------------------------------- migrations


def _snapshot(db: Path) -> tuple[list[str], int]:
    with closing(sqlite3.connect(db)) as conn:
        dump = list(conn.iterdump())
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    return dump, version


@pytest.mark.parametrize("failure", ["python", "sql"])
def test_migration_failing_halfway_leaves_the_journal_as_it_was(attach, db_path, failure):
    _first_entry(attach)
    assert attach("people", "add", "Maya").exit_code == 0
    before = _snapshot(db_path)

    def step_next(conn):
        conn.execute("CREATE TABLE tag (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO tag (name) VALUES ('half')")
        conn.execute("ALTER TABLE entry ADD COLUMN mood_hint TEXT")
        conn.execute("UPDATE entry SET mood_hint = 'x'")
        if failure == "python":
            raise RuntimeError("step 2 broke halfway")
        conn.execute("INSERT INTO no_such_table VALUES (1)")

    with pytest.raises(JournalError) as failed:
        store.open_journal(db_path, create=False, migrations=[*migrations.MIGRATIONS, step_next])
    assert "Nothing was changed" in failed.value.message
    assert "Traceback" not in failed.value.message
    assert _snapshot(db_path) == before  # schema, user_version and every row


def test_the_real_upgrade_failing_halfway_leaves_a_schema_1_journal_as_it_was(db_path):
    """The shipped schema-1 journal, its real upgrade step run in full, then a failure."""
    import shutil

    db_path.parent.mkdir(parents=True)
    shutil.copy(Path(__file__).parent / "fixtures" / "journal-v1.db", db_path)
    before = _snapshot(db_path)
    assert before[1] == 1
    real_step = migrations.MIGRATIONS[1]

    def upgrade_then_fail(conn):
        real_step(conn)
        raise OSError("the disk went away after the upgrade's last statement")

    with pytest.raises(JournalError) as failed:
        store.open_journal(
            db_path, create=True, migrations=[migrations.MIGRATIONS[0], upgrade_then_fail]
        )
    assert "Nothing was changed" in failed.value.message
    assert _snapshot(db_path) == before


def test_journal_from_a_newer_attach_is_refused_untouched(attach, db_path):
    _first_entry(attach)
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    assert not Path(f"{db_path}-wal").exists()  # the last connection closed cleanly
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    for args in (["log"], ["reflect", "--no-input", "-a", "resourced=2"], ["people", "list"]):
        result = attach(*args)
        assert result.exit_code == 1, result.output
        assert "newer attach" in result.stderr
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest
    assert not Path(f"{db_path}-wal").exists()
    assert not Path(f"{db_path}-shm").exists()


# ----------------------------------------------------------------------------- damaged


def _damage(db: Path, table: str) -> None:
    """Scribble over one table's page, as a bad disk block would."""
    with closing(sqlite3.connect(db)) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
    with open(db, "r+b") as handle:
        handle.seek(page_size * (root - 1))
        handle.write(b"\xff" * 12)


def test_damaged_journal_is_refused_before_anything_is_written(attach, db_path):
    _first_entry(attach)
    assert attach("people", "add", "Maya").exit_code == 0
    # A check-in never reads the people table: only the check before writing can notice.
    _damage(db_path, "person")
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    result = attach("reflect", "--no-input", "--answers", "-", input=_answers())
    _assert_not_saved(result.stdout, result.stderr, result.exit_code)
    assert "damaged" in result.stderr
    assert "attach restore" in result.stderr
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest


def test_reading_a_damaged_journal_says_so_without_a_traceback(attach, db_path):
    _first_entry(attach)
    _damage(db_path, "entry")
    result = attach("log")
    assert result.exit_code == 1
    assert "damaged" in result.stderr
    assert "attach doctor" in result.stderr


def test_truncated_journal_is_refused_from_its_header(attach, db_path):
    _first_entry(attach)
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) - 100])
    with pytest.raises(JournalError, match="damaged"):
        store.inspect_path(db_path)
    result = attach("reflect", "--no-input", "-a", "resourced=2")
    assert result.exit_code == 1
    assert "NOT saved" in result.stderr
    assert len(db_path.read_bytes()) == len(data) - 100
