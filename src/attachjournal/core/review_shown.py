"""What the person wrote, given back in the weekly review: their words, their counts. Pure.

Choices come back as counts, free text as quotes with their day. Nothing here is scored or
ranked: a count is how often something was named, never how well something went.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, time
from typing import TYPE_CHECKING, Any, NamedTuple

from attachjournal.core.stats import local_day

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts
    from attachjournal.core.records import EntryRecord
    from attachjournal.core.review import ReviewData, WeeklyReview

# A heavy week: low on at least this many check-in days, and on most of them.
HEAVY_MIN_DAYS = 3
QUESTIONS_SHOWN = 3
# Choice answers counted over the week: (questionnaire, id), counted per entry.
CHECKIN_CHOICES = ("feelings", "serve_steps", "echo_about", "echo_keep")
RUPTURE_CHOICES = ("my_feelings", "my_need", "their_needs")
REPAIR_CHOICES = ("reached_first", "settled_by", "calmed_first")
# Filled and drained are counted in days: "enough sleep on 2 days".
DAY_CHOICES = ("refill", "drain")
# Scales given back as the person's own numbers, in time order (never a mean, never a score).
SCALES = (("reflect", "kind_to_self"), ("rupture", "sure"), ("repair", "kind_to_self"))


class Quote(NamedTuple):
    """Something the person wrote (or chose) on a day, from one question."""

    day: date
    source: str  # the question id it came from, or "repair" for a repair's moves
    text: str = ""
    who: str | None = None
    values: tuple[str, ...] = ()
    entry_id: int | None = None
    settled: tuple[str, ...] = ()  # a repair's "what helped me settle"


class Hope(NamedTuple):
    """A repair's "one thing I'd like to try next time", and what the next repair held."""

    day: date
    who: str | None
    text: str
    later_day: date | None = None
    later_moves: tuple[str, ...] = ()
    author: str | None = None  # who hoped it, on a server (review --together names them)


class Heavy(NamedTuple):
    """A heavy week: the check-in days running low (resourced or mood), out of all of them."""

    low_days: int
    checkin_days: int


@dataclass(frozen=True)
class Shown:
    """What the person wrote in the period, given back: quotes with their day, choices counted."""

    good_moments: tuple[Quote, ...] = ()
    echoes: tuple[Quote, ...] = ()
    notes: tuple[Quote, ...] = ()
    guesses: tuple[Quote, ...] = ()  # their_inner_world
    rupture_notes: tuple[Quote, ...] = ()  # context_note, older_echo_note
    tallies: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    scales: dict[str, tuple[int, ...]] = field(default_factory=dict)  # "kind.id" -> values
    hopes: tuple[Hope, ...] = ()
    heavy: Heavy | None = None
    serve_answered_days: int = 0


def shown_back(
    review: WeeklyReview,
    checkins: list[EntryRecord],
    ruptures: list[EntryRecord],
    data: ReviewData,
    prompts: Prompts | None,
) -> Shown:
    from attachjournal.core.prompts import scale_of

    day_start = review.period.day_start
    repairs = [(r, data.repairs[r.id]) for r in ruptures if r.id in data.repairs]
    good: list[Quote] = []
    for c in checkins:
        day = local_day(c.at, day_start)
        for qid in ("serve_return_note", "connection"):
            if _text(c.answer(qid)):
                good.append(Quote(day, qid, c.answer(qid)))
        if _text(c.answer("echo_note")) and c.answer("echo_keep") == "keep":
            good.append(Quote(day, "echo_note", c.answer("echo_note")))
    for rupture, repair in repairs:
        moves = tuple(repair.answer("moves", []) or [])
        settled = tuple(repair.answer("settled_by", []) or [])
        if moves or settled:
            good.append(
                Quote(
                    local_day(repair.at, day_start),
                    "repair",
                    who=rupture.person,
                    values=moves,
                    settled=settled,
                )
            )
    good.sort(key=lambda q: q.day)

    tallies: dict[str, tuple[tuple[str, int], ...]] = {}
    for qid in CHECKIN_CHOICES:
        tallies[qid] = _tally(c.answer(qid) for c in checkins)
    for qid in RUPTURE_CHOICES:
        tallies[qid] = _tally(r.answer(qid) for r in ruptures)
    for qid in REPAIR_CHOICES:
        tallies[qid] = _tally(repair.answer(qid) for _, repair in repairs)
    for qid in DAY_CHOICES:
        per_day: dict[date, dict[str, None]] = {}  # a dict keeps the order things were named
        for c in checkins:
            per_day.setdefault(local_day(c.at, day_start), {}).update(
                dict.fromkeys(_values(c.answer(qid)))
            )
        tallies[qid] = _ranked_in(Counter(v for vs in per_day.values() for v in vs))

    scales: dict[str, tuple[int, ...]] = {}
    sources = {"reflect": checkins, "rupture": ruptures, "repair": [p for _, p in repairs]}
    for kind, qid in SCALES:
        values = tuple(v for e in sources[kind] if _number(v := e.answer(qid)))
        scales[f"{kind}.{qid}"] = values

    low_r = scale_of(prompts, "reflect", "resourced")[0] + 1
    low_m = scale_of(prompts, "reflect", "mood")[0] + 1
    checkin_days = [d for d in review.days if d.checkins]
    low_days = sum(
        1
        for d in checkin_days
        if (d.resourced is not None and d.resourced <= low_r)
        or (d.mood is not None and d.mood <= low_m)
    )
    heavy = None
    if low_days >= HEAVY_MIN_DAYS and low_days * 2 > len(checkin_days):
        heavy = Heavy(low_days=low_days, checkin_days=len(checkin_days))

    return Shown(
        good_moments=tuple(good),
        echoes=tuple(
            Quote(local_day(c.at, day_start), "echo_note", c.answer("echo_note"))
            for c in checkins
            if _text(c.answer("echo_note")) and c.answer("echo_keep") != "keep"
        ),
        notes=tuple(
            Quote(local_day(c.at, day_start), "note", c.answer("note"))
            for c in checkins
            if _text(c.answer("note"))
        ),
        guesses=tuple(
            Quote(
                local_day(r.at, day_start),
                "their_inner_world",
                r.answer("their_inner_world"),
                r.person,
                (),
                r.id,
            )
            for r in ruptures
            if _text(r.answer("their_inner_world"))
        ),
        rupture_notes=tuple(
            Quote(local_day(r.at, day_start), qid, r.answer(qid), r.person, (), r.id)
            for r in ruptures
            for qid in ("context_note", "older_echo_note")
            if _text(r.answer(qid))
        ),
        tallies=tallies,
        scales=scales,
        hopes=_hopes(repairs, data, day_start),
        heavy=heavy,
        serve_answered_days=sum(
            1 for d in review.days if d.serve_return is not None or d.serve_noticed is not None
        ),
    )


