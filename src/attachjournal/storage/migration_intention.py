"""Schema 4: the weekly intention, an entry kind of its own ("When ___, I will ___").

SQLite cannot widen a CHECK constraint in place, so entry and answer are rebuilt the way
schema 3 rebuilt them (see migrations.py for why the old tables are renamed away first).
Every id is kept, so the search index, which points at answer ids, stays valid.
"""

from __future__ import annotations

from typing import Any

_ENTRY = """
    CREATE TABLE entry (
        id INTEGER NOT NULL PRIMARY KEY,
        uid VARCHAR NOT NULL UNIQUE,
        kind VARCHAR NOT NULL
            CHECK (kind IN ('reflect', 'rupture', 'repair', 'note', 'intention')),
        at DATETIME NOT NULL,
        created_at DATETIME,
        updated_at DATETIME,
        person_id INTEGER REFERENCES person (id),
        rupture_id INTEGER REFERENCES entry (id),
        no_repair_needed BOOLEAN NOT NULL DEFAULT 0,
        CHECK ((kind = 'repair') = (rupture_id IS NOT NULL))
    )
"""
_ANSWER = """
    CREATE TABLE answer (
        id INTEGER NOT NULL PRIMARY KEY,
        entry_id INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
        question_id VARCHAR NOT NULL,
        position INTEGER NOT NULL,
        question_text VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        value VARCHAR NOT NULL,
        UNIQUE (entry_id, question_id)
    )
"""
# The search index's triggers, as schema 3 made them (they go with the old answer table).
_TRIGGERS = (
    """
    CREATE TRIGGER answer_fts_insert AFTER INSERT ON answer WHEN new.kind = 'text' BEGIN
        INSERT INTO answer_fts (rowid, body) VALUES (new.id, json_extract(new.value, '$'));
    END
    """,
    """
    CREATE TRIGGER answer_fts_delete AFTER DELETE ON answer WHEN old.kind = 'text' BEGIN
        INSERT INTO answer_fts (answer_fts, rowid, body)
        VALUES ('delete', old.id, json_extract(old.value, '$'));
    END
    """,
    """
    CREATE TRIGGER answer_fts_update AFTER UPDATE ON answer BEGIN
        INSERT INTO answer_fts (answer_fts, rowid, body)
        SELECT 'delete', old.id, json_extract(old.value, '$') WHERE old.kind = 'text';
        INSERT INTO answer_fts (rowid, body)
        SELECT new.id, json_extract(new.value, '$') WHERE new.kind = 'text';
    END
    """,
)


def v4_intentions(conn: Any) -> None:
    for table in ("answer", "entry"):
        conn.execute(f"ALTER TABLE {table} RENAME TO {table}_v3")
    conn.execute(_ENTRY)
    conn.execute(_ANSWER)
    columns = "id, uid, kind, at, created_at, updated_at, person_id, rupture_id, no_repair_needed"
    # Ruptures before their repairs, so every reference points at a row already there.
    conn.execute(
        f"INSERT INTO entry ({columns}) SELECT {columns} FROM entry_v3 "
        "ORDER BY rupture_id IS NOT NULL, id"
    )
    # No triggers on the new answer table yet, so copying leaves the search index untouched.
    conn.execute(
        "INSERT INTO answer (id, entry_id, question_id, position, question_text, kind, value) "
        "SELECT id, entry_id, question_id, position, question_text, kind, value FROM answer_v3 "
        "ORDER BY id"
    )
    for table in ("answer_v3", "entry_v3"):  # their indexes and triggers go with them
        conn.execute(f"DROP TABLE {table}")
    conn.execute("CREATE INDEX ix_entry_at ON entry (at)")
    conn.execute("CREATE INDEX ix_entry_kind_at ON entry (kind, at)")
    conn.execute("CREATE INDEX ix_entry_person_at ON entry (person_id, at)")
    conn.execute("CREATE UNIQUE INDEX ux_entry_rupture ON entry (rupture_id)")
    for trigger in _TRIGGERS:
        conn.execute(trigger)
    if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
        from attachjournal.errors import JournalError

        raise JournalError(
            "While upgrading, the journal turned out to hold an entry pointing at something "
            "missing; nothing was changed."
        )
