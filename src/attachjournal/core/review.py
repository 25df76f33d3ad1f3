"""The weekly review: records of a period in, descriptive statistics out. Pure; time is passed in.

Every figure keeps the count behind it. Words are "tended to go together", never "caused".
Only days that could have been written count: none before the journal's first entry, none
after today.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from attachjournal.core.stats import WEEKDAYS, median, rate
from attachjournal.core.stats import local_day as _local_day
from attachjournal.core.stats import local_midnight as _local_midnight
from attachjournal.core.stats import mean as _mean
from attachjournal.core.stats import minutes_between as _minutes
from attachjournal.core.stats import ranked as _ranked
from attachjournal.core.stats import time_of_day as _time_of_day
from attachjournal.core.vocabulary import DEFAULT_SCALE
from attachjournal.errors import UsageError

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts
    from attachjournal.core.reading import EntriesReader
    from attachjournal.core.records import EntryRecord
    from attachjournal.core.review_shown import Shown

# Comparing resourced on rupture days with other days needs at least this many days on each side.
MIN_DAYS_TO_COMPARE = 3
# "Most often" and "what tended to go together" need at least this many ruptures behind them.
MIN_FOR_PATTERN = 3
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
TIME_ORDER = ("morning", "afternoon", "evening", "night")


@dataclass(frozen=True)
class Period:
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
            _local_midnight(self.start, self.day_start),
            _local_midnight(self.end + timedelta(days=1), self.day_start),
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
        return f"{start:%a %d %b} – {end:%a %d %b %Y}{week}"


def choose_period(
    today: date,
    *,
    week: str | None = None,
    since: str | None = None,
    until: str | None = None,
    day_start: time = time(0),
) -> Period:
    """--week, or --since/--until, or the last 7 days ending today (today's journal day)."""
    from attachjournal.core.when import parse_day

    if week and (since or until):
        raise UsageError("Use either --week or --since/--until, not both.")
    if week:
        match = _WEEK.match(week.strip())
        if not match:
            raise UsageError("--week takes an ISO week like 2026-W47.")
        try:
            start = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            raise UsageError(
                "--week: that year has no such week (weeks run 01 to 52 or 53)."
            ) from None
        return Period(start, start + timedelta(days=6), day_start)
    end = parse_day(until, today) if until else today
    start = parse_day(since, today) if since else end - timedelta(days=6)
    if start > end:
        raise UsageError("--since is after --until; the period would be empty.")
    if (end - start).days > 366 * 5:
        raise UsageError("That period is longer than five years; try attach patterns instead.")
    return Period(start, end, day_start)


# ----------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class ReviewData:
    """What the review needs: entries of the period and the one before, with their repairs."""

    checkins: tuple[EntryRecord, ...] = ()
    ruptures: tuple[EntryRecord, ...] = ()
    repairs: dict[int, EntryRecord] = field(default_factory=dict)  # rupture id -> its repair
    first_day: date | None = None  # the local day of the journal's first entry
    roles: dict[str, str] = field(default_factory=dict)  # person name -> role

    @classmethod
    def empty(cls) -> ReviewData:
        return cls()


def load(reader: EntriesReader, period: Period, *, everyone: bool = False) -> ReviewData:
    """One range query for both weeks, one for their repairs (no query per entry).

    reader: an open journal's reader (`with journal.read() as reader`), or a stand-in.
    """

    start, _ = period.previous().bounds()
    _, end = period.bounds()
    entries = reader.entries_between(start, end, kinds=["reflect", "rupture"])
    ruptures = [e for e in entries if e.kind == "rupture"]
    repairs = reader.repairs_for([r.id for r in ruptures])
    first = reader.first_entry_at()
    if everyone:  # redacting needs every name, also those only written in free text
        roles = {p.name: p.role for p in reader.list_people()}
    else:
        roles = reader.people_roles([r.person_id for r in ruptures if r.person_id])
    return ReviewData(
        checkins=tuple(e for e in entries if e.kind == "reflect"),
        ruptures=tuple(ruptures),
        repairs=repairs,
        first_day=_local_day(first, period.day_start) if first else None,
        roles=roles,
    )


# ----------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class DayLine:
    day: date
    checkins: int
    resourced: float | None
    mood: float | None
    serve_return: str | None  # the older count answer: none, 1-2, 3-5, lots
    ruptures: int
    serve_noticed: bool | None = None  # the newer yes/no answer


@dataclass(frozen=True)
class RuptureLine:
    id: int
    at: datetime  # aware UTC
    who: str | None
    intensity: int | None
    context: tuple[str, ...]
    what: str | None
    status: str  # repaired | open | no_repair_needed
    repair_id: int | None
    repaired_at: datetime | None
    minutes_to_repair: int | None
    moves: tuple[str, ...]
    connected_after: int | None
    resourced_then: int | None = None


@dataclass(frozen=True)
class Counts:
    checkin_days: int
    rupture_count: int
    repair_count: int
    open_rupture_count: int
    no_repair_needed_count: int
    repair_rate: float | None
    median_minutes_to_repair: float | None


@dataclass(frozen=True)
class Comparison:
    """Mean resourced on days with a rupture vs days without, with the number of days behind each.

    On a rupture day, "how resourced was I just before" is used where it was answered (the
    evening check-in may be lowered by the rupture itself); `from_just_before` says on how many.
    """

    rupture_days_mean: float | None
    rupture_days: int
    other_days_mean: float | None
    other_days: int
    from_just_before: int = 0

    @property
    def enough(self) -> bool:
        return self.rupture_days >= MIN_DAYS_TO_COMPARE and self.other_days >= MIN_DAYS_TO_COMPARE


@dataclass(frozen=True)
class MoveLine:
    move: str
    count: int
    connected: tuple[int, ...]  # "how connected afterwards", as answered, in time order


@dataclass(frozen=True)
class WeeklyReview:
    period: Period
    generated_at: datetime
    counts: Counts
    previous: Counts
    checkin_count: int
    days: tuple[DayLine, ...]
    ruptures: tuple[RuptureLine, ...]
    ruptures_by_person: tuple[tuple[str, int], ...]
    contexts: tuple[tuple[str, int], ...]
    time_of_day: tuple[tuple[str, int], ...]
    weekdays: tuple[tuple[str, int], ...]
    older_echoes: int
    checkin_echoes: int
    low_resourced_ruptures: int
    resourced_then_answered: int
    resourced_comparison: Comparison
    moves: tuple[MoveLine, ...]
    serve_return_days: int
    questions: tuple[str, ...] = ()
    counted: Period | None = None  # the days that could have been written
    previous_counted: Period | None = None
    previous_had_entries: bool = False
    shown: Shown | None = None
    first_day: date | None = None

    @property
    def is_empty(self) -> bool:
        return self.checkin_count == 0 and self.counts.rupture_count == 0

    @property
    def days_counted(self) -> int:
        return self.counted.length if self.counted else 0

    @property
    def so_far(self) -> bool:
        """The period reaches past today: its last days are still to come."""
        return self.counted is not None and self.counted.end < self.period.end

    @property
    def late_start(self) -> bool:
        """The journal began inside the period."""
        return self.counted is not None and self.counted.start > self.period.start


def summarize(
    period: Period, data: ReviewData, *, now: datetime, prompts: Prompts | None = None
) -> WeeklyReview:
    from attachjournal.core.review_shown import shown_back

    day_start = period.day_start
    today = _local_day(now, day_start)
    counted = period.clipped(data.first_day, today)
    previous_counted = period.previous().clipped(data.first_day, today)
    start, end = period.bounds()
    checkins = [e for e in data.checkins if start <= e.at < end]
    ruptures = [e for e in data.ruptures if start <= e.at < end]
    prev_start, _ = period.previous().bounds()
    prev_checkins = [e for e in data.checkins if prev_start <= e.at < start]
    prev_ruptures = [e for e in data.ruptures if prev_start <= e.at < start]

    lines = tuple(_rupture_line(r, data.repairs.get(r.id)) for r in ruptures)
    shown_days = counted.days if counted else []
    days = tuple(_day_line(day, checkins, ruptures, day_start) for day in shown_days)
    resourced_then = [r.answer("resourced_then") for r in ruptures]
    resourced_then = [v for v in resourced_then if _is_number(v)]

    review = WeeklyReview(
        period=period,
        generated_at=now,
        counts=period_counts(checkins, ruptures, data.repairs, day_start),
        previous=period_counts(prev_checkins, prev_ruptures, data.repairs, day_start),
        checkin_count=len(checkins),
        days=days,
        ruptures=lines,
        ruptures_by_person=_ranked(Counter(r.person or "someone" for r in ruptures)),
        contexts=_ranked(Counter(c for r in ruptures for c in r.answer("context", []) or [])),
        time_of_day=_in_order(Counter(_time_of_day(r.at) for r in ruptures), TIME_ORDER),
        weekdays=_in_order(
            Counter(WEEKDAYS[_local_day(r.at, day_start).weekday()] for r in ruptures), WEEKDAYS
        ),
        older_echoes=sum(1 for r in ruptures if r.answer("older_echo") is True),
        checkin_echoes=sum(1 for c in checkins if c.answer("echo") is True),
        low_resourced_ruptures=sum(
            1 for v in resourced_then if v <= _low_end(prompts, "rupture", "resourced_then")
        ),
        resourced_then_answered=len(resourced_then),
        resourced_comparison=_comparison(days, ruptures, prompts, day_start),
        moves=_moves(lines),
        serve_return_days=sum(1 for d in days if _noticed(d)),
        counted=counted,
        previous_counted=previous_counted,
        previous_had_entries=bool(prev_checkins or prev_ruptures),
        first_day=data.first_day,
    )
    review = replace(review, shown=shown_back(review, checkins, ruptures, data, prompts))
    if prompts is not None:
        from attachjournal.core.review_shown import closing_questions

        review = replace(review, questions=closing_questions(review, prompts, data.roles))
    return review


def most_often(counts: tuple[tuple[str, int], ...]) -> tuple[str, int] | None:
    """The one value with a clear lead and at least 3 behind it; None on a tie or too few."""
    ordered = sorted(counts, key=lambda kv: -kv[1])
    if not ordered or ordered[0][1] < MIN_FOR_PATTERN:
        return None
    if len(ordered) > 1 and ordered[1][1] == ordered[0][1]:
        return None
    return ordered[0]


def scale_of(prompts: Prompts | None, kind: str, question_id: str) -> tuple[int, int]:
    """A scale's own (min, max) from the person's prompts.yaml; 1-5 when it is not there."""
    question = None
    if prompts is not None and kind in prompts.questionnaires:
        question = prompts[kind].get(question_id)
    if question is None or question.kind != "scale":
        return DEFAULT_SCALE
    return question.min, question.max


def _low_end(prompts: Prompts | None, kind: str, question_id: str) -> int:
    """The lowest two points of the question's own scale count as running low."""
    return scale_of(prompts, kind, question_id)[0] + 1


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _in_order(counter: Counter, order: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """Counts in their natural order (morning first, Monday first): a tie picks no winner."""
    return tuple((name, counter[name]) for name in order if counter[name])


def _noticed(day: DayLine) -> bool:
    return day.serve_noticed is True or day.serve_return not in (None, "none")


def _moves(lines: tuple[RuptureLine, ...]) -> tuple[MoveLine, ...]:
    counted = _ranked(Counter(m for line in lines for m in line.moves))
    return tuple(
        MoveLine(
            move=move,
            count=n,
            connected=tuple(
                line.connected_after
                for line in lines
                if move in line.moves and _is_number(line.connected_after)
            ),
        )
        for move, n in counted
    )


def _comparison(
    days: tuple[DayLine, ...],
    ruptures: list[EntryRecord],
    prompts: Prompts | None,
    day_start: time,
) -> Comparison:
    same_scale = scale_of(prompts, "rupture", "resourced_then") == scale_of(
        prompts, "reflect", "resourced"
    )
    by_day: dict[date, list[float]] = {}
    for r in ruptures:
        value = r.answer("resourced_then")
        if same_scale and _is_number(value):
            by_day.setdefault(_local_day(r.at, day_start), []).append(value)
    rupture_days = {_local_day(r.at, day_start) for r in ruptures}
    with_rupture: list[float] = []
    without: list[float] = []
    just_before = 0
    for d in days:
        if d.day in rupture_days:
            if d.day in by_day:
                with_rupture.append(_mean(by_day[d.day]))  # type: ignore[arg-type]
                just_before += 1
            elif d.resourced is not None:
                with_rupture.append(d.resourced)
        elif d.resourced is not None:
            without.append(d.resourced)
    return Comparison(
        rupture_days_mean=_mean(with_rupture),
        rupture_days=len(with_rupture),
        other_days_mean=_mean(without),
        other_days=len(without),
        from_just_before=just_before,
    )


def period_counts(
    checkins: list[EntryRecord],
    ruptures: list[EntryRecord],
    repairs: dict[int, EntryRecord],
    day_start: time = time(0),
) -> Counts:
    repaired = [r for r in ruptures if r.id in repairs]
    not_needed = [r for r in ruptures if r.id not in repairs and r.no_repair_needed]
    minutes = [_minutes(r.at, repairs[r.id].at) for r in repaired]
    # A rupture marked "no repair needed" is neither open nor a missed repair.
    needing = len(ruptures) - len(not_needed)
    return Counts(
        checkin_days=len({_local_day(c.at, day_start) for c in checkins}),
        rupture_count=len(ruptures),
        repair_count=len(repaired),
        open_rupture_count=needing - len(repaired),
        no_repair_needed_count=len(not_needed),
        repair_rate=rate(len(repaired), needing),
        median_minutes_to_repair=median(minutes),
    )


def _rupture_line(rupture: EntryRecord, repair: EntryRecord | None) -> RuptureLine:
    if repair is not None:
        status = "repaired"
    elif rupture.no_repair_needed:
        status = "no_repair_needed"
    else:
        status = "open"
    intensity = rupture.answer("intensity")
    return RuptureLine(
        id=rupture.id,
        at=rupture.at,
        who=rupture.person,
        intensity=intensity if isinstance(intensity, int) else None,
        context=tuple(rupture.answer("context", []) or []),
        what=rupture.answer("what"),
        status=status,
        repair_id=repair.id if repair else None,
        repaired_at=repair.at if repair else None,
        minutes_to_repair=_minutes(rupture.at, repair.at) if repair else None,
        moves=tuple(repair.answer("moves", []) or []) if repair else (),
        connected_after=repair.answer("connected") if repair else None,
        resourced_then=then if _is_number(then := rupture.answer("resourced_then")) else None,
    )


def _day_line(
    day: date, checkins: list[EntryRecord], ruptures: list[EntryRecord], day_start: time
) -> DayLine:
    todays = [c for c in checkins if _local_day(c.at, day_start) == day]
    resourced = [c.answer("resourced") for c in todays if _is_number(c.answer("resourced"))]
    mood = [c.answer("mood") for c in todays if _is_number(c.answer("mood"))]
    serve = [c.answer("serve_return") for c in todays if c.answer("serve_return") is not None]
    noticed = [
        c.answer("serve_noticed") for c in todays if isinstance(c.answer("serve_noticed"), bool)
    ]
    return DayLine(
        day=day,
        checkins=len(todays),
        resourced=_mean(resourced),
        mood=_mean(mood),
        serve_return=serve[-1] if serve else None,  # the day's latest check-in says it best
        ruptures=sum(1 for r in ruptures if _local_day(r.at, day_start) == day),
        serve_noticed=any(noticed) if noticed else None,
    )
