"""kill -9 of a writer at random moments: every acknowledged entry survives, the journal opens."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
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
        from attachjournal import render
        from attachjournal.cli import app

        sys.stdout = os.fdopen(write_fd, "w", buffering=1)
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the child never returns
        render._stdout = render._stderr = None
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
    from attachjournal import store

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
                assert store.is_sound(conn)
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
