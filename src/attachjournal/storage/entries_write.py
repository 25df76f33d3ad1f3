"""Writing entries: a new check-in, rupture or repair, its answers, and deleting rows.

Each function runs inside the caller's `journal.write()` transaction (BEGIN IMMEDIATE), so
what it writes lands whole with the rest of that save, or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from attachjournal.core.questionnaire import PersonRef
from attachjournal.errors import NotFoundError, UsageError
from attachjournal.storage import care
from attachjournal.storage.connection import from_db_time, new_uid, on_server, scalar, to_db_time
from attachjournal.storage.entries_read import mine
from attachjournal.storage.entry_removal import forget_deleted_words
from attachjournal.storage.people import add_person

if TYPE_CHECKING:
    from attachjournal.core.prompts import Questionnaire

_INSERT_ANSWER = (
    "INSERT INTO answer (entry_id, question_id, position, question_text, kind, value) "
    "VALUES (:entry, :qid, :position, :qtext, :kind, :value)"
)


def add_entry(
    conn: Any,
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    *,
    at: datetime,
    now: datetime,
    rupture_id: int | None = None,
    shared: bool = False,
    uid: str | None = None,
) -> int:
    """Insert one entry with all its answers; new people named in answers are added too.

    `shared`: on a server, the other members may read it (a file has no one to share with).
    `uid`: chosen by the caller when the same entry may be delivered again later (the outbox
    keeps it under this uid, so it lands once); a new one otherwise.
    """
    kind = questionnaire.name
    if shared:
        _sharing_needs_a_server(conn)
    if kind == "repair":
        if rupture_id is None:
            raise UsageError("A repair needs the rupture it belongs to.")
        _check_repairable(conn, rupture_id, at)
    person_id = None
    resolved = dict(answers)
    for question in questionnaire.questions:
        value = resolved.get(question.id)
        if question.kind == "person" and isinstance(value, PersonRef):
            ref = value
            if ref.is_new:
                ref = add_person(conn, ref.name, ref.role or "other", None, now).ref()
            resolved[question.id] = ref
            person_id = person_id or ref.id
    cursor = conn.execute(
        "INSERT INTO entry (uid, kind, at, created_at, person_id, rupture_id, "
        "no_repair_needed) VALUES (:uid, :kind, :at, :created, :person, :rupture, FALSE)",
        {
            "uid": uid or new_uid(),
            "kind": kind,
            "at": to_db_time(at),
            "created": to_db_time(now),
            "person": person_id,
            "rupture": rupture_id,
        },
    )
    entry_id = int(cursor.lastrowid)
    insert_answers(conn, entry_id, questionnaire, resolved)
    care.remember(conn, [entry_id])
    if rupture_id is not None:
        # A rupture that got its repair after all no longer "needed none".
        conn.execute("UPDATE entry SET no_repair_needed = FALSE WHERE id = :r", {"r": rupture_id})
    if shared:
        set_shared(conn, entry_id, True)
    if rupture_id is not None and on_server(conn):
        # A rupture and its repair move together (a repair shared alone tells the other parent
        # of a rupture they may not read): the repair's sharing is its rupture's too, also for
        # a repair the outbox delivers later.
        set_shared(conn, rupture_id, bool(shared))
    return entry_id


def set_shared(conn: Any, entry_id: int, shared: bool) -> None:
    """Share a rupture or repair with the household's other members, or make it private again.

    Only on a server, and only one's own: row security lets the author alone change it."""
    _sharing_needs_a_server(conn)
    kind = scalar(conn, "SELECT kind FROM entry WHERE id = :id", {"id": entry_id})
    if kind is None:
        raise NotFoundError(f"There is no entry {entry_id} (attach log lists them).")
    if kind not in ("rupture", "repair"):
        raise UsageError("Only a rupture or a repair can be shared; the rest stays yours.")
    changed = conn.execute(
        "UPDATE entry SET shared = :shared WHERE id = :id", {"shared": shared, "id": entry_id}
    )
    if changed.rowcount == 0:  # visible because shared, but another member's
        raise UsageError(not_mine(entry_id))


