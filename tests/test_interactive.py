"""The real prompts, driven end to end.

Two levels: the questionary asker fed keystrokes through prompt_toolkit's pipe input (fast,
one question kind at a time), and the installed `attach` command in a pseudo-terminal, the
way a person meets it (slow, marked `slow`, never skipped).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from attachjournal.cli.interactive import QuestionaryAsker
from attachjournal.core import prompts as prompts_module
from attachjournal.core.questionnaire import PersonRef, collect
from attachjournal.errors import Cancelled

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
SPACE = " "
CTRL_C = "\x03"
CTRL_D = "\x04"


@pytest.fixture(scope="module")
def shipped():
    return prompts_module.load(None)


def question(shipped, questionnaire: str, qid: str):
    found = shipped[questionnaire].get(qid)
    assert found is not None, qid
    return found


# ------------------------------------------------------------------ pipe input, one kind each


@pytest.fixture
def keyboard() -> Iterator:
    """An asker whose keyboard is a pipe: type keys first, then ask."""
    with create_pipe_input() as pipe:
        yield pipe, QuestionaryAsker(input=pipe, output=DummyOutput())


def test_a_scale_takes_a_number_key(shipped, keyboard):
    pipe, asker = keyboard
    pipe.send_text("4" + ENTER)
    assert asker.ask(question(shipped, "reflect", "resourced"), position=1, total=12) == 4


def test_a_scale_takes_arrows(shipped, keyboard):
    pipe, asker = keyboard
    pipe.send_text(DOWN + DOWN + ENTER)  # from 1, two steps down
    assert asker.ask(question(shipped, "reflect", "resourced"), position=1, total=12) == 3


def test_enter_on_an_optional_scale_skips_rather_than_inventing_a_low_answer(shipped, keyboard):
    pipe, asker = keyboard
    pipe.send_text(ENTER)
    assert asker.ask(question(shipped, "reflect", "mood"), position=2, total=12) is None


def test_enter_on_an_optional_scale_keeps_the_earlier_answer_when_updating(shipped, keyboard):
    pipe, asker = keyboard
    pipe.send_text(ENTER)
    mood = question(shipped, "reflect", "mood")
    assert asker.ask(mood, position=2, total=12, default=5) == 5


def test_an_optional_scale_offers_skip_as_its_last_choice(shipped, keyboard):
    pipe, asker = keyboard
    pipe.send_text("s" + ENTER)  # s points at skip
    mood = question(shipped, "reflect", "mood")
    assert asker.ask(mood, position=2, total=12, default=3) is None


def test_a_choice_returns_its_value_not_its_label(shipped, keyboard):
    pipe, asker = keyboard
    pipe.send_text(UP * 3 + DOWN + ENTER)  # from skip up to the top, then one down
    keep = question(shipped, "reflect", "echo_keep")
    assert asker.ask(keep, position=6, total=12) == "change"


def test_a_multi_returns_the_ticked_values(shipped, keyboard):
    pipe, asker = keyboard
    # calm, joyful, proud, grateful, tender, hopeful, tired: tick tender and tired.
    pipe.send_text(DOWN * 4 + SPACE + DOWN * 2 + SPACE + ENTER)
    feelings = question(shipped, "reflect", "feelings")
    assert asker.ask(feelings, position=3, total=12) == ["tender", "tired"]


def test_a_multi_with_nothing_ticked_is_a_skip(shipped, keyboard):
    pipe, asker = keyboard
    pipe.send_text(ENTER)
    assert asker.ask(question(shipped, "reflect", "feelings"), position=3, total=12) is None


def test_a_multi_starts_from_the_earlier_ticks_when_updating(shipped, keyboard):
    pipe, asker = keyboard
    pipe.send_text(SPACE + ENTER)  # untick calm, keep tired
    feelings = question(shipped, "reflect", "feelings")
    assert asker.ask(feelings, position=3, total=12, default=["calm", "tired"]) == ["tired"]


def test_yes_and_no(shipped):
    echo = question(shipped, "reflect", "echo")
    for keys, expected in [(UP * 2 + ENTER, True), (UP + ENTER, False), (ENTER, None)]:
        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            asker = QuestionaryAsker(input=pipe, output=DummyOutput())
            assert asker.ask(echo, position=9, total=12) is expected, keys


def test_number_keys_tick_list_items_and_0_is_the_tenth(shipped, keyboard):
    pipe, asker = keyboard
    pipe.send_text("40" + "4" + "1" + ENTER)  # rushing and other on, rushing off, i_tired on
    context = question(shipped, "rupture", "context")
    assert asker.ask(context, position=9, total=13) == ["i_tired", "other"]


@pytest.mark.parametrize(("keys", "expected"), [("y", True), ("n", False), ("s", None)])
def test_y_and_n_answer_a_yes_no_question(shipped, keyboard, keys, expected):
    pipe, asker = keyboard
    pipe.send_text(keys + ENTER)
    assert asker.ask(question(shipped, "reflect", "echo"), position=9, total=12) is expected


def test_a_scale_point_is_picked_by_its_own_number(shipped, keyboard):
    pipe, asker = keyboard
    pipe.send_text("2" + "5" + ENTER)  # the last number pressed counts
    assert asker.ask(question(shipped, "rupture", "sure"), position=8, total=13) == 5


def test_text_is_returned_as_typed_and_enter_alone_skips(shipped, keyboard):
    pipe, asker = keyboard
    note = question(shipped, "reflect", "note")
    pipe.send_text("a snail [bold]on the path[/bold]" + ENTER)
    assert asker.ask(note, position=12, total=12) == "a snail [bold]on the path[/bold]"
    pipe.send_text(ENTER)
    assert asker.ask(note, position=12, total=12) == ""  # collect() stores nothing for it


def test_a_person_is_picked_from_the_people(shipped, keyboard):
    pipe, asker = keyboard
    people = [PersonRef("Maya", id=1), PersonRef("Sam", id=2)]
    pipe.send_text(DOWN + ENTER)
    who = question(shipped, "rupture", "who")
    assert asker.ask(who, position=1, total=11, people=people) == "Sam"


def test_someone_new_is_added_with_a_name_and_a_role(shipped, keyboard):
    pipe, asker = keyboard
    # "someone new..." is the only choice with nobody yet; an empty name is refused and
    # the prompt waits; then the role list starts on child: one down is partner.
    pipe.send_text(ENTER + ENTER + "  Alex " + ENTER + DOWN + ENTER)
    who = question(shipped, "rupture", "who")
    assert asker.ask(who, position=1, total=11) == PersonRef("Alex", role="partner")


@pytest.mark.parametrize("key", [CTRL_C, CTRL_D])
@pytest.mark.parametrize("qid", ["resourced", "feelings", "note"])
def test_ctrl_c_and_ctrl_d_cancel_any_kind(shipped, keyboard, key, qid):
    pipe, asker = keyboard
    pipe.send_text(key)
    with pytest.raises(Cancelled) as caught:
        asker.ask(question(shipped, "reflect", qid), position=1, total=12)
    assert caught.value.message == "Cancelled, nothing was saved."
    assert caught.value.exit_code == 130


def test_a_whole_questionnaire_through_the_real_prompts(shipped, keyboard):
    pipe, asker = keyboard
    keys = [
        "3" + ENTER,  # resourced
        ENTER,  # mood: skip
        DOWN * 6 + SPACE + ENTER,  # feelings: tired
        ENTER,  # refill: nothing ticked
        ENTER,  # drain: nothing ticked
        ENTER,  # serve_noticed: skip (so its steps and note are not asked)
        ENTER,  # connection: skipped
        UP * 2 + ENTER,  # echo: yes
        "my mother's sigh" + ENTER,  # echo_note, asked because of the yes
        ENTER,  # echo_about: nothing ticked
        ENTER,  # echo_keep: skip
        "5" + ENTER,  # kind_to_self
        ENTER,  # note: skipped
    ]
    pipe.send_text("".join(keys))
    answers = collect(shipped["reflect"], {}, asker)
    assert answers == {
        "resourced": 3,
        "feelings": ["tired"],
        "echo": True,
        "echo_note": "my mother's sigh",
        "kind_to_self": 5,
    }


# ------------------------------------------------------------------ a real terminal

slow = pytest.mark.slow
ATTACH = str(Path(sys.executable).with_name("attach"))
TIMEOUT = 10


@pytest.fixture
def terminal(journal_env: Path) -> Iterator:
    """Start `attach ARGS...` in a pseudo-terminal, with this test's own journal."""
    env = dict(os.environ, TERM="xterm", NO_COLOR="1")
    # Nobody answers the cursor-position request in a pseudo-terminal; without this,
    # prompt_toolkit waits for the answer and prints a warning.
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    started: list[pexpect.spawn] = []

    def start(*args: str) -> pexpect.spawn:
        child = pexpect.spawn(
            ATTACH,
            list(args),
            env=env,
            encoding="utf-8",
            dimensions=(40, 120),
            timeout=TIMEOUT,
        )
        started.append(child)
        return child

    yield start
    for child in started:
        if child.isalive():
            child.terminate(force=True)


