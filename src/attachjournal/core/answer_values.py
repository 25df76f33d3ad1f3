"""One answer's value: read from what was given (`coerce`, the same for -a, an answers file
and a prompt, so a value is accepted or refused the same way in every mode) and shown back as
a person reads it (`display_value`). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from attachjournal.core.prompts import Question, storable
from attachjournal.core.records import PersonRef
from attachjournal.core.vocabulary import ROLES
from attachjournal.errors import UsageError

_YES = {"yes", "y", "true", "1", "on"}


_NO = {"no", "n", "false", "0", "off"}


def coerce(question: Question, raw: Any, people: Sequence[PersonRef] = ()) -> Any:
    """Validate one answer and return its stored form, or None when it is empty (skipped)."""
    if raw is None:
        return None
    kind = question.kind
    if kind == "scale":
        return _scale(question, raw)
    if kind == "choice":
        if isinstance(raw, (list, tuple)):
            raise UsageError(f"{question.id} takes one choice: {_list(_offered(question))}.")
        text = str(raw).strip()
        return _choice_value(question, text) if text else None
    if kind == "multi":
        if isinstance(raw, str) and not raw.strip():
            return None  # `-a feelings=` skips; an empty checkbox (a list) means "none of these"
        items = raw.split(",") if isinstance(raw, str) else raw
        if not isinstance(items, (list, tuple)):
            items = [items]
        given = [str(i).strip() for i in items if str(i).strip()]
        chosen = {_choice_value(question, text, n, len(given)) for n, text in enumerate(given, 1)}
        # Keep the order the questionnaire lists them in, so an answer reads the same everywhere.
        return [v for v in question.values if v in chosen]
    if kind == "text":
        if not isinstance(raw, str):
            if isinstance(raw, (dict, list, tuple)):
                raise UsageError(f"{question.id} takes free text, not a list or mapping.")
            raw = str(raw)
        text = storable(raw.strip())
        return text or None
    if kind == "yesno":
        return _yesno(question, raw)
    if kind == "person":
        return _person(question, raw, people)
    raise UsageError(f"{question.id}: unknown kind {kind}.")  # prompts.py refuses this earlier


def display_value(question: Question | None, value: Any) -> str:
    """A stored answer as a person reads it (labels, not values)."""
    if question is None:
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    if question.kind == "multi":
        return ", ".join(question.label_for(v) for v in value) if value else "(none)"
    if question.kind == "choice":
        return question.label_for(str(value))
    if question.kind == "yesno":
        return "yes" if value else "no"
    if question.kind == "scale":
        if not (isinstance(value, int) and question.min <= value <= question.max):
            return str(value)  # written on a scale the prompts no longer have
        ends = f" ({question.low} {question.min} ... {question.max} {question.high})"
        return f"{value}/{question.max}" + (ends if question.low and question.high else "")
    return str(value)


def _scale(question: Question, raw: Any) -> int | None:
    if isinstance(raw, bool):
        raise UsageError(_scale_error(question, raw))
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            return None
        try:
            raw = int(text)
        except ValueError:
            raise UsageError(_scale_error(question, raw)) from None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if not isinstance(raw, int) or not question.min <= raw <= question.max:
        raise UsageError(_scale_error(question, raw))
    return raw


def _scale_error(question: Question, raw: Any) -> str:
    ends = (
        f" ({question.min} = {question.low}, {question.max} = {question.high})"
        if question.low
        else ""
    )
    # What was typed is never repeated: it may be a sentence meant for another question.
    return f"{question.id} takes a whole number from {question.min} to {question.max}{ends}."


def _choice_value(question: Question, text: str, position: int = 1, count: int = 1) -> str:
    if text in question.values:
        return text
    folded = text.casefold()
    for value, label in question.choices + question.retired_choices:
        if folded in (value.casefold(), label.casefold()):
            return value
    which = f"The {_ordinal(position)} value given" if count > 1 else "The value given"
    raise UsageError(
        f"{which} for {question.id} is not one of its choices; "
        f"choose from {_list(_offered(question))}."
    )


def _yesno(question: Question, raw: Any) -> bool | None:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().casefold()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise UsageError(f"{question.id} takes yes or no.")


def _person(question: Question, raw: Any, people: Sequence[PersonRef]) -> PersonRef | None:
    if isinstance(raw, PersonRef):
        if raw.is_new and (not raw.name.strip() or raw.role not in ROLES):
            raise UsageError("A new person needs a name and a role.")
        return raw
    if not isinstance(raw, str):
        raise UsageError(f"{question.id} takes a person's name, as in `attach people list`.")
    name = raw.strip()
    if not name:
        return None
    folded = name.casefold()
    for person in people:
        if person.name.casefold() == folded:
            return person
    known = ", ".join(p.name for p in people) if people else "nobody yet"
    raise UsageError(
        f"The name given for {question.id} is not in your people ({known}). "
        "Add them first: attach people add NAME --role child"
    )


def _offered(question: Question) -> list[str]:
    return [value for value, _ in question.choices]


def _list(values: Sequence[str]) -> str:
    return ", ".join(values)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
