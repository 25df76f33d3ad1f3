"""Ordered, append-only schema steps keyed by PRAGMA user_version.

Each step runs inside one transaction together with its version bump, so a step that fails
leaves the journal exactly as it was. Never edit a released step: append a new one.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

# 'ATTJ': marks the file as an attach journal, so we never write into someone else's database.
APPLICATION_ID = 0x4154544A


def _v1_initial(conn: Connection) -> None:
    conn.exec_driver_sql(
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
    conn.exec_driver_sql(
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
    conn.exec_driver_sql("CREATE INDEX ix_entry_at ON entry (at)")
    conn.exec_driver_sql("CREATE INDEX ix_entry_kind_at ON entry (kind, at)")
    conn.exec_driver_sql("CREATE INDEX ix_entry_person_at ON entry (person_id, at)")
    # One repair per rupture; also the lookup from a rupture to its repair.
    conn.exec_driver_sql("CREATE UNIQUE INDEX ux_entry_rupture ON entry (rupture_id)")
    conn.exec_driver_sql(
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


MIGRATIONS: list[Callable[[Connection], None]] = [_v1_initial]
LATEST = len(MIGRATIONS)
