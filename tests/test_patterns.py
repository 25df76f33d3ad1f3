"""patterns.summarize against a two-week fixture whose numbers are worked out by hand.

Period: Mon 2 Nov - Sun 15 Nov 2026 (14 days, local time Europe/Berlin from conftest).

Check-ins (local):                       Ruptures (local):
  Mon 02 20:00 resourced 2, serve 1-2      R1 Mon 02 08:00 Maya  rushing, i_tired  repaired 08:30 (30 min)
  Tue 03 20:00 resourced 4, serve none        moves named, sorry; connected 4
  Wed 04 09:00 resourced 1                 R2 Mon 02 19:00 Leo   transition        repaired Tue 03 19:00 (1440 min)
  Wed 04 21:30 resourced 2, serve lots,       moves sorry; connected 2
               echo with a note           R3 Wed 04 18:00 Maya  rushing           no repair needed
  Mon 09 20:00 resourced 2, serve 3-5      R4 Mon 09 07:30 Sam   work_stress, rushing  open; older echo + note
  Thu 12 20:00 resourced 5                 R5 Sat 14 22:00 Maya  i_tired           repaired 22:10 (10 min)
                                              moves named, listened; connected 5
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import count

import pytest

from attachjournal.core import patterns
from attachjournal.core.records import AnswerRecord, EntryRecord
from attachjournal.core.review import Period
from attachjournal.views.patterns_json import to_json

_ids = count(1)


def entry(kind, when, answers=None, person=None, rupture_id=None, no_repair_needed=False):
    at = datetime.fromisoformat(when).astimezone()  # naive -> local (Europe/Berlin)
    return EntryRecord(
        id=next(_ids),
        uid="x",
        kind=kind,
        at=at,
        created_at=at,
        updated_at=None,
        person_id={"Maya": 1, "Leo": 2, "Sam": 3}.get(person),
        person=person,
        rupture_id=rupture_id,
        no_repair_needed=no_repair_needed,
        answers=tuple(AnswerRecord(k, k, "x", v) for k, v in (answers or {}).items()),
    )


@pytest.fixture
def fixture_patterns() -> patterns.Patterns:
    checkins = (
        entry("reflect", "2026-11-02 20:00", {"resourced": 2, "serve_return": "1-2"}),
        entry("reflect", "2026-11-03 20:00", {"resourced": 4, "serve_return": "none"}),
        entry("reflect", "2026-11-04 09:00", {"resourced": 1}),
        entry(
            "reflect",
            "2026-11-04 21:30",
            {
                "resourced": 2,
                "serve_return": "lots",
                "echo": True,
                "echo_note": "[bold]Dad's voice[/bold]",
            },
        ),
        entry("reflect", "2026-11-09 20:00", {"resourced": 2, "serve_return": "3-5"}),
        entry("reflect", "2026-11-12 20:00", {"resourced": 5}),
    )
    r1 = entry("rupture", "2026-11-02 08:00", {"context": ["rushing", "i_tired"]}, "Maya")
    r2 = entry("rupture", "2026-11-02 19:00", {"context": ["transition"]}, "Leo")
    r3 = entry(
        "rupture", "2026-11-04 18:00", {"context": ["rushing"]}, "Maya", no_repair_needed=True
    )
    r4 = entry(
        "rupture",
        "2026-11-09 07:30",
        {
            "context": ["work_stress", "rushing"],
            "older_echo": True,
            "older_echo_note": "my mother's sigh",
        },
        "Sam",
    )
    r5 = entry("rupture", "2026-11-14 22:00", {"context": ["i_tired"]}, "Maya")
    repairs = {
        r1.id: entry(
            "repair", "2026-11-02 08:30", {"moves": ["named", "sorry"], "connected": 4}, None, r1.id
        ),
        r2.id: entry(
            "repair", "2026-11-03 19:00", {"moves": ["sorry"], "connected": 2}, None, r2.id
        ),
        r5.id: entry(
            "repair",
            "2026-11-14 22:10",
            {"moves": ["named", "listened"], "connected": 5},
            None,
            r5.id,
        ),
    }
    data = patterns.PatternsData(checkins=checkins, ruptures=(r1, r2, r3, r4, r5), repairs=repairs)
    period = Period(date(2026, 11, 2), date(2026, 11, 15))
    return patterns.summarize(period, data, now=datetime(2026, 11, 16).astimezone())


def test_overall_repair_rate_and_median(fixture_patterns):
    c = fixture_patterns.counts
    # 5 ruptures, R3 needs no repair -> 4 needing; R1, R2, R5 repaired -> 3/4 = 0.75.
    assert (c.rupture_count, c.no_repair_needed_count, c.repair_count) == (5, 1, 3)
    assert c.repair_rate == 0.75
    assert c.open_rupture_count == 1  # R4
    # minutes 30, 1440, 10 -> sorted 10, 30, 1440 -> median 30.
    assert c.median_minutes_to_repair == 30
    # Check-in days: Mon 2, Tue 3, Wed 4, Mon 9, Thu 12 = 5 (6 check-ins, two on Wed 4).
    assert c.checkin_days == 5
    assert fixture_patterns.checkin_count == 6


def test_week_by_week(fixture_patterns):
    w45, w46 = fixture_patterns.buckets
    assert (w45.label, w46.label) == ("2026-W45", "2026-W46")
    assert fixture_patterns.unit == "week"
    # W45: R1, R2, R3; needing 2 (R3 not), both repaired -> 1.0; median of 30 and 1440 = 735.
    assert (w45.counts.rupture_count, w45.counts.repair_count) == (3, 2)
    assert w45.counts.repair_rate == 1.0
    assert w45.counts.median_minutes_to_repair == 735
    # W46: R4 open, R5 repaired in 10 min -> 1/2 = 0.5, median 10.
    assert w46.counts.repair_rate == 0.5
    assert w46.counts.median_minutes_to_repair == 10
    assert w45.by_person == (("Maya", 2), ("Leo", 1))
    assert w46.by_person == (("Maya", 1), ("Sam", 1))


def test_halves_match_the_two_weeks(fixture_patterns):
    # 14 days -> first half 2-8 Nov, second half 9-15 Nov.
    first, second = fixture_patterns.halves
    assert (first.start, first.end) == (date(2026, 11, 2), date(2026, 11, 8))
    assert (second.start, second.end) == (date(2026, 11, 9), date(2026, 11, 15))
    a, b = fixture_patterns.half_counts
    assert (a.repair_rate, b.repair_rate) == (1.0, 0.5)


def test_contexts_and_how_they_changed(fixture_patterns):
    got = [(c.value, c.total, c.first_half, c.second_half) for c in fixture_patterns.contexts]
    # rushing: R1, R3 | R4 -> 3 (2, 1); i_tired: R1 | R5 -> 2 (1, 1);
    # transition: R2 -> 1 (1, 0); work_stress: R4 -> 1 (0, 1); ties alphabetical.
    assert got == [
        ("rushing", 3, 2, 1),
        ("i_tired", 2, 1, 1),
        ("transition", 1, 1, 0),
        ("work_stress", 1, 0, 1),
    ]
    assert fixture_patterns.context_ruptures == (3, 2)


def test_time_of_day_by_weekday_grid(fixture_patterns):
    grid = dict(zip(fixture_patterns.grid_rows, fixture_patterns.grid, strict=True))
    # Monday (column 0): R1 08:00 and R4 07:30 morning; R2 19:00 evening.
    assert grid["morning"] == (2, 0, 0, 0, 0, 0, 0)
    # Wednesday (column 2): R3 18:00 evening.
    assert grid["evening"] == (1, 0, 1, 0, 0, 0, 0)
    assert grid["afternoon"] == (0,) * 7
    # Saturday (column 5): R5 22:00 night.
    assert grid["night"] == (0, 0, 0, 0, 0, 1, 0)


def test_resourced_level_vs_ruptures_per_checkin_day(fixture_patterns):
    levels = {lv.level: (lv.days, lv.ruptures, lv.per_day) for lv in fixture_patterns.levels}
    # Day levels: Mon 2 -> 2, Tue 3 -> 4, Wed 4 -> mean(1, 2) = 1.5 rounds up to 2,
    # Mon 9 -> 2, Thu 12 -> 5. Ruptures those days: Mon 2: 2, Wed 4: 1, Mon 9: 1.
    # Level 2: 3 days, 4 ruptures -> 4/3 = 1.33. Sat 14 (R5) has no check-in: left out.
    assert levels[2] == (3, 4, 1.33)
    assert levels[4] == (1, 0, 0.0)
    assert levels[5] == (1, 0, 0.0)
    assert levels[1] == (0, 0, None)
    assert levels[3] == (0, 0, None)


def test_moves_listed_by_use_with_my_own_connected_answers(fixture_patterns):
    got = [(m.move, m.used, m.connected) for m in fixture_patterns.moves]
    # named: R1 (4), R5 (5) -> used 2; sorry: R1 (4), R2 (2) -> used 2; listened: R5 (5) -> 1.
    # By use, not by how connected I felt: "listened" (a 5) comes last; the 2-2 tie between
    # named and sorry is a list order, not a claim. The numbers are my answers, lowest first.
    assert got == [("named", 2, (4, 5)), ("sorry", 2, (2, 4)), ("listened", 1, (5,))]


def test_serve_return_and_echoes(fixture_patterns):
    p = fixture_patterns
    # Answered days: Mon 2 (1-2), Tue 3 (none), Wed 4 (lots, the latest), Mon 9 (3-5) -> 4;
    # with a moment: 3.
    assert (p.serve_return_days, p.serve_return_answered) == (3, 4)
    w45, w46 = p.buckets
    assert (w45.serve_return_days, w45.serve_return_answered) == (2, 3)
    assert (w46.serve_return_days, w46.serve_return_answered) == (1, 1)
    assert (p.checkin_echoes, p.older_echoes) == (1, 1)
    # Over time: the check-in echo on Wed 4 is in W45, R4's older echo on Mon 9 in W46.
    assert (w45.echoes, w46.echoes) == (1, 1)
    assert [(n.day.day, n.source, n.text) for n in p.echo_notes] == [
        (4, "check-in", "[bold]Dad's voice[/bold]"),
        (9, "rupture", "my mother's sigh"),
    ]


def test_calendar_cells(fixture_patterns):
    days = {d.day.day: (d.checkins, d.level) for d in fixture_patterns.calendar}
    assert len(days) == 14
    assert days[4] == (2, 2)  # two check-ins, mean 1.5 -> 2
    assert days[5] == (0, None)
    assert days[12] == (1, 5)


def test_json_carries_the_counts(fixture_patterns):
    data = to_json(fixture_patterns)
    assert data["repair_rate"] == 0.75
    assert data["buckets"][0]["median_minutes_to_repair"] == 735
    assert data["resourced_levels"][1] == {
        "level": 2,
        "checkin_days": 3,
        "ruptures": 4,
        "ruptures_per_day": 1.33,
    }
    assert data["time_of_day_by_weekday"]["night"]["Saturday"] == 1
    assert data["repair_moves"][0] == {"move": "named", "used": 2, "connected_after": [4, 5]}


def test_long_periods_are_shown_month_by_month():
    period = Period(date(2025, 1, 1), date(2026, 11, 15))
    result = patterns.summarize(
        period, patterns.PatternsData(), now=datetime(2026, 11, 16).astimezone()
    )
    assert result.unit == "month"
    assert [b.label for b in result.buckets][:2] == ["2025-01", "2025-02"]
    assert len(result.buckets) == 23  # Jan 2025 .. Nov 2026
    assert [y.label for y in result.years] == ["2025", "2026"]
    assert (result.years[1].start, result.years[1].end) == (date(2026, 1, 1), date(2026, 11, 15))
    assert result.is_empty


def test_default_period_is_twelve_weeks_ending_today():
    period = patterns.choose_period(date(2026, 11, 21))
    assert (period.start, period.end, period.length) == (date(2026, 8, 30), date(2026, 11, 21), 84)
    everything = patterns.choose_period(date(2026, 11, 21), since="all", first_day=date(2017, 1, 5))
    assert everything.start == date(2017, 1, 5)
