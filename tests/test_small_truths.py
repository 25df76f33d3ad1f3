"""Small things said or shown exactly as they are."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest


def test_search_shows_an_answer_past_a_nul_character_made_visible(attach):
    given = json.dumps({"resourced": 3, "note": "before\u0000after the storm"})
    assert attach("reflect", "--no-input", "--answers", "-", input=given).exit_code == 0
    shown = attach("search", "before")
    assert shown.exit_code == 0, shown.output
    assert "before\\x00after the storm" in shown.stdout
    found = json.loads(attach("search", "before", "--json").stdout)
    assert found[0]["matches"][0]["text"] == "before\u0000after the storm"


def _without_root_override() -> None:
    """Root ignores file modes; drop that power so a 0400 file is read-only for real."""
    import ctypes

    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _read_only_run(args: list[str], db: Path, input: str | None = None):
    return subprocess.run(
        [sys.executable, "-m", "attachjournal", *args],
        input=input,
        capture_output=True,
        text=True,
        env={**os.environ, "ATTACH_DB": str(db)},
        preexec_fn=_without_root_override,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["delete", "1", "--yes"], "Nothing was deleted: the journal file is read-only."),
        (["people", "add", "Sam", "--role", "partner"], "Nobody was added: the journal file is"),
        (["people", "rename", "Maya", "May"], "The name was NOT changed: the journal file is"),
        (["import", "-"], "Nothing was imported: the journal file is read-only."),
        (["edit", "1", "-a", "resourced=2"], "Your changes were NOT saved: the journal file is"),
    ],
)
def test_a_failed_write_says_what_did_not_happen(attach, db_path, tmp_path, args, said):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    export = attach("export").stdout.replace(
        json.loads(attach("export").stdout)["entries"][0]["uid"], "e" * 32
    )
    os.chmod(db_path, 0o400)
    result = _read_only_run(args, db_path, input=export if args[0] == "import" else None)
    assert result.returncode == 1, result.stderr
    assert said in " ".join(result.stderr.split())
    assert "entry was NOT saved" not in result.stderr


def test_a_name_of_broken_utf8_is_called_that_not_control_characters(attach):
    result = attach("people", "add", "Ma\udcffya", "--role", "child")
    assert result.exit_code == 2, result.output
    assert "holds bytes that are not UTF-8" in result.stderr
    assert "control characters" not in result.stderr


def test_an_arabic_letter_mark_is_made_visible_like_every_bidi_control(attach):
    given = json.dumps({"resourced": 3, "note": "left \u061c right \u202e end"})
    assert attach("reflect", "--no-input", "--answers", "-", input=given).exit_code == 0
    for args in (["show", "1"], ["search", "left"], ["log"], ["show", "1", "--json"]):
        out = attach(*args).stdout
        assert "\u061c" not in out and "\u202e" not in out, args
    assert "<U+061C>" in attach("show", "1").stdout


class _Asker:
    """Scripted: `choose` answers in turn; questions get their listed answer or are skipped."""

    def __init__(self, choices: list[str], answers: dict) -> None:
        self.choices, self.answers, self.messages = list(choices), answers, []

    def choose(self, message, options, default=None):
        self.messages.append(message)
        return self.choices.pop(0)

    def ask(self, question, *, position, total, default=None, people=()):
        return self.answers.get(question.id)

    def text(self, message, default=""):
        return ""


def _marked_rupture(attach) -> None:
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    rupture = attach(
        "repair", "--new", "--no-input", "-a", "who=Maya", "-a", "intensity=2",
        "--no-repair-needed",
    )  # fmt: skip
    assert rupture.exit_code == 0, rupture.output


def _repairs(db: Path) -> list[tuple]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(
            "SELECT r.id, u.no_repair_needed FROM entry r JOIN entry u ON u.id = r.rupture_id"
        ).fetchall()


def test_a_rupture_marked_as_needing_no_repair_gets_one_only_when_asked(attach, db_path):
    _marked_rupture(attach)
    result = attach("repair", "--of", "1", "--no-input", "-a", "connected=4")
    assert result.exit_code == 2, result.output
    assert "marked as needing no repair, so no repair was saved" in " ".join(result.stderr.split())
    assert _repairs(db_path) == []


@pytest.mark.parametrize(("choice", "saved"), [("no", False), ("yes", True)])
def test_asked_about_a_rupture_that_needed_no_repair_the_answer_decides(
    attach, db_path, choice, saved
):
    from attachjournal.core import prompts
    from attachjournal.errors import Cancelled
    from attachjournal.usecases import flows

    _marked_rupture(attach)
    now = datetime.now(timezone.utc) + timedelta(minutes=5)
    journal_prompts = prompts.load()
    asker = _Asker([choice], {"connected": 4})
    request = flows.RepairRequest(of=1)
    if not saved:
        with pytest.raises(Cancelled, match="still needs no repair"):
            flows.repair(db_path, journal_prompts, {}, asker, request, now=now, parse_when=None)
        assert _repairs(db_path) == []
    else:
        from attachjournal.core.when import When

        flows.repair(
            db_path, journal_prompts, {}, asker, request, now=now, parse_when=lambda text: When(now)
        )
        assert _repairs(db_path) == [(2, 0)]  # repaired, and no longer "needed none"
    assert "marked as needing no repair" in asker.messages[0]


def test_an_edited_answer_is_drawn_without_its_bidi_controls_and_kept_whole():
    import io

    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    from attachjournal.cli.interactive import QuestionaryAsker
    from attachjournal.core.prompts import Question

    default = "left \u202e right \u061c end"
    screen = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("\r\r")
        asker = QuestionaryAsker(input=pipe, output=PlainTextOutput(screen))
        typed = asker.text("Note?", default=default)
        question = Question(id="note", kind="text", text="Anything else?")
        asked = asker.ask(question, position=1, total=1, default=default)
    assert typed == default and asked == default  # what was stored stays as it is
    drawn = screen.getvalue()
    assert "\u202e" not in drawn and "\u061c" not in drawn
    assert "left \ufffd right \ufffd end" in drawn
