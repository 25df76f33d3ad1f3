"""Planning an edit: current answers become the defaults; only real changes are returned."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from attachjournal.core import prompts
from attachjournal.core.questionnaire import PersonRef
from attachjournal.core.records import AnswerRecord, EntryRecord
from attachjournal.errors import Cancelled, UsageError
from attachjournal.usecases import editing

PROMPTS = prompts.load()
AT = datetime(2026, 11, 16, 7, 10, tzinfo=timezone.utc)


class ScriptedAsker:
    """Answers from a script; remembers the default each question was offered."""

    def __init__(self, answers: dict, cancel_at: str | None = None) -> None:
        self.answers = answers
        self.cancel_at = cancel_at
        self.defaults: dict = {}

    def ask(self, question, *, position, total, default=None, people=()):
        if question.id == self.cancel_at:
            raise Cancelled()
        self.defaults[question.id] = default
        return self.answers.get(question.id, default)

    def choose(self, message, options, default=None):
        return default

    def text(self, message, default=""):
        return default


def _checkin(**answers) -> EntryRecord:
    questionnaire = PROMPTS["reflect"]
    return EntryRecord(
        id=1,
        uid="u1",
        kind="reflect",
        at=AT,
        created_at=AT,
        updated_at=None,
        person_id=None,
        person=None,
        rupture_id=None,
        no_repair_needed=False,
        answers=tuple(
            AnswerRecord(qid, "as asked then", questionnaire.get(qid).kind, value)
            for qid, value in answers.items()
        ),
    )


def test_every_question_is_offered_with_the_current_answer_as_default():
    entry = _checkin(resourced=2, feelings=["tired"], echo=True, echo_note="old words")
    asker = ScriptedAsker({"resourced": 4})
    changes = editing.plan_changes(PROMPTS["reflect"], entry, {}, asker)
    assert asker.defaults["resourced"] == 2
    assert asker.defaults["feelings"] == ["tired"]
    assert asker.defaults["echo_note"] == "old words"
    # Only what changed comes back; kept answers keep the question text they were asked with.
    assert changes == {"resourced": 4}


def test_an_answer_that_no_longer_applies_is_removed():
    entry = _checkin(resourced=2, echo=True, echo_note="old words")
    asker = ScriptedAsker({"echo": False})
    changes = editing.plan_changes(PROMPTS["reflect"], entry, {}, asker)
    assert changes == {"echo": False, "echo_note": None}


def test_cancelling_mid_edit_changes_nothing():
    entry = _checkin(resourced=2)
    with pytest.raises(Cancelled):
        editing.plan_changes(PROMPTS["reflect"], entry, {}, ScriptedAsker({}, cancel_at="mood"))


def test_without_an_asker_only_given_answers_change():
    entry = _checkin(resourced=2, mood=3)
    changes = editing.plan_changes(PROMPTS["reflect"], entry, {"mood": "3", "note": "new"}, None)
    assert changes == {"note": "new"}  # mood=3 is what it already was
    with pytest.raises(UsageError, match="resourced needs an answer"):
        editing.plan_changes(PROMPTS["reflect"], entry, {"resourced": ""}, None)


def test_person_answers_compare_by_name():
    rupture = PROMPTS["rupture"]
    entry = EntryRecord(
        id=2,
        uid="u2",
        kind="rupture",
        at=AT,
        created_at=AT,
        updated_at=None,
        person_id=1,
        person="Maya",
        rupture_id=None,
        no_repair_needed=False,
        answers=(
            AnswerRecord("who", "Who?", "person", "Maya"),
            AnswerRecord("intensity", "?", "scale", 3),
        ),
    )
    people = [PersonRef("Maya", id=1), PersonRef("Sam", id=2)]
    assert editing.plan_changes(rupture, entry, {"who": "maya"}, None, people) == {}
    assert editing.plan_changes(rupture, entry, {"who": "sam"}, None, people) == {
        "who": PersonRef("Sam", id=2)
    }


def test_notes_have_their_own_small_questionnaire():
    assert editing.questionnaire_for("note", PROMPTS).ids == ("title", "body")
    assert editing.questionnaire_for("repair", PROMPTS) is PROMPTS["repair"]
