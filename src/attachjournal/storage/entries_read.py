"""Reading entries: one indexed query for the entries, one for their answers, never N+1.

Every read returns frozen records from the core; an answer stored in a shape its kind does
not promise (an older attach, a hand-edited file) is left out rather than handed to a view.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from attachjournal.core.records import AnswerRecord, EntryRecord
from attachjournal.errors import NotFoundError
from attachjournal.storage.connection import (
    entry_filters,
    from_db_time,
    in_list,
    on_server,
    scalar,
    to_db_time,
)

_ENTRY_COLUMNS = (
    "e.id, e.uid, e.kind, e.at, e.created_at, e.updated_at, e.person_id, p.name, "
    "e.rupture_id, e.no_repair_needed, e.care"
)


def get_entry(conn: Any, entry_id: int, *, only_mine: bool = False) -> EntryRecord:
    records = _query_entries(conn, "e.id = :id", {"id": entry_id}, only_mine=only_mine)
    if not records:
        raise NotFoundError(f"There is no entry {entry_id} (attach log lists them).")
    return records[0]


def list_entries(
    conn: Any,
    *,
    kind: str | None = None,
    person_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
    only_mine: bool = False,
) -> list[EntryRecord]:
    """Newest first."""
    where, params = entry_filters("1 = 1", kind=kind, person_id=person_id, since=since, until=until)
    return _query_entries(conn, where, params, order="DESC", limit=limit, only_mine=only_mine)


def entries_between(
    conn: Any,
    start: datetime,
    end: datetime,
    kinds: Sequence[str] | None = None,
    question_ids: Sequence[str] | None = None,
    *,
    only_mine: bool = False,
) -> list[EntryRecord]:
    """Entries with start <= at < end, oldest first: one indexed range query plus its answers.

    With question_ids, only those answers are read (long periods stay lean).
    """
    where = "e.at >= :start AND e.at < :end"
    params: dict[str, Any] = {"start": to_db_time(start), "end": to_db_time(end)}
    if kinds:
        where += " AND e.kind IN (" + ", ".join(f"'{k}'" for k in kinds if k.isidentifier()) + ")"
    return _query_entries(conn, where, params, question_ids=question_ids, only_mine=only_mine)


def repairs_for(
    conn: Any,
    rupture_ids: Sequence[int],
    question_ids: Sequence[str] | None = None,
    *,
    only_mine: bool = False,
) -> dict[int, EntryRecord]:
    """The repair of each given rupture (if any), keyed by rupture id, in one query."""
    if not rupture_ids:
        return {}
    ids = ", ".join(str(int(i)) for i in rupture_ids)
    records = _query_entries(
        conn, f"e.rupture_id IN ({ids})", {}, question_ids=question_ids, only_mine=only_mine
    )
    return {r.rupture_id: r for r in records if r.rupture_id is not None}


def first_entry_at(conn: Any, *, only_mine: bool = False) -> datetime | None:
    """When the earliest entry happened (an index lookup, not a scan); with only_mine, on a
    server, the earliest the reader wrote."""
    if only_mine and on_server(conn):
        return from_db_time(scalar(conn, "SELECT min(at) FROM entry WHERE author = current_user"))
    return from_db_time(scalar(conn, "SELECT min(at) FROM entry"))


# On a server a member also reads the others' shared entries (and a superuser everyone's):
# only_mine narrows a read to the entries the reading role wrote. A file is one person's, so
# there it changes nothing, not even the SQL text.
_ON_A_SERVER_MINE = " AND e.author = current_user"


def mine(conn: Any, entry_id: int) -> bool:
    """Written by whoever reads: always in a file; on a server, its author is this role."""
    if not on_server(conn):
        return True
    return bool(
        scalar(conn, "SELECT author = current_user FROM entry WHERE id = :id", {"id": entry_id})
    )


def reading_role(conn: Any) -> str | None:
    """Who reads, on a server (its database role: entries name their author by it); None in
    a file, where every entry is the reader's own."""
    if not on_server(conn):
        return None
    return str(scalar(conn, "SELECT current_user"))


def open_ruptures(conn: Any, limit: int = 20) -> list[EntryRecord]:
    """My ruptures with no repair and not marked 'no repair needed', newest first (on a
    server, another member's shared rupture is theirs to come back to)."""
    return _query_entries(
        conn,
        "e.kind = 'rupture' AND e.no_repair_needed = FALSE "
        "AND NOT EXISTS (SELECT 1 FROM entry r WHERE r.rupture_id = e.id)",
        {},
        order="DESC",
        limit=limit,
        only_mine=True,
    )


