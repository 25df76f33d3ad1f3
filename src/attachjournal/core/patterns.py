"""Patterns over months: records of a long period in, descriptive figures out. Pure; time passed in.

The weekly review answers "how was this week"; this answers "how has the longer arc looked":
repair rate and time to repair week by week, who the ruptures were with, which contexts came
up and how that changed, when in the week they clustered, how resourced I was on the days
they happened, which repair moves went with feeling connected afterwards, serve-and-return,
and the echoes of my own upbringing I noticed. Every figure carries the count behind it; the
words stay descriptive ("went together"), never causal.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import chain
from typing import TYPE_CHECKING, Any, NamedTuple

from attachjournal.core.intention import over_period
from attachjournal.core.patterns_parts import (
    answers_by_entry,
    bands,
    changes,
    choice_counts,
    comparison,
    moves,
    multi,
    yes_count,
)
from attachjournal.core.patterns_period import DEFAULT_WEEKS as DEFAULT_WEEKS
from attachjournal.core.patterns_period import choose_period as choose_period
from attachjournal.core.patterns_period import halves, split
from attachjournal.core.patterns_results import Bucket, CalendarDay, EchoNote, LevelLine, Patterns
from attachjournal.core.review import Counts, Period, period_counts
from attachjournal.core.stats import (
    TIME_OF_DAY,
    local_day,
    ranked,
    time_of_day,
)
from attachjournal.core.vocabulary import DEFAULT_SCALE

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts
    from attachjournal.core.reading import EntriesReader
    from attachjournal.core.records import EntryRecord

# Longer than this, week-by-week rows become months so the trend stays readable.
MAX_WEEKLY_DAYS = 26 * 7
# Below this many items a figure is shown with a plain "too few to mean much" note.
FEW = 5
# Only the answers patterns look at are read: over ten years that keeps loading lean.
QUESTION_IDS = (
    "resourced",
    "refill",
    "drain",
    "serve_return",
    "serve_noticed",
    "serve_steps",
    "echo",
    "echo_note",
    "echo_about",
    "echo_keep",
    "context",
    "older_echo",
    "older_echo_note",
    "resourced_then",
    "moves",
    "connected",
    "settled_by",
    "calmed_first",
    # The weekly intentions, listed with how each went.
    "when",
    "will",
    "how_it_went",
    "went_note",
    "next",
)


# ----------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class PatternsData:
    """What `load` reads for patterns: the period's check-ins, its ruptures and intentions (with
    `who` only, when given) and the ruptures' repairs."""

    checkins: tuple[EntryRecord, ...] = ()
    ruptures: tuple[EntryRecord, ...] = ()
    repairs: dict[int, EntryRecord] = field(default_factory=dict)  # rupture id -> its repair
    who: str | None = None
    intentions: tuple[EntryRecord, ...] = ()


def load(reader: EntriesReader, period: Period, who: str | None = None) -> PatternsData:
    """One range query (plus the answers it needs) and one for the repairs; no query per entry."""

    start, end = period.bounds()
    person = reader.find_person(who) if who else None
    entries = reader.entries_between(
        start, end, kinds=["reflect", "rupture", "intention"], question_ids=QUESTION_IDS
    )
    ruptures = [
        e for e in entries if e.kind == "rupture" and (person is None or e.person_id == person.id)
    ]
    repairs = reader.repairs_for([r.id for r in ruptures], question_ids=QUESTION_IDS)
    return PatternsData(
        checkins=tuple(e for e in entries if e.kind == "reflect"),
        ruptures=tuple(ruptures),
        repairs=repairs,
        who=person.name if person else None,
        intentions=tuple(
            e
            for e in entries
            if e.kind == "intention" and (person is None or e.person_id == person.id)
        ),
    )


def resourced_scale(prompts: Prompts) -> tuple[int, int]:
    """The ends of the check-in's resourced scale in the person's prompts (1-5 by default)."""
    questionnaire = prompts.questionnaires.get("reflect")
    question = questionnaire.get("resourced") if questionnaire else None
    if question is None or question.kind != "scale":
        return DEFAULT_SCALE
    return (question.min, question.max)


def first_day(reader: EntriesReader, day_start: time = time(0)) -> date | None:
    """The journal day of the first entry, or None for an empty journal."""
    first = reader.first_entry_at()
    return local_day(first, day_start) if first else None


# ----------------------------------------------------------------------------- summary


