"""Changing one entry after the fact: correcting answers or its time, and deleting it.

Runs inside the caller's `journal.write()` transaction, like every other write.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from attachjournal.errors import NotFoundError, UsageError
from attachjournal.storage import care
from attachjournal.storage.connection import from_db_time, on_server, scalar, to_db_time
from attachjournal.storage.entries_write import answer_row, insert_answer_rows, not_mine
from attachjournal.storage.entry_removal import forget_deleted_words

if TYPE_CHECKING:
    from attachjournal.core.prompts import Questionnaire


def update_entry(
    conn: Any,
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
    from attachjournal.core.questionnaire import PersonRef

    row = conn.execute(
        "SELECT kind, rupture_id, person_id FROM entry WHERE id = :id", {"id": entry_id}
    ).fetchone()
    if row is None:
        raise NotFoundError(f"There is no entry {entry_id} (attach log lists them).")
    kind, rupture_id, person_id = row
    if at is not None:
        _check_new_time(conn, entry_id, kind, rupture_id, at)
    every = questionnaire.all_questions  # a retired answer can still be corrected
    for question in every:
        if question.id not in changes:
            continue
        conn.execute(
            "DELETE FROM answer WHERE entry_id = :e AND question_id = :q",
            {"e": entry_id, "q": question.id},
        )
        value = changes[question.id]
        if value is None:
            if question.kind == "person":
                person_id = None
            continue
        if isinstance(value, PersonRef):
            if value.is_new:
                from attachjournal.storage.people import add_person

                value = add_person(conn, value.name, value.role or "other", None, now).ref()
            person_id = value.id
            value = value.id
        position = every.index(question)
        insert_answer_rows(
            conn, [answer_row(entry_id, question.id, position, question.text, question.kind, value)]
        )
    conn.execute(
        "UPDATE entry SET at = coalesce(:at, at), person_id = :person, updated_at = :now "
        "WHERE id = :id",
        {
            "at": to_db_time(at) if at is not None else None,
            "person": person_id,
            "now": to_db_time(now),
            "id": entry_id,
        },
    )
    care.remember(conn, [entry_id])
    forget_deleted_words(conn)


def _check_new_time(
    conn: Any, entry_id: int, kind: str, rupture_id: int | None, at: datetime
) -> None:
    def _at(sql: str, params: dict[str, Any]) -> datetime | None:
        found = scalar(conn, sql, params)
        return from_db_time(found) if found is not None else None

    if kind == "repair":
        rupture_at = _at("SELECT at FROM entry WHERE id = :r", {"r": rupture_id})
        if rupture_at is not None and at < rupture_at:
            raise UsageError(f"A repair can't come before its rupture (#{rupture_id}).")
    if kind == "rupture":
        repair_at = _at("SELECT at FROM entry WHERE rupture_id = :r", {"r": entry_id})
        if repair_at is not None and at > repair_at:
            raise UsageError("A rupture can't come after its repair; change the repair first.")


def delete_entry(conn: Any, entry_id: int, *, repair: str = "delete") -> list[int]:
    """Delete one entry; for a rupture with a repair, `repair` is 'delete' or 'keep-note'.

    A repair cannot exist without its rupture (the schema says so), so keeping it means keeping
    the words as a note: they stay, but no longer count as a repair in any review. On a server
    the note is private: only a rupture or a repair is ever shared (and a shared note could
    never be unshared).

    Every row must really go: on a server, row security lets another member's shared entry be
    read but not deleted (0 rows, no error), so a row count of 0 refuses the whole delete
    rather than let any caller report one that did not happen.
    """
    row = conn.execute("SELECT id, kind FROM entry WHERE id = :id", {"id": entry_id}).fetchone()
    if row is None:
        raise NotFoundError(f"There is no entry {entry_id} (attach log lists them).")
    deleted = [entry_id]
    repair_id = scalar(conn, "SELECT id FROM entry WHERE rupture_id = :id", {"id": entry_id})
    if repair_id is not None:
        if repair == "delete":
            _delete_rows(conn, repair_id)
            deleted.insert(0, repair_id)
        elif repair == "keep-note":
            private = ", shared = FALSE" if on_server(conn) else ""
            kept = conn.execute(
                f"UPDATE entry SET kind = 'note', rupture_id = NULL{private} WHERE id = :id",
                {"id": repair_id},
            )
            _must_have_changed(kept, repair_id)
        else:
            raise UsageError("--repair takes delete or keep-note.")
    _delete_rows(conn, entry_id)
    forget_deleted_words(conn)
    return deleted


def _delete_rows(conn: Any, entry_id: int) -> None:
    conn.execute("DELETE FROM answer WHERE entry_id = :id", {"id": entry_id})
    _must_have_changed(conn.execute("DELETE FROM entry WHERE id = :id", {"id": entry_id}), entry_id)


def _must_have_changed(cursor: Any, entry_id: int) -> None:
    if cursor.rowcount == 0:  # visible because shared, but another member's
        raise UsageError(not_mine(entry_id, "delete"))
