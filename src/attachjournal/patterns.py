"""Patterns over months: records of a long period in, descriptive figures out. Pure; time passed in.

The weekly review answers "how was this week"; this answers "how has the longer arc looked":
repair rate and time to repair week by week, who the ruptures were with, which contexts came
up and how that changed, when in the week they clustered, how resourced I was on the days
they happened, which repair moves went with feeling connected afterwards, serve-and-return,
and the echoes of my own upbringing I noticed. Every figure carries the count behind it; the
words stay descriptive ("went together"), never causal.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from attachjournal.errors import UsageError
from attachjournal.review import Counts, Period, counts_json, period_counts
from attachjournal.stats import (
    TIME_OF_DAY,
    WEEKDAYS,
    local_day,
    mean,
    ranked,
    time_of_day,
)

if TYPE_CHECKING:
    from attachjournal.store import EntryRecord, Journal

DEFAULT_WEEKS = 12
# Longer than this, week-by-week rows become months so the trend stays readable.
MAX_WEEKLY_DAYS = 26 * 7
# Below this many items a figure is shown with a plain "too few to mean much" note.
FEW = 5
LEVELS = (1, 2, 3, 4, 5)
# Only the answers patterns look at are read: over ten years that keeps loading lean.
QUESTION_IDS = (
    "resourced",
    "serve_return",
    "echo",
    "echo_note",
    "context",
    "older_echo",
    "older_echo_note",
    "moves",
    "connected",
)


def choose_period(
    today: date,
    *,
    since: str | None = None,
    until: str | None = None,
    first_day: date | None = None,
    day_start: time = time(0),
) -> Period:
    """--since/--until, or the last 12 weeks ending today; `--since all` starts at the first entry."""
    from attachjournal.when import parse_day

    end = parse_day(until, today) if until else today
    if since and since.strip().lower() == "all":
        start = min(first_day or end, end)
    elif since:
        start = parse_day(since, today)
    else:
        start = end - timedelta(days=DEFAULT_WEEKS * 7 - 1)
    if start > end:
        raise UsageError("--since is after --until; the period would be empty.")
    return Period(start, end, day_start)


# ----------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class PatternsData:
    checkins: tuple[EntryRecord, ...] = ()
    ruptures: tuple[EntryRecord, ...] = ()
    repairs: dict[int, EntryRecord] = field(default_factory=dict)  # rupture id -> its repair
    who: str | None = None


def load(journal: Journal, period: Period, who: str | None = None) -> PatternsData:
    """One range query (plus the answers it needs) and one for the repairs; no query per entry."""
    from attachjournal import store

    start, end = period.bounds()
    with journal.read() as conn:
        person = store.find_person(conn, who) if who else None
        entries = store.entries_between(
            conn, start, end, kinds=["reflect", "rupture"], question_ids=QUESTION_IDS
        )
        ruptures = [
            e
            for e in entries
            if e.kind == "rupture" and (person is None or e.person_id == person.id)
        ]
        repairs = store.repairs_for(conn, [r.id for r in ruptures], question_ids=QUESTION_IDS)
    return PatternsData(
        checkins=tuple(e for e in entries if e.kind == "reflect"),
        ruptures=tuple(ruptures),
        repairs=repairs,
        who=person.name if person else None,
    )


def first_day(journal: Journal, day_start: time = time(0)) -> date | None:
    from attachjournal import store

    with journal.read() as conn:
        first = store.first_entry_at(conn)
    return local_day(first, day_start) if first else None


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Bucket:
    """One week (or month, over long periods) of the trend."""

    start: date
    end: date
    label: str
    counts: Counts
    by_person: tuple[tuple[str, int], ...]
    serve_return_days: int  # days I noticed at least one serve-and-return moment
    serve_return_answered: int  # days I answered the question at all


@dataclass(frozen=True)
class ContextChange:
    value: str
    total: int
    first_half: int
    second_half: int


@dataclass(frozen=True)
class LevelLine:
    """Check-in days at one resourced level, and the ruptures on those days."""

    level: int
    days: int
    ruptures: int

    @property
    def per_day(self) -> float | None:
        return round(self.ruptures / self.days, 2) if self.days else None


@dataclass(frozen=True)
class MoveLine:
    """A repair move and how connected I felt afterwards when I used it."""

    move: str
    n: int  # repairs with this move and a 'connected' answer
    mean_connected: float | None


@dataclass(frozen=True)
class EchoNote:
    day: date
    source: str  # "check-in" | "rupture"
    text: str


@dataclass(frozen=True)
class CalendarDay:
    day: date
    checkins: int
    level: int | None  # the day's resourced level (mean of its check-ins, rounded)


@dataclass(frozen=True)
class Patterns:
    period: Period
    generated_at: datetime
    who: str | None
    unit: str  # "week" | "month"
    counts: Counts
    checkin_count: int
    buckets: tuple[Bucket, ...]
    years: tuple[Bucket, ...]  # year by year, for periods long enough to go month by month
    halves: tuple[Period, Period]
    half_counts: tuple[Counts, Counts]
    ruptures_by_person: tuple[tuple[str, int], ...]
    contexts: tuple[ContextChange, ...]
    context_ruptures: tuple[int, int]  # ruptures in each half (the base for context counts)
    grid: tuple[tuple[int, ...], ...]  # TIME_OF_DAY rows x WEEKDAYS columns
    levels: tuple[LevelLine, ...]
    moves: tuple[MoveLine, ...]
    serve_return_days: int
    serve_return_answered: int
    checkin_echoes: int
    older_echoes: int
    echo_notes: tuple[EchoNote, ...]
    calendar: tuple[CalendarDay, ...]

    @property
    def is_empty(self) -> bool:
        return self.checkin_count == 0 and self.counts.rupture_count == 0

    @property
    def grid_rows(self) -> tuple[str, ...]:
        return tuple(name for name, _, _ in TIME_OF_DAY)


# ----------------------------------------------------------------------------- summary


def summarize(period: Period, data: PatternsData, *, now: datetime) -> Patterns:
    start, end = period.bounds()
    checkins = [c for c in data.checkins if start <= c.at < end]
    ruptures = [r for r in data.ruptures if start <= r.at < end]
    repairs = data.repairs
    # Local days once per entry: over ten years this is the hot loop.
    checkin_day = {c.id: local_day(c.at, period.day_start) for c in checkins}
    rupture_day = {r.id: local_day(r.at, period.day_start) for r in ruptures}

    levels_by_day: dict[date, list[int]] = defaultdict(list)
    checkins_by_day: Counter[date] = Counter()
    serve_by_day: dict[date, Any] = {}
    for c in checkins:
        day = checkin_day[c.id]
        checkins_by_day[day] += 1
        value = c.answer("resourced")
        if isinstance(value, int):
            levels_by_day[day].append(value)
        serve = c.answer("serve_return")
        if serve is not None:
            serve_by_day[day] = serve  # the day's latest check-in says it best
    day_level = {day: _level(values) for day, values in levels_by_day.items()}

    unit = "week" if period.length <= MAX_WEEKLY_DAYS else "month"
    buckets = tuple(
        _bucket(p, label, checkins, ruptures, repairs, checkin_day, rupture_day, serve_by_day)
        for p, label in _split(period, unit)
    )

    years = ()
    if unit == "month":
        years = tuple(
            _bucket(p, label, checkins, ruptures, repairs, checkin_day, rupture_day, serve_by_day)
            for p, label in _split(period, "year")
        )

    first, second = _halves(period)
    first_end = first.bounds()[1]
    halves_ruptures = (
        [r for r in ruptures if r.at < first_end],
        [r for r in ruptures if r.at >= first_end],
    )
    half_counts = (
        period_counts(
            [c for c in checkins if c.at < first_end], halves_ruptures[0], repairs, period.day_start
        ),
        period_counts(
            [c for c in checkins if c.at >= first_end],
            halves_ruptures[1],
            repairs,
            period.day_start,
        ),
    )

    grid = [[0] * 7 for _ in TIME_OF_DAY]
    row_of = {name: i for i, (name, _, _) in enumerate(TIME_OF_DAY)}
    for r in ruptures:
        grid[row_of[time_of_day(r.at)]][rupture_day[r.id].weekday()] += 1

    ruptures_on: Counter[date] = Counter(rupture_day.values())
    levels = tuple(
        LevelLine(
            level=level,
            days=sum(1 for lv in day_level.values() if lv == level),
            ruptures=sum(ruptures_on[d] for d, lv in day_level.items() if lv == level),
        )
        for level in LEVELS
    )

    connected_by_move: dict[str, list[int]] = defaultdict(list)
    for r in ruptures:
        repair = repairs.get(r.id)
        if repair is None:
            continue
        connected = repair.answer("connected")
        for move in repair.answer("moves", []) or []:
            if isinstance(connected, int):
                connected_by_move[move].append(connected)
    moves = tuple(
        sorted(
            (MoveLine(m, len(v), mean(v)) for m, v in connected_by_move.items()),
            key=lambda line: (-(line.mean_connected or 0), -line.n, line.move),
        )
    )

    notes: list[EchoNote] = []
    for c in checkins:
        if c.answer("echo") is True and c.answer("echo_note"):
            notes.append(EchoNote(checkin_day[c.id], "check-in", str(c.answer("echo_note"))))
    for r in ruptures:
        if r.answer("older_echo") is True and r.answer("older_echo_note"):
            notes.append(EchoNote(rupture_day[r.id], "rupture", str(r.answer("older_echo_note"))))
    notes.sort(key=lambda n: n.day)

    return Patterns(
        period=period,
        generated_at=now,
        who=data.who,
        unit=unit,
        counts=period_counts(checkins, ruptures, repairs, period.day_start),
        checkin_count=len(checkins),
        buckets=buckets,
        years=years,
        halves=(first, second),
        half_counts=half_counts,
        ruptures_by_person=ranked(Counter(r.person or "someone" for r in ruptures)),
        contexts=_contexts(ruptures, halves_ruptures),
        context_ruptures=(len(halves_ruptures[0]), len(halves_ruptures[1])),
        grid=tuple(tuple(row) for row in grid),
        levels=levels,
        moves=moves,
        serve_return_days=sum(1 for v in serve_by_day.values() if v != "none"),
        serve_return_answered=len(serve_by_day),
        checkin_echoes=sum(1 for c in checkins if c.answer("echo") is True),
        older_echoes=sum(1 for r in ruptures if r.answer("older_echo") is True),
        echo_notes=tuple(notes),
        calendar=tuple(
            CalendarDay(day, checkins_by_day.get(day, 0), day_level.get(day)) for day in period.days
        ),
    )


def _level(values: list[int]) -> int:
    """The day's resourced level: the mean of its check-ins, halves rounded up (2.5 -> 3)."""
    return int(sum(values) / len(values) + 0.5)


