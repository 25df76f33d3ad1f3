"""Read the times a person types for `--at` and every "when" question. Pure: the clock comes in.

Accepted: `now` (or nothing), `19:30`, `7pm`, `7:30pm`, `today 08:10`, `yesterday 9pm`,
`last night` (21:00 the evening before), `this morning` (08:00), `this afternoon` (14:00),
`this evening` (19:00), `tonight` (21:00), `yesterday evening`, `mon 19:00` / `monday 7pm`
(the most recent such day, today included when that time has passed), `2h ago`, `an hour ago`,
and ISO 8601 (`2026-11-20T19:30`, with or without an offset). A bare date (`2026-11-20`) means
that day: noon, said so (midnight would put it in the journal day before), or now for today.

A time that has not come yet is refused. One exception, for people writing after midnight:
between midnight and the start of the journal day (`day_starts_at`, 04:00 by default) a time
"today" that is still ahead means the evening that just ended, so `23:15` typed at 00:30 is
23:15 yesterday, and the reading says so.

A local time that does not exist (02:30 on the night the clocks go forward) is refused; one that
happens twice (02:30 when they go back) is read as the first and the reading says so.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from typing import NamedTuple

from attachjournal.errors import UsageError

# Patterns as text: re compiles each on first use (and keeps it), so a command that never
# reads a typed time (the weekly review) does not pay for compiling them.
_AGO = (
    r"^(\d+|an?)\s*(m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)\s+ago$"
)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_CLOCK = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
_DAY_WORDS = (
    r"today|yesterday|"
    r"(?:last\s+)?(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?"
)
_DAY_AT = rf"^({_DAY_WORDS})(?:\s+(?:at\s+)?{_CLOCK})?$"
_AT_DAY = rf"^{_CLOCK}\s+({_DAY_WORDS})$"
_BARE_CLOCK = rf"^(?:at\s+)?{_CLOCK}$"
_PART = r"^(this|yesterday|last)\s+(morning|afternoon|evening|night)$|^(tonight)$"
# Where a part of the day is pinned when no clock time is given; the reading says which.
_PARTS = {"morning": time(8), "afternoon": time(14), "evening": time(19), "night": time(21)}
# When each part begins; 'tonight' covers the evening too (said at 20:00 about 19:45).
_PART_BEGINS = {"morning": time(5), "afternoon": time(12), "evening": time(17), "night": time(17)}
# A bare date stands for the middle of that day, inside its journal day whatever day_starts_at.
_MIDDAY = time(12)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

FORMS = "'19:30', '7pm', 'yesterday 19:30', 'last night', 'mon 19:00', '2h ago' or 2026-11-20T19:30"
EXAMPLES = f"e.g. {FORMS}"
FUTURE = "That time hasn't come yet (for yesterday, type e.g. 'yesterday 19:30')."

# A journal's dates; the bounds also keep every later time-zone conversion in range.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999


class When(NamedTuple):
    """A moment read from what a person typed, and how it was read when that is not obvious."""

    moment: datetime  # aware
    reading: str | None = None  # e.g. "Read as 21:00 on Tue 24 Nov." (for 'last night')


def read_when(text: str, now: datetime, day_start: time) -> When:
    """What a person typed -> When. `now` must be aware; `day_start` is `day_starts_at`.

    Raises UsageError (never echoing the text) for what cannot be read, a time still to come,
    or a local time the clocks skipped.
    """
    try:
        result = _read(text, now, day_start)
        in_range = EARLIEST_YEAR <= result.moment.astimezone(timezone.utc).year <= LATEST_YEAR
    except (OverflowError, ValueError):  # '999999999 days ago', year 1 in a +14:00 zone
        in_range = False
    if not in_range:
        raise UsageError("That is too far from today for a journal entry.")
    if result.moment > now:
        raise UsageError(FUTURE)
    return result


def parse_when(text: str, now: datetime, day_start: time = time(0)) -> datetime:
    """Just the moment of `read_when`. The default day start, midnight, reads every form on
    plain calendar days; the commands pass the person's `day_starts_at`."""
    return read_when(text, now, day_start).moment


def _read(text: str, now: datetime, day_start: time) -> When:
    raw = " ".join(text.strip().lower().split())
    local_now = now.astimezone()
    if raw in ("", "now", "just now", "right now"):
        return When(local_now)
    if m := re.match(_AGO, raw):
        amount = 1 if m.group(1) in ("a", "an") else int(m.group(1))
        return When(local_now - timedelta(**{_UNITS[m.group(2)[0]]: amount}))
    if raw == "today":
        return When(local_now)
    if raw == "yesterday":
        return _on(local_now.date() - timedelta(days=1), local_now.timetz())
    if m := re.match(_PART, raw):
        which, part = (m.group(1), m.group(2)) if m.group(3) is None else ("this", "night")
        if which == "last" and part != "night":
            which = "yesterday"  # 'last evening' is yesterday evening
        if which == "this":
            if _PART_BEGINS[part] <= local_now.time() < _PARTS[part]:
                # 'this morning' typed at 07:30: the part of the day has begun but its usual
                # time is still ahead; the moment was earlier this morning, so at most now.
                clock = local_now.time().replace(second=0, microsecond=0)
                return _on(local_now.date(), clock, part=True)
            return _today(local_now, _PARTS[part], day_start, part=True)
        return _on(local_now.date() - timedelta(days=1), _PARTS[part], part=True)
    if m := re.match(_DAY_AT, raw):
        return _day_at(m.group(1), (m.group(2), m.group(3), m.group(4)), local_now, day_start)
    if m := re.match(_AT_DAY, raw):
        return _day_at(m.group(4), (m.group(1), m.group(2), m.group(3)), local_now, day_start)
    if m := re.match(_BARE_CLOCK, raw):
        return _today(local_now, _clock(m.group(1), m.group(2), m.group(3)), day_start)
    return _iso(text.strip(), local_now)


