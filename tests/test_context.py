"""A test hands the command its surroundings (clock, consoles, journal, asker) in one object."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from attachjournal.cli.app import app
from attachjournal.cli.context import Context, Terminal

FIXED = datetime(2026, 11, 20, 18, 30, tzinfo=timezone.utc)


def run(context: Context, *args: str):
    return CliRunner().invoke(app, list(args), obj=context, catch_exceptions=False)


def test_a_fixed_clock_dates_the_entry_and_the_review(tmp_path: Path):
    context = Context(clock=lambda: FIXED, journal=tmp_path / "mine.db")
    saved = run(context, "reflect", "--no-input", "-a", "resourced=4", "--json")
    assert saved.exit_code == 0, saved.output
    assert json.loads(saved.stdout)["at"] == "2026-11-20T18:30:00+00:00"
    assert (tmp_path / "mine.db").exists()
    review = run(context, "review", "--json")
    assert review.exit_code == 0, review.output
    summary = json.loads(review.stdout)
    assert summary["period"]["end"] == "2026-11-20"  # the fixed day, not the machine's
    assert summary["checkin_count"] == 1


def test_consoles_handed_in_receive_what_the_command_says(tmp_path: Path):
    out, err = io.StringIO(), io.StringIO()
    context = Context(
        journal=tmp_path / "mine.db",
        out=Console(file=out, width=200, highlight=False, emoji=False),
        err=Console(file=err, width=200, highlight=False, emoji=False),
    )
    assert run(context, "reflect", "--no-input", "-a", "resourced=2").exit_code == 0
    assert "Saved check-in #1" in out.getvalue()
    assert run(context, "show", "7").exit_code == 1
    assert err.getvalue().startswith("✗ ")


def test_a_scripted_asker_is_used_when_the_terminal_is_a_person(tmp_path: Path):
    asked: list[tuple[bool, bool, bool]] = []

    def no_one_there(terminal: Terminal, no_input: bool, json_out: bool, editor: bool):
        asked.append((terminal.interactive(no_input, json_out), no_input, json_out))
        return None  # nobody answers: required answers are then missing

    person = Terminal(stdin_tty=True, stdout_tty=True, stderr_tty=True, no_color=True)
    context = Context(journal=tmp_path / "mine.db", terminal=person, asker=no_one_there)
    result = run(context, "reflect", "-a", "resourced=3", "--json")
    assert asked == [(True, False, True)]
    assert result.exit_code == 0, result.output
