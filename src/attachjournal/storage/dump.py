"""The whole journal (or a slice of it) as raw rows, for an export.

Answer values come back raw here (a person answer is the person's id), because an export
must name people by their stable key, not by a display name. `dump` reads it all at once;
`export_pages` hands the same entries over a page at a time, so a long history never sits
in memory whole.

On a server an export is the reader's own: the entries they wrote (each with whether it is
shared), never another member's, shared or not. Those are the other member's to export; in
someone else's file they would come back as that person's own private entries.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from attachjournal.storage.connection import as_date, entry_filters, from_db_time, on_server


@dataclass(frozen=True)
class PersonRow:
    """A person as stored, for an export: stable key (uid), name, role, birth date."""

    id: int
    uid: str
    name: str
    role: str
    born: date | None
    created_at: datetime


class RawAnswer(NamedTuple):
    # A named tuple, not a dataclass: an export of 30 years makes 150,000 of them.
    question_id: str
    question_text: str
    kind: str
    value: Any  # decoded JSON; a person answer is the person's id


@dataclass(frozen=True)
class RawEntry:
    """An entry as stored, for an export: raw answers, its rupture by uid as well as id."""

    id: int
    uid: str
    kind: str
    at: datetime
    created_at: datetime | None
    updated_at: datetime | None
    person_id: int | None
    rupture_id: int | None
    rupture_uid: str | None
    no_repair_needed: bool
    answers: tuple[RawAnswer, ...] = ()
    shared: bool = False  # on a server, shared with the household's other members


@dataclass(frozen=True)
class Dump:
    """The journal (or a slice) as raw rows for an export: the people it needs, its entries."""

    people: tuple[PersonRow, ...]  # the people the entries need (everyone when unfiltered)
    entries: tuple[RawEntry, ...]  # oldest first
    all_people: tuple[PersonRow, ...] = ()  # everyone, for redacting names in free text


def all_people(conn: Any) -> list[PersonRow]:
    rows = conn.execute(
        "SELECT id, uid, name, role, born, created_at FROM person ORDER BY name_key, uid"
    ).fetchall()
    return [
        PersonRow(
            id=r[0],
            uid=r[1],
            name=r[2],
            role=r[3],
            born=as_date(r[4]),
            created_at=from_db_time(r[5]),  # type: ignore[arg-type]
        )
        for r in rows
    ]


@dataclass(frozen=True)
class ExportPages:
    """What `dump` reads, the entries handed over a page at a time (read them inside the
    snapshot that made this: the pages are read as they are asked for)."""

    people: tuple[PersonRow, ...]  # the people the entries need (everyone when unfiltered)
    all_people: tuple[PersonRow, ...]  # everyone, for keys and for redacting names
    pages: Iterator[tuple[RawEntry, ...]]  # the entries oldest first, `dump`'s order


_ENTRY_COLUMNS = (
    "SELECT e.id, e.uid, e.kind, e.at, e.created_at, e.updated_at, e.person_id, "
    "e.rupture_id, r.uid, e.no_repair_needed{shared} FROM entry e "
    "LEFT JOIN entry r ON r.id = e.rupture_id "
)


def _entry_columns(conn: Any) -> str:
    return _ENTRY_COLUMNS.format(shared=", e.shared" if on_server(conn) else "")


def _chosen(
    conn: Any, since: datetime | None, until: datetime | None, person_id: int | None
) -> tuple[str, dict[str, object]]:
    """The WHERE of the chosen entries: those the filters pick, and each one's repair (a
    repair travels with its rupture, whether or not it falls inside the filters itself); on
    a server, only the reader's own (a repair is always its rupture's author's)."""
    chosen, params = entry_filters(
        "e.kind != 'repair'", person_id=person_id, since=since, until=until
    )
    where = f"({chosen}) OR e.rupture_id IN (SELECT e.id FROM entry e WHERE {chosen})"
    if on_server(conn):
        where = f"({where}) AND e.author = current_user"
    return where, params


