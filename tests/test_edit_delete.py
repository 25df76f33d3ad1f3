"""attach edit and attach delete: change answers and times; delete for good, leaving no trace."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from data_helpers import fill, rows, run, said

PHRASE = "xylophonequartz marmalade"


def _raw_bytes(db: Path) -> bytes:
    data = db.read_bytes()
    wal = Path(f"{db}-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def _answers(attach, entry_id: int) -> dict:
    shown = attach("show", str(entry_id), "--json")
    assert shown.exit_code == 0, shown.output
    return {k: v["value"] for k, v in json.loads(shown.stdout)["answers"].items()}


def test_edit_changes_only_the_answers_given(attach):
    fill(attach)
    result = attach("edit", "1", "--no-input", "-a", "resourced=4", "-a", "feelings=calm")
    assert result.exit_code == 0, result.output
    assert "Updated check-in #1" in result.stdout
    answers = _answers(attach, 1)
    assert answers["resourced"] == 4 and answers["feelings"] == ["calm"]
    assert answers["mood"] == 4 and answers["echo"] is True  # untouched
    data = json.loads(attach("show", "1", "--json").stdout)
    assert data["updated_at"] is not None


def test_edit_removes_an_optional_answer_but_never_a_required_one(attach):
    fill(attach)
    assert attach("edit", "1", "--no-input", "-a", "mood=").exit_code == 0
    assert "mood" not in _answers(attach, 1)
    refused = attach("edit", "1", "--no-input", "-a", "resourced=")
    assert refused.exit_code == 2
    assert "resourced needs an answer" in said(refused.stderr)
    assert _answers(attach, 1)["resourced"] == 2


def test_edit_validates_like_a_new_entry_and_saves_nothing_on_error(attach):
    fill(attach)
    bad = attach("edit", "1", "--no-input", "-a", "resourced=9", "-a", "mood=1")
    assert bad.exit_code == 2
    assert "resourced takes a whole number from 1 to 5" in said(bad.stderr)
    assert _answers(attach, 1)["mood"] == 4
    unknown = attach("edit", "1", "--no-input", "-a", "intensity=2")
    assert unknown.exit_code == 2 and "Unknown question id" in said(unknown.stderr)


def test_edit_moves_an_entry_in_time_but_not_a_repair_before_its_rupture(attach):
    fill(attach)
    moved = attach("edit", "1", "--no-input", "--at", "2026-11-15T21:00", "--json")
    assert moved.exit_code == 0, moved.output
    assert json.loads(moved.stdout)["at"] == "2026-11-15T20:00:00+00:00"  # Berlin is UTC+1
    refused = attach("edit", "3", "--no-input", "--at", "2026-11-17T07:00")
    assert refused.exit_code == 2
    assert "can't come before its rupture" in said(refused.stderr)


def test_edit_the_person_of_a_rupture(attach, db_path):
    fill(attach)
    result = attach("edit", "2", "--no-input", "-a", "who=sam")
    assert result.exit_code == 0, result.output
    assert "with Sam" in result.stdout
    assert rows(
        db_path, "SELECT p.name FROM entry e JOIN person p ON p.id = e.person_id WHERE e.id = 2"
    ) == [("Sam",)]


def test_edit_without_anything_to_change_says_how(attach):
    fill(attach)
    result = attach("edit", "1", "--no-input")
    assert result.exit_code == 2
    assert "Say what to change" in said(result.stderr)
    missing = attach("edit", "99", "--no-input", "-a", "mood=1")
    assert missing.exit_code == 1 and "There is no entry 99" in missing.stderr


def test_delete_shows_what_goes_and_needs_yes_without_a_terminal(attach, db_path):
    fill(attach)
    result = attach("delete", "1")
    assert result.exit_code == 2
    assert "This will delete:" in result.stdout and "#1" in result.stdout
    assert "Add --yes" in said(result.stderr)
    assert rows(db_path, "SELECT count(*) FROM entry") == [(4,)]
    done = attach("delete", "1", "--yes")
    assert done.exit_code == 0, done.output
    assert "Deleted #1" in done.stdout
    assert "Older backups and exports still hold deleted text" in said(done.stderr)
    assert rows(db_path, "SELECT count(*) FROM entry") == [(3,)]
    assert rows(db_path, "SELECT count(*) FROM answer WHERE entry_id = 1") == [(0,)]


def test_deleting_a_rupture_asks_what_happens_to_its_repair(attach, db_path):
    fill(attach)
    result = attach("delete", "2", "--yes")
    assert result.exit_code == 2
    assert "--repair delete" in said(result.stderr) and "--repair keep-note" in said(result.stderr)
    assert rows(db_path, "SELECT count(*) FROM entry") == [(4,)]
    both = attach("delete", "2", "--yes", "--repair", "delete")
    assert both.exit_code == 0, both.output
    assert "Deleted #3 and #2" in both.stdout
    assert rows(db_path, "SELECT id FROM entry ORDER BY id") == [(1,), (4,)]


def test_keeping_a_repair_keeps_its_words_as_a_note(attach, db_path):
    fill(attach)
    result = attach("delete", "2", "--yes", "--repair", "keep-note")
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT id, kind, rupture_id FROM entry WHERE id = 3") == [
        (3, "note", None)
    ]
    assert _answers(attach, 3)["next_time"] == "A five minute warning"
    review = json.loads(
        attach("review", "--since", "2026-11-16", "--until", "2026-11-22", "--json").stdout
    )
    assert review["repair_count"] == 0 and review["rupture_count"] == 1


def test_deleting_a_repair_opens_its_rupture_again(attach, db_path):
    fill(attach)
    result = attach("delete", "3", "--yes")
    assert result.exit_code == 0, result.output
    assert "Rupture #2 will be open again." in result.stdout
    listing = attach("log", "--kind", "rupture")
    assert "open" in listing.stdout


def test_deleted_text_does_not_linger_in_the_journal_file(attach, db_path):
    fill(attach)
    run(attach, "reflect", "--answers", "-", stdin={"resourced": 3, "note": PHRASE})
    assert attach("search", "xylophonequartz", "--json").stdout.count('"id": 5') == 1
    assert b"xylophonequartz" in _raw_bytes(db_path)  # the check below can fail
    result = attach("delete", "5", "--yes")
    assert result.exit_code == 0, result.output
    raw = _raw_bytes(db_path)
    assert b"xylophonequartz" not in raw and b"marmalade" not in raw
    assert json.loads(attach("search", "xylophonequartz", "--json").stdout) == []


def test_edited_away_text_does_not_linger_either(attach, db_path):
    fill(attach)
    run(attach, "reflect", "--answers", "-", stdin={"resourced": 3, "note": PHRASE})
    result = attach("edit", "5", "--no-input", "--answers", "-", input='{"note": "something else"}')
    assert result.exit_code == 0, result.output
    assert b"xylophonequartz" not in _raw_bytes(db_path)


def test_delete_help_says_backups_still_hold_the_text(attach):
    result = attach("delete", "--help")
    assert "Older backups and exports still hold deleted text" in said(result.stdout)


def test_removing_a_person_with_their_entries_leaves_no_trace_of_the_text(attach, db_path):
    attach("people", "add", "Kim", "--role", "friend")
    run(
        attach,
        "repair",
        "--new",
        "--answers",
        "-",
        stdin={"who": "Kim", "intensity": 1, "what": PHRASE},
    )
    assert b"xylophonequartz" in _raw_bytes(db_path)
    result = attach("people", "remove", "Kim", "--delete-entries", "--yes")
    assert result.exit_code == 0, result.output
    assert b"xylophonequartz" not in _raw_bytes(db_path)


# Another attach in the middle of reading (a long `attach patterns`, say): its snapshot needs
# the old pages, deleted words included, until it ends.
READER = (
    "import sqlite3, sys\n"
    "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "c.execute('BEGIN')\n"
    "c.execute('SELECT count(*) FROM answer').fetchone()\n"
    "print('ready', flush=True)\n"
    "sys.stdin.readline()\n"
)


@pytest.mark.parametrize("command", ["delete", "edit"])
def test_while_a_reader_holds_the_old_words_nothing_claims_they_are_gone(attach, db_path, command):
    fill(attach)
    run(attach, "reflect", "--answers", "-", stdin={"resourced": 3, "note": PHRASE})
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "ready"
        if command == "delete":
            result = attach("delete", "5", "--yes")
        else:
            result = attach("edit", "5", "--no-input", "-a", "note=something else")
        assert result.exit_code == 0, result.output
        told = said(result.stdout + " " + result.stderr)
        # What it says is true: the words can still be read from the file.
        assert b"xylophonequartz" in _raw_bytes(db_path)
        assert "still in the journal file" in told
        assert "Deleted" not in told
        doctor = attach("doctor")
        assert "may still be in the journal file" in said(doctor.stderr)
    finally:
        reader.communicate("\n", timeout=10)
    assert json.loads(attach("search", "xylophonequartz", "--json").stdout) == []
    # The reader is gone: that command finished the wipe.
    assert b"xylophonequartz" not in _raw_bytes(db_path)
    assert not (db_path.parent / ".journal.db.wipe-pending").exists()
    again = attach("log")  # and the next one has nothing left to do
    assert again.exit_code == 0 and "still in the journal file" not in again.output
