"""Removing entries with their answers, and the words of those answers from the search index.

Runs inside the caller's `journal.write()` transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from attachjournal.storage.connection import in_list, on_server


def delete_entries(conn: Any, ids: Sequence[int]) -> None:
    """Delete the given entries and their answers; a repair goes with its rupture."""
    if not ids:
        return
    listed, params = in_list("id", ids)
    for sql in (
        "DELETE FROM answer WHERE entry_id IN (SELECT id FROM entry WHERE rupture_id IN ({ids}))",
        "DELETE FROM entry WHERE rupture_id IN ({ids})",
        "DELETE FROM answer WHERE entry_id IN ({ids})",
        "DELETE FROM entry WHERE id IN ({ids})",
    ):
        conn.execute(sql.format(ids=listed), params)
    forget_deleted_words(conn)


def forget_deleted_words(conn: Any) -> None:
    """Merge the search index so words of deleted answers leave it now, not at some later merge.

    A server's index is a column of the answer row itself: its words go with the row."""
    if on_server(conn):  # server.dbapi.Connection
        return
    conn.execute("INSERT INTO answer_fts (answer_fts) VALUES ('optimize')")
