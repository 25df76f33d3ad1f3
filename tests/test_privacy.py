"""Nothing readable by others, a word about synced folders, no entry text in any error."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from attachjournal.storage import store
from attachjournal.storage.sync_folders import sync_service

SCRIPTS = Path(__file__).parent / "scripts"
PHRASE = "marigold-lantern-2291"
REFLECT_FROM_STDIN = ("reflect", "--no-input", "--answers", "-")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _umask_000(*args: str, db: Path, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        input=input,
        capture_output=True,
        text=True,
        env={**os.environ, "ATTACH_DB": str(db)},
        preexec_fn=lambda: os.umask(0),
        timeout=60,
    )


# ----------------------------------------------------------------------------- permissions


def test_a_new_journal_is_private_whatever_the_umask(tmp_path):
    db = tmp_path / "deep" / "data" / "journal.db"
    result = _umask_000("-m", "attachjournal", "reflect", "--no-input", "-a", "resourced=3", db=db)
    assert result.returncode == 0, result.stderr
    assert _mode(db.parent) == 0o700
    assert _mode(db) == 0o600


def test_wal_and_shm_are_private_whatever_the_umask(tmp_path):
    """Seen while the journal is open, through the store alone (no umask set by the CLI)."""
    db = tmp_path / "data" / "journal.db"
    script = (
        "import json, os, stat, sys\n"
        "from pathlib import Path\n"
        "from attachjournal.storage import store\n"
        "path = Path(sys.argv[1])\n"
        "journal = store.open_journal(path, create=True)\n"
        "with journal.read() as conn:\n"
        "    modes = {s: stat.S_IMODE(os.stat(f'{path}{s}').st_mode) for s in ('', '-wal', '-shm')}\n"
        "print(json.dumps(modes))\n"
    )
    result = _umask_000("-c", script, str(db), db=db)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"": 0o600, "-wal": 0o600, "-shm": 0o600}
    assert _mode(db.parent) == 0o700


def test_a_world_readable_journal_is_tightened_and_the_person_told_once(attach, db_path):
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    os.chmod(db_path, 0o644)
    result = attach("reflect", "--no-input", "--json", "-a", "resourced=4")
    assert result.exit_code == 0, result.output
    assert _mode(db_path) == 0o600
    assert result.stderr.count("made it private again") == 1
    json.loads(result.stdout)  # stdout stays JSON alone
    again = attach("log")
    assert "private again" not in again.stderr


# ----------------------------------------------------------------------------- synced folders


@pytest.mark.parametrize(
    ("folder", "service"),
    [
        ("Dropbox/journal", "Dropbox"),
        ("Dropbox (Personal)", "Dropbox"),
        ("OneDrive - Contoso/Documents", "OneDrive"),
        ("Library/Mobile Documents/com~apple~CloudDocs", "iCloud Drive"),
        ("iCloudDrive", "iCloud Drive"),
        ("Google Drive/My Drive", "Google Drive"),
        ("Library/CloudStorage/GoogleDrive-me@example.org/My Drive", "Google Drive"),
        ("Library/CloudStorage/OneDrive-Personal", "OneDrive"),
        (".local/share/attachjournal", None),
        ("Documents/dropbox-notes-old", None),  # a name that merely mentions a service
    ],
)
def test_sync_folders_are_recognised_by_path(tmp_path, folder, service):
    assert sync_service(tmp_path / folder / "journal.db") == service


def test_a_journal_in_a_synced_folder_gets_one_kind_warning(attach, tmp_path):
    db = tmp_path / "Dropbox" / "journal.db"
    result = attach("reflect", "--no-input", "-a", "resourced=3", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Dropbox folder") == 1
    assert "Saved check-in" in result.stdout


def test_no_sync_warning_for_an_ordinary_folder(attach):
    result = attach("reflect", "--no-input", "-a", "resourced=3")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


# ----------------------------------------------------------------------------- no entry text


def test_driver_errors_never_carry_the_entry_text(db_path):
    journal = store.open_journal(db_path, create=True)
    assert journal is not None
    conn = journal.connect()
    with pytest.raises(sqlite3.Error) as caught:
        conn.execute(
            "INSERT INTO answer (entry_id, question_id, position, question_text, kind, value) "
            "VALUES (999, 'note', 0, 'q', 'text', :value)",
            {"value": PHRASE},
        )
    conn.close()
    journal.close()
    assert PHRASE not in str(caught.value)
    assert PHRASE not in repr(caught.value)


def test_an_unexpected_error_shows_no_traceback_and_no_entry_text(db_path):
    answers = json.dumps({"resourced": 2, "note": f"I said {PHRASE} to her"})
    for debug in ("", "1"):
        result = subprocess.run(
            [sys.executable, str(SCRIPTS / "fault_on_answer.py"), *REFLECT_FROM_STDIN],
            input=answers,
            capture_output=True,
            text=True,
            env={**os.environ, "ATTACH_DB": str(db_path), "ATTACH_DEBUG": debug},
            timeout=60,
        )
        assert result.returncode == 1
        assert "Something unexpected went wrong" in result.stderr
        assert "Traceback" not in result.stderr
        assert PHRASE not in result.stdout + result.stderr
    assert "entries_write.py" in result.stderr  # with ATTACH_DEBUG=1: where, never what
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT count(*) FROM entry").fetchone()[0] == 0


def test_a_file_that_is_not_a_journal_keeps_its_permissions(attach, db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_text("my shopping list\n")
    os.chmod(db_path, 0o644)
    result = attach("log")
    assert result.exit_code == 1
    assert "private again" not in result.stderr
    assert _mode(db_path) == 0o644
