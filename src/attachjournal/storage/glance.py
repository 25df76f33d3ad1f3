"""A glance at the journal for shell completion: names and an entry's kind, read-only, or none.

Completing runs on every Tab, inside someone's command line, so it never creates, migrates,
waits for or reports anything: a missing, encrypted, damaged, newer or busy journal simply
gives no names. SQLite's read-only mode still makes the -wal and -shm files of a WAL
journal when they are missing, and leaves them behind; so when they are missing (no attach is
writing, everything is in the main file) the file is opened as immutable, which makes none.
"""

from __future__ import annotations

from pathlib import Path

# Long enough for a read while another attach saves; short enough that Tab never stalls.
_WAIT_SECONDS = 0.2


def people_names(path: Path) -> tuple[str, ...]:
    """Everyone's name in the journal at path, by name; () when it can't simply be read."""
    try:
        return _names(path)
    except Exception:  # completion must never fail: nothing to offer is the whole answer
        return ()


def entry_kind(path: Path, entry_id: int) -> str | None:
    """The kind of entry number entry_id (reflect, rupture, ...); None when it can't be read."""
    try:
        rows = _read(path, "SELECT kind FROM entry WHERE id = ?", (entry_id,))
    except Exception:
        return None
    return str(rows[0][0]) if rows else None


def _names(path: Path) -> tuple[str, ...]:
    rows = _read(path, "SELECT name FROM person ORDER BY name_key", ())
    return tuple(str(row[0]) for row in rows)


def _read(path: Path, query: str, params: tuple) -> list:
    from attachjournal.storage.files import inspect_path

    if inspect_path(path) != "journal":  # missing, empty or encrypted; others raise
        return []
    import sqlite3

    side_files = all(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm"))
    mode = "mode=ro" if side_files else "immutable=1"
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True, timeout=_WAIT_SECONDS)
    try:
        conn.execute("PRAGMA query_only = ON")
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()
