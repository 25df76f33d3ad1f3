"""What `attach reflect` and `attach repair` say along the way and at the end: a
questionnaire's title, how a loose time was read, each entry as it is saved, or its JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attachjournal.views import lines

if TYPE_CHECKING:
    from attachjournal.core.intention import Intention
    from attachjournal.core.prompts import Questionnaire
    from attachjournal.core.records import EntryRecord
    from attachjournal.usecases.flow_parts import FlowResult


def remind(hope: str) -> None:
    """The person's own "next time" from the last repair with this person: once, quietly."""
    from attachjournal.views import render

    render.stdout().print(render.safe_text(f"Last time you hoped to try: {hope}", "dim"))


def introduce(questionnaire: Questionnaire, for_day: str | None = None) -> None:
    """A questionnaire's title and intro (from prompts.yaml), just before its questions; for a
    back-dated check-in, the day it is for."""
    from attachjournal.views import render

    heading = f"{questionnaire.title} for {for_day}" if for_day else questionnaire.title
    title = render.safe_text(heading, "bold")
    if questionnaire.intro:
        # Plain mode: a heading, then the intro as its own sentence on the next line.
        joint = "\n" if render.plain() else " · "
        title.append_text(render.safe_text(joint + questionnaire.intro, "dim"))
    render.stdout().print(title)


def check_in_line(intention: Intention) -> None:
    """One quiet line at the top of the check-in while the week's plan is current."""
    lines.say(f"This week: {lowered(intention.sentence)}", "dim")


def lowered(sentence: str) -> str:
    """'When ...' inside a longer line: 'This week: when bedtime gets loud, I will whisper.'"""
    return sentence[:1].lower() + sentence[1:]


def say_reading(reading: str | None) -> None:
    """How a loose time ('last night') was read, on stderr, so the person can correct it."""
    if reading:
        from attachjournal.views import render

        render.note(reading)


def say_saved(entry: EntryRecord) -> None:
    lines.say_saved(entry)


def report(result: FlowResult, json_out: bool, updated: bool = False) -> None:
    saved = result.saved
    if json_out:
        from attachjournal.views.text import print_json

        data = [entry.as_dict() for entry in saved]
        print_json(data[0] if len(data) == 1 else data)
        return
    for entry in saved[result.announced :]:
        lines.say_saved(entry, "Updated" if updated else "Saved")
    for line in result.notes:
        lines.say(line, "dim")
