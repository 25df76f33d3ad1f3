"""`attach remind --shell`: the snippet, sourced in a real bash (and zsh and fish where they
are installed), says its one line only when it should.

The shells read the clock from ATTACH_REMIND_NOW (seconds since 1970) and the local time
zone from TZ, which conftest fixes at Europe/Berlin: in late November that is CET, UTC+1,
so 20:30 in Berlin is 19:30 UTC. day_starts_at is 04:00 unless a test says otherwise.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from attachjournal.cli.app import app
from attachjournal.cli.context import Context
from attachjournal.core.nudge import LINE
from attachjournal.paths import checkin_marker, nudge_folder, nudged_marker

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args: int) -> int:
    return int(datetime(*args, tzinfo=BERLIN).timestamp())


WED_2030 = berlin(2026, 11, 25, 20, 30)
WED_1859 = berlin(2026, 11, 25, 18, 59)
WED_1900 = berlin(2026, 11, 25, 19, 0)
THU_0030 = berlin(2026, 11, 26, 0, 30)  # before 04:00: still Wednesday's journal day
THU_0500 = berlin(2026, 11, 26, 5, 0)  # Thursday's journal day, but not yet evening


def installed(shell: str):
    return pytest.param(
        shell,
        marks=pytest.mark.skipif(
            shutil.which(shell) is None,
            reason=f"{shell} is not installed here; its snippet is tested where it is",
        ),
    )


SHELLS = [installed("bash"), installed("zsh"), installed("fish")]


def snippet(shell: str, *extra: str, db: Path | None = None) -> str:
    args = ["remind", "--shell", shell, *extra]
    if db is not None:
        args += ["--db", str(db)]
    result = CliRunner().invoke(app, args, obj=Context(), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def start_shell(
    shell: str, text: str, home: Path, now: int, *, interactive: bool = True
) -> subprocess.CompletedProcess[str]:
    """A new shell whose startup file holds `text`; returns what it printed."""
    home.mkdir(exist_ok=True)
    env = {
        "HOME": str(home),
        "PATH": os.environ["PATH"],
        "TZ": "Europe/Berlin",
        "ATTACH_REMIND_NOW": str(now),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "TERM": "dumb",
    }
    if shell == "bash":
        rc = home / ".bashrc"
        command = ["bash", "--rcfile", str(rc), "-i", "-c", "exit"]
        if not interactive:
            command = ["bash", "-c", f"source {rc}"]
    elif shell == "zsh":
        rc = home / ".zshrc"
        env["ZDOTDIR"] = str(home)
        command = ["zsh", "-i", "-c", "exit"] if interactive else ["zsh", "-c", f"source {rc}"]
    else:
        rc = home / ".config" / "fish" / "config.fish"
        rc.parent.mkdir(parents=True, exist_ok=True)
        command = ["fish", "-i", "-c", "exit"] if interactive else ["fish", "-c", "true"]
    rc.write_text(text)
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL
    )


def said(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in done.stdout.splitlines() if line.strip() and line != "exit"]


@pytest.fixture
def folder(db_path: Path) -> Path:
    """The journal's marker folder, as a first check-in or `attach remind` leaves it."""
    nudge_folder(db_path).mkdir(parents=True, exist_ok=True)
    return nudge_folder(db_path)


def mark(db: Path, day: str) -> None:
    checkin_marker(db).parent.mkdir(parents=True, exist_ok=True)
    checkin_marker(db).write_text(day + "\n")


@pytest.mark.parametrize("shell", SHELLS)
def test_in_the_evening_with_no_check_in_today_it_says_one_line_once(
    shell, db_path, folder, tmp_path
):
    mark(db_path, "2026-11-24")  # the last check-in was yesterday
    text = snippet(shell)
    first = start_shell(shell, text, tmp_path / "home", WED_2030)
    assert said(first) == [LINE], first.stderr
    # A second terminal the same evening says nothing: the nudged file remembers the day.
    second = start_shell(shell, text, tmp_path / "home", WED_2030 + 600)
    assert said(second) == []
    nudged = nudged_marker(db_path)
    assert nudged.read_text() == "2026-11-25\n"
    assert stat.S_IMODE(nudged.stat().st_mode) == 0o600
    # The next evening it may speak again (Thursday 20:30 is 24 hours later).
    assert said(start_shell(shell, text, tmp_path / "home", WED_2030 + 24 * 3600)) == [LINE]


