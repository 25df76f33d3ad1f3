"""The weekly intention, read from its entry: the plan in the person's own words, whether it
is still current, whether the next review should ask how it went, and a few example "when"s
drawn from the week's own ruptures. Pure: records and dates in, plain values out.

An intention is an entry of kind `intention`. Its follow-up (how it went, and keep / change /
let it go) is added to the same entry by the next review; keeping or changing it saves a new
intention for the new week, so every week's plan keeps its own follow-up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from attachjournal.core.records import EntryRecord
from attachjournal.core.stats import local_day

# How long an intention stays on the check-in: the week it was set for.
CURRENT_DAYS = 7

# A "when" a rupture's context suggests, in the first person (the person's own plan).
# Ordered as the context question offers them; the most frequent this week come first.
WHEN_FOR_CONTEXT = {
    "transition": "it's time for bed or to leave the house",
    "rushing": "we are rushing",
    "i_tired": "I notice I'm running on empty",
    "i_hungry": "I'm hungry and it's getting tense",
    "they_tired_hungry": "they are tired or hungry",
    "noise": "it gets loud",
    "screens": "it's time to turn a screen off",
    "work_stress": "I come home after a hard day at work",
    "illness": "someone is unwell",
}
# When the week had no rupture with a context, a few everyday moments.
FALLBACK_WHENS = ("bedtime starts", "we are leaving the house", "I notice my voice rising")
EXAMPLES_SHOWN = 3


@dataclass(frozen=True)
class Intention:
    """A weekly intention read from its entry: its "when" and "I will", then how it went."""

    id: int
    day: date  # the journal day it was set
    when: str
    will: str
    who: str | None = None
    how_it_went: str | None = None  # a value of the how_it_went choice
    went_note: str | None = None
    next: str | None = None  # keep | change | let_go

    @property
    def sentence(self) -> str:
        """'When bedtime gets loud, I will whisper.' however the parts were typed."""
        return f"When {self.when}, I will {self.will}."

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "day": self.day.isoformat(),
            "when": self.when,
            "will": self.will,
            "who": self.who,
            "how_it_went": self.how_it_went,
            "went_note": self.went_note,
            "next": self.next,
        }


def from_entry(entry: EntryRecord, day_start: time = time(0)) -> Intention:
    return Intention(
        id=entry.id,
        day=local_day(entry.at, day_start),
        when=plain_part(entry.answer("when"), "when"),
        will=plain_part(entry.answer("will"), "i will"),
        who=entry.person,
        how_it_went=_text_or_none(entry.answer("how_it_went")),
        went_note=_text_or_none(entry.answer("went_note")),
        next=_text_or_none(entry.answer("next")),
    )


def plain_part(value: Any, lead: str) -> str:
    """One half of the sentence without the words the question already says: 'When bedtime,'
    typed in full becomes 'bedtime'; the person's words are otherwise kept as they are."""
    text = " ".join(str(value or "").split())
    if text.casefold().startswith(lead + " "):
        text = text[len(lead) + 1 :]
    return text.rstrip(" ,.;:")


def is_current(intention: Intention | None, today: date) -> bool:
    """Set on one of the last seven journal days (today included), and not let go or changed."""
    if intention is None or intention.next in ("let_go", "change"):
        return False
    return today - intention.day < timedelta(days=CURRENT_DAYS)


def awaits_follow_up(intention: Intention | None, today: date) -> bool:
    """The next review asks how it went: not yet asked, and its week is over (a review in the
    middle of the week, or the day after, leaves the plan to be lived first)."""
    return (
        intention is not None
        and intention.how_it_went is None
        and today - intention.day >= timedelta(days=CURRENT_DAYS)
    )


def example_whens(ruptures: Iterable[EntryRecord], limit: int = EXAMPLES_SHOWN) -> list[str]:
    """A few "when"s from the contexts of this week's ruptures, most frequent first; the
    everyday fallback when the week had none."""
    counts: Counter[str] = Counter()
    for rupture in ruptures:
        context = rupture.answer("context")
        if isinstance(context, list):
            counts.update(v for v in context if v in WHEN_FOR_CONTEXT)
    order = list(WHEN_FOR_CONTEXT)
    ranked = sorted(counts, key=lambda v: (-counts[v], order.index(v)))
    found = [WHEN_FOR_CONTEXT[v] for v in ranked][:limit]
    return found or list(FALLBACK_WHENS[:limit])


def over_period(entries: Sequence[EntryRecord], day_start: time = time(0)) -> list[Intention]:
    """The period's intentions, oldest first."""
    return [from_entry(e, day_start) for e in entries if e.kind == "intention"]


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
