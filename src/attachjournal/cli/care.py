"""The safety check's place in the commands: a kind word, on stderr and at most once, when
what was written (or a period being read back) holds words about harm.

It never blocks or changes an entry. Kept free of heavy imports.
"""

from typing import Any

from attachjournal.cli.context import current


def care_watch(prompts: Any, given: dict[str, Any]) -> Any:
    """The safety check: a kind word (stderr, once) for concerning free text, given or typed.

    It never blocks or changes the entry: it only adds a message, after saving for answers
    given on the command line, at once for answers typed at the prompts.
    """
    from attachjournal.core import safety
    from attachjournal.usecases.editing import NOTE
    from attachjournal.views.render_care import show_care

    # Notes (imported from jrnl) are edited too: their title and text are checked as well.
    questionnaires = [prompts[name] for name in ("reflect", "rupture", "repair")] + [NOTE]
    given_groups = safety.groups_in(safety.text_answers(questionnaires, given))
    if given_groups:
        # Answers given with -a / --answers: the notice comes once the command has finished,
        # so "your entry is saved" is true when it is said (and not said when it isn't).
        def afterwards(saved: bool) -> None:
            guide = safety.guide()
            show_care(guide, given_groups, None if saved else guide.unsaved_opening)

        current().afterwards.append(afterwards)
    watch = safety.CareWatch(lambda groups: show_care(safety.guide(), groups))
    watch.shown = bool(given_groups)  # once per command
    return watch


def care_in_period(journal: Any, start: Any, end: Any, prompts: Any) -> Any:
    """Whether entries written in [start, end) hold words about harm: for a review or page.

    Returns safety.PeriodConcern (how many entries, which groups) or None; reads only the
    free-text answers, so a long period stays quick.
    """
    if journal is None:
        return None
    from attachjournal.core import safety
    from attachjournal.usecases.editing import NOTE

    questionnaires = [prompts[name] for name in ("reflect", "rupture", "repair")] + [NOTE]
    text_ids = sorted({q.id for qn in questionnaires for q in qn.questions if q.kind == "text"})
    with journal.read() as conn:
        entries = conn.entries_between(start, end, question_ids=text_ids)
    return safety.period_concern(safety.entry_texts(e) for e in entries)


def show_period_care(concern: Any, template: str = "review_opening") -> None:
    """The notice once, on stderr, before a review, patterns or an import's summary."""
    if concern is None:
        return
    from attachjournal.core import safety
    from attachjournal.views.render_care import period_opening, show_care

    guide = safety.guide()
    opening = period_opening(guide, getattr(guide, template), concern.entries)
    show_care(guide, concern.groups, opening)


def period_care_html(concern: Any) -> str:
    """The notice as the HTML page's first section, or "" when the period holds nothing."""
    if concern is None:
        return ""
    from attachjournal.core import safety
    from attachjournal.views.render_care import care_html, period_opening

    guide = safety.guide()
    return care_html(
        guide, concern.groups, period_opening(guide, guide.review_opening, concern.entries)
    )
