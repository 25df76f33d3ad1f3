"""migrations: numbered, atomic schema steps; the SQLModel classes match what they build."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import SQLModel

import attachjournal.storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from attachjournal.errors import JournalError
from attachjournal.storage import store
from attachjournal.storage.migrations import APPLICATION_ID, LATEST, MIGRATIONS


def pragma(path: Path, name: str) -> int | str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    finally:
        conn.close()
    return {r[0] for r in rows}


def test_latest_is_the_number_of_steps():
    assert LATEST == len(MIGRATIONS) >= 1


def test_a_new_journal_is_migrated_to_the_latest_schema(db_path):
    store.open_journal(db_path, create=True).close()
    assert pragma(db_path, "user_version") == LATEST
    assert pragma(db_path, "application_id") == APPLICATION_ID
    assert {"person", "entry", "answer"} <= tables(db_path)


def test_opening_an_up_to_date_journal_changes_nothing(db_path):
    store.open_journal(db_path, create=True).close()
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    journal = store.open_journal(db_path, create=False)
    assert journal is not None and not journal.created
    journal.close()
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


# ----------------------------------------------------------------------------- models == schema


def _schema_columns(path: Path, table: str) -> dict[str, tuple[bool, bool]]:
    """name -> (not null, part of the primary key), as SQLite reports it."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(f"PRAGMA table_info({table})").fetchall()
    finally:
        conn.close()
    return {r[1]: (bool(r[3]) or r[5] > 0, r[5] > 0) for r in rows}


def _model_columns(table: str) -> dict[str, tuple[bool, bool]]:
    model = SQLModel.metadata.tables[table]
    return {c.name: (not c.nullable or c.primary_key, c.primary_key) for c in model.columns}


@pytest.mark.parametrize("table", ["person", "entry", "answer"])
def test_the_models_match_the_migrated_schema_column_for_column(db_path, table):
    store.open_journal(db_path, create=True).close()
    assert _model_columns(table) == _schema_columns(db_path, table)


def test_every_model_table_exists_in_the_schema_and_no_other(db_path):
    store.open_journal(db_path, create=True).close()
    # The search index (an FTS5 virtual table and its shadow tables) is not a model.
    plain = {t for t in tables(db_path) if not t.startswith("answer_fts")}
    assert set(SQLModel.metadata.tables) == plain


@pytest.mark.parametrize("table", ["person", "entry", "answer"])
def test_the_models_and_schema_agree_on_foreign_keys(db_path, table):
    store.open_journal(db_path, create=True).close()
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(f"PRAGMA foreign_key_list({table})").fetchall()
    finally:
        conn.close()
    in_schema = {(r[3], r[2], r[4]) for r in rows}  # (column, table, target column)
    in_model = {
        (fk.parent.name, fk.column.table.name, fk.column.name)
        for fk in SQLModel.metadata.tables[table].foreign_keys
    }
    assert in_model == in_schema


@pytest.mark.parametrize("table", ["person", "entry", "answer"])
def test_every_index_the_models_declare_is_in_the_migrated_schema(db_path, table):
    """The sqlite3 path builds the schema; each index the typed models name is in it, same columns."""
    store.open_journal(db_path, create=True).close()
    conn = sqlite3.connect(db_path)
    try:
        in_schema = {
            index[1]: tuple(c[2] for c in conn.execute(f"PRAGMA index_info({index[1]})"))
            for index in conn.execute(f"PRAGMA index_list({table})").fetchall()
        }
    finally:
        conn.close()
    for index in SQLModel.metadata.tables[table].indexes:
        assert in_schema.get(index.name) == tuple(c.name for c in index.columns), index.name


def test_the_models_and_schema_agree_on_unique_names(db_path):
    store.open_journal(db_path, create=True).close()
    conn = sqlite3.connect(db_path)
    try:
        unique = set()
        for table in ("person", "entry"):
            for index in conn.execute(f"PRAGMA index_list({table})").fetchall():
                if index[2]:  # unique
                    cols = conn.execute(f"PRAGMA index_info({index[1]})").fetchall()
                    unique |= {(table, c[2]) for c in cols}
    finally:
        conn.close()
    assert {("person", "name_key"), ("entry", "uid")} <= unique
    for table, column in [("person", "name_key"), ("entry", "uid")]:
        assert SQLModel.metadata.tables[table].columns[column].unique


# ----------------------------------------------------------------------------- future steps


def _v2_adds_a_table(conn: Any) -> None:
    conn.execute("CREATE TABLE tag (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL)")


def _v2_fails_half_way(conn: Any) -> None:
    conn.execute("CREATE TABLE tag (id INTEGER PRIMARY KEY)")
    conn.execute("ALTER TABLE no_such_table ADD COLUMN x")


def _with_step(step) -> list:
    """This code's steps, as if a release had appended one more."""
    return [*MIGRATIONS, step]


def test_a_new_step_upgrades_an_existing_journal_and_keeps_its_entries(attach, db_path):
    assert attach("reflect", "-a", "resourced=4", "--no-input").exit_code == 0
    journal = store.open_journal(db_path, create=False, migrations=_with_step(_v2_adds_a_table))
    assert journal is not None
    with journal.read() as conn:
        entries = conn.list_entries()
    journal.close()
    assert [e.answer("resourced") for e in entries] == [4]
    assert pragma(db_path, "user_version") == LATEST + 1
    assert "tag" in tables(db_path)
    assert pragma(db_path, "application_id") == APPLICATION_ID


def test_a_step_that_fails_leaves_the_journal_exactly_as_it_was(attach, db_path):
    assert attach("reflect", "-a", "resourced=4", "--no-input").exit_code == 0
    with pytest.raises(JournalError, match="Nothing was changed") as failed:
        store.open_journal(db_path, create=False, migrations=_with_step(_v2_fails_half_way))
    assert "Traceback" not in failed.value.message
    assert pragma(db_path, "user_version") == LATEST
    assert "tag" not in tables(db_path)

    assert "resourced 4/5" in attach("log").stdout


def test_a_journal_newer_than_this_code_is_refused_and_left_as_it_is(db_path):
    store.open_journal(db_path, create=True).close()
    steps = _with_step(_v2_adds_a_table)
    store.open_journal(db_path, create=False, migrations=steps).close()  # now at LATEST + 1
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    with pytest.raises(
        JournalError, match=f"reads journal schema {LATEST + 1} \\(this one reads up to {LATEST}\\)"
    ):
        store.open_journal(db_path, create=False)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
