"""The review view, rendered to a recording console of fixed width, from records built in memory."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from rich.console import Console

from attachjournal.core import prompts as prompts_module
from attachjournal.core.records import AnswerRecord, EntryRecord
from attachjournal.core.review import Period, ReviewData, summarize
from attachjournal.views.render_review import review_view
from review_weeks import hard_week, ordinary_week, rendered

HOSTILE = "[bold]Mia[/bold] \x1b[31mred\x1b]0;title\x07 \u202eevil"
WEEK = Period(date(2026, 11, 16), date(2026, 11, 22))


def entry(id, kind, at, answers, person=None, rupture_id=None, no_repair_needed=False):
    return EntryRecord(
        id=id,
        uid=f"u{id}",
        kind=kind,
        at=at,
        created_at=at,
        updated_at=None,
        person_id=1 if person else None,
        person=person,
        rupture_id=rupture_id,
        no_repair_needed=no_repair_needed,
        answers=tuple(AnswerRecord(k, k, "text", v) for k, v in answers.items()),
    )


def render(review) -> str:
    console = Console(record=True, width=100, color_system=None, force_terminal=False)
    console.print(review_view(review, prompts_module.load()))
    return console.export_text()


def utc(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=timezone.utc)


def test_hostile_names_and_text_are_shown_literally():
    rupture = entry(
        1,
        "rupture",
        utc(17, 18),
        {"intensity": 3, "what": HOSTILE, "context": ["noise"]},
        person=HOSTILE,
    )
    data = ReviewData(ruptures=(rupture,))
    out = render(summarize(WEEK, data, now=utc(22, 12), prompts=prompts_module.load()))
    assert "[bold]Mia[/bold]" in out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b[31mred" in out
    assert "<U+202E>evil" in out


def test_missing_days_show_a_dot_and_levels_show_their_number():
    checkins = (
        entry(1, "reflect", utc(16, 19), {"resourced": 2, "mood": 4}),
        entry(2, "reflect", utc(18, 19), {"resourced": 5}),
    )
    out = render(summarize(WEEK, ReviewData(checkins=checkins), now=utc(22, 12)))
    resourced_row = next(line for line in out.splitlines() if line.startswith("resourced"))
    # Mon 2, Tue missing, Wed 5, the rest missing.
    assert resourced_row.split()[1:] == ["▃", "2", "·", "█", "5", "·", "·", "·", "·"]
    assert "Checked in on 2 of 7 days." in out
    assert "No ruptures logged." in out


def test_too_few_ruptures_to_see_what_goes_together_says_how_few():
    rupture = entry(1, "rupture", utc(16, 7), {"intensity": 2}, person="Leo")
    checkin = entry(2, "reflect", utc(16, 20), {"resourced": 2})
    out = render(
        summarize(WEEK, ReviewData(checkins=(checkin,), ruptures=(rupture,)), now=utc(22, 12))
    )
    flat = " ".join(out.split())
    assert "With 1 rupture, too few to see what tends to go together (that needs 3)." in flat
    assert "Resourced on days with a rupture" not in flat


@pytest.mark.parametrize("width", [60, 100])
@pytest.mark.parametrize("week", [ordinary_week, hard_week])
def test_the_review_fits_the_terminal_and_keeps_its_indentation(width, week):
    out = rendered(week().review(utc(23, 11)), width=width)
    lines = out.splitlines()
    assert all(len(line.rstrip()) <= width for line in lines)
    # A wrapped quote or repair line keeps its indent: no line of the timeline starts at
    # column 0 unless it is a rupture's own head line (a day and time) or a section title.
    timeline = out.split("Day by day")[1].split("\n\n")[0].splitlines()[1:]
    for line in timeline:
        assert line.startswith(" ") or line[:3] in {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
    flat = " ".join(out.split())
    assert "Good moments, in my own words" in flat or "A heavy week" in flat


@pytest.mark.parametrize("width", [60, 100])
def test_a_period_longer_than_a_week_shows_its_days_a_week_to_a_row(width):
    # Three weeks and a day, a check-in every day with resourced 1, 2, 3, 4, 5, 1, 2, ...
    period = Period(date(2026, 11, 1), date(2026, 11, 22))
    checkins = tuple(
        entry(day, "reflect", utc(day, 19), {"resourced": (day - 1) % 5 + 1})
        for day in range(1, 23)
    )
    out = render_at(summarize(period, ReviewData(checkins=checkins), now=utc(23, 11)), width)
    assert "…" not in out
    assert all(len(line.rstrip()) <= width for line in out.splitlines())
    rows = [line.split()[1:] for line in out.splitlines() if line.startswith("resourced")]
    # 22 days: rows of 7, 7, 7 and 1; each day is its block and its digit.
    assert [len(row) // 2 for row in rows] == [7, 7, 7, 1]
    assert rows[0][1::2] == ["1", "2", "3", "4", "5", "1", "2"]
    assert rows[3][1::2] == ["2"]  # 22 November: (22 - 1) % 5 + 1
    # Twenty-two days are not called a week.
    assert "Looking back" in out and "Your week" not in out


def render_at(review, width: int) -> str:
    console = Console(record=True, width=width, color_system=None, force_terminal=False)
    console.print(review_view(review, prompts_module.load()))
    return console.export_text()