def _raw_entry(row: Any, answers: Any) -> RawEntry:
    return RawEntry(
        id=row[0],
        uid=row[1],
        kind=row[2],
        at=from_db_time(row[3]),  # type: ignore[arg-type]
        created_at=from_db_time(row[4]),
        updated_at=from_db_time(row[5]),
        person_id=row[6],
        rupture_id=row[7],
        rupture_uid=row[8],
        no_repair_needed=bool(row[9]),
        answers=tuple(answers.get(row[0], ())),
        shared=len(row) > 10 and bool(row[10]),
    )


def dump(
    conn: Any,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    person_id: int | None = None,
) -> Dump:
    """Entries (and the people they need) for an export. A repair travels with its rupture."""
    filtered = since is not None or until is not None or person_id is not None
    where, params = _chosen(conn, since, until, person_id)
    rows = conn.execute(
        f"{_entry_columns(conn)}WHERE {where} ORDER BY e.at, e.uid", params
    ).fetchall()
    answers = _raw_answers(conn)
    entries = tuple(_raw_entry(r, answers) for r in rows)
    everyone = tuple(all_people(conn))
    if filtered:
        needed = {e.person_id for e in entries} | {
            a.value for e in entries for a in e.answers if a.kind == "person"
        }
        people = tuple(p for p in everyone if p.id in needed)
    else:
        people = everyone
    return Dump(people=people, entries=entries, all_people=everyone)


def export_pages(
    conn: Any,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    person_id: int | None = None,
    page: int = 500,
) -> ExportPages:
    """`dump`'s people now, and its entries in pages of `page` as they are asked for.

    The people come first in an export, so with a filter the ones needed are found by one
    more query (the chosen entries' person and person answers) before any entry is read.
    """
    where, params = _chosen(conn, since, until, person_id)
    everyone = tuple(all_people(conn))
    if since is None and until is None and person_id is None:
        people = everyone
    else:
        needed: set[Any] = {
            row[0] for row in conn.execute(f"SELECT e.person_id FROM entry e WHERE {where}", params)
        }
        needed.update(
            json.loads(row[0])
            for row in conn.execute(
                "SELECT a.value FROM answer a WHERE a.kind = 'person' AND a.entry_id IN "
                f"(SELECT e.id FROM entry e WHERE {where})",
                params,
            )
        )
        people = tuple(p for p in everyone if p.id in needed)
    rows = conn.execute(f"{_entry_columns(conn)}WHERE {where} ORDER BY e.at, e.uid", params)
    return ExportPages(people, everyone, _pages(conn, rows, page))


def _pages(conn: Any, rows: Any, size: int) -> Iterator[tuple[RawEntry, ...]]:
    # `size` also keeps each page's IN (...) under SQLite's limit of bound variables.
    while chunk := rows.fetchmany(size):
        answers = _raw_answers(conn, [r[0] for r in chunk])
        yield tuple(_raw_entry(r, answers) for r in chunk)


def _raw_answers(conn: Any, entry_ids: list[int] | None = None) -> dict[int, list[RawAnswer]]:
    """Every answer, or those of the given entries, by entry in the order they were asked."""
    out: dict[int, list[RawAnswer]] = {}
    chosen = "" if entry_ids is None else f"WHERE entry_id IN ({', '.join('?' * len(entry_ids))}) "
    rows = conn.execute(
        "SELECT entry_id, question_id, question_text, kind, value FROM answer "
        f"{chosen}ORDER BY entry_id, position, id",
        entry_ids or (),
    )
    for entry_id, qid, qtext, kind, value in rows:
        out.setdefault(entry_id, []).append(RawAnswer(qid, qtext, kind, _decoded(value)))
    return out


# json's C scanner, which json.loads runs in the end (set on each decoder, not in its stubs)
_scan = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _decoded(text: Any) -> Any:
    """json.loads(text), without its checks around the scanner for the usual stored value
    (text with no space around it: it is written by json.dumps); anything else, json.loads
    itself, so a value that isn't JSON fails just as it always did."""
    if type(text) is str:
        try:
            value, end = _scan(text, 0)
        except StopIteration:
            return json.loads(text)
        if end == len(text):
            return value
    return json.loads(text)