def summarize(
    period: Period,
    data: PatternsData,
    *,
    now: datetime,
    scale: tuple[int, int] = (1, 5),
    first_day: date | None = None,
) -> Patterns:
    """scale: the ends of the resourced question in the person's prompts (1-5 unless changed)."""
    start, end = period.bounds()
    # In time order (the store gives them so; sorting sorted lists is nearly free).
    checkins = sorted((c for c in data.checkins if start <= c.at < end), key=_at)
    ruptures = sorted((r for r in data.ruptures if start <= r.at < end), key=_at)
    repairs = data.repairs
    # Local days once per entry: over ten years this is the hot loop.
    checkin_day = {c.id: local_day(c.at, period.day_start) for c in checkins}
    rupture_day = {r.id: local_day(r.at, period.day_start) for r in ruptures}

    a = answers_by_entry(chain(checkins, ruptures, repairs.values()))
    levels_by_day: dict[date, list[int]] = defaultdict(list)
    checkins_by_day: Counter[date] = Counter()
    serve_by_day: dict[date, bool] = {}
    for c in checkins:
        day = checkin_day[c.id]
        checkins_by_day[day] += 1
        answers = a[c.id]
        value = answers.get("resourced")
        if isinstance(value, int) and not isinstance(value, bool):
            levels_by_day[day].append(value)
        noticed = _serve_noticed(answers)
        if noticed is not None:
            serve_by_day[day] = noticed  # the day's latest check-in says it best
    day_level = {day: _level(values) for day, values in levels_by_day.items()}

    unit = "week" if period.length <= MAX_WEEKLY_DAYS else "month"
    serve_days = sorted(serve_by_day)
    ix = _Sorted(
        checkins,
        [checkin_day[c.id] for c in checkins],
        ruptures,
        [rupture_day[r.id] for r in ruptures],
        serve_days,
        [serve_by_day[d] for d in serve_days],
        checkin_day,
        sorted(
            [checkin_day[c.id] for c in checkins if a[c.id].get("echo") is True]
            + [rupture_day[r.id] for r in ruptures if a[r.id].get("older_echo") is True]
        ),
    )
    buckets = tuple(_bucket(p, label, ix, repairs) for p, label in split(period, unit))
    years: tuple[Bucket, ...] = ()
    if unit == "month":
        years = tuple(_bucket(p, label, ix, repairs) for p, label in split(period, "year"))

    first, second = halves(period)
    first_end = first.bounds()[1]
    halves_ruptures = (
        [r for r in ruptures if r.at < first_end],
        [r for r in ruptures if r.at >= first_end],
    )
    halves_checkins = (
        [c for c in checkins if c.at < first_end],
        [c for c in checkins if c.at >= first_end],
    )
    halves_repairs = tuple(
        [repairs[r.id] for r in half if r.id in repairs] for half in halves_ruptures
    )
    half_counts = (
        _counts(halves_checkins[0], halves_ruptures[0], repairs, checkin_day),
        _counts(halves_checkins[1], halves_ruptures[1], repairs, checkin_day),
    )

    grid = [[0] * 7 for _ in TIME_OF_DAY]
    row_of = {name: i for i, (name, _, _) in enumerate(TIME_OF_DAY)}
    for r in ruptures:
        grid[row_of[time_of_day(r.at)]][rupture_day[r.id].weekday()] += 1

    ruptures_on: Counter[date] = Counter(rupture_day.values())
    # Every point of the scale, and any stored value beyond it (a scale changed later).
    low = min([scale[0], *day_level.values()])
    high = max([scale[1], *day_level.values()])
    # One pass over the days, not one per point of the scale (30 years are 10,000 days).
    days_at: Counter[int] = Counter(day_level.values())
    ruptures_at: Counter[int] = Counter()
    for d, lv in day_level.items():
        ruptures_at[lv] += ruptures_on[d]
    levels = tuple(
        LevelLine(level=level, days=days_at[level], ruptures=ruptures_at[level])
        for level in range(low, high + 1)
    )

    notes: list[EchoNote] = []
    for c in checkins:
        if a[c.id].get("echo") is True and a[c.id].get("echo_note"):
            notes.append(EchoNote(checkin_day[c.id], "check-in", str(a[c.id]["echo_note"])))
    for r in ruptures:
        if a[r.id].get("older_echo") is True and a[r.id].get("older_echo_note"):
            notes.append(EchoNote(rupture_day[r.id], "rupture", str(a[r.id]["older_echo_note"])))
    notes.sort(key=lambda n: n.day)
    all_repairs = [repairs[r.id] for r in ruptures if r.id in repairs]
    echoing = [c for c in checkins if a[c.id].get("echo") is True]

    return Patterns(
        period=period,
        generated_at=now,
        who=data.who,
        unit=unit,
        counts=_counts(checkins, ruptures, repairs, checkin_day),
        checkin_count=len(checkins),
        buckets=buckets,
        years=years,
        halves=(first, second),
        half_counts=half_counts,
        ruptures_by_person=ranked(Counter(r.person or "someone" for r in ruptures)),
        contexts=changes(
            (multi(a[r.id], "context") for r in halves_ruptures[0]),
            (multi(a[r.id], "context") for r in halves_ruptures[1]),
        ),
        context_ruptures=(len(halves_ruptures[0]), len(halves_ruptures[1])),
        grid=tuple(tuple(row) for row in grid),
        levels=levels,
        moves=moves(all_repairs, a),
        serve_return_days=sum(serve_by_day.values()),
        serve_return_answered=len(serve_by_day),
        checkin_echoes=len(echoing),
        older_echoes=sum(1 for r in ruptures if a[r.id].get("older_echo") is True),
        echo_notes=tuple(notes),
        calendar=tuple(
            CalendarDay(day, checkins_by_day.get(day, 0), day_level.get(day)) for day in period.days
        ),
        scale=scale,
        began=first_day if first_day == period.start else None,
        comparison=comparison(ruptures, rupture_day, levels_by_day, scale, a),
        bands=bands(day_level, checkins, checkin_day, scale, a),
        serve_steps=changes(
            (multi(a[c.id], "serve_steps") for c in halves_checkins[0]),
            (multi(a[c.id], "serve_steps") for c in halves_checkins[1]),
        ),
        settled_by=changes(
            (multi(a[r.id], "settled_by") for r in halves_repairs[0]),
            (multi(a[r.id], "settled_by") for r in halves_repairs[1]),
        ),
        calmed_first=yes_count(all_repairs, "calmed_first", a),
        echo_about=ranked(Counter(v for c in echoing for v in set(multi(a[c.id], "echo_about")))),
        echo_keep=choice_counts(echoing, "echo_keep", a),
        intentions=tuple(over_period(data.intentions, period.day_start)),
    )


