"""The people in the journal: read, add, rename and remove them (one connection, no ORM).

Reads take any connection; writes run inside the caller's `journal.write()` transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from attachjournal.core.records import PersonRecord
from attachjournal.errors import NotFoundError, UsageError
from attachjournal.storage import entry_removal
from attachjournal.storage.connection import as_date, in_list, new_uid, scalar, to_db_time


def list_people(conn: Any) -> list[PersonRecord]:
    rows = conn.execute(
        "SELECT p.id, p.name, p.role, p.born, "
        "(SELECT count(*) FROM entry e WHERE e.person_id = p.id) "
        "FROM person p ORDER BY p.name_key"
    ).fetchall()
    return [
        PersonRecord(
            id=r[0],
            name=r[1],
            role=r[2],
            born=as_date(r[3]),
            entry_count=r[4],
        )
        for r in rows
    ]


def people_roles(conn: Any, person_ids: Sequence[int]) -> dict[str, str]:
    """Name -> role of the given people, by primary key (no pass over the person table)."""
    if not person_ids:
        return {}
    ids, params = in_list("p", sorted({int(i) for i in person_ids}))
    rows = conn.execute(f"SELECT name, role FROM person WHERE id IN ({ids})", params).fetchall()
    return {r[0]: r[1] for r in rows}


def find_person(conn: Any, name: str) -> PersonRecord:
    key = person_key(name)
    # Broken UTF-8 from a terminal (lone surrogates) cannot be a stored name, nor be sent to SQLite.
    valid = not any("\ud800" <= ch <= "\udfff" for ch in key)
    row = (
        conn.execute(
            "SELECT id, name, role, born FROM person WHERE name_key = :k", {"k": key}
        ).fetchone()
        if valid
        else None
    )
    if row is None:
        # What was typed is not repeated: the list shows who is there.
        raise NotFoundError("There is nobody by that name in your people (attach people list).")
    return PersonRecord(row[0], row[1], row[2], as_date(row[3]))


def person_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UsageError("A name can't be empty; a nickname or initial is fine.")
    if len(cleaned) > 60:
        raise UsageError("Please keep a name under 60 characters; a nickname is fine.")
    if any("\ud800" <= ch <= "\udfff" for ch in cleaned):
        # Bytes that are not valid UTF-8 arrive as lone surrogates: not control characters.
        raise UsageError(
            "A name must be valid text; this one holds bytes that are not UTF-8 "
            "(check the terminal's encoding)."
        )
    if any(not ch.isprintable() for ch in cleaned):
        raise UsageError("A name can't contain control characters.")
    return cleaned


def insert_person(
    conn: Any, name: str, role: str, born: date | None, created_at: datetime, uid: str | None = None
) -> int:
    """One person row as given (checked by the caller); its id."""
    cursor = conn.execute(
        "INSERT INTO person (uid, name, name_key, role, born, created_at) "
        "VALUES (:uid, :name, :key, :role, :born, :created)",
        {
            "uid": uid or new_uid(),
            "name": name,
            "key": person_key(name),
            "role": role,
            "born": born.isoformat() if born is not None else None,
            "created": to_db_time(created_at),
        },
    )
    return int(cursor.lastrowid)


def add_person(conn: Any, name: str, role: str, born: date | None, now: datetime) -> PersonRecord:
    from attachjournal.core.questionnaire import ROLES

    name = clean_name(name)
    if role not in ROLES:
        raise UsageError(f"Role must be one of {', '.join(ROLES)}.")
    _ensure_name_free(conn, name)
    person_id = insert_person(conn, name, role, born, now)
    return PersonRecord(person_id, name, role, born)


def rename_person(conn: Any, old: str, new: str) -> PersonRecord:
    record = find_person(conn, old)
    new = clean_name(new)
    if person_key(new) != person_key(record.name):
        _ensure_name_free(conn, new)
    conn.execute(
        "UPDATE person SET name = :name, name_key = :key WHERE id = :id",
        {"name": new, "key": person_key(new), "id": record.id},
    )
    return PersonRecord(record.id, new, record.role, record.born)


def remove_person(
    conn: Any, name: str, *, reassign_to: str | None = None, delete_entries: bool = False
) -> tuple[PersonRecord, int]:
    """Remove a person; their entries must be moved to someone else or deleted explicitly."""
    record = find_person(conn, name)
    # Every entry that names them: as the entry's person or in any other person question.
    naming = (
        "SELECT id FROM entry WHERE person_id = :p UNION "
        "SELECT entry_id FROM answer WHERE kind = 'person' AND value = :pv"
    )
    by_person = {"p": record.id, "pv": json.dumps(record.id)}
    count = scalar(conn, f"SELECT count(*) FROM ({naming}) AS naming", by_person)
    if count and reassign_to is None and not delete_entries:
        raise UsageError(
            f"{record.name} appears in {count} entr{'y' if count == 1 else 'ies'}. "
            f"Move them with --reassign-to NAME, or delete them with --delete-entries."
        )
    # Checked even with no entries to move: a mistyped name should never pass silently.
    target = find_person(conn, reassign_to) if reassign_to is not None else None
    if target is not None and target.id == record.id:
        raise UsageError("Reassign to someone other than the person being removed.")
    if count and target is not None:
        params = {"old": record.id, "new": target.id}
        conn.execute("UPDATE entry SET person_id = :new WHERE person_id = :old", params)
        conn.execute(
            "UPDATE answer SET value = :newv WHERE kind = 'person' AND value = :oldv",
            {"newv": json.dumps(target.id), "oldv": json.dumps(record.id)},
        )
    elif count:
        # Their own entries go; an entry about someone else only loses the answer naming them
        # (deleting a rupture with Maya because Sam was also there would surprise anyone).
        ids = [r[0] for r in conn.execute("SELECT id FROM entry WHERE person_id = :p", by_person)]
        entry_removal.delete_entries(conn, ids)
        conn.execute("DELETE FROM answer WHERE kind = 'person' AND value = :pv", by_person)
        count = len(ids)
    conn.execute("DELETE FROM person WHERE id = :id", {"id": record.id})
    return record, count


def _ensure_name_free(conn: Any, name: str) -> None:
    taken = scalar(conn, "SELECT name FROM person WHERE name_key = :k", {"k": person_key(name)})
    if taken is not None:
        raise UsageError(f"There is already someone called {taken} in your people.")
