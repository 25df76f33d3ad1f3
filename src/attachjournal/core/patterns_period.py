"""Which days `patterns` looks at (--since/--until, or the last twelve weeks), and how that
period is cut: into calendar weeks, months or years for the trend, and into two halves to
compare. Pure; today is passed in."""

from __future__ import annotations

from datetime import date, time, timedelta

from attachjournal.core.period import Period
from attachjournal.errors import UsageError

DEFAULT_WEEKS = 12


def choose_period(
    today: date,
    *,
    since: str | None = None,
    until: str | None = None,
    first_day: date | None = None,
    day_start: time = time(0),
) -> Period:
    """--since/--until, or the last 12 weeks ending today; `--since all` starts at the first entry.

    Days that could not have been written never count: the period ends today at the latest and
    starts no earlier than the journal's first entry (first_day), whatever --since says.
    """
    from attachjournal.core.when import parse_day

    end = min(parse_day(until, today), today) if until else today
    if since and since.strip().lower() == "all":
        start = min(first_day or end, end)
    elif since:
        start = parse_day(since, today)
    else:
        start = end - timedelta(days=DEFAULT_WEEKS * 7 - 1)
    if first_day is not None and end < first_day:
        raise UsageError(
            f"The journal begins on {first_day:%a %d %b %Y}; the period ends before that, "
            "so there is nothing in it."
        )
    if first_day is not None and start < first_day <= end:
        start = first_day
    if start > end:
        after = "--until" if until else "today"
        raise UsageError(f"--since is after {after}; the period would be empty.")
    return Period(start, end, day_start)


def split(period: Period, unit: str) -> list[tuple[Period, str]]:
    """Calendar weeks (Monday first), months or years, clipped to the period."""
    out = []
    day = period.start
    while day <= period.end:
        if unit == "week":
            last = day + timedelta(days=6 - day.weekday())
            iso = day.isocalendar()
            label = f"{iso[0]}-W{iso[1]:02d}"
        elif unit == "month":
            following = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
            last = following - timedelta(days=1)
            label = f"{day:%Y-%m}"
        else:
            last = date(day.year, 12, 31)
            label = f"{day:%Y}"
        last = min(last, period.end)
        out.append((Period(day, last, period.day_start), label))
        day = last + timedelta(days=1)
    return out


def halves(period: Period) -> tuple[Period, Period]:
    """First and second half by days; with an odd length the second half is a day longer."""
    if period.length < 2:
        return period, period
    middle = period.start + timedelta(days=period.length // 2)
    return (
        Period(period.start, middle - timedelta(days=1), period.day_start),
        Period(middle, period.end, period.day_start),
    )