def _serve_noticed(answers: dict[str, Any]) -> bool | None:
    """Did I notice a serve-and-return moment that day: the new yes/no, or the old count."""
    noticed = answers.get("serve_noticed")
    if isinstance(noticed, bool):
        return noticed
    old = answers.get("serve_return")
    if isinstance(old, str) and old:
        return old != "none"
    return None


def _counts(
    checkins: list[EntryRecord],
    ruptures: list[EntryRecord],
    repairs: dict[int, EntryRecord],
    day_of: dict[int, date],
) -> Counts:
    """period_counts, with the check-in days from the local days worked out once per entry."""
    counts = period_counts([], ruptures, repairs)
    return counts._replace(checkin_days=len({day_of[c.id] for c in checkins}))


def _at(entry: EntryRecord) -> datetime:
    return entry.at


def _level(values: list[int]) -> int:
    """The day's resourced level: the mean of its check-ins, halves rounded up (2.5 -> 3)."""
    return int(sum(values) / len(values) + 0.5)


class _Sorted(NamedTuple):
    """Entries in time order with their local days, so a bucket is two bisections, not a scan
    of ten years for each of its 120 months."""

    checkins: list[EntryRecord]
    checkin_days: list[date]
    ruptures: list[EntryRecord]
    rupture_days: list[date]
    serve_days: list[date]
    serve_values: list[bool]
    day_of: dict[int, date]
    echo_days: list[date]

    def slice(self, days: list[date], first: date, last: date) -> slice:
        return slice(bisect_left(days, first), bisect_right(days, last))


def _bucket(period: Period, label: str, ix: _Sorted, repairs: dict[int, EntryRecord]) -> Bucket:
    first, last = period.start, period.end
    mine = ix.ruptures[ix.slice(ix.rupture_days, first, last)]
    serve = ix.serve_values[ix.slice(ix.serve_days, first, last)]
    return Bucket(
        start=first,
        end=last,
        label=label,
        counts=_counts(
            ix.checkins[ix.slice(ix.checkin_days, first, last)], mine, repairs, ix.day_of
        ),
        by_person=ranked(Counter(r.person or "someone" for r in mine)),
        serve_return_days=sum(serve),
        serve_return_answered=len(serve),
        echoes=len(ix.echo_days[ix.slice(ix.echo_days, first, last)]),
    )