def _hopes(
    repairs: list[tuple[EntryRecord, EntryRecord]], data: ReviewData, day_start: time
) -> tuple[Hope, ...]:
    """Each hope of the period, with the next repair with the same person, when there is one."""
    people: dict[int | None, str | None] = {r.id: r.person for r in data.ruptures}
    all_repairs = sorted(data.repairs.values(), key=lambda e: e.at)
    out = []
    for rupture, repair in repairs:
        text = repair.answer("next_time")
        if not _text(text):
            continue
        later = next(
            (
                e
                for e in all_repairs
                if e.at > repair.at and people.get(e.rupture_id) == rupture.person
            ),
            None,
        )
        out.append(
            Hope(
                day=local_day(repair.at, day_start),
                who=rupture.person,
                text=text,
                later_day=local_day(later.at, day_start) if later else None,
                later_moves=tuple(later.answer("moves", []) or []) if later else (),
                author=repair.author,
            )
        )
    return tuple(out)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _values(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if value is None or value == "":
        return []
    return [str(value)]


def _tally(answers: Any) -> tuple[tuple[str, int], ...]:
    return _ranked_in(Counter(v for a in answers for v in _values(a)))


def _ranked_in(counter: Counter) -> tuple[tuple[str, int], ...]:
    """Most often first; equal counts keep the order they were first named in."""
    return tuple(sorted(counter.items(), key=lambda kv: -kv[1]))


# ----------------------------------------------------------------------------- closing questions


def conditions(review: WeeklyReview, roles: dict[str, str]) -> dict[str, bool]:
    """Which of prompts.yaml's review conditions hold for this week."""
    counts = review.counts
    with_whom = [r.who for r in review.ruptures]
    partner_only = bool(with_whom) and all(roles.get(w or "") == "partner" for w in with_whom)
    heavy = review.shown is not None and review.shown.heavy is not None
    return {
        "always": True,
        "ruptures": counts.rupture_count > 0,
        "repairs": counts.repair_count > 0,
        "open_ruptures": counts.open_rupture_count > 0,
        "no_ruptures": counts.rupture_count == 0,
        # Fewer than half the days that could be written (3 of 7, 1 of 3 so far).
        "few_checkins": counts.checkin_days * 2 < review.days_counted,
        "echoes": review.older_echoes + review.checkin_echoes > 0,
        "parenting": not partner_only,
        "partner_ruptures": partner_only,
        "heavy": heavy,
    }


def closing_questions(
    review: WeeklyReview, prompts: Prompts, roles: dict[str, str] | None = None
) -> tuple[str, ...]:
    """A few questions that fit the week, picked fairly among all that fit.

    A heavy week gets only the questions marked `heavy`; other weeks never get those. The pick
    is seeded by the period, so one week always reads the same, and shown in the file's order.
    """
    holds = conditions(review, roles or {})
    fits = [
        (index, q)
        for index, q in enumerate(prompts.review_questions)
        if all(holds.get(c, False) for c in _when(q)) and ("heavy" in _when(q)) == holds["heavy"]
    ]
    # A text seed is hashed by random itself (SHA-512), the same in every process.
    seed = f"{review.period.start.isoformat()}/{review.period.end.isoformat()}"
    chosen = random.Random(seed).sample(fits, min(QUESTIONS_SHOWN, len(fits)))
    return tuple(q.text for _, q in sorted(chosen, key=lambda pair: pair[0]))


def _when(question: Any) -> tuple[str, ...]:
    when = question.when
    return (when,) if isinstance(when, str) else tuple(when)