@pytest.mark.parametrize("shell", SHELLS)
def test_before_the_hour_it_stays_quiet(shell, db_path, folder, tmp_path):
    mark(db_path, "2026-11-24")
    text = snippet(shell)
    assert said(start_shell(shell, text, tmp_path / "home", WED_1859)) == []
    assert not nudged_marker(db_path).exists()  # nothing used up: 19:00 may still nudge
    assert said(start_shell(shell, text, tmp_path / "home", WED_1900)) == [LINE]


@pytest.mark.parametrize("shell", SHELLS)
def test_after_todays_check_in_it_stays_quiet(shell, db_path, folder, tmp_path):
    mark(db_path, "2026-11-25")
    assert said(start_shell(shell, snippet(shell), tmp_path / "home", WED_2030)) == []


@pytest.mark.parametrize("shell", SHELLS)
def test_with_no_check_in_ever_it_nudges(shell, db_path, folder, tmp_path):
    assert said(start_shell(shell, snippet(shell), tmp_path / "home", WED_2030)) == [LINE]


@pytest.mark.parametrize("shell", SHELLS)
def test_after_midnight_it_is_still_the_evening_before(shell, db_path, folder, tmp_path):
    text = snippet(shell)
    mark(db_path, "2026-11-25")  # Wednesday's check-in covers 00:30 on Thursday
    assert said(start_shell(shell, text, tmp_path / "home", THU_0030)) == []
    mark(db_path, "2026-11-24")  # none on Wednesday: 00:30 is still Wednesday's evening
    assert said(start_shell(shell, text, tmp_path / "home", THU_0030)) == [LINE]
    assert nudged_marker(db_path).read_text() == "2026-11-25\n"
    # 05:00 Thursday is a new journal day, and not yet evening.
    assert said(start_shell(shell, text, tmp_path / "home", THU_0500)) == []


@pytest.mark.parametrize("shell", SHELLS)
def test_a_later_hour_and_an_earlier_day_start(shell, db_path, folder, tmp_path, monkeypatch):
    monkeypatch.setenv("ATTACH_DAY_STARTS_AT", "00:00")
    mark(db_path, "2026-11-25")
    text = snippet(shell, "--after", "21:15")
    assert said(start_shell(shell, text, tmp_path / "home", WED_2030)) == []  # before 21:15
    # With the day starting at midnight, 00:30 Thursday is Thursday: no check-in yet, and
    # the evening (21:15 until midnight) is over, so still nothing.
    assert said(start_shell(shell, text, tmp_path / "home", THU_0030)) == []
    assert said(start_shell(shell, text, tmp_path / "home", berlin(2026, 11, 26, 21, 15))) == [LINE]


@pytest.mark.parametrize("shell", SHELLS)
def test_a_non_interactive_shell_never_speaks(shell, db_path, folder, tmp_path):
    done = start_shell(shell, snippet(shell), tmp_path / "home", WED_2030, interactive=False)
    assert done.stdout == "" and done.returncode == 0
    assert not nudged_marker(db_path).exists()


@pytest.mark.parametrize("shell", SHELLS)
def test_without_the_marker_folder_it_does_nothing(shell, db_path, tmp_path):
    text = snippet(shell)  # attach remind makes the folder; then it goes (a journal removed)
    shutil.rmtree(nudge_folder(db_path))
    done = start_shell(shell, text, tmp_path / "home", WED_2030)
    assert said(done) == [] and done.returncode == 0
    assert not nudge_folder(db_path).exists()  # and creates nothing


@pytest.mark.parametrize("shell", SHELLS)
def test_set_up_before_the_first_check_in_it_invites_to_one(shell, db_path, tmp_path):
    text = snippet(shell)
    assert not db_path.exists()
    assert said(start_shell(shell, text, tmp_path / "home", WED_2030)) == [LINE]


@pytest.mark.parametrize("shell", SHELLS)
def test_a_path_with_spaces_quotes_and_dollars_is_kept_whole(shell, tmp_path, monkeypatch):
    # The state folder is where the snippet looks (on macOS it has a space in its name).
    odd_state = tmp_path / 'it\'s "my" $HOME state \\ 1'
    monkeypatch.setenv("XDG_STATE_HOME", str(odd_state))
    odd = tmp_path / 'it\'s "my" $HOME journal \\ 1' / "journal.db"
    odd.parent.mkdir()
    mark(odd, "2026-11-24")
    text = snippet(shell, db=odd)
    assert str(odd_state) not in text  # quoted, never pasted bare
    assert said(start_shell(shell, text, tmp_path / "home", WED_2030)) == [LINE]
    assert nudged_marker(odd).read_text() == "2026-11-25\n"
    assert nudged_marker(odd).is_relative_to(odd_state)


