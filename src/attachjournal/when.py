"""Parse the --at forms a person types: ISO 8601, `yesterday 19:30`, `today 08:10`, `2h ago`."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from attachjournal.errors import UsageError

_AGO = re.compile(
    r"^(\d+)\s*(m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)\s+ago$"
)
_RELATIVE_DAY = re.compile(r"^(today|yesterday)(?:\s+(?:at\s+)?(\d{1,2})(?::(\d{2}))?)?$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}

EXAMPLES = "e.g. 2026-11-20T19:30, 'yesterday 19:30', 'today 08:10' or '2h ago'"


def local_tz() -> timezone:
    """The machine's current local time zone, as a fixed offset."""
    return datetime.now().astimezone().tzinfo  # type: ignore[return-value]


# A journal's dates; the bounds also keep every later time-zone conversion in range.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999


def parse_when(text: str, now: datetime) -> datetime:
    """Turn a person's WHEN into an aware datetime; `now` must be aware (local or UTC)."""
    try:
        moment = _parse_when(text, now)
        in_range = EARLIEST_YEAR <= moment.astimezone(timezone.utc).year <= LATEST_YEAR
    except (OverflowError, ValueError):  # '999999999 days ago', year 1 in a +14:00 zone
        in_range = False
    if not in_range:
        raise UsageError(f"'{_clip(text)}' is too far from today for a journal entry.")
    return moment


def _parse_when(text: str, now: datetime) -> datetime:
    raw = text.strip().lower()
    local_now = now.astimezone()
    if raw in ("", "now", "just now"):
        return local_now
    if m := _AGO.match(raw):
        amount, unit = int(m.group(1)), m.group(2)[0]
        return local_now - timedelta(**{_UNITS[unit]: amount})
    if m := _RELATIVE_DAY.match(raw):
        day = local_now.date() - timedelta(days=1 if m.group(1) == "yesterday" else 0)
        if m.group(2) is None:
            return local_now if m.group(1) == "today" else _at_local(day, local_now.timetz())
        hour, minute = int(m.group(2)), int(m.group(3) or 0)
        if hour > 23 or minute > 59:
            raise UsageError(f"'{text}' is not a time of day attach understands ({EXAMPLES}).")
        return _at_local(day, time(hour, minute))
    try:
        parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"Couldn't read '{_clip(text)}' as a time ({EXAMPLES}).") from None
    if parsed.tzinfo is None:
        # A bare date or datetime means local wall-clock time, like everything on screen.
        parsed = parsed.astimezone()
    return parsed


def parse_day(text: str, today: date) -> date:
    """A calendar date: ISO `2026-11-20`, `today`, `yesterday`, or `3d ago`."""
    try:
        day = _parse_day(text, today)
    except OverflowError:
        day = date.min
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise UsageError(f"'{_clip(text)}' is too far from today for a journal date.")
    return day


def _parse_day(text: str, today: date) -> date:
    raw = text.strip().lower()
    if raw == "today":
        return today
    if raw == "yesterday":
        return today - timedelta(days=1)
    if m := _AGO.match(raw):
        amount, unit = int(m.group(1)), m.group(2)[0]
        if unit in ("d", "w"):
            return today - timedelta(**{_UNITS[unit]: amount})
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"Couldn't read '{_clip(text)}' as a date (e.g. 2026-11-16, 'yesterday', '7d ago')."
        ) from None


def _at_local(day: date, clock: time) -> datetime:
    naive = datetime.combine(day, clock.replace(tzinfo=None))
    return naive.astimezone()


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."
