"""kill -9 of a writer at random moments: every acknowledged entry survives, the journal opens."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

# A longer soak: ATTACH_TEST_KILLS=500 ATTACH_TEST_SEED=7 pytest tests/test_crash.py -s
KILLS = int(os.environ.get("ATTACH_TEST_KILLS", "60"))
SEED = int(os.environ.get("ATTACH_TEST_SEED", "20261121"))


def _writer(round_no: int, write_fd: int) -> None:
    """Child: save check-ins through the CLI until killed; each acknowledgement is one line."""
    try:
        from attachjournal.cli.app import app

        sys.stdout = os.fdopen(write_fd, "w", buffering=1)
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the child never returns
        n = 0
        while True:
            note = f"r{round_no}-{n}"
            app(
                ["reflect", "--no-input", "-a", "resourced=3", "-a", f"note={note}"],
                standalone_mode=False,
                prog_name="attach",
            )
            n += 1
    finally:
        os._exit(0)


def test_kill_9_at_random_moments_loses_no_acknowledged_entry(attach, db_path: Path):
    from attachjournal.storage import store

    # One save in another journal loads every module, so each forked writer saves at once.
    warm = attach("reflect", "--no-input", "-a", "resourced=3", "--db", str(db_path) + ".warm")
    assert warm.exit_code == 0, warm.output
    rng = random.Random(SEED)
    acknowledged: dict[int, str] = {}
    killed_mid_write = 0
    for round_no in range(KILLS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _writer(round_no, write_fd)
        os.close(write_fd)
        # The first rounds also kill while the journal itself is being created.
        time.sleep(rng.uniform(0.0, 0.3))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_fd) as pipe:
            output = pipe.read()
        lines = output.split("\n")
        if lines[-1]:
            killed_mid_write += 1  # killed halfway through printing a line
        for line in lines[:-1]:  # only lines printed in full count as acknowledged
            match = re.search(r"Saved check-in #(\d+)", line)
            if match:
                acknowledged[int(match.group(1))] = f"r{round_no}"
        # Opens cleanly after every kill: header fine, migrated, nothing damaged.
        journal = store.open_journal(db_path, create=False)
        if journal is not None:
            with journal.read() as conn:
                assert conn.is_sound()
            journal.close()

    assert len(acknowledged) > KILLS  # the kills really fell among saves
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = dict(
            conn.execute(
                "SELECT e.id, a.value FROM entry e JOIN answer a ON a.entry_id = e.id "
                "WHERE a.question_id = 'note'"
            ).fetchall()
        )
        answers_per_entry = {
            count for (count,) in conn.execute("SELECT count(*) FROM answer GROUP BY entry_id")
        }
    missing = set(acknowledged) - set(stored)
    assert not missing, f"acknowledged but lost: {sorted(missing)}"
    for entry_id, round_tag in acknowledged.items():
        assert stored[entry_id].startswith(f'"{round_tag}-')
    # No half-written entry: every stored entry has both of its answers.
    assert answers_per_entry == {2}
    # Saves that committed but were killed before printing are kept too (never half kept).
    print(
        f"\n{KILLS} kills, {len(acknowledged)} acknowledged, {len(stored)} stored, "
        f"{killed_mid_write} killed mid-line"
    )


SWAP_KILLS = int(os.environ.get("ATTACH_TEST_SWAP_KILLS", "8"))


def _uids(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return {uid for (uid,) in conn.execute("SELECT uid FROM entry")}


def test_kill_9_during_backup_and_restore_loses_nothing_and_leaves_no_copies(attach, db_path):
    from datetime import datetime, timezone

    from attachjournal.core import prompts
    from attachjournal.storage import backup as backups
    from attachjournal.storage import store

    # A few megabytes, so that copying takes long enough for the kills to fall inside it.
    journal = store.open_journal(db_path, create=True)
    assert journal is not None
    reflect = prompts.load()["reflect"]
    now = datetime.now(timezone.utc)
    with journal.write() as session:
        for n in range(1500):
            note = f"k{n} " + "a long evening, words and more words " * 60
            session.add_entry(reflect, {"resourced": 3, "note": note}, at=now, now=now)
    journal.close()
    assert attach("backup").exit_code == 0
    folder = db_path.parent / "backups"
    old = backups.list_backups(folder)[-1]
    for _ in range(5):
        assert attach("reflect", "--no-input", "-a", "resourced=4").exit_code == 0
    every = _uids(db_path)
    rng = random.Random(SEED)
    left = 0
    for round_no in range(SWAP_KILLS):
        command = ["restore", str(old)] if round_no % 2 else ["backup", "--keep", "100"]
        proc = subprocess.Popen(
            [sys.executable, "-m", "attachjournal", *command],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        left += any(p.name.startswith(".") for p in db_path.parent.iterdir())
        left += any(p.name.startswith(".") for p in folder.iterdir())
        # The next command opens a whole journal and clears what the killed one left.
        result = attach("log", "-n", "1")
        assert result.exit_code == 0, result.output
        in_journal = _uids(db_path)
        assert in_journal in (every, _uids(old))  # as it was, or the backup, never between
        hidden = [p.name for p in db_path.parent.iterdir() if p.name.startswith(".")]
        assert hidden == [], hidden
    # Every entry is in the journal or in a journal a restore kept aside.
    found = _uids(db_path)
    for path in db_path.parent.iterdir():
        if ".before-restore-" in path.name:
            found |= _uids(path)
    assert every <= found
    assert attach("backup", "--keep", "100").exit_code == 0
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []
    for path in backups.list_backups(folder):
        assert _uids(path) <= every
    print(f"\n{SWAP_KILLS} backups and restores killed, {left} left a copy behind; none lost")
