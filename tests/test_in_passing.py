"""Small things that went wrong at the edges: a path that looks like markup, a closed pipe,
a questionnaire that asks about two people."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def ok(result) -> None:
    assert result.exit_code == 0, result.output


# --- paths are printed as they are, never read as Rich markup -------------------------------


def test_backup_and_restore_print_a_folder_named_like_markup_literally(attach, tmp_path):
    ok(attach("reflect", "--no-input", "-a", "resourced=3"))
    folder = tmp_path / "[red]x" / "[bold]"
    result = attach("backup", str(folder))
    ok(result)
    assert f"to {folder}" in result.stdout.replace("\n", "")
    copy = next(folder.iterdir())
    result = attach("restore", str(copy))
    ok(result)
    assert f"from {copy}." in result.stdout.replace("\n", "")


def test_a_journal_aside_in_a_folder_named_like_markup_is_printed_literally(
    attach, tmp_path, monkeypatch
):
    db = tmp_path / "[red]journal" / "journal.db"
    monkeypatch.setenv("ATTACH_DB", str(db))
    ok(attach("reflect", "--no-input", "-a", "resourced=3"))
    ok(attach("backup"))
    copy = next((db.parent / "backups").iterdir())
    result = attach("restore", str(copy))
    ok(result)
    said = result.stdout.replace("\n", "")
    assert f"kept at {db.parent}" in said


# --- a reader that stops early ends the command quietly -------------------------------------


def _run_into_a_closed_pipe(*args: str) -> subprocess.CompletedProcess:
    """`attach ARGS | head -0`, made certain: the reading end is closed before attach writes."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "attachjournal", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            cwd=ROOT,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "args",
    [("export",), ("export", "--format", "markdown"), ("log",), ("log", "--json")],
)
def test_a_closed_pipe_ends_the_command_silently(attach, args):
    for level in (2, 3, 4):
        ok(attach("reflect", "--no-input", "-a", f"resourced={level}"))
    done = _run_into_a_closed_pipe(*args)
    assert done.stderr == ""
    assert done.returncode in (0, 141)


# --- a questionnaire may ask about a second person ------------------------------------------


@pytest.fixture
def two_people(attach, tmp_path, monkeypatch) -> int:
    """A rupture with Maya (who) and Sam (who_else, a second person question)."""
    text = (ROOT / "prompts.yaml").read_text(encoding="utf-8")
    first = "      - id: what\n"
    assert first in text
    extra = "      - id: who_else\n        kind: person\n        text: Anyone else there?\n"
    mine = tmp_path / "two-people.yaml"
    mine.write_text(text.replace(first, extra + first, 1), encoding="utf-8")
    monkeypatch.setenv("ATTACH_PROMPTS", str(mine))
    ok(attach("people", "add", "Maya", "--role", "child"))
    ok(attach("people", "add", "Sam", "--role", "partner"))
    result = attach(
        "repair", "--new", "-a", "who=maya", "-a", "who_else=sam", "-a", "intensity=3", "--json"
    )
    ok(result)
    return json.loads(result.stdout)["id"]


def test_show_names_each_person_asked_about(attach, two_people):
    result = attach("show", str(two_people))
    ok(result)
    lines = result.stdout.splitlines()
    assert lines[lines.index("Anyone else there?") + 1].strip() == "Sam"
    assert lines[lines.index("Who was it with?") + 1].strip() == "Maya"
    shown = json.loads(attach("show", str(two_people), "--json").stdout)
    answers = {key: a["value"] for key, a in shown["answers"].items()}
    assert answers["who"] == "Maya" and answers["who_else"] == "Sam"


def test_export_keeps_the_second_person(attach, two_people):
    document = json.loads(attach("export").stdout)
    keys = {p["name"]: p["key"] for p in document["people"]}
    answers = {a["id"]: a["value"] for a in document["entries"][0]["answers"]}
    assert answers == {"who": keys["Maya"], "who_else": keys["Sam"], "intensity": 3}
    markdown = attach("export", "--format", "markdown").stdout
    assert "Rupture with Maya" in markdown
    assert "**Anyone else there?** Sam" in markdown
    assert "**Who was it with?**" not in markdown  # the heading says it
    csv = attach("export", "--format", "csv").stdout.splitlines()
    assert csv[1].endswith(",Maya,Sam,3")


def test_people_remove_counts_an_entry_that_names_them_second(attach, two_people):
    result = attach("people", "remove", "Sam")
    assert result.exit_code == 2
    assert "Sam appears in 1 entry" in result.stderr
    ok(attach("people", "remove", "Sam", "--reassign-to", "Maya"))
    document = json.loads(attach("export").stdout)
    assert [p["name"] for p in document["people"]] == ["Maya"]
    answers = {a["id"]: a["value"] for a in document["entries"][0]["answers"]}
    assert answers["who_else"] == document["people"][0]["key"]


def test_people_remove_with_delete_entries_keeps_entries_about_someone_else(attach, two_people):
    result = attach("people", "remove", "Sam", "--delete-entries")
    assert result.exit_code == 0, result.output
    assert "Removed Sam." in result.stdout
    document = json.loads(attach("export").stdout)
    assert [p["name"] for p in document["people"]] == ["Maya"]
    (entry,) = document["entries"]  # Maya's rupture stays, without the answer naming Sam
    assert [a["id"] for a in entry["answers"]] == ["who", "intensity"]
    ok(attach("show", str(two_people)))


def test_a_moment_written_on_two_lines_reads_as_one_line_in_the_review_and_search(attach):
    # Written in the editor with a line break: the review quotes it and search finds it,
    # with a space where the break was, never a visible "\x0a".
    saved = attach(
        "reflect",
        "--no-input",
        "-a",
        "resourced=3",
        "-a",
        "connection=Bedtime story together,\nshe fell asleep holding my hand.",
    )
    assert saved.exit_code == 0, saved.output
    review = attach("review")
    assert review.exit_code == 0, review.output
    assert "Bedtime story together, she fell asleep" in " ".join(review.stdout.split())
    found = attach("search", "Bedtime")
    assert found.exit_code == 0, found.output
    for shown in (review.stdout, found.stdout):
        assert "\\x0a" not in shown


def test_restore_given_a_folder_names_the_file_it_needs_not_the_db_option(attach, tmp_path):
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    result = attach("restore", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert "is a folder: give one backup file from it" in result.stderr
    assert "--db" not in result.stderr


def test_config_list_lists_the_settings_as_plain_config_does(attach):
    listed = attach("config", "list", "--json")
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout) == json.loads(attach("config", "--json").stdout)
