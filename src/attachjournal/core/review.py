"""The weekly review: records of a period in, descriptive statistics out. Pure; time is passed in.

Every figure keeps the count behind it. Words are "tended to go together", never "caused".
Only days that could have been written count: none before the journal's first entry, none
after today.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

# The period and the frozen results live in their own modules; callers may name them here too.
from attachjournal.core.period import Period as Period
from attachjournal.core.prompts import scale_of as scale_of
from attachjournal.core.review_results import MIN_DAYS_TO_COMPARE as MIN_DAYS_TO_COMPARE
from attachjournal.core.review_results import Comparison as Comparison
from attachjournal.core.review_results import Counts as Counts
from attachjournal.core.review_results import DayLine as DayLine
from attachjournal.core.review_results import MoveLine as MoveLine
from attachjournal.core.review_results import RuptureLine as RuptureLine
from attachjournal.core.review_results import WeeklyReview as WeeklyReview
from attachjournal.core.stats import WEEKDAYS, median, rate
from attachjournal.core.stats import local_day as _local_day
from attachjournal.core.stats import mean as _mean
from attachjournal.core.stats import minutes_between as _minutes
from attachjournal.core.stats import ranked as _ranked
from attachjournal.core.stats import time_of_day as _time_of_day
from attachjournal.errors import UsageError

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts
    from attachjournal.core.reading import EntriesReader
    from attachjournal.core.records import EntryRecord

# "Most often" and "what tended to go together" need at least this many ruptures behind them.
MIN_FOR_PATTERN = 3
TIME_ORDER = ("morning", "afternoon", "evening", "night")


def choose_period(
    today: date,
    *,
    week: str | None = None,
    since: str | None = None,
    until: str | None = None,
    day_start: time = time(0),
) -> Period:
    """--week, or --since/--until, or the last 7 days ending today (today's journal day)."""
    if week and (since or until):
        raise UsageError("Use either --week or --since/--until, not both.")
    if week:
        from attachjournal.core.weeks import read_week

        named = read_week(week, today)
        return Period(named.start, named.end, day_start)
    end, start = today, today - timedelta(days=6)
    if since or until:  # read only when given: the weekly review never needs the time words
        from attachjournal.core.when import parse_day

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


def about(data: ReviewData, person_id: int) -> ReviewData:
    """The review's data about one person: ruptures with them and their repairs. Check-ins
    name nobody (they are about the writer), so they all stay, as the week's context."""
    ruptures = tuple(r for r in data.ruptures if r.person_id == person_id)
    kept = {r.id for r in ruptures}
    return replace(
        data,
        ruptures=ruptures,
        repairs={rid: repair for rid, repair in data.repairs.items() if rid in kept},
    )


def shared_only(data: ReviewData) -> ReviewData:
    """What the household shares (review --together): shared ruptures, each with its repair
    when that is shared too. Check-ins are never shared, so none are here; nor is anything
    private, the reader's own included."""
    ruptures = tuple(r for r in data.ruptures if r.shared)
    kept = {r.id for r in ruptures}
    repairs = {i: repair for i, repair in data.repairs.items() if i in kept and repair.shared}
    return replace(data, checkins=(), ruptures=ruptures, repairs=repairs)


# ----------------------------------------------------------------------------- summary


def summarize(
    period: Period,
    data: ReviewData,
    *,
    now: datetime,
    prompts: Prompts | None = None,
    who: str | None = None,
) -> WeeklyReview:
    """who: the person the ruptures were narrowed to (`about`), named in the heading."""
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
        who=who,
    )
    review = review._replace(shown=shown_back(review, checkins, ruptures, data, prompts))
    if prompts is not None:
        from attachjournal.core.review_shown import closing_questions

        review = review._replace(questions=closing_questions(review, prompts, data.roles))
    return review


def most_often(counts: tuple[tuple[str, int], ...]) -> tuple[str, int] | None:
    """The one value with a clear lead and at least 3 behind it; None on a tie or too few."""
    ordered = sorted(counts, key=lambda kv: -kv[1])
    if not ordered or ordered[0][1] < MIN_FOR_PATTERN:
        return None
    if len(ordered) > 1 and ordered[1][1] == ordered[0][1]:
        return None
    return ordered[0]


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
                if move in line.moves
                and line.connected_after is not None
                and _is_number(line.connected_after)
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
        author=rupture.author,
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
