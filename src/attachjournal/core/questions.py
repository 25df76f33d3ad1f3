"""What a question is, once prompts.yaml has been read and checked: frozen Question,
Questionnaire, ReviewQuestion and Prompts objects, and the kinds a question may have."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

KINDS = ("scale", "choice", "multi", "text", "yesno", "person")


QUESTIONNAIRES = ("reflect", "rupture", "repair", "intention")
# A person's own prompts.yaml may leave these out (files written before they existed keep
# working): the shipped questionnaire is used in their place.
OPTIONAL_QUESTIONNAIRES = ("intention",)


REVIEW_CONDITIONS = (
    "always",
    "ruptures",
    "open_ruptures",
    "no_ruptures",
    "few_checkins",
    "echoes",
    "repairs",
    "parenting",
    "partner_ruptures",
    "heavy",
)


class Question(NamedTuple):
    """One question of a questionnaire, as read from prompts.yaml and checked."""

    id: str
    kind: str
    text: str
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    min: int = 1
    max: int = 5
    low: str = ""
    high: str = ""
    when: tuple[tuple[str, tuple[Any, ...]], ...] = ()  # (earlier id, accepted values)
    past_text: str | None = None  # the wording for a check-in written for an earlier day
    # `when: {answered: [a, b]}`: asked only once one of these earlier questions has an answer.
    when_answered: tuple[str, ...] = ()
    # Never asked any more, kept so that old entries still show their labels (see prompts.yaml).
    retired: bool = False
    # The wording used when the person the entry is about is a partner: us, not parenting.
    partner_text: str = ""
    partner_choices: tuple[tuple[str, str], ...] = ()
    # Choices no longer offered; old answers holding them stay valid and keep their labels.
    retired_choices: tuple[tuple[str, str], ...] = ()

    def label_for(self, value: str) -> str:
        return dict(self.choices + self.retired_choices).get(value, value)

    def worded_for(self, role: str | None) -> Question:
        """This question as put to someone writing about a person with this role."""
        if role != "partner" or not (self.partner_text or self.partner_choices):
            return self
        labels = dict(self.partner_choices)
        return self._replace(
            text=self.partner_text or self.text,
            choices=tuple((value, labels.get(value, label)) for value, label in self.choices),
            partner_text="",
            partner_choices=(),
        )

    @property
    def values(self) -> tuple[str, ...]:
        """Every valid value: the ones offered, then retired ones (valid, never offered)."""
        return tuple(v for v, _ in self.choices + self.retired_choices)


class Questionnaire(NamedTuple):
    """One questionnaire of prompts.yaml (reflect, rupture, repair, intention) and its questions."""

    name: str
    title: str
    intro: str
    questions: tuple[Question, ...]  # the ones asked today, in order
    retired: tuple[Question, ...] = ()  # no longer asked; old entries still hold their answers
    quick: tuple[tuple[str, str], ...] = ()  # `--quick`: (id, shorter wording or "")

    def get(self, question_id: str) -> Question | None:
        """A question by id, retired ones included (an old answer still shows its labels)."""
        return next((q for q in self.questions + self.retired if q.id == question_id), None)

    @property
    def all_questions(self) -> tuple[Question, ...]:
        """Asked and retired: a retired id given with -a or in an old answers file still saves."""
        return self.questions + self.retired

    def worded_for(self, role: str | None) -> Questionnaire:
        """The questionnaire as asked about someone with this role (a partner: us-wording)."""
        questions = tuple(q.worded_for(role) for q in self.questions)
        return self if questions == self.questions else self._replace(questions=questions)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)

    def in_past(self) -> Questionnaire:
        """The questions as asked about an earlier day: `past_text` wherever one is given
        (so a back-dated check-in never asks how I feel "right now")."""

        return self._replace(
            questions=tuple(
                q._replace(text=q.past_text) if q.past_text else q for q in self.questions
            ),
        )


class ReviewQuestion(NamedTuple):
    """A question the weekly review may offer to think about, and the weeks it fits."""

    text: str
    when: str | tuple[str, ...] = "always"  # a list means every condition must hold


@dataclass(frozen=True)
class Prompts:
    """Everything read from one prompts file: the questionnaires by name, the review's questions."""

    source: str
    questionnaires: dict[str, Questionnaire] = field(default_factory=dict)
    review_questions: tuple[ReviewQuestion, ...] = ()

    def __getitem__(self, name: str) -> Questionnaire:
        return self.questionnaires[name]


def storable(text: str) -> str:
    """Text UTF-8 can hold: each lone surrogate (bytes a non-UTF-8 terminal passed through, or a
    \\udcff escape in YAML or JSON) becomes U+FFFD instead of failing the save later."""
    return _SURROGATE.sub("\ufffd", text)


_SURROGATE = re.compile("[\ud800-\udfff]")