def answer(child: pexpect.spawn, prompt: str, keys: str) -> None:
    """Wait until the question is on screen (so the terminal is in raw mode), then type."""
    child.expect_exact(prompt)
    child.send(keys)


def finish(child: pexpect.spawn) -> tuple[int, str]:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before


def saved(attach, entry_id: int) -> dict:
    result = attach("show", str(entry_id), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def values(entry: dict) -> dict:
    return {qid: a["value"] for qid, a in entry["answers"].items()}


def entry_count(attach) -> int:
    result = attach("log", "--json")
    assert result.exit_code == 0, result.output
    return len(json.loads(result.stdout))


@slow
def test_a_full_check_in_in_a_terminal(terminal, attach):
    child = terminal("reflect")
    child.expect_exact("Daily check-in")
    answer(child, "How resourced do I feel right now?", "2" + ENTER)
    answer(child, "What is my mood like overall today?", "4" + ENTER)
    child.expect_exact("[3/15]")
    # Number keys tick as they pick scale points: 5 tender, 7 tired.
    answer(child, "Which feelings are here", "57" + ENTER)
    # The answer line says back the labels ticked, not a count.
    child.expect_exact("tender, tired")
    answer(child, "What filled me up today?", ENTER)
    answer(child, "What drained me today?", DOWN + SPACE + ENTER)
    answer(child, "Did I catch a serve today", "y" + ENTER)
    answer(child, "What did that back-and-forth hold?", "13" + ENTER)
    child.expect_exact("and looked too, ")  # the answer line lists both ticks
    answer(child, "That moment", "She showed me a snail [bold]" + ENTER)
    answer(child, "Was there a moment I felt close", ENTER)
    answer(child, "Did I hear an echo", "y" + ENTER)
    answer(child, "What was the echo", "my dad's sigh" + ENTER)
    answer(child, "What does the echo say?", "1" + ENTER)
    answer(child, "Is it an echo I want to keep?", "1" + ENTER)
    answer(child, "How kind was I to myself today?", ENTER)
    answer(child, "Anything else I want to remember", ENTER)
    child.expect_exact("Saved check-in #1")
    status, _ = finish(child)
    assert status == 0

    entry = saved(attach, 1)
    assert entry["kind"] == "reflect"
    assert values(entry) == {
        "resourced": 2,
        "mood": 4,
        "feelings": ["tender", "tired"],
        "drain": ["work"],
        "serve_noticed": True,
        "serve_steps": ["focus", "name"],
        "serve_return_note": "She showed me a snail [bold]",
        "echo": True,
        "echo_note": "my dad's sigh",
        "echo_about": ["me"],
        "echo_keep": "keep",
    }


@pytest.fixture
def midday(journal_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A local time zone where it is about noon now: whatever the hour the suite runs at, both
    check-ins fall in the daytime of one journal day (after midnight a second check-in is
    added, not offered as an update, and the journal day runs on until 04:00)."""
    import time as clock
    from datetime import datetime, timezone

    hours_ahead = 12 - datetime.now(timezone.utc).hour  # -11 .. +12, all real offsets
    # POSIX TZ strings count hours west of UTC: "NOON-3" is three hours ahead of UTC.
    monkeypatch.setenv("TZ", f"NOON{-hours_ahead:+d}")
    clock.tzset()


@slow
def test_a_second_check_in_the_same_day_can_update_the_first(midday, terminal, attach):
    assert attach("reflect", "-a", "resourced=1", "-a", "mood=2").exit_code == 0
    child = terminal("reflect")
    answer(child, "There is already a check-in for today", ENTER)  # update
    answer(child, "How resourced do I feel right now?", "4" + ENTER)
    # Everything else: enter keeps what was there (mood 2) and skips what was skipped.
    for prompt in [
        "What is my mood like",
        "Which feelings",
        "What filled me up",
        "What drained me",
        "Did I catch a serve",
        "Was there a moment",
        "Did I hear an echo",
        "How kind was I",
        "Anything else",
    ]:
        answer(child, prompt, ENTER)
    child.expect_exact("Updated check-in #1")
    status, _ = finish(child)
    assert status == 0
    assert values(saved(attach, 1)) == {"resourced": 4, "mood": 2}
    assert entry_count(attach) == 1


@pytest.mark.parametrize("key", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
@slow
def test_cancelling_mid_check_in_saves_nothing(terminal, attach, journal_env, key):
    child = terminal("reflect")
    answer(child, "How resourced do I feel right now?", "3" + ENTER)
    answer(child, "What is my mood like", ENTER)
    answer(child, "Which feelings", DOWN + SPACE)
    child.send(key)
    # The required answer is in, so it asks once; a second press discards.
    answer(child, "Stop here?", key)
    status, output = finish(child)
    assert status == 130
    assert "Cancelled, nothing was saved." in output
    assert "Traceback" not in output
    assert not journal_env.exists()


@slow
def test_cancelling_at_a_typed_answer_saves_nothing(terminal, attach):
    assert attach("reflect", "-a", "resourced=1").exit_code == 0
    child = terminal("reflect")
    answer(child, "There is already a check-in for today", DOWN + ENTER)  # add another
    answer(child, "How resourced do I feel right now?", "5" + ENTER)
    for prompt in ["What is my mood", "Which feelings", "What filled", "What drained"]:
        answer(child, prompt, ENTER)
    answer(child, "Did I catch a serve", ENTER)
    answer(child, "Was there a moment", "half a sentence")
    child.send(CTRL_D)
    answer(child, "Stop here?", DOWN + ENTER)  # discard it, save nothing
    status, output = finish(child)
    assert status == 130
    assert "Cancelled, nothing was saved." in output
    assert entry_count(attach) == 1
    assert values(saved(attach, 1)) == {"resourced": 1}


@slow
def test_a_rupture_with_someone_new_repaired_straight_away(terminal, attach):
    child = terminal("repair")
    child.expect_exact("A rupture")
    answer(child, "When did it happen?", ENTER)  # just now
    answer(child, "Who was it with?", ENTER)  # nobody yet: "someone new..."
    answer(child, "Their name", "Maya" + ENTER)
    answer(child, "Who is Maya to me?", ENTER)  # child
    log_rupture_rest(child)
    answer(child, "Has it been repaired yet?", UP + ENTER)  # yes
    child.expect_exact("Saved rupture #1")
    answer(child, "When did you come back together?", ENTER)  # just now
    child.expect_exact("Coming back together")
    answer(child, "Who reached out first?", "1" + ENTER)  # I did
    answer(child, "What helped me settle", "2" + ENTER)  # stepping away for a moment
    answer(child, "What did the repair include?", "24" + ENTER)  # named it, said sorry
    answer(child, "How connected do we feel now?", "4" + ENTER)
    answer(child, "One thing I'd like to try next time", "kneel down first" + ENTER)
    answer(child, "How kind am I being to myself", ENTER)
    child.expect_exact("Saved repair #2")
    status, _ = finish(child)
    assert status == 0

    rupture, repair = saved(attach, 1), saved(attach, 2)
    assert rupture["who"] == "Maya"
    assert values(rupture) == {
        "who": "Maya",
        "what": "shoes, again",
        "intensity": 3,
        "context": ["rushing"],
    }
    assert repair["rupture_id"] == 1
    assert values(repair) == {
        "reached_first": "me",
        "settled_by": ["stepped_away"],
        "moves": ["named", "sorry"],
        "connected": 4,
        "next_time": "kneel down first",
    }
    people = attach("people", "list")
    assert "Maya" in people.stdout and "child" in people.stdout


def log_rupture_rest(child: pexpect.spawn) -> None:
    """After `who`: intensity 3, context 'rushing', a note of what happened, the rest skipped."""
    answer(child, "What happened, as a camera", "shoes, again" + ENTER)
    answer(child, "How big did it feel?", "3" + ENTER)
    answer(child, "What was I feeling?", ENTER)
    answer(child, "What did I need", ENTER)
    answer(child, "What might they have been reaching for?", ENTER)
    answer(child, "My best guess", ENTER)  # no guess given: "how sure" is not asked
    answer(child, "What was going on around it?", DOWN * 3 + SPACE + ENTER)
    answer(child, "Did it touch something older", ENTER)
    answer(child, "How resourced was I just before", ENTER)


@slow
def test_cancelling_the_repair_keeps_the_rupture_and_says_so(terminal, attach):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    child = terminal("repair")
    answer(child, "When did it happen?", ENTER)
    answer(child, "Who was it with?", ENTER)  # Maya
    log_rupture_rest(child)
    answer(child, "Has it been repaired yet?", UP + ENTER)
    answer(child, "When did you come back together?", ENTER)
    answer(child, "Who reached out first?", ENTER)
    answer(child, "What helped me settle", CTRL_C)
    status, output = finish(child)
    assert status == 130
    flat = " ".join(output.split())
    assert "Your rupture is saved as #1" in flat
    assert "attach repair --of 1" in flat
    assert entry_count(attach) == 1
    assert saved(attach, 1)["kind"] == "rupture"


@slow
def test_an_open_rupture_is_offered_and_repaired_later(terminal, attach):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    child = terminal("repair")
    answer(child, "When did it happen?", ENTER)
    answer(child, "Who was it with?", ENTER)
    log_rupture_rest(child)
    answer(child, "Has it been repaired yet?", ENTER)  # not yet
    child.expect_exact("attach repair --of 1")
    assert finish(child)[0] == 0

    child = terminal("repair")
    answer(child, "Come back to one of these, or log a new rupture?", "")
    child.expect_exact("#1 ")
    child.expect_exact("log a new rupture")
    child.send(ENTER)  # the open rupture, listed first
    answer(child, "What would you like to note?", ENTER)  # how we came back together
    answer(child, "When did you come back together?", ENTER)  # just now
    answer(child, "Who reached out first?", UP * 2 + ENTER)  # they did
    for prompt in ["What helped me settle", "What did the repair include?", "How connected"]:
        answer(child, prompt, ENTER)
    answer(child, "One thing I'd like to try", ENTER)
    answer(child, "How kind am I being", "5" + ENTER)
    child.expect_exact("Saved repair #2")
    assert finish(child)[0] == 0
    repair = saved(attach, 2)
    assert repair["rupture_id"] == 1
    assert values(repair) == {"reached_first": "them", "kind_to_self": 5}

    # Nothing is open now: no menu, straight to a new rupture.
    child = terminal("repair")
    child.expect_exact("When did it happen?")
    child.send(CTRL_C)
    assert finish(child)[0] == 130


@slow
def test_an_open_rupture_can_be_marked_as_needing_no_repair(terminal, attach):
    given = ["-a", "who=Maya", "-a", "intensity=1"]
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    assert attach("repair", "--new", *given).exit_code == 0
    child = terminal("repair")
    answer(child, "Come back to one of these, or log a new rupture?", ENTER)
    answer(child, "What would you like to note?", DOWN + ENTER)  # no repair needed
    child.expect_exact("Rupture #1 is marked as needing no repair.")
    status, output = finish(child)
    assert status == 0
    assert "Saved" not in output  # nothing new was saved, so nothing claims it was
    assert saved(attach, 1)["no_repair_needed"] is True
    assert entry_count(attach) == 1


@slow
def test_cancelling_at_the_menu_saves_nothing(terminal, attach):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    assert attach("repair", "--new", "-a", "who=Maya", "-a", "intensity=1").exit_code == 0
    child = terminal("repair")
    answer(child, "Come back to one of these, or log a new rupture?", CTRL_D)
    status, output = finish(child)
    assert status == 130
    assert "Cancelled, nothing was saved." in output
    assert entry_count(attach) == 1


@pytest.mark.parametrize("stdin", [b"hello\n", b""], ids=["piped-text", "empty"])
def test_piped_stdin_is_never_read_as_keystrokes(journal_env, stdin):
    import subprocess

    done = subprocess.run(
        [ATTACH, "reflect"], input=stdin, capture_output=True, timeout=TIMEOUT, check=False
    )
    assert done.returncode == 2
    assert b"Missing required answer: resourced" in done.stderr
    assert done.stdout == b""
    assert not journal_env.exists()


@slow
def test_ctrl_c_after_the_required_answers_can_save_what_is_there(terminal, attach):
    child = terminal("reflect")
    answer(child, "How resourced do I feel right now?", "2" + ENTER)
    answer(child, "What is my mood like", "4" + ENTER)
    answer(child, "Which feelings", "7")  # ticked but not yet entered: not an answer
    child.send(CTRL_C)
    answer(child, "Stop here?", ENTER)  # the default: save what I have so far
    child.expect_exact("Saved check-in #1")
    child.expect_exact("Saved what you had")
    status, _ = finish(child)
    assert status == 0
    assert values(saved(attach, 1)) == {"resourced": 2, "mood": 4}


@slow
def test_stopping_an_update_keeps_the_answers_not_reached(midday, terminal, attach):
    payload = json.dumps({"resourced": 1, "mood": 2, "feelings": ["tired"], "note": "long day"})
    assert attach("reflect", "--no-input", "--answers", "-", input=payload).exit_code == 0
    child = terminal("reflect")
    answer(child, "There is already a check-in for today", ENTER)  # update
    answer(child, "How resourced do I feel right now?", "4" + ENTER)
    answer(child, "What is my mood like", CTRL_C)
    answer(child, "Stop here?", ENTER)  # save what I have so far
    child.expect_exact("Updated check-in #1")
    child.expect_exact("keep their earlier answers")
    assert finish(child)[0] == 0
    # The new answer, and everything after the stop as it was: nothing written is lost.
    assert values(saved(attach, 1)) == {
        "resourced": 4,
        "mood": 2,
        "feelings": ["tired"],
        "note": "long day",
    }


@slow
def test_ctrl_c_can_go_back_to_the_questions(terminal, attach):
    child = terminal("reflect")
    answer(child, "How resourced do I feel right now?", "3" + ENTER)
    answer(child, "What is my mood like", CTRL_C)
    answer(child, "Stop here?", "3" + ENTER)  # go back to the questions
    answer(child, "What is my mood like", "5" + ENTER)  # the same question again
    answer(child, "Which feelings", CTRL_C)
    answer(child, "Stop here?", ENTER)
    child.expect_exact("Saved check-in #1")
    assert finish(child)[0] == 0
    assert values(saved(attach, 1)) == {"resourced": 3, "mood": 5}


@slow
def test_ctrl_c_before_the_required_answers_cancels_at_once(terminal, attach, journal_env):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    child = terminal("repair")
    answer(child, "When did it happen?", ENTER)  # just now
    answer(child, "Who was it with?", ENTER)  # Maya
    answer(child, "What happened, as a camera", CTRL_C)  # intensity (required) not given yet
    status, output = finish(child)
    assert status == 130
    assert "Cancelled, nothing was saved." in output and "Stop here?" not in output
    assert entry_count(attach) == 0


@slow
def test_a_rupture_stopped_early_is_saved_and_left_open(terminal, attach):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    child = terminal("repair")
    answer(child, "When did it happen?", ENTER)  # just now
    answer(child, "Who was it with?", ENTER)
    answer(child, "What happened, as a camera", "the shoes" + ENTER)
    answer(child, "How big did it feel?", "2" + ENTER)
    answer(child, "What was I feeling?", CTRL_D)
    answer(child, "Stop here?", ENTER)
    child.expect_exact("Saved rupture #1")
    child.expect_exact("attach repair --of 1")  # open: no "has it been repaired?" question
    status, output = finish(child)
    assert status == 0 and "Has it been repaired" not in output
    assert values(saved(attach, 1)) == {"who": "Maya", "what": "the shoes", "intensity": 2}


@slow
def test_quick_check_in_is_three_questions(terminal, attach):
    child = terminal("reflect", "--quick")
    answer(child, "How resourced do I feel right now?", "2" + ENTER)
    child.expect_exact("[2/3]")
    answer(child, "One feeling that is here right now?", "7" + ENTER)  # tired
    answer(child, "One line about today?", "long day, sweet bath" + ENTER)
    child.expect_exact("Saved check-in #1")
    status, output = finish(child)
    assert status == 0 and "What is my mood" not in output
    entry = saved(attach, 1)
    assert values(entry) == {"resourced": 2, "feelings": ["tired"], "note": "long day, sweet bath"}
    # Stored as asked: the shorter wording, and still a multi answer like any other day's.
    assert entry["answers"]["feelings"]["question"] == "One feeling that is here right now?"
    assert entry["answers"]["feelings"]["kind"] == "multi"


@slow
def test_last_times_hope_comes_back_at_the_next_rupture_with_them(terminal, attach):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    assert attach("people", "add", "Sam", "--role", "child").exit_code == 0
    assert attach("repair", "--new", "-a", "who=Maya", "-a", "intensity=2").exit_code == 0
    hope = "kneel down [first]"
    done = attach("repair", "--of", "1", "--answers", "-", input=json.dumps({"next_time": hope}))
    assert done.exit_code == 0, done.output

    child = terminal("repair", "--new")
    answer(child, "When did it happen?", ENTER)  # just now
    answer(child, "Who was it with?", ENTER)  # Maya
    child.expect_exact(f"Last time you hoped to try: {hope}")
    answer(child, "What happened, as a camera", CTRL_C)
    assert finish(child)[0] == 130

    # With someone else, nothing is said.
    child = terminal("repair", "--new")
    answer(child, "When did it happen?", ENTER)  # just now
    answer(child, "Who was it with?", DOWN + ENTER)  # Sam
    child.expect_exact("What happened, as a camera")
    assert "Last time" not in child.before
    child.send(CTRL_C)
    finish(child)

    # Once: after a new rupture with Maya, that hope has had its moment.
    assert attach("repair", "--new", "-a", "who=Maya", "-a", "intensity=1").exit_code == 0
    child = terminal("repair", "--new")
    answer(child, "When did it happen?", ENTER)  # just now
    answer(child, "Who was it with?", ENTER)
    child.expect_exact("What happened, as a camera")
    assert "Last time" not in child.before
    child.send(CTRL_C)
    finish(child)


def _editor_script(tmp_path: Path, body: str, extra: str = "") -> str:
    """An $EDITOR that notes where it was asked to write (and its modes), then writes `body`."""
    script = tmp_path / "editor.sh"
    script.write_text(
        "#!/bin/sh\n"
        f'stat -c "%a %n" "$1" "$(dirname "$1")" >> "{tmp_path}/seen"\n'
        f"printf '%s\\n' '{body}' >> \"$1\"\n" + extra,
        encoding="utf-8",
    )
    script.chmod(0o700)
    return str(script)


def _spawn(args: list[str], **env: str) -> pexpect.spawn:
    full = dict(os.environ, TERM="xterm", NO_COLOR="1", PROMPT_TOOLKIT_NO_CPR="1", **env)
    return pexpect.spawn(
        ATTACH, args, env=full, encoding="utf-8", dimensions=(40, 120), timeout=TIMEOUT
    )


@slow
def test_ctrl_o_writes_a_text_answer_in_the_editor_privately(attach, journal_env, tmp_path):
    editor = _editor_script(tmp_path, "a long, slow evening")
    child = _spawn(["reflect"], EDITOR=editor)
    answer(child, "How resourced do I feel right now?", "3" + ENTER)
    for prompt in ["What is my mood", "Which feelings", "What filled", "What drained"]:
        answer(child, prompt, ENTER)
    answer(child, "Did I catch a serve", ENTER)
    answer(child, "Was there a moment I felt close", "the bath" + "\x0f")  # ctrl-o
    # The answer's line says where it went, not the words typed before the editor opened.
    child.expect_exact("(written in the editor)")
    answer(child, "Did I hear an echo", ENTER)
    answer(child, "How kind was I", ENTER)
    answer(child, "Anything else", ENTER)
    child.expect_exact("Saved check-in #1")
    assert finish(child)[0] == 0
    # What was typed so far went into the editor with the question; comment lines drop out.
    assert values(saved(attach, 1))["connection"] == "the bath\na long, slow evening"
    file_mode, file_name = (tmp_path / "seen").read_text().splitlines()[0].split(" ", 1)
    folder_mode = (tmp_path / "seen").read_text().splitlines()[1].split(" ", 1)[0]
    assert (file_mode, folder_mode) == ("600", "700")
    assert not Path(file_name).exists()  # removed once the entry was saved


@slow
def test_with_editor_a_failed_save_keeps_what_was_written_and_says_where(
    attach, journal_env, tmp_path
):
    # The editor also puts a folder where the journal should go, so the save fails.
    editor = _editor_script(tmp_path, "words worth keeping", f'mkdir -p "{journal_env}"\n')
    child = _spawn(["reflect", "--editor", "-a", "resourced=2"], EDITOR=editor)
    for prompt in ["What is my mood", "Which feelings", "What filled", "What drained"]:
        answer(child, prompt, ENTER)
    answer(child, "Did I catch a serve", ENTER)  # the next text question opens the editor
    answer(child, "Did I hear an echo", ENTER)
    answer(child, "How kind was I", ENTER)
    status, output = finish(child)
    assert status == 1
    assert "NOT saved" in output
    kept = " ".join(output.split())
    file_name = (tmp_path / "seen").read_text().splitlines()[0].split(" ", 1)[1]
    assert file_name in kept.replace(" ", "") or file_name in kept
    assert "words worth keeping" in Path(file_name).read_text(encoding="utf-8")
    assert "words worth keeping" not in output  # never echoed in an error


@pytest.mark.parametrize("width", [60, 80])
def test_a_long_question_wraps_at_words_and_keeps_its_indentation(width):
    from attachjournal.cli.interactive import fit

    text = (
        "Did I catch a serve today - a look, a sound or a word reaching for me - and answer "
        "it? Any small moment counts, even a glance across the breakfast table."
    )
    lines = fit("[6/15]", text, "(y or n, or arrows, enter)", width=width).split("\n")
    assert len(lines) >= 2
    assert all(len(line) + (7 if i == 0 else 0) < width for i, line in enumerate(lines))
    assert all(line.startswith(" " * 6) for line in lines[1:])  # under the text, not the mark
    assert " ".join(line.strip() for line in lines).strip() == text


@slow
def test_ctrl_c_at_has_it_been_repaired_can_still_save_the_rupture(terminal, attach):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    child = terminal("repair")
    answer(child, "When did it happen?", ENTER)  # just now
    answer(child, "Who was it with?", ENTER)
    log_rupture_rest(child)
    answer(child, "Has it been repaired yet?", CTRL_C)
    answer(child, "Stop here?", ENTER)  # save what I have
    child.expect_exact("Saved rupture #1")
    child.expect_exact("attach repair --of 1")
    assert finish(child)[0] == 0
    assert values(saved(attach, 1))["what"] == "shoes, again"


@pytest.mark.parametrize(
    ("low", "high", "typed", "expected"),
    [(0, 10, "7", 7), (0, 10, "0", 0), (0, 10, DOWN * 10, 10), (1, 7, "6", 6), (0, 4, "3", 3)],
)
def test_a_custom_scale_takes_the_number_typed(shipped, keyboard, low, high, typed, expected):
    # A person's own prompts.yaml may use 0-10 or 1-7: the digit typed is the answer given,
    # never the choice at that position (which on 0-10 would be one less).

    pipe, asker = keyboard
    scale = question(shipped, "reflect", "resourced")._replace(min=low, max=high)
    pipe.send_text(typed + ENTER)
    assert asker.ask(scale, position=1, total=12) == expected
