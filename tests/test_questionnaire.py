"""questionnaire: every answer is checked the same way, and only missing questions are asked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from attachjournal.core import prompts
from attachjournal.core.prompts import Question, Questionnaire
from attachjournal.core.questionnaire import (
    PersonRef,
    applies,
    coerce,
    collect,
    display_value,
    split_given,
)
from attachjournal.errors import Cancelled, UsageError

SCALE = Question(
    id="resourced", kind="scale", text="How resourced?", required=True, low="empty", high="full"
)
WIDE = Question(id="wide", kind="scale", text="Wide?", min=0, max=10)
CHOICE = Question(
    id="serve_return",
    kind="choice",
    text="How many?",
    choices=(("none", "none that I noticed"), ("1-2", "one or two"), ("lots", "lots")),
)
MULTI = Question(
    id="feelings",
    kind="multi",
    text="Feelings?",
    choices=(("calm", "calm"), ("tired", "tired"), ("i_hungry", "I was hungry")),
)
TEXT = Question(id="note", kind="text", text="Anything else?")
YESNO = Question(id="echo", kind="yesno", text="An echo?")
PERSON = Question(id="who", kind="person", text="Who?", required=True)

MAYA = PersonRef(name="Maya", id=1)
SAM = PersonRef(name="Sam Lee", id=2)
PEOPLE = (MAYA, SAM)


class ScriptedAsker:
    """Answers questions from a script (in order, or by id), recording what was asked and when."""

    def __init__(
        self, answers: Sequence[Any] | dict[str, Any] = (), choices: Sequence[str] = ()
    ) -> None:
        self.by_id = answers if isinstance(answers, dict) else None
        self.answers = [] if isinstance(answers, dict) else list(answers)
        self.choices = list(choices)
        self.asked: list[tuple[str, int, int]] = []
        self.defaults: dict[str, Any] = {}

    def ask(self, question, *, position, total, default=None, people=()):
        self.asked.append((question.id, position, total))
        self.defaults[question.id] = default
        answer = self.by_id.get(question.id) if self.by_id is not None else self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def choose(self, message, options, default=None):
        return self.choices.pop(0)

    def text(self, message, default=""):
        return self.answers.pop(0)

    @property
    def ids(self) -> list[str]:
        return [qid for qid, _, _ in self.asked]


# ----------------------------------------------------------------------------- coerce


@pytest.mark.parametrize(("raw", "stored"), [("1", 1), ("5", 5), (" 3 ", 3), (4, 4), (2.0, 2)])
def test_a_scale_takes_whole_numbers_within_its_ends(raw, stored):
    assert coerce(SCALE, raw) == stored


@pytest.mark.parametrize("raw", ["0", "6", "7", 7, -1, "3.5", 2.5, "three", True, False, [3]])
def test_a_scale_refuses_anything_else_and_says_the_range(raw):
    with pytest.raises(UsageError) as caught:
        coerce(SCALE, raw)
    assert "resourced takes a whole number from 1 to 5" in caught.value.message
    assert "1 = empty, 5 = full" in caught.value.message


def test_a_scale_with_its_own_ends_uses_them():
    assert coerce(WIDE, "0") == 0
    assert coerce(WIDE, "10") == 10
    with pytest.raises(UsageError, match="from 0 to 10"):
        coerce(WIDE, "11")


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_an_empty_answer_is_a_skip_for_every_kind(raw):
    for q in (SCALE, CHOICE, MULTI, TEXT, YESNO, PERSON):
        assert coerce(q, raw, PEOPLE) is None, q.kind


def test_an_empty_checkbox_means_none_of_these():
    assert coerce(MULTI, []) == []


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("1-2", "1-2"),
        ("lots", "lots"),
        ("LOTS", "lots"),
        ("One or Two", "1-2"),
        ("none that I NOTICED", "none"),
        ("  lots ", "lots"),
    ],
)
def test_a_choice_takes_a_value_or_a_label_in_any_case(raw, stored):
    assert coerce(CHOICE, raw) == stored


def test_an_unknown_choice_is_refused_with_the_choices_listed():
    with pytest.raises(UsageError) as caught:
        coerce(CHOICE, "heaps")
    assert "The value given for serve_return is not one of its choices" in caught.value.message
    assert "heaps" not in caught.value.message
    assert "none, 1-2, lots" in caught.value.message


def test_a_choice_takes_exactly_one_value():
    with pytest.raises(UsageError, match="takes one choice"):
        coerce(CHOICE, ["none", "lots"])


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("tired", ["tired"]),
        ("tired,calm", ["calm", "tired"]),  # questionnaire order, not typing order
        ("TIRED, calm ,tired", ["calm", "tired"]),  # case, spaces and repeats
        ("i was hungry,calm", ["calm", "i_hungry"]),  # labels work too
        (["tired", "calm"], ["calm", "tired"]),  # a list from an answers file
        ("calm,,", ["calm"]),
    ],
)
def test_a_multi_takes_comma_separated_values_deduplicated_in_questionnaire_order(raw, stored):
    assert coerce(MULTI, raw) == stored


def test_a_multi_refuses_an_unknown_value_among_known_ones():
    with pytest.raises(UsageError, match="2nd value given for feelings is not one of its choices"):
        coerce(MULTI, "calm,bored")


@pytest.mark.parametrize("raw", ["yes", "Y", "true", "1", "on", " YES ", True])
def test_yes_forms(raw):
    assert coerce(YESNO, raw) is True


@pytest.mark.parametrize("raw", ["no", "N", "false", "0", "off", False])
def test_no_forms(raw):
    assert coerce(YESNO, raw) is False


def test_a_yesno_refuses_maybe():
    with pytest.raises(UsageError, match=r"^echo takes yes or no\.$"):
        coerce(YESNO, "maybe")


def test_text_is_trimmed_and_kept_as_typed():
    assert coerce(TEXT, "  [bold]hello[/bold] \n") == "[bold]hello[/bold]"
    assert coerce(TEXT, 42) == "42"


def test_text_refuses_a_list():
    with pytest.raises(UsageError, match="free text"):
        coerce(TEXT, ["a", "b"])


@pytest.mark.parametrize(
    ("raw", "person"), [("Maya", MAYA), ("maya", MAYA), (" MAYA ", MAYA), ("sam lee", SAM)]
)
def test_a_person_is_found_by_name_in_any_case(raw, person):
    assert coerce(PERSON, raw, PEOPLE) == person


def test_an_unknown_person_is_refused_with_the_people_known_and_how_to_add():
    with pytest.raises(UsageError) as caught:
        coerce(PERSON, "Noor", PEOPLE)
    message = caught.value.message
    assert "The name given for who is not in your people (Maya, Sam Lee)" in message
    assert "attach people add NAME --role child" in message
    assert "Noor" not in message


def test_an_unknown_person_with_nobody_yet_says_so():
    with pytest.raises(UsageError, match="nobody yet"):
        coerce(PERSON, "Noor", ())


def test_a_new_person_from_a_prompt_needs_a_role():
    new = PersonRef(name="Noor", role="friend")
    assert coerce(PERSON, new, PEOPLE) == new
    with pytest.raises(UsageError, match="name and a role"):
        coerce(PERSON, PersonRef(name="Noor", role="boss"), PEOPLE)


# ----------------------------------------------------------------------------- collect

ECHO = Question(id="echo", kind="yesno", text="An echo?")
ECHO_NOTE = Question(id="echo_note", kind="text", text="What echo?", when=(("echo", (True,)),))
SMALL = Questionnaire(
    name="reflect",
    title="Check-in",
    intro="",
    questions=(SCALE, ECHO, ECHO_NOTE, TEXT),
)


def test_given_answers_are_not_asked_and_the_rest_are_asked_in_order():
    asker = ScriptedAsker(["no", "a quiet day"])
    answers = collect(SMALL, {"resourced": "4"}, asker)
    assert asker.ids == ["echo", "note"]
    assert answers == {"resourced": 4, "echo": False, "note": "a quiet day"}


def test_the_echo_note_is_asked_only_after_a_yes():
    asker = ScriptedAsker(["2", "yes", "my mother's voice", ""])
    answers = collect(SMALL, {}, asker)
    assert asker.ids == ["resourced", "echo", "echo_note", "note"]
    assert answers == {"resourced": 2, "echo": True, "echo_note": "my mother's voice"}


def test_the_echo_note_is_not_asked_after_a_no_or_a_skip():
    for reply in ("no", None):
        asker = ScriptedAsker(["2", reply, None])
        collect(SMALL, {}, asker)
        assert asker.ids == ["resourced", "echo", "note"]


def test_progress_counts_a_conditional_question_until_it_is_ruled_out():
    # Before echo is answered, echo_note may still come: 4 questions. After "no": 3 in all.
    asker = ScriptedAsker(["3", "no", None])
    collect(SMALL, {}, asker)
    assert asker.asked == [("resourced", 1, 4), ("echo", 2, 4), ("note", 3, 3)]


def test_progress_after_a_yes_counts_every_question():
    asker = ScriptedAsker(["3", "yes", "an old song", None])
    collect(SMALL, {}, asker)
    assert asker.asked == [("resourced", 1, 4), ("echo", 2, 4), ("echo_note", 3, 4), ("note", 4, 4)]


def test_progress_counts_only_what_is_left_to_ask():
    asker = ScriptedAsker([None])
    collect(SMALL, {"resourced": 3, "echo": "no"}, asker)
    assert asker.asked == [("note", 1, 1)]


def test_answers_given_up_front_decide_the_conditions():
    asker = ScriptedAsker(["from my father", None])
    collect(SMALL, {"resourced": 3, "echo": "yes"}, asker)
    assert asker.ids == ["echo_note", "note"]


def test_defaults_are_offered_to_the_asker():
    asker = ScriptedAsker(["4", "no", None])
    collect(SMALL, {}, asker, defaults={"resourced": 2, "note": "before"})
    assert asker.defaults == {"resourced": 2, "echo": None, "note": "before"}


def test_a_typed_answer_goes_through_the_same_checks():
    asker = ScriptedAsker(["9"])
    with pytest.raises(UsageError, match="from 1 to 5"):
        collect(SMALL, {}, asker)


def test_a_skipped_required_answer_is_refused_even_from_a_lenient_asker():
    with pytest.raises(UsageError, match="resourced needs an answer"):
        collect(SMALL, {}, ScriptedAsker([None]))


def test_cancel_at_a_question_passes_through():
    with pytest.raises(Cancelled):
        collect(SMALL, {}, ScriptedAsker(["3", Cancelled()]))


def test_answers_come_back_in_questionnaire_order():
    answers = collect(SMALL, {"note": "later", "resourced": "1"}, None)
    assert list(answers) == ["resourced", "note"]


def test_without_an_asker_nothing_is_asked_and_optional_questions_stay_empty():
    assert collect(SMALL, {"resourced": "5"}, None) == {"resourced": 5}


TWO_REQUIRED = Questionnaire(
    name="rupture",
    title="Rupture",
    intro="",
    questions=(
        PERSON,
        Question(id="intensity", kind="scale", text="How big?", required=True),
        Question(id="reached", kind="choice", text="?", required=True, choices=(("me", "me"),)),
        TEXT,
    ),
)


def test_without_an_asker_every_missing_required_answer_is_listed_with_an_example():
    with pytest.raises(UsageError) as caught:
        collect(TWO_REQUIRED, {}, None, command="attach repair --new")
    message = caught.value.message
    assert "Missing required answers: who, intensity, reached." in message
    assert "attach repair --new -a who=NAME -a intensity=3 -a reached=me" in message


def test_a_single_missing_answer_reads_naturally():
    with pytest.raises(UsageError) as caught:
        collect(SMALL, {"note": "hi"}, None, command="attach reflect")
    assert (
        "Missing required answer: resourced. Give it like this: attach reflect -a resourced=3"
        in (caught.value.message)
    )


def test_an_empty_given_answer_to_a_required_question_is_still_missing():
    with pytest.raises(UsageError, match="Missing required answer: resourced"):
        collect(SMALL, {"resourced": "  "}, None)
    with pytest.raises(UsageError, match="Missing required answers: who, intensity"):
        collect(TWO_REQUIRED, {"who": "", "intensity": None, "reached": "me"}, None, people=PEOPLE)


def test_an_empty_given_answer_skips_an_optional_question_but_a_required_one_is_asked():
    asker = ScriptedAsker(["4", "no"])
    answers = collect(SMALL, {"resourced": "", "note": ""}, asker)
    assert asker.ids == ["resourced", "echo"]
    assert answers == {"resourced": 4, "echo": False}


def test_a_required_question_whose_condition_is_not_met_is_not_missing():
    conditional = Questionnaire(
        name="reflect",
        title="",
        intro="",
        questions=(
            ECHO,
            Question(id="why", kind="scale", text="?", required=True, when=(("echo", (True,)),)),
        ),
    )
    assert collect(conditional, {"echo": "no"}, None) == {"echo": False}
    with pytest.raises(UsageError, match="Missing required answer: why"):
        collect(conditional, {"echo": "yes"}, None)


def test_unknown_ids_are_refused_all_at_once_with_the_known_ids():
    with pytest.raises(UsageError) as caught:
        collect(SMALL, {"resourced": 3, "moood": 2, "weather": "sun"}, ScriptedAsker())
    message = caught.value.message
    assert "Unknown question ids for a check-in: moood, weather." in message
    assert "Known ids: resourced, echo, echo_note, note." in message


def test_an_invalid_given_answer_is_refused_before_anything_is_asked():
    asker = ScriptedAsker(["3"])
    with pytest.raises(UsageError):
        collect(SMALL, {"echo": "perhaps"}, asker)
    assert asker.asked == []


def test_the_shipped_reflect_asks_echo_note_only_after_yes():
    reflect = prompts.load()["reflect"]
    asker = ScriptedAsker({"echo": "yes", "echo_note": "my dad's sigh"})
    answers = collect(reflect, {"resourced": 3}, asker)
    assert asker.ids.index("echo_note") == asker.ids.index("echo") + 1
    assert answers["echo_note"] == "my dad's sigh"

    asker = ScriptedAsker({"echo": "no", "echo_note": "never asked"})
    answers = collect(reflect, {"resourced": 3}, asker)
    assert "echo_note" not in asker.ids
    assert "echo_note" not in answers


def test_a_person_question_with_a_name_nobody_has_is_left_empty_when_optional():
    optional_person = Questionnaire(
        name="x", title="", intro="", questions=(Question(id="who", kind="person", text="Who?"),)
    )
    assert collect(optional_person, {}, ScriptedAsker(["Noor"]), people=PEOPLE) == {}
    assert collect(optional_person, {}, ScriptedAsker(["maya"]), people=PEOPLE) == {"who": MAYA}


def test_applies_follows_the_when_condition_for_multi_answers():
    after_tired = Question(id="why", kind="text", text="?", when=(("feelings", ("tired",)),))
    assert applies(after_tired, {"feelings": ["calm", "tired"]})
    assert not applies(after_tired, {"feelings": ["calm"]})
    assert not applies(after_tired, {})


# ----------------------------------------------------------------------------- split_given


def test_split_given_shares_answers_between_rupture_and_repair():
    loaded = prompts.load()
    rupture, repair = split_given(
        [loaded["rupture"], loaded["repair"]],
        {"who": "Maya", "intensity": "3", "moves": "sorry", "connected": "4"},
    )
    assert rupture == {"who": "Maya", "intensity": "3"}
    assert repair == {"moves": "sorry", "connected": "4"}


def test_split_given_refuses_ids_neither_questionnaire_knows():
    loaded = prompts.load()
    with pytest.raises(UsageError) as caught:
        split_given([loaded["rupture"], loaded["repair"]], {"who": "Maya", "mood": "3"})
    assert "Unknown question id: mood." in caught.value.message
    assert "intensity" in caught.value.message and "moves" in caught.value.message


# ----------------------------------------------------------------------------- display


def test_display_value_shows_labels_not_stored_values():
    assert display_value(CHOICE, "1-2") == "one or two"
    assert display_value(MULTI, ["calm", "i_hungry"]) == "calm, I was hungry"
    assert display_value(MULTI, []) == "(none)"
    assert display_value(YESNO, True) == "yes"
    assert display_value(SCALE, 2) == "2/5 (empty 1 ... 5 full)"
    assert display_value(None, ["a", "b"]) == "a, b"


def test_text_with_lone_surrogates_keeps_the_rest_of_the_text():
    assert coerce(TEXT, "caf\udce9") == "caf\ufffd"