def _query_entries(
    conn: Any,
    where: str,
    params: dict[str, Any],
    *,
    order: str = "ASC",
    limit: int | None = None,
    question_ids: Sequence[str] | None = None,
    only_mine: bool = False,
) -> list[EntryRecord]:
    # A server's entry also says who wrote it (author: its column default, never the Writer).
    server = on_server(conn)
    if only_mine and server:
        where = f"({where}){_ON_A_SERVER_MINE}"
    columns = f"{_ENTRY_COLUMNS}, e.author, e.shared" if server else _ENTRY_COLUMNS
    sql = (
        f"SELECT {columns} FROM entry e LEFT JOIN person p ON p.id = e.person_id "
        f"WHERE {where} ORDER BY e.at {order}, e.id {order}"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = conn.execute(sql, params).fetchall()
    if not rows:
        return []
    answers = _answers_for(conn, [r[0] for r in rows], question_ids)
    no_answers: tuple[AnswerRecord, ...] = ()
    return [
        EntryRecord(
            id=r[0],
            uid=r[1],
            kind=r[2],
            at=(at := from_db_time(r[3])),  # type: ignore[arg-type]
            # Most entries were written when they happened: the same text, parsed once (a
            # datetime is immutable, so sharing it is safe; 30 years are 50,000 parses).
            created_at=at if r[4] == r[3] else from_db_time(r[4]),
            updated_at=from_db_time(r[5]),
            person_id=r[6],
            person=r[7],
            rupture_id=r[8],
            no_repair_needed=bool(r[9]),
            answers=tuple(answers.get(r[0], no_answers)),
            care=r[10],
            author=r[11] if server else None,
            shared=bool(r[12]) if server else False,
        )
        for r in rows
    ]


def _answers_for(
    conn: Any, entry_ids: Sequence[int], question_ids: Sequence[str] | None = None
) -> dict[int, list[AnswerRecord]]:
    out: dict[int, list[AnswerRecord]] = {}
    only = ""
    params: dict[str, Any] = {}
    if question_ids:
        listed, params = in_list("q", question_ids)
        # The unary + keeps SQLite from seeking the (entry_id, question_id) index once per
        # entry and question id (500 x 18 seeks a chunk): it seeks each entry once and drops
        # the other answers as it reads them, a third faster on a long period.
        only = f" AND +a.question_id IN ({listed})"
    # A choice, a scale point or a yes/no is stored as one of a few texts, repeated over
    # thousands of entries: each is parsed and checked once, and its record made once and
    # shared (frozen, and its value immutable), since json.loads and building every answer
    # were the slowest part of reading 30 years. A list is copied for each answer, as
    # json.loads gave; free text is rarely repeated, so it is not kept.
    shared: dict[tuple[str, str, str, str], AnswerRecord | None] = {}
    # Chunked so a long `attach log` never exceeds SQLite's variable limit.
    for start in range(0, len(entry_ids), 500):
        chunk = ", ".join(str(int(i)) for i in entry_ids[start : start + 500])
        # A questionnaire may ask about more than one person: each person answer is shown
        # with the name of the one it names (joined here, so no query per entry or person).
        rows = conn.execute(
            "SELECT a.entry_id, a.question_id, a.question_text, a.kind, a.value, p.name "
            "FROM answer a LEFT JOIN person p "
            "ON a.kind = 'person' AND p.id = CAST(a.value AS INTEGER) "
            f"WHERE a.entry_id IN ({chunk}){only} ORDER BY a.entry_id, a.position",
            params,
        ).fetchall()
        for entry_id, qid, qtext, kind, value, name in rows:
            if kind == "text" or kind == "person":
                fitting = name if kind == "person" else _fitting(kind, value)
                if fitting is not _UNFIT:
                    out.setdefault(entry_id, []).append(AnswerRecord(qid, qtext, kind, fitting))
                continue
            key = (qid, qtext, kind, value)
            record = shared.get(key, _UNSEEN)
            if record is _UNSEEN:
                fitting = _fitting(kind, value)
                record = shared[key] = (
                    None if fitting is _UNFIT else AnswerRecord(qid, qtext, kind, fitting)
                )
            if record is not None:
                if type(record.value) is list:
                    record = AnswerRecord(qid, qtext, kind, list(record.value))
                out.setdefault(entry_id, []).append(record)
    return out


_UNSEEN: Any = object()
_UNFIT: Any = object()
UNFIT = _UNFIT  # what fit_value returns for a value no view should be handed


def _fitting(kind: str, stored: str) -> Any:
    """A stored answer in the shape its kind promises every view, or _UNFIT to leave it out.

    Saves and imports are validated; this keeps a value written some other way (an older
    attach, a hand-edited file) from crashing a view that counts or looks up by it.
    """
    try:
        value = json.loads(stored)
    except (TypeError, ValueError, RecursionError):
        return _UNFIT
    return fit_value(kind, value)


def fit_value(kind: str, value: Any) -> Any:
    """The value in its kind's shape (a lone choice becomes a list for a multi), or _UNFIT."""
    if kind == "scale":
        ok = isinstance(value, int) and not isinstance(value, bool) and -(10**6) < value < 10**6
        return value if ok else _UNFIT
    if kind == "yesno":
        return value if isinstance(value, bool) else _UNFIT
    if kind == "multi":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return _UNFIT
        return [v for v in value if isinstance(v, str)]
    if kind == "person":
        return value
    if isinstance(value, str):
        return value
    return _UNFIT if isinstance(value, (dict, list)) or value is None else str(value)


def entries_by_id(
    conn: Any, entry_ids: Sequence[int], *, only_mine: bool = False
) -> list[EntryRecord]:
    """The given entries with their answers, in the order of entry_ids."""
    if not entry_ids:
        return []
    ids = ", ".join(str(int(i)) for i in entry_ids)
    found = {r.id: r for r in _query_entries(conn, f"e.id IN ({ids})", {}, only_mine=only_mine)}
    return [found[i] for i in entry_ids if i in found]


def entry_count(conn: Any) -> int:
    return int(scalar(conn, "SELECT count(*) FROM entry"))
