"""Schema 2: a journal written by schema 1 upgrades with every row and answer intact (through
every later step too: schema 3 keeps these rows as they are)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from attachjournal.errors import JournalError
from attachjournal.storage import migrations, store
from attachjournal.storage.connection import connect

FIXTURE = Path(__file__).parent / "fixtures" / "journal-v1.db"


def _snapshot(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {
            "person": conn.execute(
                "SELECT id, name, name_key, role, born, created_at FROM person ORDER BY id"
            ).fetchall(),
            "entry": _without_care(conn.execute("SELECT * FROM entry ORDER BY id")),
            "answer": conn.execute(
                "SELECT entry_id, question_id, position, question_text, kind, value "
                "FROM answer ORDER BY entry_id, question_id"
            ).fetchall(),
        }
    finally:
        conn.close()


def _without_care(cursor: sqlite3.Cursor) -> list[tuple]:
    """Every column an older schema had: `care` (schema 5) is worked out, not written."""
    names = [column[0] for column in cursor.description]
    return [tuple(v for n, v in zip(names, row, strict=True) if n != "care") for row in cursor]


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    target = tmp_path / "old" / "journal.db"
    target.parent.mkdir()
    shutil.copy(FIXTURE, target)
    return target


def test_fixture_really_is_schema_1():
    conn = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        conn.close()


def test_schema_1_journal_upgrades_with_every_row_and_answer_intact(v1_copy):
    before = _snapshot(v1_copy)
    # 3 people, 6 entries (2 check-ins, 3 ruptures, 1 repair), 28 answers in the fixture.
    assert (len(before["person"]), len(before["entry"]), len(before["answer"])) == (3, 6, 28)
    journal = store.open_journal(v1_copy, create=False)
    assert journal is not None
    journal.close()
    assert _snapshot(v1_copy) == before
    conn = sqlite3.connect(v1_copy)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
        # Nothing was read for harm during the upgrade: unknown, read when a period is.
        assert conn.execute("SELECT count(*) FROM entry WHERE care IS NOT NULL").fetchone() == (0,)
        uids = [r[0] for r in conn.execute("SELECT uid FROM person")]
        assert len(set(uids)) == 3 and all(len(u) == 32 for u in uids)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_upgraded_journal_reads_and_searches_the_old_answers(v1_copy, attach):
    shown = attach("show", "1", "--db", str(v1_copy))
    assert shown.exit_code == 0, shown.output
    assert "quokkaphrase marmalade" in shown.stdout
    # Written before the search index existed: found because the upgrade indexed it.
    found = attach("search", "quokkaphrase", "--db", str(v1_copy), "--json")
    assert found.exit_code == 0, found.output
    assert [hit["id"] for hit in __import__("json").loads(found.stdout)] == [1]
    accents = attach("search", "omer", "--db", str(v1_copy))
    assert accents.exit_code == 0 and "Nothing found" in accents.stdout  # names are not text


def test_a_failing_upgrade_leaves_the_schema_1_journal_exactly_as_it_was(v1_copy):
    before = _snapshot(v1_copy)
    real_step = migrations.MIGRATIONS[1]

    def broken_step(conn):
        real_step(conn)  # every table already rebuilt when it goes wrong
        raise RuntimeError("disk trouble")

    steps = [migrations.MIGRATIONS[0], broken_step]
    with pytest.raises(JournalError, match="Nothing was changed"):
        store.open_journal(v1_copy, create=False, migrations=steps)
    conn = sqlite3.connect(v1_copy)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "answer_fts" not in tables and "entry_v1" not in tables
    finally:
        conn.close()
    assert _snapshot(v1_copy) == before


def test_a_journal_from_a_newer_attach_is_refused_untouched(tmp_path):
    path = tmp_path / "new.db"
    journal = store.open_journal(path, create=True)
    assert journal is not None
    journal.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(JournalError, match="newer attach"):
        store.open_journal(path, create=False)
    assert path.read_bytes() == before


def test_every_connection_wipes_freed_space():
    conn = connect(Path(":memory:"))
    try:
        assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    finally:
        conn.close()


def test_models_and_the_schema_2_tables_agree_column_for_column(tmp_path):
    from sqlmodel import SQLModel

    import attachjournal.storage.models  # noqa: F401  (registers the tables)

    journal = store.open_journal(tmp_path / "j.db", create=True)
    assert journal is not None
    with journal.read() as conn:
        for table in SQLModel.metadata.sorted_tables:
            columns = [r[1] for r in conn._conn.execute(f"PRAGMA table_info({table.name})")]
            assert columns == [c.name for c in table.columns], table.name
    journal.close()
