"""Small descriptive helpers shared by the weekly review and the longer patterns. Pure.

Local days and times of day use the machine's time zone, like everything shown on screen.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time
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
    value = round(statistics.fmean(values), 1)
    return int(value) if value.is_integer() else value


def median(values: Iterable[float]) -> float | None:
    values = list(values)
    return float(statistics.median(values)) if values else None


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


def local_day(moment: datetime) -> date:
    return moment.astimezone().date()


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone()
