"""Every answer the journal asks for comes back to the person somewhere.

Walks every question id of the shipped prompts.yaml (plus the ids the newer questions add,
so they are covered before they ship): a week where every question is answered is shown in
the review (terminal and HTML) and in patterns; taking one answer away must change what
those views show, and free text must appear word for word.
"""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from rich.console import Console

from attachjournal.core import patterns as patterns_core
from attachjournal.core import prompts as prompts_module
from attachjournal.views.html_review import review_page
from attachjournal.views.render_patterns import patterns_view
from review_weeks import W47, Week, at, rendered, said

PROMPTS = prompts_module.load()
# Ids the newer questions add (kind, id, question kind, values), in case this prompts.yaml
# does not list them yet; once it does, its own definition is used.
NEWER = (
    ("reflect", "serve_noticed", "yesno", ()),
    ("reflect", "serve_steps", "multi", ("focus", "encourage", "name", "wait", "end_begin")),
    ("reflect", "echo_about", "multi", ("me", "others", "feelings")),
    ("reflect", "echo_keep", "choice", ("keep", "change", "not_sure")),
    ("rupture", "their_needs", "multi", ("comfort", "protection", "help")),
    ("rupture", "context_note", "text", ()),
    ("repair", "settled_by", "multi", ("breathing", "stepped_away", "time")),
)
# Stored as the entry's person, not among the answers a view reads.
AS_THE_PERSON = {("rupture", "who")}
# Older questions and the newer ones that replaced them: no entry holds both, so an older
# answer is walked in a journal written before its successor existed.
SUCCESSORS = {
    ("reflect", "serve_return"): ("reflect", "serve_noticed"),
    ("repair", "calmed_first"): ("repair", "settled_by"),
}


def _questions() -> list[tuple[str, str, str, tuple[str, ...], int]]:
    out = []
    for kind in ("reflect", "rupture", "repair"):
        for q in PROMPTS[kind].all_questions:  # retired ones too: old entries hold them
            out.append((kind, q.id, q.kind, q.values, q.max))
    known = {(k, i) for k, i, *_ in out}
    out += [(k, i, qk, v, 5) for k, i, qk, v in NEWER if (k, i) not in known]
    return out


QUESTIONS = _questions()


def _value(kind: str, qid: str, qkind: str, values: tuple[str, ...], top: int, n: int):
    if qkind == "scale":
        return top - n % 2  # two different numbers across the entries
    if qkind == "multi":
        return list(values)
    if qkind == "choice":
        return values[n % len(values)]
    if qkind == "yesno":
        return True
    if qkind == "text":
        return f"words-for-{kind}-{qid}-{n}"
    return "Maya"


def _answers(kind: str, n: int, without: frozenset[tuple[str, str]]) -> dict:
    return {
        qid: _value(k, qid, qk, values, top, n)
        for k, qid, qk, values, top in QUESTIONS
        if k == kind and (k, qid) not in without and qk != "person"
    }


def _views(without: frozenset[tuple[str, str]] = frozenset()) -> str:
    """The review (terminal and HTML) and patterns of a week where everything was answered."""
    week = Week(first_day=date(2026, 11, 2))
    for n, day in enumerate((16, 17, 18)):
        week.checkin(at(day, 20), **_answers("reflect", n, without))
    # Three ruptures (what tended to go together needs 3), each repaired; three days without.
    for n, day in enumerate((19, 20, 21)):
        week.rupture(
            at(day, 7),
            "Maya",
            _answers("rupture", n, without),
            at(day, 9),
            _answers("repair", n, without),
        )
    review = week.review(at(23, 12))
    page = re.sub(r"<style>.*?</style>", " ", review_page(review, PROMPTS), flags=re.DOTALL)
    data = patterns_core.PatternsData(
        checkins=tuple(week.checkins), ruptures=tuple(week.ruptures), repairs=week.repairs
    )
    summary = patterns_core.summarize(W47, data, now=at(23, 12))
    console = Console(record=True, width=100, color_system=None, force_terminal=False)
    console.print(patterns_view(summary, PROMPTS))
    return "\n=====\n".join(
        [rendered(review), unescape(re.sub(r"<[^>]+>", " ", page)), console.export_text()]
    )


FULL = None


def _full() -> str:
    global FULL
    if FULL is None:
        FULL = _views()
    return FULL


def test_the_walk_covers_the_shipped_file_and_the_newer_ids():
    ids = {(k, i) for k, i, *_ in QUESTIONS}
    assert ("reflect", "feelings") in ids and ("repair", "next_time") in ids
    assert ("repair", "settled_by") in ids and ("repair", "calmed_first") in ids
    assert ("reflect", "serve_return") in ids and ("reflect", "serve_noticed") in ids
    assert len(ids) >= 35


@pytest.mark.parametrize(
    ("kind", "qid"),
    [(k, i) for k, i, *_ in QUESTIONS if (k, i) not in AS_THE_PERSON],
    ids=lambda v: v,
)
def test_every_answer_is_shown_back(kind, qid):
    qkind = next(qk for k, i, qk, *_ in QUESTIONS if (k, i) == (kind, qid))
    successor = SUCCESSORS.get((kind, qid))
    full = _views(without=frozenset({successor})) if successor else _full()
    if qkind == "text":
        assert said(f"words-for-{kind}-{qid}-0") in said(full), f"{kind}.{qid} is never quoted"
    gone = frozenset({(kind, qid), successor} - {None})
    assert said(_views(without=gone)) != said(full), (
        f"{kind}.{qid} changes nothing the person can read"
    )


def test_the_person_is_shown_back_as_who_it_was_with():
    assert "Maya" in _full()
