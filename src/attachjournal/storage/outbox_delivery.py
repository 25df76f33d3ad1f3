"""One kept parcel saved on the server, inside the caller's transaction (outbox.py keeps them).

The entry is written by add_entry, as the original save would have written it, under the uid
it was kept with; a uid already there means an earlier delivery committed and the command
ended before the parcel's file went, so nothing is written twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from attachjournal.core.questions import Question, Questionnaire
from attachjournal.core.records import PersonRef
from attachjournal.errors import NotFoundError
from attachjournal.storage import entries_write
from attachjournal.storage.connection import scalar
from attachjournal.storage.people import find_person

if TYPE_CHECKING:
    from attachjournal.storage.outbox import Parcel


def deliver(conn: Any, parcel: Parcel) -> bool:
    """Save the parcel's entry; False when its uid is already there (delivered before)."""
    if _entry_id(conn, parcel.uid) is not None:
        return False
    rupture_id = parcel.rupture_id
    if parcel.rupture_uid is not None:
        rupture_id = _entry_id(conn, parcel.rupture_uid)
        if rupture_id is None:
            raise NotFoundError("The rupture this repair belongs to is not on the server.")
    questionnaire = Questionnaire(
        name=parcel.kind,
        title="",
        intro="",
        questions=tuple(Question(id=i, kind=k, text=t) for i, k, t in parcel.questions),
    )
    answers = {qid: _person(conn, value) for qid, value in parcel.answers.items()}
    entry_id = entries_write.add_entry(
        conn,
        questionnaire,
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
