"""Several attach processes saving and editing at once: every save lands, none is told "locked"."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

SCRIPTS = Path(__file__).parent / "scripts"
SAVES_PER_PROCESS = 300
EDITS_PER_PROCESS = 40


def _spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_writers_and_two_editors_lose_nothing(attach, db_path):
    first = attach("reflect", "--no-input", "-a", "resourced=3", "-a", "mood=3")
    assert first.exit_code == 0, first.output

    procs = {
        "a": _spawn(str(SCRIPTS / "save_many.py"), str(SAVES_PER_PROCESS), "a"),
        "b": _spawn(str(SCRIPTS / "save_many.py"), str(SAVES_PER_PROCESS), "b"),
        "e1": _spawn(str(SCRIPTS / "edit_many.py"), str(db_path), "1", str(EDITS_PER_PROCESS)),
        "e2": _spawn(str(SCRIPTS / "edit_many.py"), str(db_path), "1", str(EDITS_PER_PROCESS)),
    }
    out = {name: proc.communicate(timeout=120) for name, proc in procs.items()}

    for name, proc in procs.items():
        stdout, stderr = out[name]
        assert proc.returncode == 0, stderr
        assert stderr == "", f"{name} reported: {stderr[:500]}"
        assert "locked" not in stdout + stderr
    saved = {
        name: [int(n) for n in re.findall(r"Saved check-in #(\d+)", out[name][0])]
        for name in ("a", "b")
    }
    assert len(saved["a"]) == len(saved["b"]) == SAVES_PER_PROCESS
    assert out["e1"][0].count("edited") == out["e2"][0].count("edited") == EDITS_PER_PROCESS

    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        ids = {row[0] for row in conn.execute("SELECT id FROM entry")}
        notes = {
            row[0] for row in conn.execute("SELECT value FROM answer WHERE question_id = 'note'")
        }
        edited = dict(
            conn.execute("SELECT question_id, value FROM answer WHERE entry_id = 1").fetchall()
        )
    # 1 first entry + 2 x 300 saves, each id acknowledged exactly once.
    assert len(ids) == 1 + 2 * SAVES_PER_PROCESS
    assert ids == {1, *saved["a"], *saved["b"]}
    assert notes == {f'"{tag}-{n}"' for tag in "ab" for n in range(SAVES_PER_PROCESS)}
    # The last edit won whole: both answers come from the same edit.
    assert set(edited) == {"resourced", "mood"}
    assert edited["resourced"] == edited["mood"]
    print(
        f"\n{2 * SAVES_PER_PROCESS} saves attempted, {len(saved['a']) + len(saved['b'])} landed; "
        f"{2 * EDITS_PER_PROCESS} edits of entry #1, all landed"
    )
