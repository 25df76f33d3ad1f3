"""--week: every form a person may type, read against a fixed today, worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from attachjournal.core.weeks import NOT_READ, NOT_YET, read_week, weeks_in
from attachjournal.errors import UsageError

# Wednesday 25 November 2026 is in ISO week 2026-W48, which begins on Monday 23 November.
TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("typed", "monday"),
    [
        ("this", date(2026, 11, 23)),
        ("This Week", date(2026, 11, 23)),
        ("0", date(2026, 11, 23)),
        # last week: 23 Nov - 7 days = 16 Nov (W47); -2: 16 Nov - 7 = 9 Nov (W46)
        ("last", date(2026, 11, 16)),
        ("-1", date(2026, 11, 16)),
        ("-2", date(2026, 11, 9)),
        ("2026-W47", date(2026, 11, 16)),
        ("2026w47", date(2026, 11, 16)),
        ("W47", date(2026, 11, 16)),
        ("w47", date(2026, 11, 16)),
        ("47", date(2026, 11, 16)),
        ("48", date(2026, 11, 23)),  # this week by its number
        # a day inside the week: Wed 18 Nov belongs to the week of Mon 16 Nov
        ("2026-11-18", date(2026, 11, 16)),
        ("2026-11-22", date(2026, 11, 16)),  # Sunday ends the week
        ("yesterday", date(2026, 11, 23)),  # Tue 24 Nov
        # 10 days before Wed 25 Nov is Sun 15 Nov, the last day of the week of Mon 9 Nov
        ("10d ago", date(2026, 11, 9)),
    ],
)
def test_each_form_names_the_week_it_should(typed, monday):
    week = read_week(typed, TODAY)
    assert week.start == monday
    assert week.end == date.fromordinal(monday.toordinal() + 6)
    assert week.reading is None


def test_a_week_number_still_ahead_this_year_means_last_years():
    # W49 of 2026 begins Mon 30 Nov, after today: a person typing 49 means the one gone,
    # 2025-W49, which began on Mon 1 Dec 2025.
    week = read_week("49", TODAY)
    assert week.start == date(2025, 12, 1)
    assert week.label == "2025-W49"
    assert week.reading == "Week 49 of 2026 hasn't begun yet: read as week 49 of 2025."


def test_in_january_w50_is_the_december_just_gone():
    # Wed 6 Jan 2027 is in 2027-W01; 2027-W50 is ahead, so 2026-W50: Mon 7 Dec 2026.
    assert read_week("W50", date(2027, 1, 6)).start == date(2026, 12, 7)


def test_the_year_boundaries():
    # 2026 began on a Thursday, so it has 53 ISO weeks; 2026-W53 runs Mon 28 Dec 2026 to
    # Sun 3 Jan 2027. 2025 began on a Wednesday: 52 weeks. 2020 (a leap year that began on
    # a Wednesday) has 53: 2020-W53 runs Mon 28 Dec 2020 to Sun 3 Jan 2021.
    assert (weeks_in(2020), weeks_in(2021), weeks_in(2025), weeks_in(2026)) == (53, 52, 52, 53)
    new_years_day = date(2027, 1, 1)  # a Friday in 2026-W53
    assert read_week("this", new_years_day).start == date(2026, 12, 28)
    assert read_week("53", new_years_day).start == date(2026, 12, 28)
    assert read_week("2027-01-01", new_years_day).start == date(2026, 12, 28)
    # Week 1 of ISO year 2026 began on Mon 29 Dec 2025, in the calendar year before.
    assert read_week("1", new_years_day).start == date(2025, 12, 29)
    assert read_week("2026-W01", TODAY).start == date(2025, 12, 29)
    # Sun 3 Jan 2021 still belongs to 2020-W53.
    assert read_week("2021-01-03", date(2021, 1, 3)).start == date(2020, 12, 28)
    assert read_week("53", date(2021, 1, 3)).start == date(2020, 12, 28)
    assert read_week("2020-W53", TODAY).start == date(2020, 12, 28)


def test_a_week_that_does_not_exist_says_how_many_the_year_has():
    with pytest.raises(UsageError) as caught:
        read_week("2025-W53", TODAY)
    assert "that year has weeks 01 to 52" in caught.value.message
    assert "2025" not in caught.value.message  # what was typed is not repeated
    # 2027 has 52 weeks, and in 2027-W01 week 53 of this year cannot be meant.
    with pytest.raises(UsageError) as caught:
        read_week("53", date(2027, 1, 6))
    assert "2027 has weeks 01 to 52" in caught.value.message


@pytest.mark.parametrize("typed", ["next", "next week", "+1", "2027-W01", "2026-W49", "2026-12-01"])
def test_a_week_still_to_come_is_refused_kindly(typed):
    with pytest.raises(UsageError) as caught:
        read_week(typed, TODAY)
    assert caught.value.message == NOT_YET


@pytest.mark.parametrize(
    "typed", ["soon", "2026-47", "W", "-", "last <week>", "2026-W4x", "x" * 30, "W123"]
)
def test_what_cannot_be_read_is_refused_without_echoing_it(typed):
    with pytest.raises(UsageError) as caught:
        read_week(typed, TODAY)
    assert caught.value.message == NOT_READ
    assert "2026-W47" in NOT_READ and "this, last, -2" in NOT_READ


@pytest.mark.parametrize("typed", ["-999999", "0000-W01", "1899-W10"])
def test_a_week_too_far_back_is_refused(typed):
    with pytest.raises(UsageError) as caught:
        read_week(typed, TODAY)
    assert "too far" in caught.value.message


def test_a_week_across_new_year_names_both_years():
    from attachjournal.core.period import Period

    # ISO 2026-W01 runs Mon 29 Dec 2025 to Sun 4 Jan 2026; 2026-W47 stays in one year.
    assert Period(date(2025, 12, 29), date(2026, 1, 4)).label() == (
        "Mon 29 Dec 2025 – Sun 04 Jan 2026 (week 2026-W01)"
    )
    assert Period(date(2026, 11, 16), date(2026, 11, 22)).label() == (
        "Mon 16 Nov – Sun 22 Nov 2026 (week 2026-W47)"
    )
