"""Read the week a person names with `--week`. Pure: today comes in.

Accepted: `this` (or `0`), `last` (or `-1`), `-2` (two weeks ago) and so on; an ISO week
`2026-W47` (also `2026W47`); `W47` or `47`, a week of the current ISO year; and a day inside the
week, in any form `--since` reads (`2026-11-18`, `yesterday`, `10d ago`). Weeks are ISO weeks,
Monday to Sunday, of journal days (`today` is the journal day, so at 00:30 on a Monday the week
that just ended is still `this`).

A week that has not begun yet is refused: there is nothing to read in it. `W50` typed in
January means the December just gone (the week of this year is still ahead), and the reading
says so. Nothing typed is ever repeated in an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from attachjournal.core.when import EARLIEST_YEAR, LATEST_YEAR, parse_day
from attachjournal.errors import UsageError

FORMS = "this, last, -2, 2026-W47, W47, 47 or a day in the week (2026-11-18, yesterday)"
NOT_READ = f"--week takes {FORMS}."
NOT_YET = "That week hasn't begun yet; --week this is the current one."

_THIS = {"this", "this week", "current", "0", "-0"}
_LAST = {"last", "last week", "previous"}
_AGO = re.compile(r"^-(\d{1,6})$")
_ISO = re.compile(r"^(\d{4})-?w(\d{1,2})$")
_NUMBER = re.compile(r"^w?(\d{1,2})$")


@dataclass(frozen=True)
class Week:
    """The Monday a week begins on, and how it was read when that is not obvious."""

    start: date
    reading: str | None = None  # e.g. "Week 50 of 2026 hasn't begun yet: read as 2025-W50."

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def label(self) -> str:
        year, number, _ = self.start.isocalendar()
        return f"{year}-W{number:02d}"


def read_week(text: str, today: date) -> Week:
    """What was typed after --week -> the Week. Raises UsageError, never echoing the text."""
    raw = " ".join(text.strip().lower().split())
    this_monday = today - timedelta(days=today.weekday())
    week = _read(raw, text, today, this_monday)
    if week.start > this_monday:
        raise UsageError(NOT_YET)
    return week


def _read(raw: str, text: str, today: date, this_monday: date) -> Week:
    if raw in _THIS:
        return Week(this_monday)
    if raw in _LAST:
        return Week(this_monday - timedelta(weeks=1))
    if raw in ("next", "next week") or re.fullmatch(r"\+\d{1,6}", raw):
        raise UsageError(NOT_YET)
    if m := _AGO.match(raw):
        try:
            start = this_monday - timedelta(weeks=int(m.group(1)))
        except OverflowError:
            start = date.min
        if start.year < EARLIEST_YEAR:
            raise UsageError("That week is too far from today for a journal.")
        return Week(start)
    if m := _ISO.match(raw):
        year = int(m.group(1))
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            raise UsageError("That week is too far from today for a journal.")
        return Week(_monday(year, int(m.group(2)), typed_year=True))
    if m := _NUMBER.match(raw):
        return _this_years(int(m.group(1)), today, this_monday)
    try:
        day = parse_day(text, today)
    except UsageError:
        raise UsageError(NOT_READ) from None
    return Week(day - timedelta(days=day.weekday()))


def _this_years(number: int, today: date, this_monday: date) -> Week:
    """Week `number` of this ISO year; once it is still ahead, the one of the year before
    (W50 typed in January is the December just gone), and the reading says so."""
    year = today.isocalendar()[0]
    start = _monday(year, number)
    if start <= this_monday:
        return Week(start)
    earlier = _monday(year - 1, number)
    return Week(
        earlier,
        f"Week {number} of {year} hasn't begun yet: read as week {number} of {year - 1}.",
    )


def _monday(year: int, number: int, *, typed_year: bool = False) -> date:
    try:
        return date.fromisocalendar(year, number, 1)
    except ValueError:
        # A year that was typed is not repeated; this year (from the clock) may be named.
        which = "that year" if typed_year else str(year)
        raise UsageError(
            f"--week: {which} has weeks 01 to {weeks_in(year)}; that week number isn't one of them."
        ) from None


def weeks_in(year: int) -> int:
    """52 or 53: the ISO week of 28 December is always the year's last."""
    return date(year, 12, 28).isocalendar()[1]
