"""The pieces every section of the weekly review in words is made of: a line, a section,
the person's own labels, and how a day and a person are named. Below review_text and
review_text_ruptures, so both build on it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from attachjournal.core.prompts import scale_of
from attachjournal.views.text import clean

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts


class Line(NamedTuple):
    """One line of a review section, with its style (a quote, a note, a command) and indent."""

    text: str
    style: str = ""  # "" | "quote" | "note" | "command" (left out of pages made for others)
    indent: int = 0


class Section(NamedTuple):
    """One section of the review in words: a key, a title, its lines, and a small table if any."""

    key: str
    title: str
    lines: tuple[Line, ...] = ()
    rows: tuple[tuple[str, str, str], ...] = ()  # a small table, when any


class Words:
    """Labels from the person's own prompts.yaml, shown literally."""

    def __init__(self, prompts: Prompts) -> None:
        self.prompts = prompts

    def label(self, kind: str, qid: str, value: Any) -> str:
        question = self.prompts[kind].get(qid) if kind in self.prompts.questionnaires else None
        if isinstance(value, bool):
            text = "yes" if value else "no"
        elif question is not None and question.choices:
            text = question.label_for(str(value))
        else:
            text = str(value).replace("_", " ")
        return clean(text, keep_newlines=False)

    def labels(self, kind: str, qid: str, values: Any) -> str:
        return "; ".join(self.label(kind, qid, v) for v in values)

    def counts(self, kind: str, qid: str, tally: tuple[tuple[str, int], ...]) -> str:
        return "; ".join(f"{self.label(kind, qid, v)} {n}" for v, n in tally)

    def scale(self, kind: str, qid: str) -> str:
        low, high = scale_of(self.prompts, kind, qid)
        return f"{low}-{high}"


def day_label(day: date) -> str:
    return f"{day:%a %d %b}"


def who_label(name: str | None) -> str:
    return clean(name or "someone", keep_newlines=False)
