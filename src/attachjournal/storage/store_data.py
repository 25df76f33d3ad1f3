"""Storage for owning your data: dump for export, import, edit, delete and full-text search.

The same seam rules as store.py: reads take a Core Connection and return frozen records;
writes take the Session of one `journal.write()` transaction and either land completely or
not at all. Answer values come back raw here (a person answer is the person's id), because an
export must name people by their stable key, not by a display name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any

from attachjournal.errors import NotFoundError, UsageError
from attachjournal.storage.store import forget_deleted_words, from_db_time, person_key, to_db_time

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlmodel import Session

    from attachjournal.core.prompts import Questionnaire


# ----------------------------------------------------------------------------- records


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


# ----------------------------------------------------------------------------- dump


def all_people(conn: Connection) -> list[PersonRow]:
    from sqlalchemy import text

    rows = conn.execute(
        text("SELECT id, uid, name, role, born, created_at FROM person ORDER BY name_key, uid")
    ).all()
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
    conn: Connection,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    person_id: int | None = None,
) -> Dump:
    """Entries (and the people they need) for an export. A repair travels with its rupture."""
    from sqlalchemy import text

    filtered = since is not None or until is not None or person_id is not None
    where, params = ["e.kind != 'repair'"], {}
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
    rows = conn.execute(text(sql), params).all()
    answers = _raw_answers(conn)
    entries = tuple(
        RawEntry(
            id=r[0],
            uid=r[1],
            kind=r[2],
            at=from_db_time(r[3]),  # type: ignore[arg-type]
            created_at=from_db_time(r[4]),  # type: ignore[arg-type]
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


def _raw_answers(conn: Connection) -> dict[int, list[RawAnswer]]:
    from sqlalchemy import text

    out: dict[int, list[RawAnswer]] = {}
    rows = conn.execute(
        text(
            "SELECT entry_id, question_id, question_text, kind, value FROM answer "
            "ORDER BY entry_id, position, id"
        )
    )
    for entry_id, qid, qtext, kind, value in rows:
        out.setdefault(entry_id, []).append(RawAnswer(qid, qtext, kind, json.loads(value)))
    return out


# ----------------------------------------------------------------------------- import


@dataclass(frozen=True)
class PersonIn:
    key: str
    name: str
    role: str
    born: date | None
    created_at: datetime


@dataclass(frozen=True)
class AnswerIn:
    question_id: str
    question_text: str
    kind: str
    value: Any  # a person answer holds a person key


@dataclass(frozen=True)
class EntryIn:
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


@dataclass(frozen=True)
class ImportPlan:
    people: tuple[PersonIn, ...] = ()
    entries: tuple[EntryIn, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    added: int
    already_there: int
    people_added: int
    problems: tuple[str, ...] = field(default=())


def apply_import(session: Session, plan: ImportPlan) -> ImportResult:
    """Add what is new; entries already present (same uid) are left as they are.

    Every conflict with what the journal holds is found before the first row is written; the
    caller's transaction makes the whole import land or not at all.
    """
    from sqlalchemy import text

    from attachjournal.storage.models import Answer, Entry, Person

    existing_uids = {
        r[0]: (r[1], r[2], r[3])
        for r in session.execute(text("SELECT uid, id, kind, at FROM entry")).all()
    }
    people_by_uid = {r[0]: r[1] for r in session.execute(text("SELECT uid, id FROM person"))}
    people_by_key = {r[0]: r[1] for r in session.execute(text("SELECT name_key, id FROM person"))}
    repaired = {
        r[0]: r[1]
        for r in session.execute(
            text(
                "SELECT r.uid, e.uid FROM entry e JOIN entry r ON r.id = e.rupture_id "
                "WHERE e.rupture_id IS NOT NULL"
            )
        )
    }
    problems: list[str] = []
    new_entries = [e for e in plan.entries if e.uid not in existing_uids]
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
        if entry.at < rupture_at:  # type: ignore[operator]
            problems.append(f"{entry.label}: the repair is dated before its rupture.")
    if problems:
        from attachjournal.errors import AttachError

        raise AttachError(_problems_message(problems))

    person_ids: dict[str, int] = {}
    people_added = 0
    for person in plan.people:
        found = people_by_uid.get(person.key) or people_by_key.get(person_key(person.name))
        if found is None:
            row = Person(
                uid=person.key,
                name=person.name,
                name_key=person_key(person.name),
                role=person.role,
                born=person.born,
                created_at=person.created_at,
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            found = row.id
            people_by_key[row.name_key] = found
            people_added += 1
        person_ids[person.key] = found

    entry_ids = {uid: value[0] for uid, value in existing_uids.items()}
    # Two batches, ruptures (and everything else) before repairs, so a repair's reference
    # always points at a row already written; each batch is one flush, not one per entry.
    answer_rows: list[dict[str, Any]] = []
    for batch in (
        [e for e in new_entries if e.kind != "repair"],
        [e for e in new_entries if e.kind == "repair"],
    ):
        rows = [
            Entry(
                uid=entry.uid,
                kind=entry.kind,
                at=entry.at,
                created_at=entry.created_at,
                updated_at=entry.updated_at,
                person_id=person_ids[entry.person] if entry.person else None,
                rupture_id=entry_ids[entry.rupture] if entry.rupture else None,
                no_repair_needed=entry.no_repair_needed,
            )
            for entry in batch
        ]
        session.add_all(rows)
        session.flush()
        for entry, row in zip(batch, rows, strict=True):
            assert row.id is not None
            entry_ids[entry.uid] = row.id
            answer_rows += [
                {
                    "entry_id": row.id,
                    "question_id": answer.question_id,
                    "position": position,
                    "question_text": answer.question_text,
                    "kind": answer.kind,
                    "value": json.dumps(
                        person_ids[answer.value] if answer.kind == "person" else answer.value,
                        ensure_ascii=False,
                    ),
                }
                for position, answer in enumerate(entry.answers)
            ]
    if answer_rows:
        from sqlalchemy import insert

        session.execute(insert(Answer.__table__), answer_rows)  # type: ignore[arg-type]
    return ImportResult(
        added=len(new_entries),
        already_there=len(plan.entries) - len(new_entries),
        people_added=people_added,
    )


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


# ----------------------------------------------------------------------------- edit


def update_entry(
    session: Session,
    entry_id: int,
    questionnaire: Questionnaire,
    changes: Mapping[str, Any],
    *,
    at: datetime | None,
    now: datetime,
) -> None:
    """Change some answers (None removes one) and/or the time of one entry.

    Answers that did not change keep the question text they were first asked with; a changed
    answer takes today's wording, since that is the question it now answers.
    """
    from sqlalchemy import text

    from attachjournal.core.questionnaire import PersonRef
    from attachjournal.storage.models import Answer, Entry

    entry = session.get(Entry, entry_id)
    if entry is None:
        raise NotFoundError(f"There is no entry {entry_id} (attach log lists them).")
    if at is not None:
        _check_new_time(session, entry, at)
        entry.at = at.astimezone(timezone.utc)
    every = questionnaire.all_questions  # a retired answer can still be corrected
    for question in every:
        if question.id not in changes:
            continue
        session.execute(
            text("DELETE FROM answer WHERE entry_id = :e AND question_id = :q"),
            {"e": entry_id, "q": question.id},
        )
        value = changes[question.id]
        if value is None:
            if question.kind == "person":
                entry.person_id = None
            continue
        if isinstance(value, PersonRef):
            if value.is_new:
                from attachjournal.storage.store import add_person

                value = add_person(session, value.name, value.role or "other", None, now).ref()
            entry.person_id = value.id
            value = value.id
        position = every.index(question)
        session.add(
            Answer(
                entry_id=entry_id,
                question_id=question.id,
                position=position,
                question_text=question.text,
                kind=question.kind,
                value=json.dumps(value, ensure_ascii=False),
            )
        )
    entry.updated_at = now
    session.add(entry)
    session.flush()
    forget_deleted_words(session)


def _check_new_time(session: Session, entry: Any, at: datetime) -> None:
    from sqlalchemy import text

    def _at(sql: str, params: dict[str, Any]) -> datetime | None:
        found = session.execute(text(sql), params).scalar()
        return from_db_time(found) if found is not None else None

    if entry.kind == "repair":
        rupture_at = _at("SELECT at FROM entry WHERE id = :r", {"r": entry.rupture_id})
        if rupture_at is not None and at < rupture_at:
            raise UsageError(f"A repair can't come before its rupture (#{entry.rupture_id}).")
    if entry.kind == "rupture":
        repair_at = _at("SELECT at FROM entry WHERE rupture_id = :r", {"r": entry.id})
        if repair_at is not None and at > repair_at:
            raise UsageError("A rupture can't come after its repair; change the repair first.")


# ----------------------------------------------------------------------------- delete


def delete_entry(session: Session, entry_id: int, *, repair: str = "delete") -> list[int]:
    """Delete one entry; for a rupture with a repair, `repair` is 'delete' or 'keep-note'.

    A repair cannot exist without its rupture (the schema says so), so keeping it means keeping
    the words as a note: they stay, but no longer count as a repair in any review.
    """
    from sqlalchemy import text

    row = session.execute(
        text("SELECT id, kind FROM entry WHERE id = :id"), {"id": entry_id}
    ).first()
    if row is None:
        raise NotFoundError(f"There is no entry {entry_id} (attach log lists them).")
    deleted = [entry_id]
    repair_id = session.execute(
        text("SELECT id FROM entry WHERE rupture_id = :id"), {"id": entry_id}
    ).scalar()
    if repair_id is not None:
        if repair == "delete":
            _delete_rows(session, repair_id)
            deleted.insert(0, repair_id)
        elif repair == "keep-note":
            session.execute(
                text("UPDATE entry SET kind = 'note', rupture_id = NULL WHERE id = :id"),
                {"id": repair_id},
            )
        else:
            raise UsageError("--repair takes delete or keep-note.")
    _delete_rows(session, entry_id)
    forget_deleted_words(session)
    return deleted


def _delete_rows(session: Session, entry_id: int) -> None:
    from sqlalchemy import text

    session.execute(text("DELETE FROM answer WHERE entry_id = :id"), {"id": entry_id})
    session.execute(text("DELETE FROM entry WHERE id = :id"), {"id": entry_id})


# ----------------------------------------------------------------------------- search


@dataclass(frozen=True)
class SearchHit:
    entry_id: int
    question_id: str
    question_text: str
    text: str


def search(
    conn: Connection,
    match: str,
    *,
    kind: str | None = None,
    person_id: int | None = None,
    since: datetime | None = None,
    limit: int = 20,
) -> tuple[list[int], list[SearchHit]]:
    """Entry ids whose text answers match (newest first, at most `limit`), and the matches.

    `match` must already be a safe FTS5 query (search_text.match_query builds one).
    """
    from sqlalchemy import text

    where, params = ["answer_fts MATCH :q"], {"q": match}
    if kind:
        where.append("e.kind = :kind")
        params["kind"] = kind
    if person_id is not None:
        where.append("e.person_id = :pid")
        params["pid"] = person_id
    if since is not None:
        where.append("e.at >= :since")
        params["since"] = to_db_time(since)
    rows = conn.execute(
        text(
            # The JSON text itself, decoded here: json_extract hands back text cut at a NUL.
            "SELECT e.id, a.question_id, a.question_text, a.value "
            "FROM answer_fts f JOIN answer a ON a.id = f.rowid JOIN entry e ON e.id = a.entry_id "
            f"WHERE {' AND '.join(where)} ORDER BY e.at DESC, e.id DESC, a.position"
        ),
        params,
    ).all()
    ids: list[int] = []
    hits: list[SearchHit] = []
    for entry_id, qid, qtext, value in rows:
        if entry_id not in ids:
            if len(ids) == limit:
                break
            ids.append(entry_id)
        body = json.loads(value)
        hits.append(SearchHit(entry_id, qid, qtext, body if isinstance(body, str) else str(body)))
    return ids, hits
