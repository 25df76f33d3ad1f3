"""The safety check's place in the commands: a kind word, on stderr and at most once, when
what was written holds words about harm (a period read back: usecases/care.py finds it,
views/care_out.py says it).

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

    def show_care(*args: Any) -> None:
        # Rich is loaded only when there is a notice to draw (rarely): not for every save.
        from attachjournal.views.render_care import show_care as draw

        draw(*args)

    # Notes (imported from jrnl) are edited too: their title and text are checked as well.
    names = ("reflect", "rupture", "repair", "intention")
    questionnaires = [prompts[n] for n in names if n in prompts.questionnaires] + [NOTE]
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
