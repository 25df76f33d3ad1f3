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

from attachjournal import prompts as prompts_module
from attachjournal.errors import Cancelled
from attachjournal.interactive import QuestionaryAsker
from attachjournal.questionnaire import PersonRef, collect

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
    pipe.send_text("6" + ENTER)  # 1..5, then skip
    mood = question(shipped, "reflect", "mood")
    assert asker.ask(mood, position=2, total=12, default=3) is None


def test_a_choice_returns_its_value_not_its_label(shipped, keyboard):
    pipe, asker = keyboard
    pipe.send_text(UP * 4 + DOWN + ENTER)  # from skip up to the top, then one down
    serve = question(shipped, "reflect", "serve_return")
    assert asker.ask(serve, position=6, total=12) == "1-2"


def test_a_multi_returns_the_ticked_values(shipped, keyboard):
    pipe, asker = keyboard
    # calm, joyful, grateful, tender, tired: tick tender and tired.
    pipe.send_text(DOWN * 3 + SPACE + DOWN + SPACE + ENTER)
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
        DOWN * 4 + SPACE + ENTER,  # feelings: tired
        ENTER,  # refill: nothing ticked
        ENTER,  # drain: nothing ticked
        ENTER,  # serve_return: skip (so its note is not asked)
        ENTER,  # connection: skipped
        UP * 2 + ENTER,  # echo: yes
        "my mother's sigh" + ENTER,  # echo_note, asked because of the yes
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
    child.expect_exact("[3/12]")
    answer(child, "Which feelings are here", DOWN * 3 + SPACE + DOWN + SPACE + ENTER)
    answer(child, "What filled me up today?", ENTER)
    answer(child, "What drained me today?", DOWN + SPACE + ENTER)
    answer(child, "How many serve-and-return moments", UP * 3 + ENTER)
    answer(child, "One of those moments", "She showed me a snail [bold]" + ENTER)
    answer(child, "Was there a moment I felt close", ENTER)
    answer(child, "Did I hear an echo", UP * 2 + ENTER)
    answer(child, "What was the echo", "my dad's sigh" + ENTER)
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
        "serve_return": "1-2",
        "serve_return_note": "She showed me a snail [bold]",
        "echo": True,
        "echo_note": "my dad's sigh",
    }


@slow
def test_a_second_check_in_the_same_day_can_update_the_first(terminal, attach):
    assert attach("reflect", "-a", "resourced=1", "-a", "mood=2").exit_code == 0
    child = terminal("reflect")
    answer(child, "I already have a check-in for today", ENTER)  # update
    answer(child, "How resourced do I feel right now?", "4" + ENTER)
    # Everything else: enter keeps what was there (mood 2) and skips what was skipped.
    for prompt in [
        "What is my mood like",
        "Which feelings",
        "What filled me up",
        "What drained me",
        "How many serve-and-return",
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
    status, output = finish(child)
    assert status == 130
    assert "Cancelled, nothing was saved." in output
    assert "Traceback" not in output
    assert not journal_env.exists()


@slow
def test_cancelling_at_a_typed_answer_saves_nothing(terminal, attach):
    assert attach("reflect", "-a", "resourced=1").exit_code == 0
    child = terminal("reflect")
    answer(child, "I already have a check-in for today", DOWN + ENTER)  # add another
    answer(child, "How resourced do I feel right now?", "5" + ENTER)
    for prompt in ["What is my mood", "Which feelings", "What filled", "What drained"]:
        answer(child, prompt, ENTER)
    answer(child, "How many serve-and-return", ENTER)
    answer(child, "Was there a moment", "half a sentence")
    child.send(CTRL_D)
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
    answer(child, "Who reached out first?", UP * 3 + ENTER)  # I did
    answer(child, "Did I calm myself", UP * 2 + ENTER)  # yes
    answer(child, "What did the repair include?", SPACE + DOWN * 2 + SPACE + ENTER)
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
        "calmed_first": True,
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
    answer(child, "My best guess", ENTER)
    answer(child, "How sure am I", ENTER)
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
    answer(child, "Did I calm myself", CTRL_C)
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
    for prompt in ["Did I calm myself", "What did the repair include?", "How connected"]:
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


@pytest.mark.parametrize(
    ("low", "high", "typed", "expected"),
    [(0, 10, "7", 7), (0, 10, "0", 0), (0, 10, DOWN * 10, 10), (1, 7, "6", 6), (0, 4, "3", 3)],
)
def test_a_custom_scale_takes_the_number_typed(shipped, keyboard, low, high, typed, expected):
    # A person's own prompts.yaml may use 0-10 or 1-7: the digit typed is the answer given,
    # never the choice at that position (which on 0-10 would be one less).
    import dataclasses

    pipe, asker = keyboard
    scale = dataclasses.replace(question(shipped, "reflect", "resourced"), min=low, max=high)
    pipe.send_text(typed + ENTER)
    assert asker.ask(scale, position=1, total=12) == expected
