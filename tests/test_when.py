"""--at WHEN: the forms a person types, read in local time (Europe/Berlin in tests) and kept aware."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from attachjournal.core.when import parse_day, parse_when, read_when
from attachjournal.errors import UsageError

UTC = timezone.utc
# Friday 20 November 2026, 13:00 in Berlin (CET, UTC+1).
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A bare ISO date-time is local wall-clock time: 19:30 CET = 18:30 UTC.
        ("2026-11-18T19:30", utc(2026, 11, 18, 18, 30)),
        ("2026-11-18 19:30", utc(2026, 11, 18, 18, 30)),
        ("2026-11-18T19:30:15", utc(2026, 11, 18, 18, 30, 15)),
        # With an offset, the offset is believed.
        ("2026-11-18T19:30+00:00", utc(2026, 11, 18, 19, 30)),
        ("2026-11-18T19:30Z", utc(2026, 11, 18, 19, 30)),
        ("2026-11-18T19:30-05:00", utc(2026, 11, 19, 0, 30)),
        # A bare date is the middle of that day: 12:00 CET = 11:00 UTC (midnight would fall
        # in the journal day before, which runs until 04:00).
        ("2026-11-18", utc(2026, 11, 18, 11, 0)),
        ("2026-11-20", NOW),  # today's date: now
        # In summer Berlin is UTC+2.
        ("2026-07-01T09:00", utc(2026, 7, 1, 7, 0)),
    ],
)
def test_iso_forms(text, expected):
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday 19:30", utc(2026, 11, 19, 18, 30)),
        ("Yesterday 7:05", utc(2026, 11, 19, 6, 5)),
        ("yesterday at 21", utc(2026, 11, 19, 20, 0)),
        ("today 08:10", utc(2026, 11, 20, 7, 10)),
        ("today 0:00", utc(2026, 11, 19, 23, 0)),
        ("today", NOW),
        ("now", NOW),
        ("yesterday", utc(2026, 11, 19, 12, 0)),
    ],
)
def test_today_and_yesterday_at_a_time_of_day(text, expected):
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2h ago", NOW - timedelta(hours=2)),
        ("2 hours ago", NOW - timedelta(hours=2)),
        ("1 hour ago", NOW - timedelta(hours=1)),
        ("30 min ago", NOW - timedelta(minutes=30)),
        ("30m ago", NOW - timedelta(minutes=30)),
        ("45 minutes ago", NOW - timedelta(minutes=45)),
        ("3d ago", NOW - timedelta(days=3)),
        ("1 week ago", NOW - timedelta(weeks=1)),
    ],
)
def test_a_while_ago(text, expected):
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize(
    "text",
    [
        "next tuesday",
        "yesterday 25:00",
        "today 24:00",
        "today 08:61",
        "2 fortnights ago",
        "ago",
        "-2h ago",
        "2026-13-01",
        "20/11/2026",
        "tomorrow 10:00",
    ],
)
def test_what_cannot_be_read_is_refused_with_examples(text):
    with pytest.raises(UsageError) as caught:
        parse_when(text, NOW)
    assert "yesterday 19:30" in caught.value.message
    assert caught.value.exit_code == 2


def test_a_very_long_input_is_clipped_in_the_message():
    with pytest.raises(UsageError) as caught:
        parse_when("x" * 500, NOW)
    assert "x" * 41 not in caught.value.message


@pytest.mark.parametrize(
    "text", ["2026-11-18T19:30", "2026-11-18", "yesterday 19:30", "today 08:10", "2h ago", "now"]
)
def test_every_result_is_aware(text):
    result = parse_when(text, NOW)
    assert result.tzinfo is not None
    assert result.utcoffset() is not None


def test_now_may_be_given_in_local_time_too():
    local_now = NOW.astimezone()
    assert parse_when("yesterday 19:30", local_now) == utc(2026, 11, 19, 18, 30)


# ----------------------------------------------------------------------------- daylight saving
# Berlin moved its clocks forward on Sunday 29 March 2026 (02:00 CET -> 03:00 CEST) and back on
# Sunday 25 October 2026 (03:00 CEST -> 02:00 CET).


def test_yesterday_across_the_spring_change_uses_yesterdays_offset():
    # Monday 30 March, 12:00 CEST. Yesterday 19:30 was already summer time: 17:30 UTC.
    now = utc(2026, 3, 30, 10, 0)
    assert parse_when("yesterday 19:30", now) == utc(2026, 3, 29, 17, 30)
    # Yesterday 01:30 was still winter time: 00:30 UTC.
    assert parse_when("yesterday 01:30", now) == utc(2026, 3, 29, 0, 30)


def test_yesterday_on_the_day_of_the_spring_change_uses_winter_time():
    # Sunday 29 March, 12:00 CEST; yesterday (Saturday) 19:30 CET = 18:30 UTC.
    now = utc(2026, 3, 29, 10, 0)
    assert parse_when("yesterday 19:30", now) == utc(2026, 3, 28, 18, 30)
    assert parse_when("today 08:10", now) == utc(2026, 3, 29, 6, 10)


def test_today_after_the_autumn_change_uses_winter_time():
    # Sunday 25 October, 12:00 CET. Today 08:10 CET = 07:10 UTC; yesterday 19:30 CEST = 17:30 UTC.
    now = utc(2026, 10, 25, 11, 0)
    assert parse_when("today 08:10", now) == utc(2026, 10, 25, 7, 10)
    assert parse_when("yesterday 19:30", now) == utc(2026, 10, 24, 17, 30)


def test_hours_ago_across_a_clock_change_count_real_hours():
    # 04:00 CEST on 29 March = 02:00 UTC; two real hours earlier is 00:00 UTC (01:00 CET).
    now = utc(2026, 3, 29, 2, 0)
    assert parse_when("2h ago", now) == utc(2026, 3, 29, 0, 0)


def test_days_ago_across_a_clock_change_lands_on_the_right_local_day():
    now = utc(2026, 3, 30, 10, 0)  # Monday 30 March, 12:00 CEST
    assert parse_when("3d ago", now).astimezone().date() == date(2026, 3, 27)


def test_an_iso_time_in_summer_given_in_winter_uses_the_summer_offset():
    assert parse_when("2026-07-01T09:00", NOW).utcoffset() == timedelta(hours=2)


# ----------------------------------------------------------------------------- days (--since)

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-16", date(2026, 11, 16)),
        ("today", TODAY),
        ("Yesterday", date(2026, 11, 19)),
        ("7d ago", date(2026, 11, 13)),
        ("2 weeks ago", date(2026, 11, 6)),
    ],
)
def test_day_forms(text, expected):
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize("text", ["2h ago", "last week", "2026-11-31", ""])
def test_a_day_that_cannot_be_read_is_refused(text):
    with pytest.raises(UsageError, match="as a date"):
        parse_day(text, TODAY)


# ----------------------------------------------------------------------------- what people type
# read_when(text, now, day_start): the moment and, when a phrase or rule chose it, how it was read.
# WED_10 is Wednesday 25 November 2026, 10:00 in Berlin (09:00 UTC); day_start is 04:00.

WED_10 = utc(2026, 11, 25, 9, 0)
FOUR = time(4)


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:15", berlin(2026, 11, 25, 9, 15)),
        ("9.15", berlin(2026, 11, 25, 9, 15)),
        ("at 7am", berlin(2026, 11, 25, 7, 0)),
        ("7:30am", berlin(2026, 11, 25, 7, 30)),
        ("12am", berlin(2026, 11, 25, 0, 0)),
        ("yesterday 9pm", berlin(2026, 11, 24, 21, 0)),
        ("9pm yesterday", berlin(2026, 11, 24, 21, 0)),
        ("yesterday 7:30pm", berlin(2026, 11, 24, 19, 30)),
        ("yesterday evening", berlin(2026, 11, 24, 19, 0)),
        ("this morning", berlin(2026, 11, 25, 8, 0)),
        ("an hour ago", berlin(2026, 11, 25, 9, 0)),
        # The most recent such day: Monday 23rd; Wednesday 19:00 is still ahead today, so the
        # Wednesday before; Wednesday 08:00 has passed, so today.
        ("mon 19:00", berlin(2026, 11, 23, 19, 0)),
        ("Monday 7pm", berlin(2026, 11, 23, 19, 0)),
        ("wed 19:00", berlin(2026, 11, 18, 19, 0)),
        ("wed 8:00", berlin(2026, 11, 25, 8, 0)),
        ("last wed 8:00", berlin(2026, 11, 18, 8, 0)),
        ("sun 23:30", berlin(2026, 11, 22, 23, 30)),
    ],
)
def test_everyday_forms(text, expected):
    assert read_when(text, WED_10, FOUR).moment == expected


def test_last_night_is_21_00_the_evening_before_and_says_so():
    result = read_when("last night", WED_10, FOUR)
    assert result.moment == berlin(2026, 11, 24, 21, 0)
    assert result.reading.startswith("Read as 21:00 on Tue 24 Nov.")


def test_this_morning_says_how_it_was_read():
    assert read_when("this morning", WED_10, FOUR).reading.startswith("Read as 08:00 on Wed 25")


def test_a_plain_clock_time_today_needs_no_explanation():
    assert read_when("9:15", WED_10, FOUR).reading is None
    assert read_when("2026-11-20T19:30", WED_10, FOUR).reading is None
    # A day worked out from a word is always shown back.
    assert read_when("mon 19:00", WED_10, FOUR).reading == "Read as 19:00 on Mon 23 Nov."


@pytest.mark.parametrize(
    "text", ["19:30", "7pm", "this evening", "tonight", "in 2h", "2026-11-25T10:01", "2027-01-01"]
)
def test_a_time_still_to_come_is_refused_kindly(text):
    with pytest.raises(UsageError) as caught:
        read_when(text, WED_10, FOUR)
    message = caught.value.message
    assert "hasn't come yet" in message or "doesn't read" in message
    assert caught.value.exit_code == 2


def test_the_future_line_is_one_kind_line_naming_the_way_to_mean_yesterday():
    with pytest.raises(UsageError) as caught:
        read_when("19:30", WED_10, FOUR)
    assert caught.value.message.count("\n") == 0
    assert "yesterday 19:30" in caught.value.message


# After midnight, before the journal day starts (00:30 on Wednesday = 23:30 UTC on Tuesday).
SMALL_HOURS = utc(2026, 11, 24, 23, 30)


def test_after_midnight_a_later_clock_time_means_the_evening_that_just_ended():
    result = read_when("23:15", SMALL_HOURS, FOUR)
    assert result.moment == berlin(2026, 11, 24, 23, 15)
    assert "Tue 24 Nov" in result.reading and "until 04:00" in result.reading
    assert read_when("this evening", SMALL_HOURS, FOUR).moment == berlin(2026, 11, 24, 19, 0)
    assert read_when("tonight", SMALL_HOURS, FOUR).moment == berlin(2026, 11, 24, 21, 0)


def test_after_midnight_a_time_in_the_small_hours_still_ahead_is_refused():
    with pytest.raises(UsageError, match="hasn't come yet"):
        read_when("1:00", SMALL_HOURS, FOUR)
    assert read_when("00:10", SMALL_HOURS, FOUR).moment == berlin(2026, 11, 25, 0, 10)


def test_with_the_day_starting_at_midnight_a_later_time_is_simply_the_future():
    with pytest.raises(UsageError, match="hasn't come yet"):
        read_when("23:15", SMALL_HOURS, time(0))


def test_a_time_the_clocks_skipped_is_refused_not_shifted():
    now = utc(2026, 3, 30, 10, 0)  # Monday 30 March; Sunday 29th sprang forward at 02:00
    for text in ("2026-03-29T02:30", "yesterday 2:30"):
        with pytest.raises(UsageError) as caught:
            read_when(text, now, FOUR)
        assert "02:30 did not happen on Sun 29 Mar 2026" in caught.value.message


def test_a_time_that_came_twice_is_read_as_the_first_and_says_so():
    result = read_when("2026-10-25T02:30", utc(2026, 11, 1, 12, 0), FOUR)
    assert result.moment == utc(2026, 10, 25, 0, 30)  # 02:30 CEST, the first of the two
    assert "came twice" in result.reading


@pytest.mark.parametrize("text", ["next blue moon", "yesterday 25:00", "13pm", "x" * 60])
def test_errors_never_echo_what_was_typed(text):
    with pytest.raises(UsageError) as caught:
        read_when(text, WED_10, FOUR)
    assert text not in caught.value.message


def test_a_bare_date_belongs_to_that_journal_day_and_says_how_it_was_read():
    from attachjournal.core.stats import local_day

    when = read_when("2026-11-18", NOW, time(4))
    assert local_day(when.moment, time(4)) == date(2026, 11, 18)
    assert when.reading == "Read as 12:00 on Wed 18 Nov. Type a clock time to be exact."


@pytest.mark.parametrize("text", ["next blue moon", "13pm", "25:00", "yesterday 24:10"])
def test_a_refusal_never_speaks_as_i(text):
    # "I" in the journal is always the person writing.
    with pytest.raises(UsageError) as caught:
        parse_when(text, NOW)
    assert " I " not in f" {caught.value.message} "
    with pytest.raises(UsageError) as caught:
        parse_day(text, NOW.date())
    assert " I " not in f" {caught.value.message} "


@pytest.mark.parametrize(
    ("clock", "text"),
    [
        ((7, 30), "this morning"),
        ((13, 0), "this afternoon"),
        ((18, 30), "this evening"),
        ((20, 0), "tonight"),
    ],
)
def test_a_part_of_the_day_already_begun_is_not_refused_as_still_to_come(clock, text):
    # At 07:30 "this morning" was earlier this morning, though 08:00 is still ahead: it is read
    # as at most now, and the reading says so.
    now = datetime(2026, 11, 25, *clock, tzinfo=ZoneInfo("Europe/Berlin"))
    when = read_when(text, now, FOUR)
    assert when.moment == now
    assert (
        when.reading
        == f"Read as {clock[0]:02d}:{clock[1]:02d} on Wed 25 Nov. Type a clock time to be exact."
    )


def test_a_part_of_the_day_not_yet_begun_is_still_refused():
    now = datetime(2026, 11, 25, 16, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    with pytest.raises(UsageError):
        read_when("this evening", now, FOUR)