def not_mine(entry_id: int, doing: str = "change") -> str:
    """Another member's entry, shared so that I may read it: theirs alone to change."""
    return f"Entry {entry_id} is another member's; only its author can {doing} it."


SHARING_NEEDS_A_SERVER = (
    "Sharing needs a journal on a server, with other members to share with "
    "(see the README: a journal for two)."
)


def _sharing_needs_a_server(conn: Any) -> None:
    if not on_server(conn):  # server.dbapi.Connection
        raise UsageError(SHARING_NEEDS_A_SERVER)


def replace_answers(
    conn: Any,
    entry_id: int,
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    now: datetime,
) -> None:
    """Swap an entry's answers for a new set (updating today's check-in), in one transaction."""
    if scalar(conn, "SELECT id FROM entry WHERE id = :e", {"e": entry_id}) is None:
        raise NotFoundError(f"There is no entry {entry_id}.")
    conn.execute("DELETE FROM answer WHERE entry_id = :e", {"e": entry_id})
    conn.execute(
        "UPDATE entry SET updated_at = :now WHERE id = :e", {"now": to_db_time(now), "e": entry_id}
    )
    insert_answers(conn, entry_id, questionnaire, answers)
    care.remember(conn, [entry_id])
    forget_deleted_words(conn)


def mark_no_repair_needed(conn: Any, rupture_id: int) -> None:
    kind = scalar(conn, "SELECT kind FROM entry WHERE id = :id", {"id": rupture_id})
    if kind != "rupture":
        raise NotFoundError(f"There is no rupture {rupture_id} (attach log --kind rupture).")
    if repair_of(conn, rupture_id) is not None:
        raise UsageError(f"Rupture {rupture_id} already has a repair.")
    conn.execute("UPDATE entry SET no_repair_needed = TRUE WHERE id = :id", {"id": rupture_id})


def insert_answers(
    conn: Any, entry_id: int, questionnaire: Questionnaire, answers: Mapping[str, Any]
) -> None:
    rows = []
    for position, question in enumerate(questionnaire.all_questions):
        if question.id not in answers:
            continue
        value = answers[question.id]
        if isinstance(value, PersonRef):
            value = value.id
        rows.append(
            answer_row(entry_id, question.id, position, question.text, question.kind, value)
        )
    insert_answer_rows(conn, rows)


def answer_row(
    entry_id: int, qid: str, position: int, qtext: str, kind: str, value: Any
) -> dict[str, Any]:
    """The parameters of one answer row; the value is kept as JSON."""
    return {
        "entry": entry_id,
        "qid": qid,
        "position": position,
        "qtext": qtext,
        "kind": kind,
        "value": json.dumps(value, ensure_ascii=False),
    }


def insert_answer_rows(conn: Any, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        conn.executemany(_INSERT_ANSWER, rows)


def _check_repairable(conn: Any, rupture_id: int, at: datetime) -> None:
    rupture = conn.execute(
        "SELECT kind, at FROM entry WHERE id = :id", {"id": rupture_id}
    ).fetchone()
    if rupture is None or rupture[0] != "rupture":
        raise NotFoundError(f"There is no rupture {rupture_id} (attach log --kind rupture).")
    if not mine(conn, rupture_id):
        raise UsageError(not_my_rupture(rupture_id))
    existing = repair_of(conn, rupture_id)
    if existing is not None:
        raise UsageError(f"Rupture {rupture_id} already has its repair (entry {existing}).")
    if at < from_db_time(rupture[1]):  # type: ignore[operator]
        raise UsageError(f"A repair can't come before its rupture (entry {rupture_id}).")


def not_my_rupture(rupture_id: int) -> str:
    # A shared rupture is another parent's moment with the child: its repair is theirs to
    # write (and one repair per rupture would shut them out of it).
    return f"Rupture {rupture_id} is another member's; only its author can record its repair."


def repair_of(conn: Any, rupture_id: int) -> int | None:
    return scalar(conn, "SELECT id FROM entry WHERE rupture_id = :r", {"r": rupture_id})
