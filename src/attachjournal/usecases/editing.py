"""Plan an edit of one entry: which answers change, asking only when a person is there. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from attachjournal.core.prompts import Question, Questionnaire
from attachjournal.core.questionnaire import Asker, PersonRef, check_known, coerce, collect
from attachjournal.errors import UsageError

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts
    from attachjournal.core.records import EntryRecord

# Notes (imported from jrnl) have no questionnaire in prompts.yaml; these are what edit asks.
NOTE = Questionnaire(
    name="note",
    title="Note",
    intro="",
    questions=(
        Question(id="title", kind="text", text="Title"),
        Question(id="body", kind="text", text="Text"),
    ),
)


def questionnaire_for(kind: str, prompts: Prompts) -> Questionnaire:
    return NOTE if kind == "note" else prompts[kind]


def plan_changes(
    questionnaire: Questionnaire,
    entry: EntryRecord,
    given: Mapping[str, Any],
    asker: Asker | None,
    people: Sequence[PersonRef] = (),
) -> dict[str, Any]:
    """{question id: new value, or None to remove the answer}, only for what really changes.

    With a person at the terminal every question is asked again with the current answer as
    the default; without one, only the answers given with -a / --answers change.
    """
    current = {a.question_id: a.value for a in entry.answers}
    check_known(questionnaire, given)
    if asker is None:
        proposed = {}
        for qid, raw in given.items():
            question = questionnaire.get(qid)
            assert question is not None
            value = coerce(question, raw, people)
            if value is None and question.required:
                raise UsageError(f"{qid} needs an answer; it can be changed but not removed.")
            proposed[qid] = value
    else:
        answers = collect(
            questionnaire,
            given,
            asker,
            people=people,
            defaults=current,
            command=f"attach edit {entry.id}",
        )
        proposed = {q.id: answers.get(q.id) for q in questionnaire.questions}
    return {
        qid: value
        for qid, value in proposed.items()
        if not _same(value, current.get(qid), questionnaire.get(qid))
    }


def _same(new: Any, old: Any, question: Question | None) -> bool:
    if isinstance(new, PersonRef):
        return not new.is_new and old is not None and new.name == old
    return new == old
