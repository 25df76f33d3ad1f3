"""Plain mode, for screen readers and plain terminals: the plain asker (numbered lines read from
standard input) one question kind at a time, and the views as plain text. The same in a real
terminal is in test_plain_terminal.py."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attachjournal.cli.app import app
from attachjournal.cli.context import Context, Terminal
from attachjournal.cli.plain_asker import NEEDED, PlainAsker
from attachjournal.core import prompts as prompts_module
from attachjournal.core.questionnaire import PersonRef, collect
from attachjournal.errors import Cancelled
from attachjournal.views.plain import spell_out

DRAWING = re.compile("[\u2500-\u259f]")  # box drawing and block elements


@pytest.fixture(scope="module")
def shipped():
    return prompts_module.load(None)


def plain(typed: str) -> tuple[PlainAsker, io.StringIO]:
    """An asker whose keyboard is `typed` (lines), and what it wrote."""
    out = io.StringIO()
    return PlainAsker(input=io.StringIO(typed), output=out), out


def ask(shipped, questionnaire: str, qid: str, typed: str, **kwargs):
    asker, out = plain(typed)
    question = shipped[questionnaire].get(qid)
    assert question is not None, qid
    return asker.ask(question, position=1, total=3, **kwargs), out.getvalue()


# ------------------------------------------------------------------ one kind at a time


def test_a_scale_lists_its_points_and_takes_a_number(shipped):
    value, said = ask(shipped, "reflect", "resourced", "4\n")
    assert value == 4
    assert said.splitlines()[1:8] == [
        "Question 1 of 3: How resourced do I feel right now?",
        "1 (running on empty)",
        "2",
        "3",
        "4",
        "5 (well resourced)",
        "Type a number from 1 to 5.",
    ]
    assert said.endswith("Answer: ")


def test_a_wrong_answer_gets_one_kind_line_and_the_prompt_again_without_echoing(shipped):
    value, said = ask(shipped, "reflect", "resourced", "seven<b>\n9\n2\n")
    assert value == 2
    assert said.count("That isn't one of the numbers. Type a number from 1 to 5.") == 2
    assert "seven" not in said and "<b>" not in said
    assert said.count("Answer: ") == 3


def test_a_required_question_says_it_needs_an_answer(shipped):
    value, said = ask(shipped, "reflect", "resourced", "\n3\n")
    assert value == 3
    assert NEEDED in said


def test_enter_skips_an_optional_question_and_keeps_an_earlier_answer(shipped):
    assert ask(shipped, "reflect", "mood", "\n")[0] is None
    value, said = ask(shipped, "reflect", "mood", "\n", default=5)
    assert value == 5
    assert "Enter alone: 5; s skips" in said
    assert ask(shipped, "reflect", "mood", "s\n", default=5)[0] is None


def test_a_choice_takes_its_number_or_its_words_and_returns_the_value(shipped):
    # echo_keep: 1 one to keep, 2 one I'd like to change, 3 not sure yet
    assert ask(shipped, "reflect", "echo_keep", "2\n")[0] == "change"
    assert ask(shipped, "reflect", "echo_keep", "Not sure yet\n")[0] == "not_sure"


def test_several_numbers_tick_several_in_the_lists_order(shipped):
    # feelings: ... 5 tender, 6 hopeful, 7 tired
    value, said = ask(shipped, "reflect", "feelings", "7, 5\n")
    assert value == ["tender", "tired"]
    assert "Type one or more numbers from 1 to 17, like 1,4; Enter alone skips." in said
    assert ask(shipped, "reflect", "feelings", "5 7\n")[0] == ["tender", "tired"]
    # A word as the list writes it ("touched-out or overstimulated") names its choice too.
    picked = ask(shipped, "reflect", "feelings", "touched-out, tired\n")[0]
    assert picked == ["tired", "touched_out"]  # in the list's order


def test_several_with_one_wrong_number_asks_again(shipped):
    value, said = ask(shipped, "reflect", "feelings", "5,99\n5\n")
    assert value == ["tender"]
    assert "Not all of those are choices." in said and "99" not in said


def test_several_keeps_the_earlier_ticks_on_enter(shipped):
    value, said = ask(shipped, "reflect", "feelings", "\n", default=["calm", "tired"])
    assert value == ["calm", "tired"]
    assert "Enter alone: calm, tired" in said


@pytest.mark.parametrize(("typed", "expected"), [("1", True), ("y", True), ("no", False)])
def test_yes_or_no(shipped, typed, expected):
    value, said = ask(shipped, "reflect", "echo", typed + "\n")
    assert value is expected
    assert "1. yes\n2. no\nType 1 or 2; Enter alone skips." in said


def test_a_person_is_picked_by_number_or_added(shipped):
    people = [
        PersonRef(name="Maya", role="child", id=1),
        PersonRef(name="Sam", role="partner", id=2),
    ]
    assert ask(shipped, "rupture", "who", "2\n", people=people)[0] == "Sam"
    # 3 is "someone new": a name, then who they are (Enter: child)
    value, said = ask(shipped, "rupture", "who", "3\nLeo\n\n", people=people)
    assert value == PersonRef(name="Leo", role="child")
    assert "Who is Leo to me?" in said


def test_free_text_is_a_line_and_a_backslash_goes_on_to_the_next(shipped):
    assert ask(shipped, "reflect", "note", "A quiet evening\n")[0] == "A quiet evening"
    value, said = ask(shipped, "reflect", "note", "first line\\\nsecond line\n")
    assert value == "first line\nsecond line"
    assert "More: " in said
    assert ask(shipped, "reflect", "note", "\n")[0] is None
    assert ask(shipped, "reflect", "note", "\n", default="kept")[0] == "kept"
    assert ask(shipped, "reflect", "note", "-\n", default="kept")[0] is None


def test_the_end_of_input_cancels_like_ctrl_d(shipped):
    with pytest.raises(Cancelled):
        ask(shipped, "reflect", "resourced", "")
    with pytest.raises(Cancelled):
        ask(shipped, "reflect", "resourced", "\n")  # needed, then nothing more


def test_choose_and_text_for_the_flows_own_questions():
    asker, out = plain("\n2\n")
    options = (("update", "update it"), ("new", "write a new one"))
    assert asker.choose("There is already a check-in for today.", options, "update") == "update"
    assert asker.choose("There is already a check-in for today.", options, "update") == "new"
    assert "1. update it\n2. write a new one" in out.getvalue()
    asker, _ = plain("\n")
    assert asker.text("Which rupture?", default="3") == "3"


@pytest.mark.parametrize("name", ["reflect", "rupture", "repair"])
def test_every_question_kind_in_the_shipped_prompts_can_be_answered(shipped, name):
    """Typing 1 at every question answers each kind (scale 1, the first choice, yes, the
    first person, the text "1"), and nothing written holds an escape sequence."""
    people = [PersonRef(name="Maya", role="child", id=1)]
    asker, out = plain("1\n" * 200)
    answers = collect(shipped[name], {}, asker, people=people)
    kinds = {q.kind for q in shipped[name].questions if q.id in answers}
    assert answers and "\x1b" not in out.getvalue() and not DRAWING.search(out.getvalue())
    for question in shipped[name].questions:
        if question.id in answers and question.kind == "yesno":
            assert answers[question.id] is True
    assert kinds <= {"scale", "choice", "multi", "text", "yesno", "person"}


# ------------------------------------------------------------------ views and switches


def test_symbols_are_spelled_and_drawing_goes():
    assert (
        spell_out("Tue 20:30 ⚡ Maya · intensity 3/5")
        == "Tue 20:30 rupture with Maya, intensity 3/5"
    )
    assert (
        spell_out("↺ came back together 45 min later") == "repair: came back together 45 min later"
    )
    assert spell_out("✓ Saved check-in #1") == "OK: Saved check-in #1"
    assert spell_out("Mon 16 Nov – Sun 22 Nov") == "Mon 16 Nov to Sun 22 Nov"
    assert spell_out("╭─ Your week ─╮") == " Your week "
    assert spell_out("resourced  ▃ 3   ·  ") == "resourced   3   -  "


def run(context: Context, *args: str):
    return CliRunner().invoke(app, list(args), obj=context, catch_exceptions=False)


@pytest.fixture
def week(attach):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    assert (
        attach("reflect", "--no-input", "-a", "resourced=2", "-a", "serve_noticed=yes").exit_code
        == 0
    )
    for intensity in ("3", "2"):
        args = ["repair", "--new", "--no-input", "--at", "1h ago", "-a", "who=Maya"]
        assert attach(*args, "-a", f"intensity={intensity}").exit_code == 0


def test_plain_review_is_plain_text_with_headings(week, tmp_path: Path):
    result = run(Context(), "--plain", "review")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.splitlines()[0] == "Your week"
    assert "Ruptures and repairs" in text
    assert "rupture with Maya" in text
    assert not DRAWING.search(text)
    assert not any(s in text for s in "⚡↺✓✗○●◔◑♡•·")
    # The day strip: digits and words, the number of ruptures as a number.
    assert re.search(r"^ruptures\s.*\b2\b", text, re.MULTILINE)


def test_the_setting_and_the_environment_switch_plain_mode_on(week, monkeypatch):
    assert "⚡" in run(Context(), "log").stdout
    monkeypatch.setenv("ATTACH_ACCESSIBLE", "1")
    assert "⚡" not in run(Context(), "log").stdout
    monkeypatch.delenv("ATTACH_ACCESSIBLE")
    assert run(Context(), "config", "set", "accessible", "yes").exit_code == 0
    listed = run(Context(), "log").stdout
    assert "⚡" not in listed and "rupture" in listed
    assert run(Context(), "config", "set", "accessible", "no").exit_code == 0
    assert "⚡" in run(Context(), "log").stdout


def test_a_wrong_value_for_the_setting_is_one_line(attach):
    result = attach("config", "set", "accessible", "maybe")
    assert result.exit_code == 2
    assert "accessible should be yes or no" in result.stderr


def test_plain_mode_chooses_the_plain_asker_at_a_terminal():
    from attachjournal.cli.context import default_asker

    person = Terminal(stdin_tty=True, stdout_tty=True, stderr_tty=True, no_color=False)
    context = Context(terminal=person, plain=True)
    assert isinstance(default_asker(context.term(), False, False, False), PlainAsker)
    # Piped input is still never read as keystrokes.
    piped = Terminal(stdin_tty=False, stdout_tty=True, stderr_tty=True, no_color=False, plain=True)
    assert default_asker(piped, False, False, False) is None


def test_a_whole_check_in_through_the_command_with_the_plain_asker(tmp_path: Path):
    keys = io.StringIO("3\n\n5,7\n" + "\n" * 30)
    out = io.StringIO()
    person = Terminal(stdin_tty=True, stdout_tty=True, stderr_tty=True, no_color=True)
    context = Context(
        journal=tmp_path / "mine.db",
        terminal=person,
        asker=lambda *_: PlainAsker(input=keys, output=out),
    )
    result = run(context, "--plain", "reflect", "--json")
    assert result.exit_code == 0, result.output
    assert '"resourced"' in result.stdout
    assert "Question 3 of" in out.getvalue()
