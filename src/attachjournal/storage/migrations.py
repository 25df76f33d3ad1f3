"""Ordered, append-only schema steps keyed by PRAGMA user_version.

Each step gets a plain DB-API connection and runs inside one transaction together with its version bump, so a step that fails
leaves the journal exactly as it was. Never edit a released step: append a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# A step gets one DB-API connection (sqlite3, or SQLCipher's) inside its own transaction.
Connection = Any

# 'ATTJ': marks the file as an attach journal, so we never write into someone else's database.
APPLICATION_ID = 0x4154544A


def _v1_initial(conn: Connection) -> None:
    conn.execute(
        """
        CREATE TABLE person (
            id INTEGER NOT NULL PRIMARY KEY,
            name VARCHAR NOT NULL,
            name_key VARCHAR NOT NULL UNIQUE,
            role VARCHAR NOT NULL CHECK (role IN
                ('child', 'partner', 'parent', 'friend', 'self', 'other')),
            born DATE,
            created_at DATETIME NOT NULL
        )
        """
    )
    conn.execute(
        """
        CREATE TABLE entry (
            id INTEGER NOT NULL PRIMARY KEY,
            uid VARCHAR NOT NULL UNIQUE,
            kind VARCHAR NOT NULL CHECK (kind IN ('reflect', 'rupture', 'repair')),
            at DATETIME NOT NULL,
            created_at DATETIME NOT NULL,
            updated_at DATETIME,
            person_id INTEGER REFERENCES person (id),
            rupture_id INTEGER REFERENCES entry (id),
            no_repair_needed BOOLEAN NOT NULL DEFAULT 0,
            CHECK ((kind = 'repair') = (rupture_id IS NOT NULL))
        )
        """
    )
    # Weekly commands read one time range; these keep their cost flat as history grows.
    conn.execute("CREATE INDEX ix_entry_at ON entry (at)")
    conn.execute("CREATE INDEX ix_entry_kind_at ON entry (kind, at)")
    conn.execute("CREATE INDEX ix_entry_person_at ON entry (person_id, at)")
    # One repair per rupture; also the lookup from a rupture to its repair.
    conn.execute("CREATE UNIQUE INDEX ux_entry_rupture ON entry (rupture_id)")
    conn.execute(
        """
        CREATE TABLE answer (
            entry_id INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
            question_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            question_text VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            value VARCHAR NOT NULL,
            PRIMARY KEY (entry_id, question_id)
        )
        """
    )


def _v2_notes_uids_search(conn: Connection) -> None:
    """Notes (imported free text), stable person ids, and full-text search over text answers.

    SQLite cannot change a CHECK constraint in place, so person, entry and answer are rebuilt.
    PRAGMA foreign_keys cannot be switched off inside this step's transaction, and dropping
    the old entry table would then cascade-delete every answer; so the old tables are renamed
    away first (SQLite rewrites the references to follow them), the new ones are filled, and
    the old ones dropped children first.
    """
    for table in ("answer", "entry", "person"):
        conn.execute(f"ALTER TABLE {table} RENAME TO {table}_v1")
    conn.execute(
        """
        CREATE TABLE person (
            id INTEGER NOT NULL PRIMARY KEY,
            uid VARCHAR NOT NULL UNIQUE,
            name VARCHAR NOT NULL,
            name_key VARCHAR NOT NULL UNIQUE,
            role VARCHAR NOT NULL CHECK (role IN
                ('child', 'partner', 'parent', 'friend', 'self', 'other')),
            born DATE,
            created_at DATETIME NOT NULL
        )
        """
    )
    conn.execute(
        """
        CREATE TABLE entry (
            id INTEGER NOT NULL PRIMARY KEY,
            uid VARCHAR NOT NULL UNIQUE,
            kind VARCHAR NOT NULL CHECK (kind IN ('reflect', 'rupture', 'repair', 'note')),
            at DATETIME NOT NULL,
            created_at DATETIME NOT NULL,
            updated_at DATETIME,
            person_id INTEGER REFERENCES person (id),
            rupture_id INTEGER REFERENCES entry (id),
            no_repair_needed BOOLEAN NOT NULL DEFAULT 0,
            CHECK ((kind = 'repair') = (rupture_id IS NOT NULL))
        )
        """
    )
    # answer gains an integer id: a stable rowid the search index can point at (an implicit
    # rowid may be renumbered by VACUUM).
    conn.execute(
        """
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
    )
    conn.execute(
        "INSERT INTO person (id, uid, name, name_key, role, born, created_at) "
        "SELECT id, lower(hex(randomblob(16))), name, name_key, role, born, created_at "
        "FROM person_v1 ORDER BY id"
    )
    columns = "id, uid, kind, at, created_at, updated_at, person_id, rupture_id, no_repair_needed"
    # Ruptures before their repairs, so every reference points at a row already there.
    conn.execute(
        f"INSERT INTO entry ({columns}) SELECT {columns} FROM entry_v1 "
        "ORDER BY rupture_id IS NOT NULL, id"
    )
    conn.execute(
        "INSERT INTO answer (entry_id, question_id, position, question_text, kind, value) "
        "SELECT entry_id, question_id, position, question_text, kind, value FROM answer_v1 "
        "ORDER BY entry_id, position"
    )
    for table in ("answer_v1", "entry_v1", "person_v1"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("CREATE INDEX ix_entry_at ON entry (at)")
    conn.execute("CREATE INDEX ix_entry_kind_at ON entry (kind, at)")
    conn.execute("CREATE INDEX ix_entry_person_at ON entry (person_id, at)")
    conn.execute("CREATE UNIQUE INDEX ux_entry_rupture ON entry (rupture_id)")

    # Contentless: the index keeps no second copy of what was written, only its words.
    # remove_diacritics 2: 'Ömer' is found by 'omer'.
    conn.execute(
        "CREATE VIRTUAL TABLE answer_fts USING fts5("
        "body, content='', tokenize='unicode61 remove_diacritics 2')"
    )
    conn.execute(
        """
        CREATE TRIGGER answer_fts_insert AFTER INSERT ON answer WHEN new.kind = 'text' BEGIN
            INSERT INTO answer_fts (rowid, body) VALUES (new.id, json_extract(new.value, '$'));
        END
        """
    )
    # A contentless index forgets a row only when told the exact words it held.
    conn.execute(
        """
        CREATE TRIGGER answer_fts_delete AFTER DELETE ON answer WHEN old.kind = 'text' BEGIN
            INSERT INTO answer_fts (answer_fts, rowid, body)
            VALUES ('delete', old.id, json_extract(old.value, '$'));
        END
        """
    )
    conn.execute(
        """
        CREATE TRIGGER answer_fts_update AFTER UPDATE ON answer BEGIN
            INSERT INTO answer_fts (answer_fts, rowid, body)
            SELECT 'delete', old.id, json_extract(old.value, '$') WHERE old.kind = 'text';
            INSERT INTO answer_fts (rowid, body)
            SELECT new.id, json_extract(new.value, '$') WHERE new.kind = 'text';
        END
        """
    )
    conn.execute(
        "INSERT INTO answer_fts (rowid, body) "
        "SELECT id, json_extract(value, '$') FROM answer WHERE kind = 'text'"
    )
    broken = conn.execute("PRAGMA foreign_key_check").fetchone()
    if broken is not None:
        from attachjournal.errors import JournalError

        raise JournalError(
            "Upgrading the journal found an entry pointing at something missing; "
            "Nothing was changed."
        )


def _v3_written_time_may_be_unknown(conn: Connection) -> None:
    """An entry's `at` is when it happened; `created_at` is when it was written, and may now be
    NULL: unknown. Every stored time is kept as it was; only notes imported from jrnl lose
    their `created_at`, which held the moment of the import, not of the writing.

    Dropping NOT NULL means rebuilding entry, and answer with it (see v2 for why the old
    tables are renamed away first). Answer ids are kept, so the search index stays valid.
    """
    for table in ("answer", "entry"):
        conn.execute(f"ALTER TABLE {table} RENAME TO {table}_v2")
    conn.execute(
        """
        CREATE TABLE entry (
            id INTEGER NOT NULL PRIMARY KEY,
            uid VARCHAR NOT NULL UNIQUE,
            kind VARCHAR NOT NULL CHECK (kind IN ('reflect', 'rupture', 'repair', 'note')),
            at DATETIME NOT NULL,
            created_at DATETIME,
            updated_at DATETIME,
            person_id INTEGER REFERENCES person (id),
            rupture_id INTEGER REFERENCES entry (id),
            no_repair_needed BOOLEAN NOT NULL DEFAULT 0,
            CHECK ((kind = 'repair') = (rupture_id IS NOT NULL))
        )
        """
    )
    conn.execute(
        """
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
    )
    columns = "id, uid, kind, at, created_at, updated_at, person_id, rupture_id, no_repair_needed"
    conn.execute(
        f"INSERT INTO entry ({columns}) SELECT {columns} FROM entry_v2 "
        "ORDER BY rupture_id IS NOT NULL, id"
    )
    conn.execute("UPDATE entry SET created_at = NULL WHERE uid LIKE 'jrnl-%'")
    # No triggers on the new answer table yet, so copying leaves the search index untouched.
    conn.execute(
        "INSERT INTO answer (id, entry_id, question_id, position, question_text, kind, value) "
        "SELECT id, entry_id, question_id, position, question_text, kind, value FROM answer_v2 "
        "ORDER BY id"
    )
    for table in ("answer_v2", "entry_v2"):  # their indexes and triggers go with them
        conn.execute(f"DROP TABLE {table}")
    conn.execute("CREATE INDEX ix_entry_at ON entry (at)")
    conn.execute("CREATE INDEX ix_entry_kind_at ON entry (kind, at)")
    conn.execute("CREATE INDEX ix_entry_person_at ON entry (person_id, at)")
    conn.execute("CREATE UNIQUE INDEX ux_entry_rupture ON entry (rupture_id)")
    conn.execute(
        """
        CREATE TRIGGER answer_fts_insert AFTER INSERT ON answer WHEN new.kind = 'text' BEGIN
            INSERT INTO answer_fts (rowid, body) VALUES (new.id, json_extract(new.value, '$'));
        END
        """
    )
    conn.execute(
        """
        CREATE TRIGGER answer_fts_delete AFTER DELETE ON answer WHEN old.kind = 'text' BEGIN
            INSERT INTO answer_fts (answer_fts, rowid, body)
            VALUES ('delete', old.id, json_extract(old.value, '$'));
        END
        """
    )
    conn.execute(
        """
        CREATE TRIGGER answer_fts_update AFTER UPDATE ON answer BEGIN
            INSERT INTO answer_fts (answer_fts, rowid, body)
            SELECT 'delete', old.id, json_extract(old.value, '$') WHERE old.kind = 'text';
            INSERT INTO answer_fts (rowid, body)
            SELECT new.id, json_extract(new.value, '$') WHERE new.kind = 'text';
        END
        """
    )
    broken = conn.execute("PRAGMA foreign_key_check").fetchone()
    if broken is not None:
        from attachjournal.errors import JournalError

        raise JournalError(
            "While upgrading, the journal turned out to hold an entry pointing at something "
            "missing; nothing was changed."
        )


def _v4_intentions(conn: Connection) -> None:
    """The weekly intention becomes an entry kind (storage/migration_intention.py)."""
    from attachjournal.storage.migration_intention import v4_intentions

    v4_intentions(conn)


def _v5_care_remembered(conn: Connection) -> None:
    """Each entry remembers whether its free text speaks of harm (storage/care.py keeps it, as
    the search index is kept), so a review need not read every word again. NULL: not worked
    out yet (entries written before this step); read again when a period is read back."""
    conn.execute("ALTER TABLE entry ADD COLUMN care VARCHAR")


def _v6_nothing_for_a_file(conn: Connection) -> None:
    """Schema 6 makes a server's search fold accents (storage/server/schema.py); a file's
    index has folded them since schema 2 (remove_diacritics), so here the step only records
    the version: the file and the server keep one sequence of versions."""


MIGRATIONS: list[Callable[[Connection], None]] = [
    _v1_initial,
    _v2_notes_uids_search,
    _v3_written_time_may_be_unknown,
    _v4_intentions,
    _v5_care_remembered,
    _v6_nothing_for_a_file,
]
LATEST = len(MIGRATIONS)
