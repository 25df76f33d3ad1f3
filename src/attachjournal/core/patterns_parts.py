"""The smaller figures of `attach patterns`, each from plain lists of entries. Pure.

Every figure keeps the count behind it. A "most often" needs enough to go on (MIN_LEAD) and a
clear lead: a tie is shown as the tie it is, never broken by the alphabet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from attachjournal.core.shades import band
from attachjournal.core.stats import mean, ranked

if TYPE_CHECKING:
    from attachjournal.core.records import EntryRecord

# A "most often" claim needs at least this many ruptures in the leading group.
MIN_LEAD = 3
# Resourced on rupture days vs other days needs this many days on each side.
MIN_DAYS_TO_COMPARE = 3


def lead(counts: Iterable[tuple[str, int]]) -> tuple[str, int] | None:
    """The one value that came up most, if it came up at least MIN_LEAD times and clearly on top."""
    ordered = sorted(counts, key=lambda kv: -kv[1])
    if not ordered or ordered[0][1] < MIN_LEAD:
        return None
    # A lead of one among hundreds (Wednesday 44, Sunday 43) would read as a pattern it is not:
    # the leader must be ahead by a tenth of its count, and at least by one (no tie).
    if len(ordered) > 1 and ordered[0][1] - ordered[1][1] < max(1, ordered[0][1] // 10):
        return None
    return ordered[0]


@dataclass(frozen=True)
class Change:
    """One choice over the period: in all, in the first half, in the second half."""

    value: str
    total: int
    first_half: int
    second_half: int


def changes(first: Iterable[Sequence[str]], second: Iterable[Sequence[str]]) -> tuple[Change, ...]:
    """Counts of each chosen value (one per entry that chose it), most used first."""
    a = Counter(v for values in first for v in set(values))
    b = Counter(v for values in second for v in set(values))
    return tuple(Change(v, n, a[v], b[v]) for v, n in ranked(a + b))


# Each entry's answers as a dict, made once: over ten years a lookup by scanning the answers
# of every entry for every figure was the slowest part of `patterns --since all`.
Answers = Mapping[int, Mapping[str, Any]]


def answers_by_entry(entries: Iterable[EntryRecord]) -> dict[int, dict[str, Any]]:
    return {e.id: {a.question_id: a.value for a in e.answers} for e in entries}


def multi(answers: Mapping[str, Any], question_id: str) -> list[str]:
    value = answers.get(question_id)
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


@dataclass(frozen=True)
class MoveLine:
    """A repair move, how many repairs used it, and how connected I felt after each of them."""

    move: str
    used: int
    connected: tuple[int, ...]  # my own answers, lowest first; repairs without one left out


def moves(repairs: Iterable[EntryRecord], a: Answers) -> tuple[MoveLine, ...]:
    used: Counter[str] = Counter()
    connected: dict[str, list[int]] = {}
    for repair in repairs:
        value = a[repair.id].get("connected")
        for move in set(multi(a[repair.id], "moves")):
            used[move] += 1
            if isinstance(value, int) and not isinstance(value, bool):
                connected.setdefault(move, []).append(value)
    return tuple(MoveLine(m, n, tuple(sorted(connected.get(m, [])))) for m, n in ranked(used))


@dataclass(frozen=True)
class Comparison:
    """Mean resourced on days with a rupture vs check-in days without one, days behind each."""

    rupture_days: int
    rupture_days_mean: float | None
    other_days: int
    other_days_mean: float | None
    from_then: int  # rupture days rated by `resourced_then` (asked with the rupture itself)
    low_then: int = 0  # ruptures with `resourced_then` in the low quarter of the scale
    then_answered: int = 0  # ruptures with `resourced_then` answered at all

    @property
    def enough(self) -> bool:
        return min(self.rupture_days, self.other_days) >= MIN_DAYS_TO_COMPARE


def comparison(
    ruptures: Iterable[EntryRecord],
    rupture_day: dict[int, date],
    day_values: dict[date, list[int]],
    scale: tuple[int, int],
    a: Answers,
) -> Comparison:
    """Prefers `resourced_then`: the evening's check-in may already be lowered by the rupture."""
    then: dict[date, list[int]] = {}
    low_then = then_answered = 0
    days_with_rupture: set[date] = set()
    for r in ruptures:
        day = rupture_day[r.id]
        days_with_rupture.add(day)
        value = a[r.id].get("resourced_then")
        if isinstance(value, int) and not isinstance(value, bool):
            then.setdefault(day, []).append(value)
            then_answered += 1
            low_then += band(value, *scale) == "low"
    on_rupture_days = []
    for day in days_with_rupture:
        values = then.get(day) or day_values.get(day)
        if values:
            on_rupture_days.append(sum(values) / len(values))
    others = [sum(v) / len(v) for d, v in day_values.items() if d not in days_with_rupture and v]
    return Comparison(
        rupture_days=len(on_rupture_days),
        rupture_days_mean=mean(on_rupture_days),
        other_days=len(others),
        other_days_mean=mean(others),
        from_then=len(then),
        low_then=low_then,
        then_answered=then_answered,
    )


@dataclass(frozen=True)
class BandItems:
    """What filled and drained me on the days I was at one end of the resourced scale."""

    band: str  # "low" | "high"
    days: int
    refill: tuple[tuple[str, int], ...]  # (value, days it came up), most first
    drain: tuple[tuple[str, int], ...]


def bands(
    day_level: dict[date, int],
    checkins: Iterable[EntryRecord],
    checkin_day: dict[int, date],
    scale: tuple[int, int],
    a: Answers,
) -> tuple[BandItems, BandItems]:
    """Counted once per day, however many check-ins it had."""
    band_of = {d: band(level, *scale) for d, level in day_level.items()}
    refill: dict[date, set[str]] = {}
    drain: dict[date, set[str]] = {}
    for c in checkins:
        day = checkin_day[c.id]
        if band_of.get(day) is None:
            continue  # a day in neither band (or with no level) is never counted: not gathered
        refill.setdefault(day, set()).update(multi(a[c.id], "refill"))
        drain.setdefault(day, set()).update(multi(a[c.id], "drain"))
    out = []
    for which in ("low", "high"):
        days = [d for d, b in band_of.items() if b == which]
        out.append(
            BandItems(
                band=which,
                days=len(days),
                refill=ranked(Counter(v for d in days for v in refill.get(d, ()))),
                drain=ranked(Counter(v for d in days for v in drain.get(d, ()))),
            )
        )
    return out[0], out[1]


def yes_count(entries: Iterable[EntryRecord], question_id: str, a: Answers) -> tuple[int, int]:
    """(answered yes, answered at all)."""
    values = [a[e.id].get(question_id) for e in entries]
    answered = [v for v in values if isinstance(v, bool)]
    return sum(answered), len(answered)


def choice_counts(
    entries: Iterable[EntryRecord], question_id: str, a: Answers
) -> tuple[tuple[str, int], ...]:
    return ranked(
        Counter(v for e in entries if isinstance(v := a[e.id].get(question_id), str) and v)
    )
