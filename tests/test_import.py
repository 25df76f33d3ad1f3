"""attach import: our JSON back in without duplicates, all-or-nothing; jrnl exports as notes."""

from __future__ import annotations

import json
from pathlib import Path

from data_helpers import export_json, fill, rows

JRNL = Path(__file__).parent / "fixtures" / "jrnl-4.6-export.json"


def _write(tmp_path: Path, doc: dict, name: str = "export.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def test_export_import_export_is_identical(attach, tmp_path):
    fill(attach)
    first = attach("export").stdout
    other = tmp_path / "other" / "journal.db"
    result = attach("import", _write(tmp_path, json.loads(first)), "--db", str(other))
    assert result.exit_code == 0, result.output
    assert "Imported 4 entries and 2 people." in result.stdout
    assert attach("export", "--db", str(other)).stdout == first


def test_importing_twice_adds_nothing_the_second_time(attach, tmp_path, db_path):
    fill(attach)
    path = _write(tmp_path, export_json(attach))
    again = attach("import", path)
    assert again.exit_code == 0, again.output
    assert "Imported 0 entries. 4 were already in the journal" in again.stdout
    assert rows(db_path, "SELECT count(*) FROM entry") == [(4,)]
    assert rows(db_path, "SELECT count(*) FROM person") == [(2,)]


def test_import_into_a_journal_with_other_entries_keeps_both(attach, tmp_path, db_path):
    fill(attach)
    doc = export_json(attach)
    other = tmp_path / "b.db"
    attach("people", "add", "maya", "--role", "child", "--db", str(other))
    attach("reflect", "--no-input", "-a", "resourced=5", "--db", str(other))
    result = attach("import", _write(tmp_path, doc), "--db", str(other))
    assert result.exit_code == 0, result.output
    # Maya already there (same name, any case): she is matched, only Sam is added.
    assert "Imported 4 entries and 1 person." in result.stdout
    assert rows(other, "SELECT count(*) FROM entry") == [(5,)]
    who = rows(other, "SELECT p.name FROM entry e JOIN person p ON p.id = e.person_id")
    assert sorted(who) == [("Sam",), ("maya",)]


def test_one_bad_record_means_nothing_is_imported(attach, tmp_path, db_path):
    fill(attach)
    doc = export_json(attach)
    other = tmp_path / "c.db"
    doc["entries"][1]["answers"][2]["value"] = "three"  # intensity must be a number
    doc["entries"][2]["at"] = "17 Nov"
    result = attach("import", _write(tmp_path, doc), "--db", str(other))
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())  # the console wraps long lines
    assert "Nothing was imported: 2 problems" in message
    assert f"entries[1] (uid {doc['entries'][1]['uid'][:12]}), answer 'intensity'" in message
    assert "a scale answer is a whole number" in message
    assert "entries[2]" in message and "'at'" in message
    assert "Shouted" not in message and "three" not in message  # never what was written
    assert not other.exists() or rows(other, "SELECT count(*) FROM entry") == [(0,)]


def test_a_repair_whose_rupture_is_nowhere_is_refused(attach, tmp_path):
    fill(attach)
    doc = export_json(attach)
    doc["entries"] = [e for e in doc["entries"] if e["kind"] == "repair"]
    other = tmp_path / "d.db"
    result = attach("import", _write(tmp_path, doc), "--db", str(other))
    assert result.exit_code == 1
    assert "neither in the file nor in this journal" in result.stderr
    assert rows(other, "SELECT count(*) FROM entry") == [(0,)]


def test_not_an_export_and_not_json_are_refused_kindly(attach, tmp_path):
    plain = tmp_path / "x.json"
    plain.write_text('{"hello": 1}')
    result = attach("import", str(plain))
    assert result.exit_code == 1 and "not an attachjournal export" in result.stderr
    plain.write_text("{not json")
    result = attach("import", str(plain))
    assert result.exit_code == 1 and "not valid JSON (line 1)" in result.stderr
    missing = attach("import", str(tmp_path / "nope.json"))
    assert missing.exit_code == 2 and "There is no file" in missing.stderr


def test_jrnl_entries_become_notes_with_dates_and_tags(attach, db_path):
    result = attach("import", "--from", "jrnl", str(JRNL))
    assert result.exit_code == 0, result.output
    assert "Imported 6 entries." in result.stdout
    doc = export_json(attach)
    assert {e["kind"] for e in doc["entries"]} == {"note"}
    first = doc["entries"][0]
    # jrnl's 2026-11-14 21:52 is local (Berlin, UTC+1): 20:52 UTC.
    assert first["at"] == "2026-11-14T20:52:00+00:00"
    answers = {a["id"]: a["value"] for a in first["answers"]}
    assert answers["title"] == "Bedtime with Maya went smoother than usual tonight."
    assert answers["tags"] == ["@partner", "@outdoors"]
    assert answers["body"].startswith("Letting Maya choose")
    again = attach("import", "--from", "jrnl", str(JRNL))
    assert "Imported 0 entries. 6 were already" in again.stdout
    assert rows(db_path, "SELECT count(*) FROM entry") == [(6,)]


def test_jrnl_notes_never_count_as_check_ins(attach):
    attach("import", "--from", "jrnl", str(JRNL))
    review = attach("review", "--since", "2026-11-14", "--until", "2026-11-20", "--json")
    assert review.exit_code == 0, review.output
    data = json.loads(review.stdout)
    assert data["checkin_days"] == 0
    assert all(value is None for value in data["resourced_by_day"].values())
    listing = attach("log", "--kind", "note")
    assert listing.exit_code == 0 and "✎ note" in listing.stdout
    shown = attach("show", "4")
    assert shown.exit_code == 0 and "Tags (from jrnl)" in shown.stdout


def test_a_broken_jrnl_entry_stops_the_whole_import(attach, tmp_path, db_path):
    data = json.loads(JRNL.read_text())
    data["entries"][3]["date"] = "someday"
    path = _write(tmp_path, data, "jrnl.json")
    result = attach("import", "--from", "jrnl", path)
    assert result.exit_code == 1
    assert "entries[3]: 'date' and 'time'" in result.stderr
    assert not db_path.exists() or rows(db_path, "SELECT count(*) FROM entry") == [(0,)]


def test_a_jrnl_note_can_be_edited_and_deleted(attach):
    attach("import", "--from", "jrnl", str(JRNL))
    result = attach("edit", "1", "--no-input", "-a", "title=Bedtime, calmer")
    assert result.exit_code == 0, result.output
    assert "Updated note #1" in result.stdout
    found = attach("search", "calmer", "--json")
    assert [hit["id"] for hit in json.loads(found.stdout)] == [1]
    assert attach("delete", "1", "--yes").exit_code == 0
