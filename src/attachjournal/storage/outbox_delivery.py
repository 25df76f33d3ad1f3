"""One kept parcel saved on the server, inside the caller's transaction (outbox.py keeps them).

The entry is written by add_entry, as the original save would have written it, under the uid
it was kept with; a uid already there means an earlier delivery committed and the command
ended before the parcel's file went, so nothing is written twice. A kept change to an entry
already there is applied as the original save would have applied it, keyed by that entry's
uid and marked by the moment it was typed (see _change).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from attachjournal.core.questions import Question, Questionnaire
from attachjournal.core.records import PersonRef
from attachjournal.errors import NotFoundError, UsageError
from attachjournal.storage import entries_write
from attachjournal.storage.connection import from_db_time, scalar
from attachjournal.storage.people import find_person

if TYPE_CHECKING:
    from attachjournal.storage.outbox import Parcel


def deliver(conn: Any, parcel: Parcel) -> bool:
    """Save the parcel's entry; False when its uid is already there (delivered before)."""
    if parcel.changes_uid is not None:
        return _change(conn, parcel)
    if _entry_id(conn, parcel.uid) is not None:
        return False
    rupture_id = parcel.rupture_id
    if parcel.rupture_uid is not None:
        rupture_id = _entry_id(conn, parcel.rupture_uid)
        if rupture_id is None:
            raise NotFoundError("The rupture this repair belongs to is not on the server.")
    answers = {qid: _person(conn, value) for qid, value in parcel.answers.items()}
    entry_id = entries_write.add_entry(
        conn,
        _questionnaire(parcel),
        answers,
        at=parcel.at,
        now=parcel.now,
        rupture_id=rupture_id,
        shared=parcel.shared,
        uid=parcel.uid,
    )
    if parcel.no_repair_needed:
        entries_write.mark_no_repair_needed(conn, entry_id)
    return True


def _change(conn: Any, parcel: Parcel) -> bool:
    """Apply a kept change to an entry on the server; False when it was applied before.

    Its mark is `updated_at`: a change stamps the moment it was typed (`parcel.now`), so that
    stamp means this very change landed already, and a later one means the entry was changed
    again since, on another device: the newer words stay, and this change waits, refused,
    for the doctor to name."""
    from attachjournal.storage.entry_changes import update_entry

    row = conn.execute(
        "SELECT id, updated_at FROM entry WHERE uid = :uid", {"uid": parcel.changes_uid}
    ).fetchone()
    if row is None:
        raise NotFoundError("The entry this change was for is no longer in the journal.")
    entry_id, stamp = int(row[0]), from_db_time(row[1])
    if stamp is not None and stamp >= parcel.now:
        if stamp == parcel.now:
            return False
        raise UsageError(
            "The entry was changed again since, on another device; this older change was "
            "not applied over it."
        )
    answers = {qid: _person(conn, value) for qid, value in parcel.answers.items()}
    if parcel.replace:
        entries_write.replace_answers(conn, entry_id, _questionnaire(parcel), answers, parcel.now)
    else:
        at = parcel.at if parcel.moved else None
        update_entry(conn, entry_id, _questionnaire(parcel), answers, at=at, now=parcel.now)
    return True


def _questionnaire(parcel: Parcel) -> Questionnaire:
    """The questions as they were asked when the parcel was kept (their words are stored)."""
    return Questionnaire(
        name=parcel.kind,
        title="",
        intro="",
        questions=tuple(Question(id=i, kind=k, text=t) for i, k, t in parcel.questions),
    )


def _entry_id(conn: Any, uid: str) -> int | None:
    found = scalar(conn, "SELECT id FROM entry WHERE uid = :uid", {"uid": uid})
    return None if found is None else int(found)


def _person(conn: Any, value: Any) -> Any:
    """A person answer by name: the household's person now, or a new one the entry brought."""
    if not (isinstance(value, dict) and "person" in value):
        return value
    try:
        return find_person(conn, value["person"]).ref()
    except NotFoundError:
        if not value.get("role"):
            # Named when written, removed since: the entry waits until the person is back.
            raise NotFoundError(
                "The person this entry is about is no longer in the journal (attach people)."
            ) from None
        return PersonRef(name=value["person"], role=value["role"])
