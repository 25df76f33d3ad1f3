"""The "when" question of `attach repair` and a back-dated `attach reflect`, in a real terminal.

The clock is the real one, so typed clock times are worked out from it: "an hour ago as HH:MM"
is always in the past, whatever time the suite runs (after midnight it is read as the evening
that just ended, which is also an hour ago). Exact readings at fixed clocks are in test_when.py.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import pexpect
import pytest

from test_interactive import ATTACH, ENTER, TIMEOUT, answer, finish, saved, slow

UTC = timezone.utc


@pytest.fixture
def terminal(journal_env):
    """`attach ARGS...` in a pseudo-terminal with this test's journal (as in test_interactive)."""
    env = dict(os.environ, TERM="xterm", NO_COLOR="1", PROMPT_TOOLKIT_NO_CPR="1")
    started = []

    def start(*args: str) -> pexpect.spawn:
        child = pexpect.spawn(
            ATTACH, list(args), env=env, encoding="utf-8", dimensions=(40, 120), timeout=TIMEOUT
        )
        started.append(child)
        return child

    yield start
    for child in started:
        if child.isalive():
            child.terminate(force=True)


def stored(entry: dict) -> datetime:
    return datetime.fromisoformat(entry["at"])


def start_rupture(terminal, attach):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    child = terminal("repair", "--new", "-a", "who=Maya")
    child.expect_exact("A rupture")
    return child


def finish_open_rupture(child) -> None:
    """Skip every rupture question (Enter, once per question number), then 'not yet'."""
    seen = set()
    while child.expect([r"Has it been repaired yet\?", r"\[(\d+)/\d+\]"]) == 1:
        number = child.match.group(1)
        if number not in seen:
            seen.add(number)
            child.send(ENTER)
    child.send(ENTER)  # not yet
    child.expect_exact("Saved rupture #1")
    assert finish(child)[0] == 0


@slow
def test_enter_means_just_now(terminal, attach):
    before = datetime.now(UTC)
    child = start_rupture(terminal, attach)
    answer(child, "When did it happen?", ENTER)
    finish_open_rupture(child)
    rupture = saved(attach, 1)
    assert before - timedelta(seconds=1) <= stored(rupture) <= datetime.now(UTC)


@slow
def test_a_clock_time_is_when_it_happened_not_when_it_was_written(terminal, attach):
    # An hour of real time, then the local wall clock: on the morning the clocks skip
    # 02:00-03:00, an hour before 03:30 is 01:30 (the wall clock's 02:30 never existed).
    an_hour_ago = (datetime.now(UTC) - timedelta(hours=1)).astimezone()
    child = start_rupture(terminal, attach)
    answer(child, "When did it happen?", an_hour_ago.strftime("%H:%M") + ENTER)
    finish_open_rupture(child)
    rupture = saved(attach, 1)
    assert abs(stored(rupture) - an_hour_ago) < timedelta(minutes=1)
    written = datetime.fromisoformat(rupture["created_at"])
    assert abs(written - (an_hour_ago + timedelta(hours=1))) < timedelta(minutes=1)


@slow
def test_last_night_is_read_as_21_00_the_evening_before_and_says_so(terminal, attach):
    yesterday = datetime.now().astimezone().date() - timedelta(days=1)
    child = start_rupture(terminal, attach)
    answer(child, "When did it happen?", "last night" + ENTER)
    child.expect_exact(f"Read as 21:00 on {yesterday.strftime('%a %d %b')}")
    finish_open_rupture(child)
    moment = stored(saved(attach, 1)).astimezone()
    assert (moment.date(), moment.hour, moment.minute) == (yesterday, 21, 0)


@slow
def test_a_future_time_is_refused_kindly_and_asked_again(terminal, attach):
    later = (datetime.now().astimezone() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    before = datetime.now(UTC)
    child = start_rupture(terminal, attach)
    answer(child, "When did it happen?", later + ENTER)
    child.expect_exact("That time hasn't come yet")
    answer(child, "When did it happen?", ENTER)  # asked again; just now
    finish_open_rupture(child)
    assert before <= stored(saved(attach, 1)) <= datetime.now(UTC)


@slow
def test_a_repair_may_come_before_the_moment_the_rupture_was_written(terminal, attach):
    # The rupture happened three hours ago and was written down only now; they came back
    # together two hours ago, which is before the rupture was written but after it happened.
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    given = ["-a", "who=Maya", "-a", "intensity=2"]
    assert attach("repair", "--new", *given, "--at", "3h ago").exit_code == 0
    assert saved(attach, 1)["kind"] == "rupture"
    child = terminal("repair", "--of", "1")
    answer(child, "When did you come back together?", "4h ago" + ENTER)
    child.expect_exact("That is before the rupture (")
    answer(child, "When did you come back together?", "2h ago" + ENTER)
    for prompt in [
        "Who reached out first?",
        "What helped me settle",
        "What did the repair include?",
        "How connected",
        "One thing I'd like to try",
        "How kind am I being",
    ]:
        answer(child, prompt, ENTER)
    child.expect_exact("Saved repair #2")
    assert finish(child)[0] == 0
    rupture, repair = saved(attach, 1), saved(attach, 2)
    assert abs(stored(repair) - stored(rupture) - timedelta(hours=1)) < timedelta(seconds=5)


@slow
def test_a_back_dated_check_in_names_its_day_and_never_asks_about_right_now(terminal, attach):
    day = datetime.now().astimezone() - timedelta(days=3)
    child = terminal("reflect", "--at", day.strftime("%Y-%m-%dT12:00"))
    child.expect_exact(f"Daily check-in for {day.strftime('%A %d %B')}")
    answer(child, "How resourced did I feel that day?", "3" + ENTER)
    answer(child, "What was my mood like overall that day?", ENTER)
    child.expect_exact("Which feelings were there that day?")
    child.send("\x03")  # the required answer is in: asked whether to save what is there
    child.expect_exact("discard it, save nothing")
    child.send("\x03")  # a second Ctrl-C discards
    assert finish(child)[0] == 130
