"""The whole journal (or a slice of it) as raw rows, for an export.

Answer values come back raw here (a person answer is the person's id), because an export
must name people by their stable key, not by a display name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from attachjournal.storage.connection import from_db_time, to_db_time


@dataclass(frozen=True)
class PersonRow:
    id: int
    uid: str
    name: str
    role: str
    born: date | None
    created_at: datetime


@dataclass(frozen=True)
class RawAnswer:
    question_id: str
    question_text: str
    kind: str
    value: Any  # decoded JSON; a person answer is the person's id


@dataclass(frozen=True)
class RawEntry:
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


@dataclass(frozen=True)
class Dump:
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
            born=date.fromisoformat(r[4]) if r[4] else None,
            created_at=from_db_time(r[5]),  # type: ignore[arg-type]
        )
        for r in rows
    ]


def dump(
    conn: Any,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    person_id: int | None = None,
) -> Dump:
    """Entries (and the people they need) for an export. A repair travels with its rupture."""
    filtered = since is not None or until is not None or person_id is not None
    where: list[str] = ["e.kind != 'repair'"]
    params: dict[str, object] = {}
    if since is not None:
        where.append("e.at >= :since")
        params["since"] = to_db_time(since)
    if until is not None:
        where.append("e.at < :until")
        params["until"] = to_db_time(until)
    if person_id is not None:
        where.append("e.person_id = :pid")
        params["pid"] = person_id
    chosen = " AND ".join(where)
    sql = (
        "SELECT e.id, e.uid, e.kind, e.at, e.created_at, e.updated_at, e.person_id, "
        "e.rupture_id, r.uid, e.no_repair_needed FROM entry e "
        "LEFT JOIN entry r ON r.id = e.rupture_id "
        f"WHERE ({chosen}) OR e.rupture_id IN (SELECT e.id FROM entry e WHERE {chosen}) "
        "ORDER BY e.at, e.uid"
    )
    rows = conn.execute(sql, params).fetchall()
    answers = _raw_answers(conn)
    entries = tuple(
        RawEntry(
            id=r[0],
            uid=r[1],
            kind=r[2],
            at=from_db_time(r[3]),  # type: ignore[arg-type]
            created_at=from_db_time(r[4]),
            updated_at=from_db_time(r[5]),
            person_id=r[6],
            rupture_id=r[7],
            rupture_uid=r[8],
            no_repair_needed=bool(r[9]),
            answers=tuple(answers.get(r[0], ())),
        )
        for r in rows
    )
    everyone = tuple(all_people(conn))
    if filtered:
        needed = {e.person_id for e in entries} | {
            a.value for e in entries for a in e.answers if a.kind == "person"
        }
        people = tuple(p for p in everyone if p.id in needed)
    else:
        people = everyone
    return Dump(people=people, entries=entries, all_people=everyone)


def _raw_answers(conn: Any) -> dict[int, list[RawAnswer]]:
    out: dict[int, list[RawAnswer]] = {}
    rows = conn.execute(
        "SELECT entry_id, question_id, question_text, kind, value FROM answer "
        "ORDER BY entry_id, position, id"
    )
    for entry_id, qid, qtext, kind, value in rows:
        out.setdefault(entry_id, []).append(RawAnswer(qid, qtext, kind, json.loads(value)))
    return out
