"""The server schema's version, and bringing it up to date one step at a time.

Each step runs in a transaction of its own, with its version recorded in it, under
pg_advisory_xact_lock: two devices (or two admins) upgrading at once take turns, and the
second finds the work done. Inside a transaction the caller already holds (`attach server
setup`), the steps become savepoints of it, so the whole setup is kept or dropped together.
A schema newer than this attach is refused before anything is touched.
"""

from __future__ import annotations

from typing import Any

from attachjournal.errors import JournalError
from attachjournal.storage.server.schema import FIRST, LATEST, LOCK_KEY, SCHEMA, STEPS

_VERSION_TABLE = """
CREATE TABLE attach.schema_version (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by text NOT NULL DEFAULT current_user
)
"""


def read(conn: Any) -> int:
    """The schema's version; 0 when the database has no attach schema yet."""
    has_schema = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (SCHEMA,)).fetchone()
    if has_schema is None:
        return 0
    if conn.execute("SELECT to_regclass('attach.schema_version')").fetchone()[0] is None:
        raise JournalError(
            f"This database holds a schema named {SCHEMA} that attach did not make; "
            "nothing was changed.",
            "Use another database for the journal (createdb attach), or rename that schema.",
        )
    version = conn.execute("SELECT max(version) FROM attach.schema_version").fetchone()[0]
    return int(version or 0)


def refuse_newer(version: int) -> None:
    if version > LATEST:
        from attachjournal.storage.files import newer_message

        raise JournalError(newer_message(version).replace("This journal", "The server's journal"))


def upgrade(conn: Any) -> tuple[int, int]:
    """Apply the missing steps, each atomically; returns (version before, version after)."""
    before: int | None = None
    while True:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            version = read(conn)
            refuse_newer(version)
            if before is None:
                before = version
            if version >= LATEST:
                return before, version
            if version == 0:
                conn.execute(f"CREATE SCHEMA {SCHEMA}")
                conn.execute(_VERSION_TABLE)
                target = FIRST
            else:
                target = version + 1
            STEPS[target](conn)
            conn.execute("INSERT INTO attach.schema_version (version) VALUES (%s)", (target,))
