"""The read paths use indexes and a fixed number of statements, however long the history."""

from __future__ import annotations

import json
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from generate import generate

from sqlite_hooks import recorded_statements as recording


@contextmanager
def recorded_statements():
    """Every SQL statement (its values inlined) any journal connection sends while the block runs."""
    with pytest.MonkeyPatch.context() as patch, recording(patch) as seen:
        yield seen


def _selects(seen):
    # Statements a trigger runs arrive as "-- TRIGGER ..." comments and are not counted.
    return [(sql, ()) for sql in seen if sql.lstrip().upper().startswith("SELECT")]


@pytest.fixture
def year_journal(db_path):
    counts = generate(db_path, 365, seed=3)
    assert counts["rupture"] > 50  # a busy history: ruptures every week
    return db_path


@pytest.mark.parametrize(
    "args",
    [
        ("review",),
        ("review", "--json"),
        ("patterns",),
        ("patterns", "--since", "all"),
        ("patterns", "--who", "Maya"),
        ("log", "-n", "20"),
        ("log", "--kind", "rupture", "-n", "5"),
        ("log", "--who", "Sam", "-n", "5"),
    ],
)
def test_read_queries_use_indexes_not_a_scan_of_entry(attach, year_journal, args):
    with recorded_statements() as seen:
        result = attach(*args)
    assert result.exit_code == 0, result.output
    selects = _selects(seen)
    assert selects
    with sqlite3.connect(year_journal) as db:
        for sql, params in selects:
            plan = db.execute(f"EXPLAIN QUERY PLAN {sql}", params or ()).fetchall()
            details = [row[-1] for row in plan]
            for detail in details:
                # A full pass over entry or answer would grow with every year of history.
                # `log -n` walks the at-index newest first and stops at its LIMIT.
                if detail.startswith("SCAN"):
                    assert "USING" in detail and "INDEX" in detail and "LIMIT" in sql, (
                        sql,
                        details,
                    )
                assert not detail.startswith("SCAN answer"), (sql, details)


def test_review_statement_count_does_not_grow_with_a_busy_week(attach, db_path):
    """No N+1: a week with many ruptures costs the same statements as a week with one (repaired)."""
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    assert attach("repair", "--new", "-a", "who=Maya", "-a", "intensity=2", "--no-input",
                  "--at", "yesterday 08:00", "--repaired-at", "yesterday 08:20").exit_code == 0  # fmt: skip
    with recorded_statements() as quiet:
        assert attach("review").exit_code == 0

    generate(db_path, 14, seed=5)  # adds two busy weeks (several ruptures and repairs)
    for _ in range(6):
        result = attach("repair", "--new", "-a", "who=Maya", "-a", "intensity=3",
                        "--at", "yesterday 07:00", "--repaired-at", "yesterday 07:30",
                        "-a", "connected=4", "--no-input")  # fmt: skip
        assert result.exit_code == 0, result.output
    with recorded_statements() as busy:
        review = attach("review", "--json")
    assert review.exit_code == 0
    assert json.loads(review.stdout)["rupture_count"] >= 8
    assert len(_selects(busy)) == len(_selects(quiet))
    # entries of both weeks, their answers, the repairs, their answers, the period's free
    # text read once for the kind word, and the latest weekly intention (its entry and its
    # answers): a handful, not per entry.
    assert len(_selects(busy)) <= 10
