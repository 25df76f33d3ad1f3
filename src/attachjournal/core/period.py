"""A period of journal days, as the review and patterns count them: inclusive local days
that start at the person's `day_starts_at`, with the instants a query over stored times needs."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from attachjournal.core.stats import local_midnight


class Period(NamedTuple):
    """Journal days from `start` to `end`, both included, each beginning at `day_start`."""

    start: date  # inclusive, local journal day
    end: date  # inclusive, local journal day
    # Where one journal day ends and the next begins (the person's `day_starts_at`, passed in
    # by the command). Days, and so weeks, run from it: a Monday 00:30 check-in belongs to
    # Sunday and so to the week it closes. time(0) means plain calendar days.
    day_start: time = time(0)

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    @property
    def length(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """Aware local datetimes [start of first day, start of the day after the last)."""
        return (
            local_midnight(self.start, self.day_start),
            local_midnight(self.end + timedelta(days=1), self.day_start),
        )

    def previous(self) -> Period:
        return Period(
            self.start - timedelta(days=self.length),
            self.start - timedelta(days=1),
            self.day_start,
        )

    def clipped(self, first_day: date | None, today: date) -> Period | None:
        """The days of this period that could have been written; None when there are none."""
        start = max(self.start, first_day) if first_day else self.start
        end = min(self.end, today)
        return Period(start, end, self.day_start) if start <= end else None

    def label(self) -> str:
        start, end = self.start, self.end
        iso = start.isocalendar()
        week = (
            f" (week {iso[0]}-W{iso[1]:02d})" if start.weekday() == 0 and self.length == 7 else ""
        )
        # A week across New Year names both years: "Mon 29 Dec 2025 – Sun 04 Jan 2026".
        first = f"{start:%a %d %b %Y}" if start.year != end.year else f"{start:%a %d %b}"
        return f"{first} – {end:%a %d %b %Y}{week}"
