"""Plain mode in a real terminal: the installed `attach` in a pseudo-terminal, answered by
typing numbers, the way a screen-reader user meets it. The whole transcript is checked for
escape sequences and box drawing (slow, marked `slow`, never skipped).

NO_COLOR is left out of the environment on purpose: plain mode itself must keep the output
free of colour and of every other escape sequence."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

slow = pytest.mark.slow
ATTACH = str(Path(sys.executable).with_name("attach"))
TIMEOUT = 10
CTRL_D = "\x04"
BOX_DRAWING = re.compile("[\u2500-\u257f]")


@pytest.fixture
def terminal(journal_env: Path) -> Iterator:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["TERM"] = "xterm-256color"
    started: list[pexpect.spawn] = []

    def start(*args: str, **extra: str) -> pexpect.spawn:
        child = pexpect.spawn(
            ATTACH,
            list(args),
            env={**env, **extra},
            encoding="utf-8",
            dimensions=(40, 100),
            timeout=TIMEOUT,
        )
        child.transcript = []  # type: ignore[attr-defined]
        child.logfile_read = _Collect(child.transcript)  # type: ignore[attr-defined]
        started.append(child)
        return child

    yield start
    for child in started:
        if child.isalive():
            child.terminate(force=True)


class _Collect:
    """Keeps everything the terminal showed (our output and the typed echo)."""

    def __init__(self, into: list[str]) -> None:
        self.into = into

    def write(self, text: str) -> None:
        self.into.append(text)

    def flush(self) -> None:
        pass


def type_at(child: pexpect.spawn, question: str, line: str) -> None:
    """Wait for the question and its prompt line, then type a line and Enter."""
    child.expect_exact(question)
    child.expect_exact("Answer: ")
    child.sendline(line)


def finish(child: pexpect.spawn) -> tuple[int, str]:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, "".join(child.transcript)


def assert_plain(transcript: str) -> None:
    assert "\x1b" not in transcript, repr(transcript[:400])
    assert not BOX_DRAWING.search(transcript)


def values(attach, entry_id: int) -> dict:
    result = attach("show", str(entry_id), "--json")
    assert result.exit_code == 0, result.output
    return {qid: a["value"] for qid, a in json.loads(result.stdout)["answers"].items()}


@slow
def test_a_whole_check_in_answered_by_typing_numbers(terminal, attach):
    child = terminal("--plain", "reflect")
    child.expect_exact("Daily check-in")
    type_at(child, "How resourced do I feel right now?", "2")
    type_at(child, "What is my mood like overall today?", "9")  # not on the scale
    child.expect_exact("That isn't one of the numbers. Type a number from 1 to 5.")
    child.expect_exact("Answer: ")
    child.sendline("4")
    type_at(child, "Which feelings are here", "5,7")  # tender, tired
    type_at(child, "What filled me up today?", "")  # Enter skips
    type_at(child, "What drained me today?", "2")  # work
    type_at(child, "Did I catch a serve today", "1")  # yes
    type_at(child, "What did that back-and-forth hold?", "1,3")
    type_at(child, "That moment", "She showed me a snail [bold]")
    type_at(child, "Was there a moment I felt close", "")
    type_at(child, "Did I hear an echo", "y")
    type_at(child, "What was the echo", "my dad's sigh")
    type_at(child, "What does the echo say?", "1")
    type_at(child, "Is it an echo I want to keep?", "1")
    type_at(child, "How kind was I to myself today?", "")
    type_at(child, "Anything else I want to remember", "")
    child.expect_exact("Saved check-in #1")
    status, transcript = finish(child)
    assert status == 0
    assert_plain(transcript)
    assert "Question 1 of 15: How resourced do I feel right now?" in transcript
    assert "1 (running on empty)" in transcript
    assert "OK: Saved check-in #1" in transcript  # the check mark spelled as a word
    assert values(attach, 1) == {
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


@slow
def test_review_in_plain_mode_is_plain_text(terminal, attach):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    assert attach("reflect", "--no-input", "-a", "resourced=2", "-a", "mood=3").exit_code == 0
    rupture = ["repair", "--new", "--no-input", "--at", "1h ago", "-a", "who=Maya"]
    assert attach(*rupture, "-a", "intensity=3", "--repaired-at", "now").exit_code == 0
    child = terminal("review", ATTACH_ACCESSIBLE="1")
    # After the week, one plan for the next is offered, asked plainly too; Enter skips it.
    child.expect_exact("An intention for the coming week")
    child.expect_exact("Answer: ")
    child.sendline("")
    status, transcript = finish(child)
    assert status == 0
    assert_plain(transcript)
    lines = [line.rstrip() for line in transcript.splitlines()]
    assert lines[0] == "Your week"  # a heading, no box around it
    assert "Ruptures and repairs" in lines
    assert any(line.strip().startswith("repair: came back together") for line in lines)
    assert not any(symbol in transcript for symbol in "⚡↺✓○●•·▁▂▃▄▅▆▇█")


@slow
def test_ctrl_d_offers_to_keep_what_was_answered_as_the_questionary_asker_does(
    terminal, attach, journal_env
):
    child = terminal("--plain", "reflect")
    type_at(child, "How resourced do I feel right now?", "3")
    child.expect_exact("What is my mood like overall today?")
    child.expect_exact("Answer: ")
    child.send(CTRL_D)
    child.expect_exact("Stop here?")
    child.expect_exact("Answer: ")
    child.sendline("1")  # save what I have so far
    child.expect_exact("Saved check-in #1")
    status, transcript = finish(child)
    assert status == 0
    assert_plain(transcript)
    assert values(attach, 1) == {"resourced": 3}


@slow
def test_ctrl_d_before_the_required_answer_cancels_and_saves_nothing(terminal, journal_env):
    child = terminal("--plain", "reflect")
    child.expect_exact("How resourced do I feel right now?")
    child.expect_exact("Answer: ")
    child.send(CTRL_D)
    child.expect_exact("Cancelled, nothing was saved.")
    status, transcript = finish(child)
    assert status == 130
    assert_plain(transcript)
    assert not journal_env.exists()
