"""patterns, read as a careful parent would read their own figures: periods that end before the
journal began, a "most often" that rests on a lead of one among hundreds, month names over the
right weeks, and messages that never speak as "I".

Local time is Europe/Berlin (conftest).
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from attachjournal import patterns, when
from attachjournal.errors import UsageError


def test_a_period_ending_before_the_first_entry_is_refused_not_counted():
    # The journal begins Wed 21 Oct 2026. --until 1 Oct would otherwise be 12 weeks of days
    # (10 Jul - 1 Oct, 84 days) that could not have been written, shown as an empty period.
    with pytest.raises(UsageError) as caught:
        patterns.choose_period(date(2026, 11, 25), until="2026-10-01", first_day=date(2026, 10, 21))
    assert "Wed 21 Oct 2026" in str(caught.value)
    # The first entry's own day is still a period of one day.
    one = patterns.choose_period(
        date(2026, 11, 25), since="all", until="2026-10-21", first_day=date(2026, 10, 21)
    )
    assert (one.start, one.end) == (date(2026, 10, 21), date(2026, 10, 21))


@pytest.mark.parametrize("typed", ["7x", "next blue moon"])
def test_an_unreadable_date_is_refused_without_the_tool_saying_i(typed):
    with pytest.raises(UsageError) as caught:
        when.parse_day(typed, date(2026, 11, 25))
    message = str(caught.value)
    assert not message.startswith("I ") and " I " not in message
    assert typed not in message
    assert "2026-11-16" in message  # still shows the forms it takes


@pytest.mark.parametrize("typed", ["25:99", "13pm", "next blue moon"])
def test_an_unreadable_time_is_refused_without_the_tool_saying_i(typed):
    now = datetime(2026, 11, 25, 21, 0).astimezone()
    with pytest.raises(UsageError) as caught:
        when.read_when(typed, now, time(4))
    message = str(caught.value)
    assert not message.startswith("I ") and " I " not in message
    assert typed not in message
