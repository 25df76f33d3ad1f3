"""`attach patterns` end to end through the CLI."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from journal_days import journal_today


def _day(offset: int, clock: str) -> str:
    """A local ISO time `offset` days before today (so the default 12 weeks include it)."""
    day = journal_today() - timedelta(days=offset)
    return f"{day.isoformat()}T{clock}"


@pytest.fixture
def journal(attach):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    assert attach("people", "add", "Sam", "--role", "partner").exit_code == 0
    for offset, level in ((3, 2), (2, 4)):
        result = attach(
            "reflect", "-a", f"resourced={level}", "-a", "serve_return=1-2", "--at",
            _day(offset, "20:00"), "--no-input",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    result = attach(
        "reflect", "-a", "resourced=1", "-a", "echo=yes", "--answers", "-", "--no-input",
        "--at", _day(1, "20:00"),
        input=json.dumps({"echo_note": "[bold]shouting[/bold] \x1b[31mred\x1b[0m <b>"}),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    for who, offset, repaired in (("Maya", 3, True), ("Sam", 1, False)):
        args = ["repair", "--new", "-a", f"who={who}", "-a", "intensity=3", "-a",
                "context=rushing", "--at", _day(offset, "08:00"), "--no-input"]  # fmt: skip
        if repaired:
            args += ["--repaired-at", _day(offset, "08:45"), "-a", "moves=named,sorry",
                     "-a", "connected=4"]  # fmt: skip
        result = attach(*args)
        assert result.exit_code == 0, result.output
    return attach


def test_patterns_shows_every_section_with_counts(journal):
    result = journal("patterns")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Your patterns" in out
    # The journal began 3 days ago: 4 days could have been written (today included), not 84.
    assert "Checked in on 3 of 4 days." in out
    assert "Starts at the journal's first entry" in out
    # Two ruptures, one repaired, one open: words and counts, no rate.
    assert "2 ruptures: 1 came back together, 1 still open" in out
    assert "repair rate" not in out and "%" not in out
    assert "Who the ruptures were with" in out
    assert "we were rushing" in out
    assert "Most often" not in out  # too few ruptures to name a cluster
    assert "Too few ruptures in one half" in out
    assert "These are things that showed up together, not causes." in out


def test_calendar_reads_without_colour(journal):
    out = journal("patterns").stdout
    # NO_COLOR is set by conftest: the levels are still there as digits, missing days as dots.
    lines = [
        line
        for line in out.splitlines()
        if line[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    ]
    cells = "".join(line[4:] for line in lines)
    assert sorted(c for c in cells if c.isdigit()) == ["1", "2", "4"]
    assert "·" in cells
    assert "\x1b[" not in out


def test_echo_notes_are_shown_literally(journal):
    out = journal("patterns").stdout
    assert "[bold]shouting[/bold]" in out
    assert "\\x1b[31mred" in out
    assert "\x1b" not in out


def test_who_narrows_the_ruptures(journal):
    result = journal("patterns", "--who", "maya", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["who"] == "Maya"
    assert data["rupture_count"] == 1
    assert data["repair_rate"] == 1.0
    assert data["ruptures_by_person"] == {"Maya": 1}
    assert data["checkin_count"] == 3  # check-ins are not about one person


def test_who_unknown_is_a_clear_error(journal):
    result = journal("patterns", "--who", "Nobody")
    assert result.exit_code == 1
    assert "nobody by that name" in result.stderr
    assert "Nobody" not in result.stderr  # what was typed is not echoed back
    assert "Traceback" not in result.output


def test_json_has_the_period_and_every_figure(journal):
    data = json.loads(journal("patterns", "--json").stdout)
    today = journal_today()
    # 12 weeks would start 83 days ago; the journal's first entry was 3 days ago.
    assert data["period"] == {
        "start": (today - timedelta(days=3)).isoformat(),
        "end": today.isoformat(),
    }
    assert data["began"] == data["period"]["start"]
    for key in (
        "buckets", "halves", "contexts", "time_of_day_by_weekday", "resourced_levels",
        "repair_moves", "serve_return_days", "echo_notes", "calendar", "most_often",
        "resourced_on_rupture_days", "refill_drain_by_resourced", "settled_by", "serve_steps",
        "echo_about", "echo_keep",
    ):  # fmt: skip
        assert key in data
    assert data["repair_moves"] == [
        {"move": "named", "used": 1, "connected_after": [4]},
        {"move": "sorry", "used": 1, "connected_after": [4]},
    ]
    # Two ruptures, one time of day (morning), two weekdays: nothing reaches 3.
    assert data["most_often"] == {"time_of_day": None, "weekday": None, "context": None}
    levels = {lv["level"]: lv for lv in data["resourced_levels"]}
    # resourced 2 three days ago with Maya's rupture; 1 yesterday with Sam's.
    assert levels[2]["ruptures"] == 1 and levels[2]["checkin_days"] == 1
    assert levels[1]["ruptures"] == 1 and levels[4]["ruptures"] == 0


def test_since_all_and_until(journal):
    data = json.loads(journal("patterns", "--since", "all", "--json").stdout)
    assert data["period"]["start"] == (journal_today() - timedelta(days=3)).isoformat()
    narrow = json.loads(
        journal("patterns", "--since", "3d ago", "--until", "2d ago", "--json").stdout
    )
    assert narrow["rupture_count"] == 1
    bad = journal("patterns", "--since", "yesterday", "--until", "3d ago")
    assert bad.exit_code == 2
    assert "--since is after --until" in bad.stderr


def test_empty_journal_says_so_kindly_and_creates_nothing(attach, db_path):
    result = attach("patterns")
    assert result.exit_code == 0, result.output
    assert "Nothing written in this period yet" in result.stdout
    assert "attach reflect" in result.stdout
    assert not db_path.exists()


def test_patterns_has_help(attach):
    result = attach("patterns", "--help")
    assert result.exit_code == 0
    for option in ("--since", "--until", "--who", "--json", "--html"):
        assert option in result.stdout
