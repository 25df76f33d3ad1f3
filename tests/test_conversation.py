"""The conversation around the questions: help that teaches, calm answers, nothing lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ATTACH = str(Path(sys.executable).with_name("attach"))


def _run(*args: str, columns: int = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS=str(columns))
    return subprocess.run([ATTACH, *args], capture_output=True, text=True, env=env, timeout=30)


def test_help_lists_every_command_without_cutting_its_description():
    for columns in (60, 80, 120):
        done = _run("--help", columns=columns)
        assert done.returncode == 0
        commands = done.stdout.split("Commands:")[1]
        assert "..." not in commands, columns
        flat = " ".join(commands.split())
        # Whole first sentences, wrapped rather than cut.
        assert "Log a rupture (a moment we fell out of step) and how we came back together." in (
            flat
        )
        assert "Where to find help right now: the emergency number and helplines, offline." in flat
        assert all(len(line) <= columns for line in done.stdout.splitlines())


def test_help_for_a_group_lists_its_commands_whole():
    flat = " ".join(_run("people", "--help").stdout.split())
    assert "Add someone, e.g. attach people add Maya --role child" in flat


def test_attach_help_shows_the_help_not_a_suggestion():
    done = _run("help")
    assert done.returncode == 0
    assert "Commands:" in done.stdout and "help-now" in done.stdout
    assert "No such command" not in done.stderr

    one = _run("help", "reflect")
    assert one.returncode == 0 and "--quick" in one.stdout and "attach reflect" in one.stdout

    nope = _run("help", "nonsense")
    assert nope.returncode == 2 and "There is no command 'nonsense'" in nope.stderr


def test_a_long_answer_keeps_its_indentation_when_wrapped(attach):
    note = (
        "A long evening: the baby would not settle and I walked the hallway for an hour, "
        "humming the song my grandmother used to sing, and somewhere in there it got softer."
    )
    assert attach("reflect", "-a", "resourced=2", "-a", f"note={note}").exit_code == 0
    for columns in (60, 80):
        shown = _run("show", "1", columns=columns)  # a fresh process reads COLUMNS
        assert shown.returncode == 0, shown.stderr
        lines = shown.stdout.splitlines()
        start = lines.index("Anything else I want to remember about today?") + 1
        answer = lines[start:]
        assert len(answer) >= 2, columns  # it did wrap
        assert all(line.startswith("  ") and not line.endswith(" ") for line in answer)
        assert all(len(line) <= columns for line in answer)
        assert " ".join(line.strip() for line in answer) == note
