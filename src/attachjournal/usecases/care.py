"""Whether a period being read back holds words about harm. Nothing here prints."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def care_in_period(journal: Any, start: Any, end: Any, prompts: Any) -> Any:
    """Whether entries written in [start, end) hold words about harm: for a review or page.

    Returns safety.PeriodConcern (how many entries, which groups) or None; reads only the
    free-text answers, so a long period stays quick.
    """
    if journal is None:
        return None
    from attachjournal.usecases.editing import NOTE

    kinds = ("reflect", "rupture", "repair", "intention")
    questionnaires = [prompts[n] for n in kinds if n in prompts.questionnaires] + [NOTE]
    text_ids = sorted({q.id for qn in questionnaires for q in qn.questions if q.kind == "text"})
    with journal.read() as conn:
        # The notice speaks to whoever wrote the words ("If you are thinking about..."): on a
        # server, another member's shared words are theirs, so only the reader's own count.
        entries = conn.my_own().entries_between(start, end, question_ids=text_ids)
    return care_in(entries)


def care_in(entries: Iterable[Any]) -> Any:
    """safety.PeriodConcern for these entries (each one's kept verdict where it has one; only
    entries without one, written before verdicts were kept or under other rules, are read
    again), or None."""
    from attachjournal.core import safety

    return safety.concern_of(
        known
        if (known := safety.remembered(e.care)) is not None
        else safety.groups_in(safety.entry_texts(e))
        for e in entries
    )
