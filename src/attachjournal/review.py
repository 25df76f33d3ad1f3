"""The weekly review: records of a period in, descriptive statistics out. Pure; time is passed in.

Every figure keeps the count behind it. Words are "tended to go together", never "caused".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from attachjournal.errors import UsageError
from attachjournal.stats import WEEKDAYS, median, rate
from attachjournal.stats import local_day as _local_day
from attachjournal.stats import local_midnight as _local_midnight
from attachjournal.stats import mean as _mean
from attachjournal.stats import minutes_between as _minutes
from attachjournal.stats import ranked as _ranked
from attachjournal.stats import time_of_day as _time_of_day

if TYPE_CHECKING:
    from attachjournal.prompts import Prompts
    from attachjournal.store import EntryRecord, Journal

# Comparing resourced on rupture days with other days needs at least this many days on each side.
MIN_DAYS_TO_COMPARE = 2
LOW_RESOURCED = 2  # resourced_then at or below this counts as "running low"
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    start: date  # inclusive, local journal day
    end: date  # inclusive, local journal day
    # Where one journal day ends and the next begins (the person's `day_starts_at`, passed in
    # by the command). Days, and so weeks, run from it: a Sunday 00:30 check-in belongs to
    # Saturday and so to the week it closes. time(0) means plain calendar days.
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
    from attachjournal.when import parse_day

    if week and (since or until):
        raise UsageError("Use either --week or --since/--until, not both.")
    if week:
        match = _WEEK.match(week.strip())
        if not match:
            raise UsageError(f"--week takes an ISO week like 2026-W47 (got {week[:20]!r}).")
        try:
            start = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            raise UsageError(f"{week} is not a week of that year.") from None
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

    @classmethod
    def empty(cls) -> ReviewData:
        return cls()


def load(journal: Journal, period: Period) -> ReviewData:
    """One range query for both weeks, one for their repairs (no query per entry)."""
    from attachjournal import store

    start, _ = period.previous().bounds()
    _, end = period.bounds()
    with journal.read() as conn:
        entries = store.entries_between(conn, start, end, kinds=["reflect", "rupture"])
        ruptures = [e for e in entries if e.kind == "rupture"]
        repairs = store.repairs_for(conn, [r.id for r in ruptures])
    return ReviewData(
        checkins=tuple(e for e in entries if e.kind == "reflect"),
        ruptures=tuple(ruptures),
        repairs=repairs,
    )


# ----------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class DayLine:
    day: date
    checkins: int
    resourced: float | None
    mood: float | None
    serve_return: str | None
    ruptures: int


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
    """Mean resourced on days with a rupture vs days without, with the number of days behind each."""

    rupture_days_mean: float | None
    rupture_days: int
    other_days_mean: float | None
    other_days: int

    @property
    def enough(self) -> bool:
        return self.rupture_days >= MIN_DAYS_TO_COMPARE and self.other_days >= MIN_DAYS_TO_COMPARE


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
    moves: tuple[tuple[str, int], ...]
    serve_return_days: int
    questions: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self.checkin_count == 0 and self.counts.rupture_count == 0


def summarize(
    period: Period, data: ReviewData, *, now: datetime, prompts: Prompts | None = None
) -> WeeklyReview:
    start, end = period.bounds()
    checkins = [e for e in data.checkins if start <= e.at < end]
    ruptures = [e for e in data.ruptures if start <= e.at < end]
    prev_start, _ = period.previous().bounds()
    prev_checkins = [e for e in data.checkins if prev_start <= e.at < start]
    prev_ruptures = [e for e in data.ruptures if prev_start <= e.at < start]

    lines = tuple(_rupture_line(r, data.repairs.get(r.id)) for r in ruptures)
    days = tuple(_day_line(day, checkins, ruptures, period.day_start) for day in period.days)
    day_start = period.day_start
    rupture_days = {_local_day(r.at, day_start) for r in ruptures}
    resourced_days = [d for d in days if d.resourced is not None]
    with_rupture = [d.resourced for d in resourced_days if d.day in rupture_days]
    without = [d.resourced for d in resourced_days if d.day not in rupture_days]
    resourced_then = [r.answer("resourced_then") for r in ruptures]
    resourced_then = [v for v in resourced_then if isinstance(v, int)]

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
        time_of_day=_ranked(Counter(_time_of_day(r.at) for r in ruptures)),
        weekdays=_ranked(
            Counter(WEEKDAYS[_local_day(r.at, day_start).weekday()] for r in ruptures)
        ),
        older_echoes=sum(1 for r in ruptures if r.answer("older_echo") is True),
        checkin_echoes=sum(1 for c in checkins if c.answer("echo") is True),
        low_resourced_ruptures=sum(1 for v in resourced_then if v <= LOW_RESOURCED),
        resourced_then_answered=len(resourced_then),
        resourced_comparison=Comparison(
            rupture_days_mean=_mean(with_rupture),
            rupture_days=len(with_rupture),
            other_days_mean=_mean(without),
            other_days=len(without),
        ),
        moves=_ranked(Counter(m for line in lines for m in line.moves)),
        serve_return_days=sum(1 for d in days if d.serve_return not in (None, "none")),
    )
    if prompts is not None:
        review = _with_questions(review, prompts)
    return review


def closing_questions(review: WeeklyReview, prompts: Prompts, limit: int = 4) -> tuple[str, ...]:
    """Three or four questions that fit the week, in the order prompts.yaml lists them."""
    fits = {
        "always": True,
        "ruptures": review.counts.rupture_count > 0,
        "open_ruptures": review.counts.open_rupture_count > 0,
        "no_ruptures": review.counts.rupture_count == 0,
        "few_checkins": review.counts.checkin_days < 4,
        "echoes": review.older_echoes + review.checkin_echoes > 0,
    }
    return tuple(q.text for q in prompts.review_questions if fits.get(q.when))[:limit]


def _with_questions(review: WeeklyReview, prompts: Prompts) -> WeeklyReview:
    from dataclasses import replace

    return replace(review, questions=closing_questions(review, prompts))


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
    )


def _day_line(
    day: date, checkins: list[EntryRecord], ruptures: list[EntryRecord], day_start: time
) -> DayLine:
    todays = [c for c in checkins if _local_day(c.at, day_start) == day]
    resourced = [c.answer("resourced") for c in todays if isinstance(c.answer("resourced"), int)]
    mood = [c.answer("mood") for c in todays if isinstance(c.answer("mood"), int)]
    serve = [c.answer("serve_return") for c in todays if c.answer("serve_return") is not None]
    return DayLine(
        day=day,
        checkins=len(todays),
        resourced=_mean(resourced),
        mood=_mean(mood),
        serve_return=serve[-1] if serve else None,  # the day's latest check-in says it best
        ruptures=sum(1 for r in ruptures if _local_day(r.at, day_start) == day),
    )


# ----------------------------------------------------------------------------- JSON


def to_json(review: WeeklyReview) -> dict[str, Any]:
    counts = review.counts
    return {
        "period": {"start": review.period.start.isoformat(), "end": review.period.end.isoformat()},
        "checkin_days": counts.checkin_days,
        "checkin_count": review.checkin_count,
        "rupture_count": counts.rupture_count,
        "repair_count": counts.repair_count,
        "open_rupture_count": counts.open_rupture_count,
        "no_repair_needed_count": counts.no_repair_needed_count,
        "repair_rate": counts.repair_rate,
        "median_minutes_to_repair": counts.median_minutes_to_repair,
        "ruptures": [
            {
                "id": r.id,
                "at": r.at.isoformat(),
                "who": r.who,
                "intensity": r.intensity,
                "context": list(r.context),
                "status": r.status,
                "repair_id": r.repair_id,
                "repaired_at": r.repaired_at.isoformat() if r.repaired_at else None,
                "minutes_to_repair": r.minutes_to_repair,
                "moves": list(r.moves),
                "connected_after": r.connected_after,
            }
            for r in review.ruptures
        ],
        "ruptures_by_person": dict(review.ruptures_by_person),
        "contexts": dict(review.contexts),
        "time_of_day": dict(review.time_of_day),
        "weekdays": dict(review.weekdays),
        "older_echoes": review.older_echoes,
        "checkin_echoes": review.checkin_echoes,
        "low_resourced_ruptures": review.low_resourced_ruptures,
        "resourced_by_day": {d.day.isoformat(): d.resourced for d in review.days},
        "mood_by_day": {d.day.isoformat(): d.mood for d in review.days},
        "serve_return_by_day": {d.day.isoformat(): d.serve_return for d in review.days},
        "resourced_rupture_days_vs_other_days": {
            "rupture_days_mean": review.resourced_comparison.rupture_days_mean,
            "rupture_days": review.resourced_comparison.rupture_days,
            "other_days_mean": review.resourced_comparison.other_days_mean,
            "other_days": review.resourced_comparison.other_days,
            "enough_to_compare": review.resourced_comparison.enough,
        },
        "moves": dict(review.moves),
        "previous": {
            "period": {
                "start": review.period.previous().start.isoformat(),
                "end": review.period.previous().end.isoformat(),
            },
            **counts_json(review.previous),
        },
        "questions": list(review.questions),
    }


def counts_json(counts: Counts) -> dict[str, Any]:
    return {
        "checkin_days": counts.checkin_days,
        "rupture_count": counts.rupture_count,
        "repair_count": counts.repair_count,
        "open_rupture_count": counts.open_rupture_count,
        "no_repair_needed_count": counts.no_repair_needed_count,
        "repair_rate": counts.repair_rate,
        "median_minutes_to_repair": counts.median_minutes_to_repair,
    }