@pytest.mark.parametrize("shell", SHELLS)
def test_a_check_in_through_attach_quiets_it_and_deleting_it_brings_it_back(
    shell, db_path, tmp_path
):
    evening = datetime.fromtimestamp(WED_2030 - 3600, BERLIN)  # 19:30, before the shell

    def attach(*args: str) -> None:
        done = CliRunner().invoke(app, list(args), obj=Context(clock=lambda: evening))
        assert done.exit_code == 0, done.output

    attach("reflect", "--no-input", "-a", "resourced=3")
    text = snippet(shell)
    assert said(start_shell(shell, text, tmp_path / "home", WED_2030)) == []
    attach("delete", "1", "--yes")
    assert said(start_shell(shell, text, tmp_path / "home", WED_2030)) == [LINE]


# How each shell starts in a terminal with the snippet and a recognisable prompt.
TERMINALS = {
    "bash": (".bashrc", "PS1='ready> '\n", lambda rc: ["--rcfile", str(rc), "-i"]),
    "zsh": (".zshrc", "PS1='ready> '\n", lambda rc: ["-i"]),
    "fish": (
        ".config/fish/config.fish",
        "function fish_prompt; printf 'ready> '; end\n",
        lambda rc: ["-i"],
    ),
}


@pytest.mark.parametrize("shell", SHELLS)
def test_in_a_real_terminal_it_speaks_before_the_first_prompt_and_only_once(
    shell, db_path, folder, tmp_path
):
    """The whole path a person sees: a shell in a pseudo-terminal, the line, then the prompt;
    a second terminal the same evening goes straight to the prompt."""
    import pexpect

    mark(db_path, "2026-11-24")
    home = tmp_path / "home"
    name, prompt, args = TERMINALS[shell]
    rc = home / name
    rc.parent.mkdir(parents=True)
    rc.write_text(snippet(shell) + prompt)
    env = {
        "HOME": str(home),
        "ZDOTDIR": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "PATH": os.environ["PATH"],
        "TZ": "Europe/Berlin",
        "ATTACH_REMIND_NOW": str(WED_2030),
        "TERM": "xterm",
    }
    transcripts = []
    for _ in range(2):
        child = pexpect.spawn(shell, args(rc), env=env, encoding="utf-8", timeout=20)
        child.expect_exact("ready> ")
        transcripts.append(child.before)
        child.sendline("exit")
        child.expect(pexpect.EOF)
        child.close()
    assert transcripts[0].count(LINE) == 1
    assert LINE not in transcripts[1]


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    ("utc", "evening_of"),
    [
        # Sunday 25 October 2026, clocks go back 03:00 CEST -> 02:00 CET. 03:30 CET is 02:30
        # UTC; the snippet steps back 03:30 (210 min) + 3 h = 6.5 h to 20:00 UTC on the 24th,
        # 22:00 CEST: Saturday the 24th's evening, as attach counts it (before 04:00).
        ((2026, 10, 25, 2, 30), "2026-10-24"),
        # Sunday 29 March 2026, clocks go forward 02:00 CET -> 03:00 CEST. 03:30 CEST is 01:30
        # UTC; 6.5 h back is 19:00 UTC on the 28th, 20:00 CET: Saturday the 28th's evening.
        ((2026, 3, 29, 1, 30), "2026-03-28"),
    ],
)
def test_on_the_nights_the_clocks_change_it_still_finds_the_evening_before(
    shell, utc, evening_of, db_path, folder, tmp_path
):
    from datetime import time, timezone

    from attachjournal.core.stats import local_day

    moment = datetime(*utc, tzinfo=timezone.utc)
    assert local_day(moment, time(4)).isoformat() == evening_of  # attach's own count agrees
    now = int(moment.timestamp())
    text = snippet(shell)
    mark(db_path, evening_of)
    assert said(start_shell(shell, text, tmp_path / "home", now)) == []
    mark(db_path, "2026-01-01")
    assert said(start_shell(shell, text, tmp_path / "home", now)) == [LINE]
    assert nudged_marker(db_path).read_text() == evening_of + "\n"


@pytest.mark.parametrize("shell", [installed("bash"), installed("zsh")])
def test_noclobber_in_the_startup_file_does_not_stop_it_remembering(
    shell, db_path, folder, tmp_path
):
    mark(db_path, "2026-11-24")
    nudged_marker(db_path).write_text("2026-11-24\n")  # it spoke last night
    text = "set -o noclobber\n" + snippet(shell)
    assert said(start_shell(shell, text, tmp_path / "home", WED_2030)) == [LINE]
    assert nudged_marker(db_path).read_text() == "2026-11-25\n"  # overwritten all the same
    assert said(start_shell(shell, text, tmp_path / "home", WED_2030)) == []
