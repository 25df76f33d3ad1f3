"""Collect a questionnaire's answers: merge what was given, validate, ask only what is missing.

Pure: no terminal, no database. Answers given on the command line, in an answers file and
typed at a prompt all pass through the same `coerce`, so a value is accepted or refused the
same way in every mode.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

# One answer's value and the person an answer names live beside this module; callers name
# them here too (questionnaire.coerce, questionnaire.PersonRef).
from attachjournal.core.answer_values import coerce as coerce
from attachjournal.core.answer_values import display_value as display_value
from attachjournal.core.prompts import QUESTIONNAIRES, Question, Questionnaire
from attachjournal.core.records import PersonRef as PersonRef
from attachjournal.core.vocabulary import ROLES as ROLES  # the one list; callers import it here too
from attachjournal.core.vocabulary import kind_label
from attachjournal.errors import Cancelled, UsageError

_ID_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")


class StoppedEarly(Exception):
    """Ctrl-C with the required answers given, and the person chose to save what they have."""

    def __init__(self, answers: dict[str, Any], unreached: frozenset[str] = frozenset()) -> None:
        super().__init__("stopped early")
        self.answers = answers
        # The questions not yet answered when the person stopped (the one on screen too): an
        # update keeps their earlier answers instead of losing them.
        self.unreached = unreached


STOP_OPTIONS = (
    ("save", "save what I have so far"),
    ("discard", "discard it, save nothing"),
    ("back", "go back to the questions"),
)
STOP_QUESTION = "Stop here? Another ctrl-c discards."


class Asker(Protocol):
    """Whatever puts a question to the person: questionary in a terminal, a script in tests.

    Implementations raise `Cancelled` on Ctrl-C / Ctrl-D and return None for a skipped question.
    """

    def ask(
        self,
        question: Question,
        *,
        position: int,
        total: int,
        default: Any = None,
        people: Sequence[PersonRef] = (),
    ) -> Any: ...

    def choose(
        self, message: str, options: Sequence[tuple[str, str]], default: str | None = None
    ) -> str: ...

    def text(self, message: str, default: str = "") -> str: ...


def collect(
    questionnaire: Questionnaire,
    given: Mapping[str, Any],
    asker: Asker | None,
    *,
    people: Sequence[PersonRef] = (),
    defaults: Mapping[str, Any] | None = None,
    command: str = "attach",
    role: str | None = None,
    offer_save: bool = False,
    on_answer: Callable[[Question, Any], None] | None = None,
) -> dict[str, Any]:
    """Return {question id: value} in questionnaire order, asking only for what is missing.

    role: whose entry this is about (a partner gets the us-wording); a person question
    answered along the way sets it. offer_save: Ctrl-C with every required answer given asks
    whether to save what is there (raising StoppedEarly) instead of cancelling at once.
    """
    check_known(questionnaire, given)
    answers: dict[str, Any] = {}
    for question in questionnaire.all_questions:
        if question.id in given:
            value = coerce(question, given[question.id], people)
            if value is not None:
                answers[question.id] = value
    defaults = defaults or {}
    # An empty given answer skips an optional question; a required one is still missing.
    to_ask = [
        q
        for q in questionnaire.questions
        if q.id not in answers and (q.id not in given or q.required)
    ]
    if asker is not None and on_answer is not None:
        for question in questionnaire.questions:
            if question.id in answers:
                on_answer(question, answers[question.id])
    if asker is None:
        missing = [q.id for q in to_ask if q.required and _applies(q, answers)]
        if missing:
            example = " ".join(f"-a {qid}={_example(questionnaire.get(qid))}" for qid in missing)
            raise UsageError(
                f"Missing required answer{'s' if len(missing) > 1 else ''}: "
                f"{', '.join(missing)}. Give {'them' if len(missing) > 1 else 'it'} like this: "
                f"{command} {example}"
            )
        return _ordered(questionnaire, answers)
    asked = 0
    role = role or _role_in(answers, people)
    for index, question in enumerate(to_ask):
        if not _applies(question, answers):
            continue
        remaining = sum(1 for q in to_ask[index + 1 :] if _may_apply(q, answers))
        while True:
            try:
                raw = asker.ask(
                    question.worded_for(role),
                    position=asked + 1,
                    total=asked + 1 + remaining,
                    default=defaults.get(question.id),
                    people=people,
                )
                break
            except (Cancelled, KeyboardInterrupt):  # also a Ctrl-C between two prompts
                if not (offer_save and _has_required(questionnaire, answers)):
                    raise
                choice = asker.choose(STOP_QUESTION, STOP_OPTIONS, default="save")
                if choice == "save":
                    unreached = frozenset(q.id for q in to_ask[index:])
                    raise StoppedEarly(_ordered(questionnaire, answers), unreached) from None
                if choice == "discard":
                    raise
        asked += 1
        try:
            value = coerce(question, raw, people)
        except UsageError:
            if question.kind != "person":
                raise
            value = None
        if value is None and question.required:
            # The prompt itself refuses an empty required answer; this guards other askers.
            raise UsageError(f"{question.id} needs an answer.")
        if value is not None:
            answers[question.id] = value
            if question.kind == "person":
                role = _role_in(answers, people) or role
            if on_answer is not None:
                on_answer(question, value)
    return _ordered(questionnaire, answers)


def role_in(answers: Mapping[str, Any], people: Sequence[PersonRef]) -> str | None:
    """The role of the person an entry's answers are about, when known."""
    return _role_in(answers, people)