def _split(period: Period, unit: str) -> list[tuple[Period, str]]:
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


def _halves(period: Period) -> tuple[Period, Period]:
    """First and second half by days; with an odd length the second half is a day longer."""
    if period.length < 2:
        return period, period
    middle = period.start + timedelta(days=period.length // 2)
    return (
        Period(period.start, middle - timedelta(days=1), period.day_start),
        Period(middle, period.end, period.day_start),
    )


def _bucket(
    period: Period,
    label: str,
    checkins: list[EntryRecord],
    ruptures: list[EntryRecord],
    repairs: dict[int, EntryRecord],
    checkin_day: dict[int, date],
    rupture_day: dict[int, date],
    serve_by_day: dict[date, Any],
) -> Bucket:
    first, last = period.start, period.end
    mine = [r for r in ruptures if first <= rupture_day[r.id] <= last]
    serve = [v for d, v in serve_by_day.items() if first <= d <= last]
    return Bucket(
        start=first,
        end=last,
        label=label,
        counts=period_counts(
            [c for c in checkins if first <= checkin_day[c.id] <= last],
            mine,
            repairs,
            period.day_start,
        ),
        by_person=ranked(Counter(r.person or "someone" for r in mine)),
        serve_return_days=sum(1 for v in serve if v != "none"),
        serve_return_answered=len(serve),
    )


def _contexts(
    ruptures: list[EntryRecord], halves: tuple[list[EntryRecord], list[EntryRecord]]
) -> tuple[ContextChange, ...]:
    def count(items: list[EntryRecord]) -> Counter[str]:
        return Counter(c for r in items for c in r.answer("context", []) or [])

    total, first, second = count(ruptures), count(halves[0]), count(halves[1])
    return tuple(ContextChange(v, n, first[v], second[v]) for v, n in ranked(total))


# ----------------------------------------------------------------------------- JSON


def to_json(p: Patterns) -> dict[str, Any]:
    def period_json(period: Period) -> dict[str, str]:
        return {"start": period.start.isoformat(), "end": period.end.isoformat()}

    return {
        "period": period_json(p.period),
        "who": p.who,
        "unit": p.unit,
        "checkin_count": p.checkin_count,
        **counts_json(p.counts),
        "buckets": [
            {
                "label": b.label,
                "start": b.start.isoformat(),
                "end": b.end.isoformat(),
                **counts_json(b.counts),
                "ruptures_by_person": dict(b.by_person),
                "serve_return_days": b.serve_return_days,
                "serve_return_answered": b.serve_return_answered,
            }
            for b in p.buckets
        ],
        "years": [
            {"label": y.label, **counts_json(y.counts), "ruptures_by_person": dict(y.by_person)}
            for y in p.years
        ],
        "halves": [
            {"period": period_json(half), **counts_json(counts)}
            for half, counts in zip(p.halves, p.half_counts, strict=True)
        ],
        "ruptures_by_person": dict(p.ruptures_by_person),
        "contexts": [
            {
                "value": c.value,
                "total": c.total,
                "first_half": c.first_half,
                "second_half": c.second_half,
            }
            for c in p.contexts
        ],
        "time_of_day_by_weekday": {
            name: dict(zip(WEEKDAYS, row, strict=True))
            for name, row in zip(p.grid_rows, p.grid, strict=True)
        },
        "resourced_levels": [
            {
                "level": lv.level,
                "checkin_days": lv.days,
                "ruptures": lv.ruptures,
                "ruptures_per_day": lv.per_day,
            }
            for lv in p.levels
        ],
        "repair_moves_connected": [
            {"move": m.move, "n": m.n, "mean_connected": m.mean_connected} for m in p.moves
        ],
        "serve_return_days": p.serve_return_days,
        "serve_return_answered": p.serve_return_answered,
        "checkin_echoes": p.checkin_echoes,
        "older_echoes": p.older_echoes,
        "echo_notes": [
            {"day": n.day.isoformat(), "source": n.source, "text": n.text} for n in p.echo_notes
        ],
        "calendar": {
            d.day.isoformat(): {"checkins": d.checkins, "resourced": d.level} for d in p.calendar
        },
    }
