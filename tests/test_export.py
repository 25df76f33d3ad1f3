"""attach export: complete JSON, readable Markdown, spreadsheet CSV, private files, redaction."""

from __future__ import annotations

import csv
import io
import json
import os
import stat

from attachjournal.storage.migrations import LATEST
from data_helpers import export_json, fill


def test_json_export_is_complete_and_versioned(attach):
    fill(attach)
    doc = export_json(attach)
    assert doc["format"] == "attachjournal-export"
    assert doc["format_version"] == 1 and doc["schema_version"] == LATEST
    people = {p["name"]: p for p in doc["people"]}
    assert people["Maya"]["role"] == "child" and people["Maya"]["born"] == "2021-03-14"
    assert people["Sam"]["born"] is None
    kinds = [e["kind"] for e in doc["entries"]]
    assert kinds == ["reflect", "rupture", "repair", "rupture"]
    checkin, rupture, repair, open_rupture = doc["entries"]
    # 08:10 in Berlin (UTC+1 in November) is 07:10 UTC.
    assert checkin["at"] == "2026-11-16T07:10:00+00:00"
    assert rupture["person"] == people["Maya"]["key"]
    assert repair["rupture"] == rupture["uid"] and repair["person"] is None
    assert open_rupture["no_repair_needed"] is False
    answers = {a["id"]: a for a in checkin["answers"]}
    assert answers["feelings"] == {
        "id": "feelings",
        "question": "Which feelings are here right now? Naming them can soften them.",
        "kind": "multi",
        "value": ["tender", "tired"],  # questionnaire order
    }
    assert answers["echo"]["value"] is True and answers["resourced"]["value"] == 2
    who = next(a for a in rupture["answers"] if a["id"] == "who")
    assert who["kind"] == "person" and who["value"] == people["Maya"]["key"]


def test_filters_keep_a_repair_with_its_rupture(attach):
    fill(attach)
    only_sam = export_json(attach, "--who", "Sam")
    assert [e["kind"] for e in only_sam["entries"]] == ["rupture"]
    assert [p["name"] for p in only_sam["people"]] == ["Sam"]
    # The repair on the 17th belongs to the rupture of the 17th; the check-in of the 16th is out.
    window = export_json(attach, "--since", "2026-11-17", "--until", "2026-11-17")
    assert [e["kind"] for e in window["entries"]] == ["rupture", "repair"]


def test_markdown_groups_by_day_with_the_repair_under_its_rupture(attach):
    fill(attach)
    result = attach("export", "--format", "markdown")
    assert result.exit_code == 0, result.output
    text = result.stdout
    days = [line for line in text.splitlines() if line.startswith("## ")]
    assert days == [
        "## Monday 16 November 2026",
        "## Tuesday 17 November 2026",
        "## Wednesday 18 November 2026",
    ]
    tuesday = text.split("## Tuesday")[1].split("## Wednesday")[0]
    assert "### 07:45 · Rupture with Maya" in tuesday
    assert "#### Tue 17 Nov 08:30, 45 min later · Repair" in tuesday
    assert tuesday.index("Rupture with Maya") < tuesday.index("· Repair")
    assert "I named what happened, I said sorry" in tuesday  # labels, not raw values
    assert "*Not repaired yet.*" in text
    # What a person typed stays words, never formatting.
    assert "A \\[bold\\]quiet\\[/bold\\] walk with Maya" in text


def test_csv_has_one_row_per_entry_and_a_column_per_question(attach):
    fill(attach)
    result = attach("export", "--format", "csv")
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["kind"] for row in table] == ["reflect", "rupture", "repair", "rupture"]
    assert table[0]["feelings"] == "tender; tired"
    assert table[0]["resourced"] == "2" and table[0]["echo"] == "yes"
    assert table[1]["who"] == "Maya" and table[1]["context"] == "rushing; transition"
    assert table[2]["rupture_uid"] == table[1]["uid"]
    assert table[0]["local_time"] == "2026-11-16 08:10"


def test_csv_cells_that_look_like_formulas_are_defused(attach):
    attach("people", "add", "=HYPERLINK", "--role", "other")
    result = attach("repair", "--new", "--no-input", "-a", "who==hyperlink", "-a", "intensity=1")
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(attach("export", "-f", "csv").stdout)))
    assert table[0]["who"] == "'=HYPERLINK"


def test_output_file_is_private_and_stdout_stays_empty(attach, tmp_path):
    fill(attach)
    target = tmp_path / "out" / "journal.json"
    target.parent.mkdir()
    result = attach("export", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert json.loads(target.read_text())["format"] == "attachjournal-export"


def test_export_never_writes_over_the_journal(attach, db_path):
    fill(attach)
    before = db_path.read_bytes()
    result = attach("export", "-o", str(db_path))
    assert result.exit_code == 2
    assert "journal itself" in result.stderr
    assert db_path.read_bytes() == before


def test_redact_replaces_names_everywhere(attach):
    fill(attach)
    doc = export_json(attach, "--redact")
    assert sorted(p["name"] for p in doc["people"]) == ["child 1", "partner 1"]
    assert all(p["born"] is None for p in doc["people"])
    dumped = json.dumps(doc)
    assert "Maya" not in dumped and "Sam" not in dumped
    note = next(a for a in doc["entries"][0]["answers"] if a["id"] == "note")
    assert note["value"] == "A [bold]quiet[/bold] walk with child 1; we counted 7 snails"
    markdown = attach("export", "-f", "markdown", "--redact").stdout
    assert "Rupture with child 1" in markdown and "Maya" not in markdown


def test_export_of_a_missing_journal_is_empty_and_creates_nothing(attach, db_path):
    doc = export_json(attach)
    assert doc["entries"] == [] and doc["people"] == []
    assert not db_path.exists()


def test_unknown_format_is_a_usage_error(attach):
    result = attach("export", "--format", "pdf")
    assert result.exit_code == 2
    assert "--format takes json, markdown, csv" in result.stderr


def test_no_export_sends_control_sequences_to_a_terminal(attach, tmp_path):
    hostile = "esc \x1b[31mred \x9b C1 \u202e bidi \x07 bell"
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"resourced": 3, "note": hostile}))
    assert attach("reflect", "--answers", str(answers), "--no-input").exit_code == 0
    for fmt in ("json", "markdown", "csv"):
        out = attach("export", "--format", fmt)
        assert out.exit_code == 0, out.output
        assert not any(ch in out.stdout for ch in "\x1b\x9b\u202e\x07"), fmt
    # The JSON escapes them instead, so the text itself comes back exactly.
    data = json.loads(attach("export", "--format", "json").stdout)
    (entry,) = data["entries"]
    note = next(a for a in entry["answers"] if a["id"] == "note")
    assert note["value"] == hostile
