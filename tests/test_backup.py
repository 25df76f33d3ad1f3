"""attach backup and attach restore: consistent private copies, kept to N, checked on restore."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path

from attachjournal.storage import backup as backups
from attachjournal.storage.migrations import LATEST
from data_helpers import fill, rows, said

FIXTURE_V1 = Path(__file__).parent / "fixtures" / "journal-v1.db"


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_backup_goes_next_to_the_journal_privately(attach, db_path):
    fill(attach)
    result = attach("backup")
    assert result.exit_code == 0, result.output
    folder = db_path.parent / "backups"
    made = backups.list_backups(folder)
    assert len(made) == 1
    assert made[0].name.startswith("attach-backup-") and made[0].suffix == ".db"
    assert _mode(folder) == 0o700 and _mode(made[0]) == 0o600
    assert "Backed up 4 entries" in result.stdout
    assert rows(made[0], "PRAGMA integrity_check") == [("ok",)]
    assert rows(made[0], "PRAGMA journal_mode") == [("delete",)]  # one standalone file
    assert rows(made[0], "SELECT count(*) FROM answer") == rows(
        db_path, "SELECT count(*) FROM answer"
    )


def test_only_the_newest_backups_are_kept_and_other_files_left_alone(attach, tmp_path):
    fill(attach)
    folder = tmp_path / "safe"
    folder.mkdir()
    mine = folder / "notes.txt"
    mine.write_text("mine")
    for _ in range(4):
        assert attach("backup", str(folder), "--keep", "2").exit_code == 0
    kept = backups.list_backups(folder)
    # Four backups within a second or so: names stay unique (-2, -3 ...) and order holds.
    assert len(kept) == 2
    assert mine.read_text() == "mine"


def test_backup_names_sort_in_time_order(tmp_path):
    moment = datetime(2026, 11, 20, 18, 30, 5, tzinfo=timezone.utc)
    first = backups.backup_name(moment, tmp_path)
    assert first.name == "attach-backup-2026-11-20_183005.db"
    first.touch()
    second = backups.backup_name(moment, tmp_path)
    second.touch()
    (tmp_path / "attach-backup-2026-11-20_183004.db").touch()
    assert [p.name for p in backups.list_backups(tmp_path)] == [
        "attach-backup-2026-11-20_183004.db",
        "attach-backup-2026-11-20_183005.db",
        "attach-backup-2026-11-20_183005-2.db",
    ]


def test_no_journal_no_backup(attach, db_path):
    result = attach("backup")
    assert result.exit_code == 1
    assert "no journal to back up yet" in result.stderr
    assert not db_path.exists()


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timezone
    from pathlib import Path
    from attachjournal.core import prompts
    from attachjournal.storage import store

    journal = store.open_journal(Path(sys.argv[1]), create=True)
    reflect = prompts.load()["reflect"]
    print("ready", flush=True)
    for number in range(int(sys.argv[2])):
        now = datetime.now(timezone.utc)
        with journal.write() as session:
            session.add_entry(
                reflect, {"resourced": 3, "note": f"entry {number}", "mood": 2},
                at=now, now=now,
            )
    print("done", flush=True)
    """
)


def test_backup_is_consistent_while_another_attach_writes(attach, db_path, tmp_path):
    fill(attach)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), "60"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        counts = []
        for _ in range(6):
            result = attach("backup", str(tmp_path / "during"), "--keep", "10")
            assert result.exit_code == 0, result.output
            copy = backups.list_backups(tmp_path / "during")[-1]
            assert rows(copy, "PRAGMA integrity_check") == [("ok",)]
            # Every entry in the copy has all its answers: no half-written entry, ever.
            assert rows(
                copy,
                "SELECT count(*) FROM entry e WHERE e.kind = 'reflect' AND "
                "(SELECT count(*) FROM answer a WHERE a.entry_id = e.id) = 0",
            ) == [(0,)]
            counts.append(rows(copy, "SELECT count(*) FROM entry")[0][0])
    finally:
        assert writer.wait(timeout=60) == 0
    assert counts == sorted(counts)
    assert rows(db_path, "SELECT count(*) FROM entry") == [(64,)]


