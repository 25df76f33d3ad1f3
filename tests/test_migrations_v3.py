"""Schema 3: `created_at` (when an entry was written) may be unknown; every stored time kept.

journal-v2.db (tests/fixtures/make_v2_journal.py) holds a check-in written at its own time,
one written the next day with --at, a rupture logged three hours late with its repair, and six
notes imported from jrnl, whose created_at held the moment of the import.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from attachjournal.errors import JournalError
from attachjournal.storage import migrations, store

FIXTURES = Path(__file__).parent / "fixtures"


def rows(path: Path, sql: str) -> list[tuple]:
    # Read-only: a fixture is never changed (nor created empty when it is missing).
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


# Every column schema 2 had (schema 5's `care` is worked out later, not carried over).
ENTRIES = (
    "SELECT id, uid, kind, at, created_at, updated_at, person_id, rupture_id, no_repair_needed "
    "FROM entry ORDER BY id"
)
ANSWERS = "SELECT * FROM answer ORDER BY id"


@pytest.fixture
def v2_copy(tmp_path: Path) -> Path:
    target = tmp_path / "old" / "journal.db"
    target.parent.mkdir()
    shutil.copy(FIXTURES / "journal-v2.db", target)
    return target


def upgrade(path: Path) -> None:
    journal = store.open_journal(path, create=False)
    assert journal is not None
    journal.close()


def test_fixture_really_is_schema_2():
    assert rows(FIXTURES / "journal-v2.db", "PRAGMA user_version") == [(2,)]


def test_schema_2_upgrades_keeping_every_time_and_answer(v2_copy):
    entries, answers = rows(v2_copy, ENTRIES), rows(v2_copy, ANSWERS)
    assert (len(entries), len(answers)) == (10, 25)
    upgrade(v2_copy)
    assert rows(v2_copy, "PRAGMA user_version") == [(migrations.LATEST,)]
    after = rows(v2_copy, ENTRIES)
    # Column 3 is `at` (the event time), column 4 `created_at` (when it was written).
    assert [r[:4] + r[5:] for r in after] == [r[:4] + r[5:] for r in entries]
    for old, new in zip(entries, after, strict=True):
        if old[1].startswith("jrnl-"):
            assert new[4] is None  # the import's time was never when it was written
        else:
            assert new[4] == old[4]
    assert rows(v2_copy, ANSWERS) == answers  # ids too: the search index points at them
    assert rows(v2_copy, "PRAGMA foreign_key_check") == []
    assert rows(v2_copy, "PRAGMA integrity_check") == [("ok",)]
    not_null = {r[1]: r[3] for r in rows(v2_copy, "PRAGMA table_info(entry)")}
    assert not_null["created_at"] == 0 and not_null["at"] == 1


def test_schema_1_upgrades_through_both_steps_keeping_every_time(tmp_path):
    path = tmp_path / "journal.db"
    shutil.copy(FIXTURES / "journal-v1.db", path)
    before = rows(path, "SELECT id, uid, kind, at, created_at FROM entry ORDER BY id")
    upgrade(path)
    assert rows(path, "PRAGMA user_version") == [(migrations.LATEST,)]
    assert rows(path, "SELECT id, uid, kind, at, created_at FROM entry ORDER BY id") == before


def test_after_the_upgrade_search_edit_and_delete_keep_the_index_right(v2_copy, attach):
    upgrade(v2_copy)
    db = ["--db", str(v2_copy)]
    found = attach("search", "marmotlantern", *db, "--json")
    assert [hit["id"] for hit in json.loads(found.stdout)] == [1]
    assert attach("edit", "1", "-a", "note=quietfjord", *db).exit_code == 0
    assert json.loads(attach("search", "marmotlantern", *db, "--json").stdout) == []
    assert [h["id"] for h in json.loads(attach("search", "quietfjord", *db, "--json").stdout)] == [
        1
    ]


def test_a_failing_upgrade_leaves_the_schema_2_journal_exactly_as_it_was(v2_copy):
    entries, answers = rows(v2_copy, ENTRIES), rows(v2_copy, ANSWERS)
    real_step = migrations.MIGRATIONS[2]

    def broken_step(conn):
        real_step(conn)  # every table rebuilt when it goes wrong
        raise RuntimeError("disk trouble")

    steps = [*migrations.MIGRATIONS[:2], broken_step]
    with pytest.raises(JournalError, match="Nothing was changed"):
        store.open_journal(v2_copy, create=False, migrations=steps)
    assert rows(v2_copy, "PRAGMA user_version") == [(2,)]
    assert rows(v2_copy, ENTRIES) == entries and rows(v2_copy, ANSWERS) == answers
    tables = {r[0] for r in rows(v2_copy, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert "entry_v2" not in tables


def test_show_says_when_an_upgraded_entry_was_written(v2_copy, attach):
    upgrade(v2_copy)
    db = ["--db", str(v2_copy)]
    # Check-in 2 was for yesterday 21:00 and written today at 19:14 (Berlin): 22 hours later.
    late = attach("show", "2", *db)
    assert "written the next day" in late.stdout
    assert "written" not in attach("show", "1", *db).stdout  # written as it happened
    # The rupture happened at 16:14 and was logged at 19:14 the same day.
    assert "written later that evening" in attach("show", "3", *db).stdout
    note = attach("show", "5", *db)
    assert "when it was written is not known" in note.stdout
    data = json.loads(attach("show", "5", *db, "--json").stdout)
    assert data["created_at"] is None


# ----------------------------------------------------------------------------- export and import


def test_export_carries_when_each_entry_was_written_and_round_trips(v2_copy, attach, tmp_path):
    upgrade(v2_copy)
    first = attach("export", "--db", str(v2_copy)).stdout
    doc = json.loads(first)
    written = {e["uid"][:5]: e["created_at"] for e in doc["entries"]}
    assert written["jrnl-"] is None  # unknown, and said so
    back_dated = next(
        e for e in doc["entries"] if e["kind"] == "reflect" and e["at"] < "2026-11-25"
    )
    assert back_dated["created_at"] > back_dated["at"]
    path = tmp_path / "export.json"
    path.write_text(first, encoding="utf-8")
    other = tmp_path / "other" / "journal.db"
    assert attach("import", str(path), "--db", str(other)).exit_code == 0
    assert attach("export", "--db", str(other)).stdout == first


def test_an_older_export_without_created_at_imports_as_unknown(attach, tmp_path):
    assert attach("reflect", "--no-input", "-a", "resourced=3", "--at", "2h ago").exit_code == 0
    doc = json.loads(attach("export").stdout)
    for entry in doc["entries"]:
        del entry["created_at"]
    path = tmp_path / "old-export.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    other = tmp_path / "other" / "journal.db"
    result = attach("import", str(path), "--db", str(other))
    assert result.exit_code == 0, result.output
    shown = attach("show", "1", "--db", str(other))
    assert "when it was written is not known" in shown.stdout
    csv_out = attach("export", "--format", "csv", "--db", str(other)).stdout
    assert csv_out.splitlines()[1].count(",,") >= 1  # an empty created_at cell, not "None"
    assert "None" not in csv_out


def test_a_created_at_that_is_not_a_time_is_still_refused(attach, tmp_path):
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    doc = json.loads(attach("export").stdout)
    doc["entries"][0]["created_at"] = "last tuesday"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = attach("import", str(path), "--db", str(tmp_path / "o" / "j.db"))
    assert result.exit_code != 0
    assert "'created_at'" in result.output
