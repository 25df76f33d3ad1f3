"""The weekly intention through the real prompts in a pseudo-terminal, across two weeks: set
at the end of one review, shown on the next week's check-in, asked about in the next review.

The clock is moved with libfaketime (the `faketime` command), so each command reads the day
it would on that evening; the journal's own code has no clock override.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pexpect
import pytest

from test_interactive import ATTACH, ENTER, TIMEOUT, answer, finish, saved, slow, values

FAKETIME = shutil.which("faketime")
needs_faketime = pytest.mark.skipif(FAKETIME is None, reason="needs libfaketime's faketime")

# Local times in the tests' zone (Europe/Berlin): Friday evening, then the week after.
WEEK1 = "2026-11-20 20:30:00"
MIDWEEK = "2026-11-24 21:00:00"
WEEK2 = "2026-11-27 20:30:00"


@pytest.fixture
def at_time(journal_env):
    """`attach ARGS...` in a pseudo-terminal with the clock at a given local time."""
    env = dict(os.environ, TERM="xterm", NO_COLOR="1", PROMPT_TOOLKIT_NO_CPR="1")
    env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"  # timeouts keep real time
    started: list[pexpect.spawn] = []

    def start(when: str, *args: str) -> pexpect.spawn:
        assert FAKETIME is not None
        child = pexpect.spawn(
            FAKETIME,
            [when, ATTACH, *args],
            env=env,
            encoding="utf-8",
            dimensions=(40, 120),
            timeout=TIMEOUT,
        )
        started.append(child)
        return child

    def script(when: str, *args: str) -> subprocess.CompletedProcess:
        assert FAKETIME is not None
        return subprocess.run(
            [FAKETIME, when, ATTACH, *args], env=env, capture_output=True, text=True, timeout=30
        )

    start.script = script  # type: ignore[attr-defined]
    yield start
    for child in started:
        if child.isalive():
            child.terminate(force=True)


@slow
@needs_faketime
def test_an_intention_set_in_one_review_is_shown_then_asked_about_the_next_week(at_time, attach):
    assert at_time.script(WEEK1, "reflect", "--no-input", "-a", "resourced=3").returncode == 0

    # Week 1: the review ends by offering an intention, with everyday examples.
    child = at_time(WEEK1, "review")
    child.expect_exact("An intention for the coming week")
    answer(child, "I notice my voice rising)", "bedtime gets loud" + ENTER)
    answer(child, "I will ...", "whisper" + ENTER)
    answer(child, "Is it about someone in particular?", ENTER)  # Enter: skip
    child.expect_exact("Saved #2: When bedtime gets loud, I will whisper.")
    status, _ = finish(child)
    assert status == 0

    # Midweek: the check-in opens with one quiet line, then its questions as ever.
    child = at_time(MIDWEEK, "reflect", "--quick")
    child.expect_exact("This week: when bedtime gets loud, I will whisper.")
    answer(child, "How resourced do I feel right now?", "4" + ENTER)
    answer(child, "One feeling that is here right now?", ENTER)
    answer(child, "One line about today?", ENTER)
    child.expect_exact("Saved check-in #3")
    assert finish(child)[0] == 0

    # Week 2: the review asks how it went, then keep / change / let it go.
    child = at_time(WEEK2, "review")
    child.expect_exact("Last week's intention")
    child.expect_exact("When bedtime gets loud, I will whisper.")
    answer(child, "How did it go?", "2" + ENTER)  # partly
    answer(child, "Anything about how it went, in my own words?", "twice, softly" + ENTER)
    answer(child, "And for the coming week?", "1" + ENTER)  # keep it
    child.expect_exact("Kept for another week #4: When bedtime gets loud, I will whisper.")
    status, transcript = finish(child)
    assert status == 0
    assert "score" not in transcript.lower() and "streak" not in transcript.lower()

    followed = values(saved(attach, 2))
    assert followed == {
        "when": "bedtime gets loud",
        "will": "whisper",
        "how_it_went": "partly",
        "went_note": "twice, softly",
        "next": "keep",
    }
    assert values(saved(attach, 4)) == {"when": "bedtime gets loud", "will": "whisper"}