def _day_at(
    day_word: str,
    clock_parts: tuple[str | None, str | None, str | None],
    local_now: datetime,
    day_start: time,
) -> When:
    hour, minute, meridiem = clock_parts
    clock = _clock(hour, minute, meridiem) if hour is not None else None
    if day_word == "today":
        return When(local_now) if clock is None else _today(local_now, clock, day_start)
    today = local_now.date()
    clock = clock or local_now.timetz()
    if day_word == "yesterday":
        return _on(today - timedelta(days=1), clock)
    weekday = _WEEKDAYS.index(day_word.split()[-1][:3])
    back = (today.weekday() - weekday) % 7
    if back == 0 and (day_word.startswith("last") or _local(today, clock) > local_now):
        back = 7  # 'mon 19:00' typed on a Monday morning: last Monday
    return _on(today - timedelta(days=back), clock)


def _today(local_now: datetime, clock: time, day_start: time, *, part: bool = False) -> When:
    """`clock` today; or, typed in the small hours before the journal day starts, a time still
    ahead today (and not itself in the small hours) means the day that just ended."""
    today = local_now.date()
    small_hours = local_now.time() < day_start
    if small_hours and clock >= day_start and _local(today, clock) > local_now:
        why = f"until {day_start.strftime('%H:%M')} your journal day is still that day"
        return _on(today - timedelta(days=1), clock, part=part, why=why)
    return _on(today, clock, part=part, quiet=not part)


def _on(
    day: date, clock: time, *, part: bool = False, why: str | None = None, quiet: bool = False
) -> When:
    """`clock` on `day`, saying how it was read unless `quiet` (a plain clock time today);
    `part` when a part of the day ('last night') stood in for a clock time."""
    moment = _local(day, clock)
    parts = []
    if not quiet:
        read = f"Read as {moment.strftime('%H:%M on %a %d %b')}"
        read += f" ({why})." if why else "."
        if part:
            read += " Type a clock time to be exact."
        parts.append(read)
    if note := _twice_note(day, clock):
        parts.append(note)
    return When(moment, " ".join(parts) if parts else None)


def _clock(hour_text: str, minute_text: str | None, meridiem: str | None) -> time:
    hour, minute = int(hour_text), int(minute_text or 0)
    if meridiem:
        if not 1 <= hour <= 12:
            raise UsageError(f"That doesn't read as a time of day ({EXAMPLES}).")
        hour = hour % 12 + (12 if meridiem.startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise UsageError(f"That doesn't read as a time of day ({EXAMPLES}).")
    return time(hour, minute)


def _iso(text: str, local_now: datetime) -> When:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is not None:
        return When(local_now) if day == local_now.date() else _on(day, _MIDDAY, part=True)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise UsageError(f"That doesn't read as a time. Try {FORMS}.") from None
    if parsed.tzinfo is not None:
        return When(parsed)
    # A bare date or date-time means local wall-clock time, like everything on screen.
    return _on(parsed.date(), parsed.time(), quiet=True)


def _local(day: date, clock: time) -> datetime:
    """`clock` on `day` in local time; a time the clocks skipped is refused, not shifted."""
    naive = datetime.combine(day, clock.replace(tzinfo=None, fold=0))
    aware = naive.astimezone()
    if aware.replace(tzinfo=None) != naive:
        raise UsageError(
            f"{naive.strftime('%H:%M')} did not happen on {naive.strftime('%a %d %b %Y')}: "
            "the clocks went forward that night. Try a time an hour earlier or later."
        )
    return aware


def _twice_note(day: date, clock: time) -> str | None:
    """A local time the clocks went through twice (autumn): we take the first."""
    naive = datetime.combine(day, clock.replace(tzinfo=None))
    first = naive.replace(fold=0).astimezone()
    second = naive.replace(fold=1).astimezone()
    if first.utcoffset() == second.utcoffset():
        return None
    return f"The clocks went back that night, so {naive.strftime('%H:%M')} came twice: read as the first."


def parse_day(text: str, today: date) -> date:
    """A calendar date: ISO `2026-11-20`, `today`, `yesterday`, or `3d ago`."""
    try:
        day = _parse_day(text, today)
    except OverflowError:
        day = date.min
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise UsageError("That is too far from today for a journal date.")
    return day


def _parse_day(text: str, today: date) -> date:
    raw = text.strip().lower()
    if raw == "today":
        return today
    if raw == "yesterday":
        return today - timedelta(days=1)
    if m := re.match(_AGO, raw):
        amount = 1 if m.group(1) in ("a", "an") else int(m.group(1))
        unit = m.group(2)[0]
        if unit in ("d", "w"):
            return today - timedelta(**{_UNITS[unit]: amount})
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            "That doesn't read as a date (e.g. 2026-11-16, 'yesterday', '7d ago')."
        ) from None
