"""Small descriptive helpers shared by the weekly review and the longer patterns. Pure.

Local days and times of day use the machine's time zone, like everything shown on screen.

A journal day runs from `day_start` (the person's `day_starts_at`, 04:00 by default) to the
same time the next morning, so a check-in at 00:30 counts for the evening before. The command
layer reads the setting and passes it in; nothing here reads settings. `time(0)` gives plain
calendar days.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

# Local hour ranges; "night" wraps around midnight.
TIME_OF_DAY = (("morning", 5, 12), ("afternoon", 12, 17), ("evening", 17, 21), ("night", 21, 5))
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def minutes_between(start: datetime, end: datetime) -> int:
    return round((end - start).total_seconds() / 60)


def mean(values: Iterable[Any]) -> float | None:
    """Mean to one decimal (a whole number stays whole); None for no values."""
    values = list(values)
    if not values:
        return None
    # math.fsum / n is what statistics.fmean computes; that module would bring fractions and
    # decimal along, a few ms of every review for two one-line sums.
    value = round(math.fsum(values) / len(values), 1)
    return int(value) if value.is_integer() else value


def median(values: Iterable[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count), as
    statistics.median gives it; None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    half = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[half])
    return float((ordered[half - 1] + ordered[half]) / 2)


def rate(part: int, whole: int) -> float | None:
    """part / whole to four decimals; None when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None


def ranked(counter: Counter) -> tuple[tuple[str, int], ...]:
    """Most common first; ties in alphabetical order so the output is stable."""
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def time_of_day(moment: datetime) -> str:
    hour = moment.astimezone().hour
    for name, start, end in TIME_OF_DAY:
        if (start <= hour < end) if start < end else (hour >= start or hour < end):
            return name
    return "night"


def local_day(moment: datetime, day_start: time = time(0)) -> date:
    """The journal day `moment` belongs to: its local date, or the day before when it falls
    after midnight but before `day_start`."""
    local = moment.astimezone()
    if local.time() < day_start:  # .time() is naive: the wall clock
        return local.date() - timedelta(days=1)
    return local.date()


def local_midnight(day: date, day_start: time = time(0)) -> datetime:
    """When journal day `day` begins: `day_start` on that date in local time (aware).

    If the clocks skip that wall-clock time (a spring-forward night), the first moment after
    the gap; the result is always a real instant, so consecutive days never overlap.
    """
    naive = datetime.combine(day, day_start)
    aware = naive.astimezone()
    if aware.replace(tzinfo=None) == naive:
        return aware
    # In a gap: walk from the earlier of the two readings to the first real minute at or
    # after `day_start`, i.e. the moment the clocks jumped (at most a couple of hours).
    moment = min(aware, naive.replace(fold=1).astimezone()).replace(second=0, microsecond=0)
    while moment.astimezone().replace(tzinfo=None) < naive:
        moment += timedelta(minutes=1)
    return moment.astimezone()


def journal_day_bounds(day: date, day_start: time) -> tuple[datetime, datetime]:
    """[start, end) of journal day `day`, aware, for a query over stored times."""
    return local_midnight(day, day_start), local_midnight(day + timedelta(days=1), day_start)
