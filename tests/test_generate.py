"""The benchmark history generator writes a journal attach itself can read."""

from __future__ import annotations

import json
import sys
from datetime import datetime, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from generate import generate

from attachjournal.core.stats import local_day
from journal_days import journal_today


def test_generated_history_is_realistic_and_ends_today(attach, db_path):
    counts = generate(db_path, 56, seed=11)
    # One check-in most days (86% chance a day), a few ruptures a week, most repaired.
    assert 40 <= counts["reflect"] <= 56
    assert 8 <= counts["rupture"] <= 8 * 5
    assert counts["repair"] >= counts["rupture"] // 2
    newest = json.loads(attach("log", "-n", "1", "--json").stdout)[0]
    # The history ends on today's journal day (until 04:00 that is yesterday's date)
    newest_day = local_day(datetime.fromisoformat(newest["at"]).astimezone(), time(4))
    assert newest_day == journal_today()
    people = attach("people", "list").stdout
    for name in ("Maya", "Leo", "Sam"):
        assert name in people
    review = json.loads(attach("review", "--json").stdout)
    assert review["checkin_days"] >= 3