def test_restore_checks_the_backup_and_keeps_the_current_journal_aside(attach, db_path):
    fill(attach)
    assert attach("backup").exit_code == 0
    copy = backups.list_backups(db_path.parent / "backups")[-1]
    attach("reflect", "--no-input", "-a", "resourced=5")  # written after the backup
    assert rows(db_path, "SELECT count(*) FROM entry") == [(5,)]
    result = attach("restore", str(copy))
    assert result.exit_code == 0, result.output
    assert "Restored 4 entries" in result.stdout
    assert rows(db_path, "SELECT count(*) FROM entry") == [(4,)]
    aside = [p for p in db_path.parent.iterdir() if ".before-restore-" in p.name]
    assert len(aside) == 1 and _mode(aside[0]) == 0o600
    assert rows(aside[0], "SELECT count(*) FROM entry") == [(5,)]
    assert _mode(db_path) == 0o600
    assert attach("log").exit_code == 0


def test_restore_refuses_a_damaged_or_foreign_file_and_changes_nothing(attach, db_path, tmp_path):
    fill(attach)
    before = rows(db_path, "SELECT uid FROM entry ORDER BY uid")
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    result = attach("restore", str(other))
    assert result.exit_code == 1 and "another program" in said(result.stderr)
    assert attach("backup").exit_code == 0
    broken = backups.list_backups(db_path.parent / "backups")[-1]
    data = bytearray(broken.read_bytes())
    data[4096 : 4096 + 16] = b"\xff" * 16  # scribble over the header of the second page
    broken.write_bytes(bytes(data))
    result = attach("restore", str(broken))
    assert result.exit_code == 1
    assert "damaged" in result.stderr or "can't read" in result.stderr.lower()
    assert rows(db_path, "SELECT uid FROM entry ORDER BY uid") == before
    assert not [p for p in db_path.parent.iterdir() if ".before-restore-" in p.name]


def test_restoring_a_schema_1_backup_brings_it_up_to_date(attach, db_path, tmp_path):
    result = attach("restore", str(FIXTURE_V1))
    assert result.exit_code == 0, result.output
    assert rows(db_path, "PRAGMA user_version") == [(LATEST,)]
    assert rows(db_path, "SELECT count(*) FROM answer") == [(28,)]
    found = attach("search", "quokkaphrase")
    assert found.exit_code == 0 and "#1" in found.stdout


# Runs attach with os.link and os.replace (how a finished copy gets its name) stopping the
# process dead when they would name a temporary: a kill -9 after the copy is whole.
DIE_AT_NAMING = (
    "import os, sys\n"
    "def dying(real):\n"
    "    def call(src, *args, **kwargs):\n"
    "        if str(src).endswith('.partial'):\n"
    "            os._exit(137)\n"
    "        return real(src, *args, **kwargs)\n"
    "    return call\n"
    "os.link, os.replace = dying(os.link), dying(os.replace)\n"
    "from attachjournal.cli.app import app\n"
    "app(sys.argv[1:], prog_name='attach')\n"
)


def _killed(*args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", DIE_AT_NAMING, *args], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 137, result.stderr


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_killed_backup_leaves_a_copy_the_next_backup_removes(attach, db_path):
    fill(attach)
    folder = db_path.parent / "backups"
    _killed("backup")
    left = _hidden(folder)
    assert len(left) == 1 and left[0].endswith(".partial")  # whole journal text, hidden
    assert b"counted 7 snails" in (folder / left[0]).read_bytes()
    # One an earlier version left, from another second (it never had a process id in its name).
    older = folder / ".attach-backup-2026-11-20_183005.db.partial"
    older.write_bytes((folder / left[0]).read_bytes())
    result = attach("backup")
    assert result.exit_code == 0, result.output
    assert _hidden(folder) == []
    assert len(backups.list_backups(folder)) == 1


def test_a_killed_restore_leaves_a_copy_the_next_command_removes(attach, db_path):
    fill(attach)
    assert attach("backup").exit_code == 0
    copy = backups.list_backups(db_path.parent / "backups")[-1]
    _killed("restore", str(copy))
    left = [n for n in _hidden(db_path.parent) if n.endswith(".partial")]
    assert len(left) == 1  # the journal as it was, copied aside but never named
    assert rows(db_path, "SELECT count(*) FROM entry") == [(4,)]  # the journal is untouched
    assert attach("log").exit_code == 0
    assert [n for n in _hidden(db_path.parent) if n.endswith(".partial")] == []
    assert attach("restore", str(copy)).exit_code == 0
