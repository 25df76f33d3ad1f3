"""The weekly review, checked against a fixture week whose numbers were worked out by hand.

Local time is Europe/Berlin (UTC+1 in November, set in conftest). The week under review is
ISO week 2026-W47: Monday 16 to Sunday 22 November 2026. The week before is 2026-W46.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from attachjournal.core.review import Period, choose_period
from attachjournal.errors import UsageError
from data_helpers import said

PEOPLE = [("Maya", "child"), ("Leo", "child"), ("Sam", "partner")]

CHECKINS = [
    # W47 — resourced / mood / serve_return per check-in
    ("2026-11-16T08:00", ["resourced=2", "mood=3", "serve_return=1-2"]),
    ("2026-11-16T21:00", ["resourced=4", "mood=4"]),  # a second check-in on Monday
    ("2026-11-17T20:00", ["resourced=1", "mood=2", "serve_return=none", "echo=yes"]),
    ("2026-11-19T21:30", ["resourced=5", "mood=5", "serve_return=lots"]),
    ("2026-11-20T21:00", ["resourced=4"]),
    ("2026-11-21T10:00", ["resourced=3", "serve_return=3-5"]),
    # W46, the week before
    ("2026-11-10T20:00", ["resourced=2"]),
    ("2026-11-11T20:00", ["resourced=3"]),
]

# (at, answers, repaired_at or None, extra flags)
RUPTURES = [
    # R1 Mon 07:30 Maya, repaired 45 min later
    (
        "2026-11-16T07:30",
        [
            "who=Maya",
            "intensity=3",
            "context=rushing,i_tired",
            "resourced_then=2",
            "moves=named,sorry",
            "connected=4",
        ],
        "2026-11-16T08:15",
        [],
    ),
    # R2 Tue 19:40 Leo, repaired Wed 07:40: 12 h = 720 min
    (
        "2026-11-17T19:40",
        [
            "who=Leo",
            "intensity=4",
            "context=transition,i_tired",
            "older_echo=yes",
            "resourced_then=1",
            "moves=sorry,reconnected",
            "connected=5",
        ],
        "2026-11-18T07:40",
        [],
    ),
    # R3 Tue 20:30 Maya, still open
    ("2026-11-17T20:30", ["who=Maya", "intensity=2", "context=transition"], None, []),
    # R4 Wed 18:00 Sam, no repair needed
    (
        "2026-11-18T18:00",
        ["who=Sam", "intensity=3", "context=work_stress"],
        None,
        ["--no-repair-needed"],
    ),
    # R5 Sat 22:00 Maya, repaired Sun 09:00: 11 h = 660 min
    (
        "2026-11-21T22:00",
        [
            "who=maya",
            "intensity=5",
            "context=i_tired,they_tired_hungry",
            "resourced_then=3",
            "moves=named,responsibility,next_time",
            "connected=3",
        ],
        "2026-11-22T09:00",
        [],
    ),
    # W46: P1 Tue 10 18:00 Maya, repaired 30 min later; P2 Sun 15 23:30 Leo, open.
    # 23:30 Berlin on Sunday is 22:30 UTC: it belongs to W46 in local time.
    ("2026-11-10T18:00", ["who=Maya", "intensity=2"], "2026-11-10T18:30", []),
    ("2026-11-15T23:30", ["who=Leo", "intensity=3"], None, []),
    # W48, outside both weeks
    ("2026-11-23T09:00", ["who=Sam", "intensity=1"], None, []),
]


@pytest.fixture
def fixture_week(attach):
    for name, role in PEOPLE:
        assert attach("people", "add", name, "--role", role).exit_code == 0
    for at, answers in CHECKINS:
        args = ["reflect", "--no-input", "--at", at]
        for a in answers:
            args += ["-a", a]
        result = attach(*args)
        assert result.exit_code == 0, result.output
    ids = []
    for at, answers, repaired_at, flags in RUPTURES:
        args = ["repair", "--new", "--no-input", "--json", "--at", at, *flags]
        if repaired_at:
            args += ["--repaired-at", repaired_at]
        for a in answers:
            args += ["-a", a]
        result = attach(*args)
        assert result.exit_code == 0, result.output
        saved = json.loads(result.stdout)
        ids.append(saved[0]["id"] if isinstance(saved, list) else saved["id"])
    return ids


def review_json(attach, *args):
    result = attach("review", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_counts_rate_and_median_match_the_hand_worked_week(attach, fixture_week):
    data = review_json(attach, "--week", "2026-W47")
    assert data["period"] == {"start": "2026-11-16", "end": "2026-11-22"}
    # Check-ins on Mon (two), Tue, Thu, Fri, Sat: 5 days, 6 check-ins.
    assert data["checkin_days"] == 5
    assert data["checkin_count"] == 6
    # R1..R5; repaired R1, R2, R5; R4 needs no repair; R3 open.
    assert data["rupture_count"] == 5
    assert data["repair_count"] == 3
    assert data["no_repair_needed_count"] == 1
    assert data["open_rupture_count"] == 1
    # repaired / ruptures that wanted a repair = 3 / (5 - 1) = 0.75
    assert data["repair_rate"] == 0.75
    # minutes to repair: 45, 720, 660 -> median 660
    assert data["median_minutes_to_repair"] == 660


def test_rupture_list_has_times_to_repair_and_moves(attach, fixture_week):
    r1, r2, r3, r4, r5 = fixture_week[:5]
    data = review_json(attach, "--week", "2026-W47")
    by_id = {r["id"]: r for r in data["ruptures"]}
    assert [r["id"] for r in data["ruptures"]] == [r1, r2, r3, r4, r5]
    assert by_id[r1]["minutes_to_repair"] == 45
    assert by_id[r1]["moves"] == ["named", "sorry"]
    assert by_id[r1]["who"] == "Maya"
    assert by_id[r1]["context"] == ["i_tired", "rushing"]  # questionnaire order
    assert by_id[r1]["at"].startswith("2026-11-16T06:30")  # 07:30 Berlin is 06:30 UTC
    assert by_id[r1]["repaired_at"].startswith("2026-11-16T07:15")
    assert by_id[r2]["minutes_to_repair"] == 720
    assert by_id[r3]["status"] == "open"
    assert by_id[r3]["repaired_at"] is None and by_id[r3]["minutes_to_repair"] is None
    assert by_id[r4]["status"] == "no_repair_needed"
    assert by_id[r5]["minutes_to_repair"] == 660
    assert by_id[r5]["who"] == "Maya"  # given as "maya"
    assert by_id[r5]["intensity"] == 5


def test_patterns_of_the_week(attach, fixture_week):
    data = review_json(attach, "--week", "2026-W47")
    # i_tired: R1, R2, R5; transition: R2, R3; one each for the rest.
    assert data["contexts"] == {
        "i_tired": 3,
        "transition": 2,
        "rushing": 1,
        "they_tired_hungry": 1,
        "work_stress": 1,
    }
    assert data["ruptures_by_person"] == {"Maya": 3, "Leo": 1, "Sam": 1}
    # 07:30 morning; 19:40, 20:30, 18:00 evening; 22:00 night (all local).
    assert data["time_of_day"] == {"evening": 3, "morning": 1, "night": 1}
    assert data["weekdays"] == {"Tuesday": 2, "Monday": 1, "Saturday": 1, "Wednesday": 1}
    assert data["older_echoes"] == 1
    assert data["checkin_echoes"] == 1
    # resourced_then answered on R1 (2), R2 (1), R5 (3): two of three at 1-2.
    assert data["low_resourced_ruptures"] == 2
    # named: R1, R5; sorry: R1, R2; then one each.
    assert data["moves"] == {
        "named": 2,
        "sorry": 2,
        "next_time": 1,
        "reconnected": 1,
        "responsibility": 1,
    }


def test_per_day_strip_uses_the_mean_and_leaves_missing_days_blank(attach, fixture_week):
    data = review_json(attach, "--week", "2026-W47")
    # Monday: (2 + 4) / 2 = 3 resourced, (3 + 4) / 2 = 3.5 mood.
    assert data["resourced_by_day"] == {
        "2026-11-16": 3,
        "2026-11-17": 1,
        "2026-11-18": None,
        "2026-11-19": 5,
        "2026-11-20": 4,
        "2026-11-21": 3,
        "2026-11-22": None,
    }
    assert data["mood_by_day"]["2026-11-16"] == 3.5
    assert data["mood_by_day"]["2026-11-20"] is None
    assert data["serve_return_by_day"] == {
        "2026-11-16": "1-2",
        "2026-11-17": "none",
        "2026-11-18": None,
        "2026-11-19": "lots",
        "2026-11-20": None,
        "2026-11-21": "3-5",
        "2026-11-22": None,
    }


def test_resourced_on_rupture_days_vs_other_days(attach, fixture_week):
    data = review_json(attach, "--week", "2026-W47")
    comparison = data["resourced_rupture_days_vs_other_days"]
    # Rupture days use "resourced just before" where it was answered: Mon R1 2; Tue R2 1
    # (R3 left it blank); Sat R5 3 -> (2 + 1 + 3) / 3 = 2 over 3 days, all from "just before".
    # Wednesday (R4) has neither a check-in nor resourced_then. Other days: Thu 5, Fri 4: only
    # 2 days, one short of the 3 a comparison needs.
    assert comparison == {
        "rupture_days_mean": 2,
        "rupture_days": 3,
        "other_days_mean": 4.5,
        "other_days": 2,
        "from_just_before": 3,
        "enough_to_compare": False,
    }


def test_previous_week_is_counted_in_local_time(attach, fixture_week):
    data = review_json(attach, "--week", "2026-W47")
    # W46: check-ins Tue 10, Wed 11; P1 repaired after 30 min; P2 (Sun 23:30 local) open.
    # The journal's first entry is Tue 10 (P1 at 18:00), so W46 counts Tue to Sun: 6 days.
    assert data["previous"] == {
        "period": {"start": "2026-11-09", "end": "2026-11-15"},
        "had_entries": True,
        "days_counted": 6,
        "checkin_days": 2,
        "rupture_count": 2,
        "repair_count": 1,
        "open_rupture_count": 1,
        "no_repair_needed_count": 0,
        "repair_rate": 0.5,
        "median_minutes_to_repair": 30,
    }


def test_since_until_gives_the_same_week(attach, fixture_week):
    by_week = review_json(attach, "--week", "2026-W47")
    by_dates = review_json(attach, "--since", "2026-11-16", "--until", "2026-11-22")
    assert by_dates == by_week


def test_the_rendered_review_reads_the_same_numbers(attach, fixture_week):
    r3 = fixture_week[2]
    result = attach("review", "--week", "2026-W47")
    assert result.exit_code == 0, result.output
    text = said(result.stdout)
    assert "Mon 16 Nov – Sun 22 Nov 2026 (week 2026-W47)" in text
    assert "Checked in on 5 of 7 days (6 check-ins)." in text
    assert "5 ruptures (with Maya: 3, Leo: 1, Sam: 1)." in text
    # R1, R2, R5 came back of the 4 that wanted a repair; R3 open; R4 no repair needed.
    assert "3 of 4 ruptures came back together; 1 still open; 1 marked no repair needed." in text
    assert "%" not in text and "rate" not in text
    assert "My own median time to come back: 11 h (over 3 repairs)." in text
    assert "Coming back later, once calm, counts as much" in text
    assert f"#{r3} Tue 17 Nov 20:30 with Maya" in text
    assert f"attach repair --of {r3}" in text
    assert "came back together 45 min later" in text
    assert "not causes" in text
    # Both weeks' counts, and no arrow or "more"/"fewer" verdict beside them.
    assert "check-in days 5 of 7 2 of 6" in text
    assert "median time to come back 11 h (n=3) 30 min (n=1)" in text
    assert "▲" not in text and "▼" not in text and "fewer" not in text
    assert "To sit with" in text


def test_a_week_before_the_journal_began_says_so_kindly(attach, fixture_week):
    result = attach("review", "--week", "2026-W30")
    assert result.exit_code == 0, result.output
    assert "Nothing written in this period: the journal began on Tue 10 Nov." in said(result.stdout)
    assert "Checked in on" not in result.stdout


def test_review_on_a_journal_that_does_not_exist_creates_nothing(attach, db_path):
    result = attach("review")
    assert result.exit_code == 0, result.output
    assert "attach reflect" in result.stdout
    assert not db_path.exists()
    data = json.loads(attach("review", "--json").stdout)
    assert data["rupture_count"] == 0
    assert data["repair_rate"] is None
    assert data["median_minutes_to_repair"] is None
    assert list(data["resourced_by_day"].values()) == [None] * 7


def test_default_period_is_the_last_seven_days_including_today():
    assert choose_period(date(2026, 11, 21)) == Period(date(2026, 11, 15), date(2026, 11, 21))


def test_week_and_since_until_parsing():
    assert choose_period(date(2026, 11, 21), week="2026-W01") == Period(
        date(2025, 12, 29), date(2026, 1, 4)
    )
    assert choose_period(date(2026, 11, 21), since="2026-11-01") == Period(
        date(2026, 11, 1), date(2026, 11, 21)
    )
    assert Period(date(2026, 11, 16), date(2026, 11, 22)).previous() == Period(
        date(2026, 11, 9), date(2026, 11, 15)
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"week": "2026-47"},
        {"week": "2026-W54"},
        {"week": "2026-W47", "since": "2026-11-01"},
        {"since": "2026-11-20", "until": "2026-11-10"},
        {"since": "not a date"},
    ],
)
def test_bad_periods_are_usage_errors(kwargs):
    with pytest.raises(UsageError):
        choose_period(date(2026, 11, 21), **kwargs)


def test_bad_week_via_cli_is_exit_2_with_one_line(attach):
    result = attach("review", "--week", "soon")
    assert result.exit_code == 2
    assert "2026-W47" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("typed", ["last <week>", "2026-W60", "2026-W00", "x" * 30])
def test_a_week_that_cannot_be_read_is_refused_without_echoing_it(typed):

    with pytest.raises(UsageError) as caught:
        choose_period(date(2026, 11, 25), week=typed)
    assert typed not in caught.value.message
    assert "2026-W60" not in caught.value.message and "<week>" not in caught.value.message
    assert "--week" in caught.value.message