def _role_in(answers: Mapping[str, Any], people: Sequence[PersonRef]) -> str | None:
    for value in answers.values():
        if isinstance(value, PersonRef):
            if value.role:
                return value.role
            known = next((p for p in people if p.id is not None and p.id == value.id), None)
            if known is not None:
                return known.role
    return None


def _has_required(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> bool:
    return all(
        q.id in answers for q in questionnaire.questions if q.required and _applies(q, answers)
    )


def check_known(questionnaire: Questionnaire, given: Mapping[str, Any]) -> None:
    unknown = [qid for qid in given if questionnaire.get(qid) is None]
    if unknown:
        raise UsageError(
            f"Unknown question id{'s' if len(unknown) > 1 else ''} for "
            f"{_kind_name(questionnaire)}: "
            f"{_ids(unknown)}. Known ids: {', '.join(questionnaire.ids)}."
        )


def split_given(
    questionnaires: Sequence[Questionnaire], given: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Share one set of -a answers among questionnaires asked in a row (rupture, then repair)."""
    parts: list[dict[str, Any]] = [{} for _ in questionnaires]
    unknown = []
    for qid, value in given.items():
        for part, questionnaire in zip(parts, questionnaires, strict=True):
            if questionnaire.get(qid) is not None:
                part[qid] = value
                break
        else:
            unknown.append(qid)
    if unknown:
        known = sorted({qid for q in questionnaires for qid in q.ids})
        raise UsageError(
            f"Unknown question id{'s' if len(unknown) > 1 else ''}: {_ids(unknown)}. "
            f"Known ids: {', '.join(known)}."
        )
    return parts


def applies(question: Question, answers: Mapping[str, Any]) -> bool:
    return _applies(question, answers)


def _applies(question: Question, answers: Mapping[str, Any]) -> bool:
    if question.when_answered and not any(
        answers.get(dep_id) not in (None, "", []) for dep_id in question.when_answered
    ):
        return False
    # A multi answer matches when it includes any accepted value (`when: {context: other}`).
    for dep_id, accepted in question.when:
        value = answers.get(dep_id)
        if isinstance(value, list):
            if not any(v in accepted for v in value):
                return False
        elif value is None or value not in accepted:
            return False
    return True


def _may_apply(question: Question, answers: Mapping[str, Any]) -> bool:
    """Whether a later question could still be asked (its condition may not be decided yet)."""
    deps = [dep_id for dep_id, _ in question.when] + list(question.when_answered)
    return all(dep_id not in answers for dep_id in deps) or _applies(question, answers)


def _ordered(questionnaire: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    return {q.id: answers[q.id] for q in questionnaire.all_questions if q.id in answers}


def _example(question: Question | None) -> str:
    if question is None:
        return "VALUE"
    if question.kind == "scale":
        return str((question.min + question.max) // 2 + 0)
    if question.kind in ("choice", "multi"):
        return question.values[0]
    if question.kind == "yesno":
        return "yes"
    if question.kind == "person":
        return "NAME"
    return "TEXT"


def _kind_name(questionnaire: Questionnaire) -> str:
    """'a check-in' for the journal's questionnaires; any other set by its own name."""
    name = questionnaire.name
    if name not in QUESTIONNAIRES:
        return name
    label = kind_label(name)
    return f"{'an' if label[:1] in 'aeiou' else 'a'} {label}"


def _ids(unknown: Sequence[Any]) -> str:
    """Unknown ids by name when they look like ids; a key that reads like a sentence is counted."""
    shown = [str(q) for q in unknown if _ID_LIKE.fullmatch(str(q))]
    hidden = len(unknown) - len(shown)
    if hidden:
        shown.append(
            f"{hidden} key{'s' if hidden > 1 else ''} that {'are' if hidden > 1 else 'is'} not an id"
        )
    return ", ".join(shown)
