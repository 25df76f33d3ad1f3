"""A glance at the journal for shell completion: the people's names, read-only, or none.

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


def _names(path: Path) -> tuple[str, ...]:
    from attachjournal.storage.files import inspect_path

    if inspect_path(path) != "journal":  # missing, empty or encrypted; others raise
        return ()
    import sqlite3

    side_files = all(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm"))
    mode = "mode=ro" if side_files else "immutable=1"
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True, timeout=_WAIT_SECONDS)
    try:
        conn.execute("PRAGMA query_only = ON")
        rows = conn.execute("SELECT name FROM person ORDER BY name_key").fetchall()
    finally:
        conn.close()
    return tuple(str(row[0]) for row in rows)
