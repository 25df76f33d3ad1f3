"""Importing a checked plan of people and entries: everything new lands together, or nothing.

Runs inside the caller's `journal.write()` transaction; conflicts with what the journal
already holds are all found before the first row is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from attachjournal.storage import care
from attachjournal.storage.connection import from_db_time, on_server, to_db_time
from attachjournal.storage.entries_write import answer_row, insert_answer_rows
from attachjournal.storage.people import insert_person, person_key


@dataclass(frozen=True)
class PersonIn:
    """A person to import, from a checked file: stable key, name, role, birth date."""

    key: str
    name: str
    role: str
    born: date | None
    created_at: datetime


@dataclass(frozen=True)
class AnswerIn:
    """One answer of an entry to import; a person answer holds the person's key."""

    question_id: str
    question_text: str
    kind: str
    value: Any  # a person answer holds a person key


@dataclass(frozen=True)
class EntryIn:
    """An entry to import: its person by key and its rupture by uid, never by id."""

    uid: str
    kind: str
    at: datetime
    created_at: datetime | None  # None: when it was written is not known
    updated_at: datetime | None
    person: str | None  # person key
    rupture: str | None  # rupture uid
    no_repair_needed: bool
    answers: tuple[AnswerIn, ...]
    label: str  # where it sits in the file, e.g. "entries[3]", for messages
    shared: bool = False  # shared on the server it came from: shared again on a server


@dataclass(frozen=True)
class ImportPlan:
    """Everything a checked import file brings: its people and its entries."""

    people: tuple[PersonIn, ...] = ()
    entries: tuple[EntryIn, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    """What an import did: entries added, entries already there, people added."""

    added: int
    already_there: int
    people_added: int
    problems: tuple[str, ...] = field(default=())


def apply_import(conn: Any, plan: ImportPlan) -> ImportResult:
    """Add what is new; entries already present (same uid) are left as they are.

    Every conflict with what the journal holds is found before the first row is written; the
    caller's transaction makes the whole import land or not at all.
    """
    existing_uids = {
        r[0]: (r[1], r[2], r[3]) for r in conn.execute("SELECT uid, id, kind, at FROM entry")
    }
    people_by_uid = {r[0]: r[1] for r in conn.execute("SELECT uid, id FROM person")}
    people_by_key = {r[0]: r[1] for r in conn.execute("SELECT name_key, id FROM person")}
    repaired = {
        r[0]: r[1]
        for r in conn.execute(
            "SELECT r.uid, e.uid FROM entry e JOIN entry r ON r.id = e.rupture_id "
            "WHERE e.rupture_id IS NOT NULL"
        )
    }
    new_entries = [e for e in plan.entries if e.uid not in existing_uids]
    problems = _conflicts(plan, new_entries, existing_uids, repaired)
    if problems:
        from attachjournal.errors import AttachError

        raise AttachError(_problems_message(problems))

    person_ids: dict[str, int] = {}
    people_added = 0
    for person in plan.people:
        found = people_by_uid.get(person.key) or people_by_key.get(person_key(person.name))
        if found is None:
            found = insert_person(
                conn,
                person.name,
                person.role,
                person.born,
                _aware(person.created_at),
                uid=person.key,
            )
            people_by_key[person_key(person.name)] = found
            people_added += 1
        person_ids[person.key] = found

    entry_ids = {uid: value[0] for uid, value in existing_uids.items()}
    server = on_server(conn)
    # Ruptures (and everything else) before repairs, so a repair's reference always points
    # at a row already written.
    answer_rows: list[dict[str, Any]] = []
    for batch in (
        [e for e in new_entries if e.kind != "repair"],
        [e for e in new_entries if e.kind == "repair"],
    ):
        for entry in batch:
            row = _entry_row(entry, person_ids, entry_ids)
            if server:  # a file keeps no sharing: every entry in it is its one person's
                row["shared"] = entry.shared
            cursor = conn.execute(_INSERT_SHARED if server else _INSERT_ENTRY, row)
            entry_ids[entry.uid] = int(cursor.lastrowid)
            answer_rows += [
                answer_row(
                    entry_ids[entry.uid],
                    answer.question_id,
                    position,
                    answer.question_text,
                    answer.kind,
                    person_ids[answer.value] if answer.kind == "person" else answer.value,
                )
                for position, answer in enumerate(entry.answers)
            ]
    insert_answer_rows(conn, answer_rows)
    care.remember(conn, [entry_ids[e.uid] for e in new_entries])
    return ImportResult(
        added=len(new_entries),
        already_there=len(plan.entries) - len(new_entries),
        people_added=people_added,
    )


def _aware(moment: datetime) -> datetime:
    """An imported time without a zone is taken as UTC already."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _db_time(moment: datetime) -> str:
    return to_db_time(_aware(moment))


_INSERT_ENTRY = (
    "INSERT INTO entry (uid, kind, at, created_at, updated_at, person_id, rupture_id, "
    "no_repair_needed) VALUES (:uid, :kind, :at, :created, :updated, :person, :rupture, :none)"
)
_INSERT_SHARED = (  # a server's entry table also keeps whether each entry is shared
    "INSERT INTO entry (uid, kind, at, created_at, updated_at, person_id, rupture_id, "
    "no_repair_needed, shared) "
    "VALUES (:uid, :kind, :at, :created, :updated, :person, :rupture, :none, :shared)"
)


def _entry_row(
    entry: EntryIn, person_ids: dict[str, int], entry_ids: dict[str, int]
) -> dict[str, Any]:
    return {
        "uid": entry.uid,
        "kind": entry.kind,
        "at": _db_time(entry.at),
        "created": _db_time(entry.created_at) if entry.created_at is not None else None,
        "updated": _db_time(entry.updated_at) if entry.updated_at is not None else None,
        "person": person_ids[entry.person] if entry.person else None,
        "rupture": entry_ids[entry.rupture] if entry.rupture else None,
        "none": bool(entry.no_repair_needed),
    }


def _conflicts(
    plan: ImportPlan,
    new_entries: list[EntryIn],
    existing_uids: dict[str, tuple[int, str, str]],
    repaired: dict[str, str],
) -> list[str]:
    """What in the file disagrees with the journal (or itself), before anything is written."""
    problems: list[str] = []
    in_file = {e.uid: e for e in plan.entries}
    for entry in new_entries:
        if entry.rupture is None:
            continue
        if entry.rupture in in_file:
            rupture_at = in_file[entry.rupture].at
        elif entry.rupture in existing_uids:
            _, kind, at_text = existing_uids[entry.rupture]
            if kind != "rupture":
                problems.append(
                    f"{entry.label}: its rupture is a {_kind_name(kind)} in this journal."
                )
                continue
            rupture_at = from_db_time(at_text)  # type: ignore[assignment]
        else:
            problems.append(
                f"{entry.label}: the rupture it repairs ({entry.rupture[:12]}) is neither in "
                "the file nor in this journal."
            )
            continue
        other = repaired.get(entry.rupture)
        if other is not None and other != entry.uid:
            problems.append(
                f"{entry.label}: its rupture already has a different repair in this journal."
            )
        if entry.at < rupture_at:
            problems.append(f"{entry.label}: the repair is dated before its rupture.")
    return problems


def _kind_name(kind: str) -> str:
    return "check-in" if kind == "reflect" else kind


def _problems_message(problems: Sequence[str]) -> str:
    shown = "; ".join(problems[:5])
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    count = len(problems)
    return (
        f"Nothing was imported: {count} record{'s' if count != 1 else ''} "
        f"need{'s' if count == 1 else ''} a look first. {shown}{more}"
    )
