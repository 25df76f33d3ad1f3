"""The benchmark scripts keep working: the floor script, the jrnl journal and the speed table.

They run on a tiny journal here; nothing is timed (the benchmarks themselves measure).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import bench_setup
import vs_jrnl
from generate import generate
from jrnl_journal import config, write_jrnl

BENCHMARKS = Path(vs_jrnl.__file__).resolve().parent


def test_floor_script_prints_last_week_of_a_journal(db_path):
    counts = generate(db_path, 20, seed=3)
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "floor.py")],
        env={**os.environ, "ATTACH_DB": str(db_path), "COLUMNS": "100", "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "The last 7 days" in done.stdout
    assert "check-in" in done.stdout
    listed = int(re.search(r"(\d+) entries in the last two weeks", done.stdout).group(1))
    assert 0 < listed <= counts["reflect"] + counts["rupture"]


def test_floor_script_asks_for_a_journal_when_none_is_given(tmp_path):
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "floor.py"), "--db", str(tmp_path / "none.db")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--db PATH" in done.stderr
    assert "Traceback" not in done.stderr


def test_jrnl_journal_holds_the_same_entries_in_jrnls_format(db_path, tmp_path):
    counts = generate(db_path, 10, seed=5)
    text = tmp_path / "journal.txt"
    assert write_jrnl(text, db_path) == counts["entries"]
    heads = re.findall(r"^\[(\d{4}-\d\d-\d\d \d\d:\d\d)\] (.+)$", text.read_text(), re.MULTILINE)
    assert len(heads) == counts["entries"]
    assert heads == sorted(heads)  # oldest first, as jrnl keeps them
    assert "How resourced do I feel right now?" in text.read_text()
    settings = config(text)
    assert f"journal: {text}" in settings
    assert "encrypt: false" in settings
    assert "timeformat: '%Y-%m-%d %H:%M'" in settings


def test_the_reflect_copy_loses_only_its_recent_check_ins(db_path, tmp_path):
    # A fixed day and moment: at 03:00 the journal's day is still yesterday's, so a window of
    # 36 hours from the clock's own time would hold a varying number of check-ins.
    generate(db_path, 30, seed=3, today=date(2026, 3, 10))
    evening = datetime(2026, 3, 10, 23, 30).astimezone()

    def kinds() -> dict[str, int]:
        conn = sqlite3.connect(db_path)
        try:
            return dict(conn.execute("SELECT kind, count(*) FROM entry GROUP BY kind"))
        finally:
            conn.close()

    before = kinds()
    bench_setup.without_recent_checkins(db_path, now=evening)
    after = kinds()
    assert 0 < before["reflect"] - after["reflect"] <= 2
    assert before["rupture"] > 0
    assert after["rupture"] == before["rupture"]


def test_speed_table_compares_medians_against_each_target():
    def bench(label: str, seconds: float, peak: float = 10.0) -> vs_jrnl.Bench:
        # The first run warms up and is left out of the median.
        return vs_jrnl.Bench(
            label, "", [], {}, times=[9.0, seconds, seconds], cpus=[9.0] + [seconds] * 2,
            peaks=[peak] * 3,
        )  # fmt: skip

    found = {t.bench: bench(t.bench, 0.05) for t in vs_jrnl.TARGETS}
    found.update({t.versus: bench(t.versus, 0.1) for t in vs_jrnl.TARGETS if t.versus})
    found["attach export json (30 y)"] = bench("attach export json (30 y)", 0.05, peak=80.0)
    rows = vs_jrnl.table(found, "4.6")
    assert len(rows) == 2 + len(vs_jrnl.TARGETS)
    by_label = {row.split(" | ")[0].lstrip("| "): row for row in rows[2:]}
    assert by_label["review vs floor (10 y)"].endswith("| 0.50x | <= 1.3x | yes | 0.50x |")
    assert "jrnl 4.6 last week (10 y) 100 ms" in by_label["review vs jrnl last week (10 y)"]
    assert "| <= 0.4x | no |" in by_label["review vs jrnl last week (10 y)"]  # 0.5x is over
    assert by_label["review --json (10 y)"].endswith("| 50 ms |  |  | <= 100 ms | yes |  |")
    assert "| 80 MB |" in by_label["export json (30 y), peak memory"]
    assert "| < 60 MB | no |" in by_label["export json (30 y), peak memory"]


def test_the_generated_journal_keeps_the_verdicts_attach_would(db_path):
    # The benchmark journal stands for one attach wrote: every entry's kept verdict on its
    # words is the one the safety check gives them (storage/care.py).
    import sqlite3
    from contextlib import closing

    from attachjournal.core import safety

    generate(db_path, 30, seed=4)
    with closing(sqlite3.connect(db_path)) as conn:
        kept = dict(conn.execute("SELECT id, care FROM entry"))
        texts: dict[int, list[str]] = {entry_id: [] for entry_id in kept}
        for entry_id, value in conn.execute(
            "SELECT entry_id, value FROM answer WHERE kind = 'text'"
        ):
            texts[entry_id].append(json.loads(value))
    assert kept and kept == {i: safety.verdict(t) for i, t in texts.items()}


def test_completion_benchmark_runs_and_reports_each_measure(tmp_path):
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "completion.py"), "--runs", "1", "--days", "5"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    for row in ("python -c pass", "attach review --who", "attach reflect -a", "Tab in bash"):
        assert row in done.stdout


def test_server_benchmark_runs(pg_server):
    """benchmarks/server.py on a few days, one round (it starts a cluster of its own)."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "server.py"), "--days", "3", "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "server / file:" in done.stdout
