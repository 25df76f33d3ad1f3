"""The file backend's SQL, spoken to PostgreSQL: a psycopg connection dressed as sqlite3's.

The modules behind Reader and Writer (entries_read, entries_write, people, dump, importing,
entry_changes, entry_removal, care) hold one SQL text for both backends. This adapter makes
the few differences disappear, so they run unchanged on a server:

- placeholders: sqlite3's `?` and `:name` become psycopg's `%s` and `%(name)s` (a `::` cast
  and anything inside quotes are left alone; a literal `%` is doubled);
- `cursor.lastrowid`: psycopg has none, so an INSERT into a table with an id column gets
  `RETURNING id`, and the cursor handed back carries it as `lastrowid`;
- the one expression SQLite forgives and PostgreSQL does not (casting any answer's JSON text
  to an integer, where only a person answer's is a number) is replaced by a guarded cast.

Each SQL text is translated once and kept: a review runs the same few texts again and again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

DIALECT = "postgresql"

# SQLite text -> what PostgreSQL needs for the same answer.
_REWRITES = (
    # SQLite casts '"a word"' to 0; PostgreSQL refuses, and may evaluate the cast before the
    # kind test beside it, so only a text that is a number is cast.
    (
        "CAST(a.value AS INTEGER)",
        "(CASE WHEN a.value ~ '^-?[0-9]{1,18}$' THEN a.value::bigint END)",
    ),
    # A unary + steers SQLite's planner; PostgreSQL has no + for text (and needs no hint).
    ("+a.question_id IN", "a.question_id IN"),
)
_RETURNS_ID = re.compile(r"^\s*INSERT INTO (entry|person|answer)\b", re.IGNORECASE)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_translated: dict[str, str] = {}


def translate(sql: str) -> str:
    """One SQL text in psycopg's parameter style, with the dialect's differences made good."""
    found = _translated.get(sql)
    if found is not None:
        return found
    text = sql
    for sqlite_form, server_form in _REWRITES:
        text = text.replace(sqlite_form, server_form)
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"":  # a quoted literal or identifier goes through untouched
            end = i + 1
            while end < n:
                if text[end] == ch:
                    if end + 1 < n and text[end + 1] == ch:  # '' inside a literal
                        end += 2
                        continue
                    break
                end += 1
            out.append(text[i : end + 1].replace("%", "%%"))
            i = end + 1
            continue
        if ch == "?":
            out.append("%s")
        elif ch == ":" and text.startswith("::", i):
            out.append("::")
            i += 2
            continue
        elif ch == ":" and (name := _NAME.match(text, i + 1)) is not None:
            out.append(f"%({name.group()})s")
            i = name.end()
            continue
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
        i += 1
    result = "".join(out)
    _translated[sql] = result
    return result


class _Inserted:
    """A cursor after INSERT ... RETURNING id: its id as `lastrowid`, as sqlite3 gives it."""

    def __init__(self, cursor: Any) -> None:
        row = cursor.fetchone()
        self.lastrowid = None if row is None else row[0]
        self.rowcount = cursor.rowcount

    def fetchone(self) -> Any:
        return None

    def fetchall(self) -> list[Any]:
        return []

    def __iter__(self) -> Iterator[Any]:
        return iter(())


class Connection:
    """The part of sqlite3.Connection the storage modules use, over one psycopg connection."""

    dialect = DIALECT

    def __init__(self, conn: Any) -> None:
        self.raw = conn

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Any:
        text = translate(sql)
        returns_id = _RETURNS_ID.match(sql) is not None and "RETURNING" not in sql.upper()
        if returns_id:
            text += " RETURNING id"
        cursor = self.raw.execute(text, _params(params))
        return _Inserted(cursor) if returns_id else cursor

    def executemany(self, sql: str, rows: Sequence[Any]) -> None:
        with self.raw.cursor() as cursor:
            cursor.executemany(translate(sql), [_params(row) for row in rows])


def _params(params: Sequence[Any] | dict[str, Any] | None) -> Any:
    if params is None:
        return ()  # never None: psycopg would then send a doubled '%' as it is
    if isinstance(params, dict):
        return params
    return tuple(params)


def is_server(conn: Any) -> bool:
    """Whether a storage module is talking to the server (for the rare step only one needs)."""
    from attachjournal.storage.connection import on_server

    return on_server(conn)
