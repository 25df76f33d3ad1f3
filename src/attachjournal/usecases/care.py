"""Whether a period being read back holds words about harm. Nothing here prints."""

from __future__ import annotations

from typing import Any


def care_in_period(journal: Any, start: Any, end: Any, prompts: Any) -> Any:
    """Whether entries written in [start, end) hold words about harm: for a review or page.

    Returns safety.PeriodConcern (how many entries, which groups) or None; reads only the
    free-text answers, so a long period stays quick.
    """
    if journal is None:
        return None
    from attachjournal.core import safety
    from attachjournal.usecases.editing import NOTE

    kinds = ("reflect", "rupture", "repair", "intention")
    questionnaires = [prompts[n] for n in kinds if n in prompts.questionnaires] + [NOTE]
    text_ids = sorted({q.id for qn in questionnaires for q in qn.questions if q.kind == "text"})
    with journal.read() as conn:
        entries = conn.entries_between(start, end, question_ids=text_ids)
    # Each entry's kept verdict; only entries without one (written before verdicts were kept,
    # or under other rules) are read again.
    return safety.concern_of(
        known
        if (known := safety.remembered(e.care)) is not None
        else safety.groups_in(safety.entry_texts(e))
        for e in entries
    )
