"""Pieces of the conversations in flows.py and repair_flow.py: what a flow returns, the quick
check-in, and what the journal remembers about a person (last time's hope, their role)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from attachjournal import storage
from attachjournal.core.prompts import Questionnaire
from attachjournal.core.questionnaire import Asker, StoppedEarly, check_known, coerce, collect
from attachjournal.core.records import EntryRecord

STOPPED_NOTE = "Saved what you had; the questions after it were left blank."
STOPPED_UPDATE_NOTE = "Saved what you had; the questions after it keep their earlier answers."


@dataclass(frozen=True)
class FlowResult:
    """What a check-in or repair conversation saved, whether it updated an entry, notes to show."""

    saved: list[EntryRecord] = field(default_factory=list)
    updated: bool = False
    notes: list[str] = field(default_factory=list)
    announced: int = 0  # how many of `saved` were already shown to the person along the way


def introduce(
    asker: Asker | None,
    questionnaire: Questionnaire,
    on_start: Callable[[Questionnaire], None] | None,
) -> None:
    """Let the caller introduce a questionnaire just before its questions are put to a person."""
    if asker is not None and on_start is not None:
        on_start(questionnaire)


def store_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%a %d %b %H:%M")


def quick_reflect(
    questionnaire: Questionnaire, given: Mapping[str, Any], asker: Asker, stopped_note: str
) -> tuple[Questionnaire, dict[str, Any], list[str]]:
    """Three questions: how resourced, one feeling, one line. Given answers still count.

    Returns the questionnaire as asked (to store each answer with its wording), the answers
    and any note for the person.
    """
    check_known(questionnaire, given)
    answers: dict[str, Any] = {}
    for question in questionnaire.questions:
        value = coerce(question, given[question.id]) if question.id in given else None
        if value is not None:
            answers[question.id] = value
    shorter = dict(questionnaire.quick or (("resourced", ""),))
    as_asked = questionnaire._replace(
        questions=tuple(
            q._replace(text=shorter[q.id]) if shorter.get(q.id) else q
            for q in questionnaire.questions
        ),
    )
    to_ask = tuple(
        q._replace(kind="choice") if q.kind == "multi" else q  # one feeling: a single pick
        for q in as_asked.questions
        if q.id in shorter and q.id not in answers
    )
    notes = []
    try:
        picked = collect(questionnaire._replace(questions=to_ask), {}, asker, offer_save=True)
    except StoppedEarly as stopped:
        picked = stopped.answers
        notes.append(stopped_note)
    for question in to_ask:
        if question.id in picked:
            value = picked[question.id]
            original = questionnaire.get(question.id)
            # Stored like any day's answer: a list, so the review counts it the same way.
            answers[question.id] = [value] if original and original.kind == "multi" else value
    return as_asked, answers, notes


def last_hope(journal: storage.Journal | None, person_id: int) -> str | None:
    """The "next time" of the latest rupture with this person, if its repair has one.

    Only the latest: once a newer rupture with them is logged, the hope has had its moment.
    """
    if journal is None:
        return None
    with journal.read() as everyone:
        # "Last time you hoped": the reader's own hope (on a server, another member's shared
        # rupture with the same child is theirs).
        conn = everyone.my_own()
        latest = conn.list_entries(kind="rupture", person_id=person_id, limit=1)
        if not latest:
            return None
        repair = conn.repairs_for([latest[0].id], question_ids=["next_time"])
    found = repair.get(latest[0].id)
    text = found.answer("next_time") if found is not None else None
    return text if isinstance(text, str) and text.strip() else None


def role_of(journal: storage.Journal, person_id: int | None) -> str | None:
    if person_id is None:
        return None
    with journal.read() as conn:
        return next((p.role for p in conn.list_people() if p.id == person_id), None)


def to_outbox(
    exc: Exception,
    path: Any,
    what: str,
    *entries: storage.OutboxParcel,
    draft: Any = None,
    kept: Callable[[], None] | None = None,
) -> None:
    """A save the journal's server could not take: its entries wait in the outbox on this
    device, and the one line raised says so (never "saved"); the draft the answers came from
    goes, as they are kept now, and `kept` is told. Any other failure returns, for the
    caller's usual way."""
    from attachjournal.errors import AttachError, KeptForLater

    if isinstance(exc, AttachError):
        said = storage.keep_in_outbox(exc, path, entries, what)
        if isinstance(said, KeptForLater):
            if draft is not None:
                storage.discard_draft(draft.path)
            if kept is not None:
                kept()
        if said is not None:  # kept, or said plainly that it could not be (no passphrase)
            raise said from None


@contextlib.contextmanager
def saving() -> Iterator[None]:
    """A journal that can't be opened or read before a save means the entry was NOT saved."""
    from attachjournal.errors import JournalError, NotSavedError

    try:
        yield
    except JournalError as exc:
        if exc.after_save:
            raise  # something was saved already: "NOT saved" would not be true
        raise NotSavedError(f"{exc.message} Your entry was NOT saved.", exc.hint) from None


def open_label(rupture: EntryRecord) -> str:
    """A rupture waiting for its repair, as offered in a list."""
    from attachjournal.views.render import one_line

    who = rupture.person or "someone"
    what = rupture.answer("what")
    label = f"#{rupture.id} {store_time(rupture.at)} with {one_line(who, 20)}"
    return label + (f": {one_line(what, 40)}" if what else "")


class _NoJournal:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def reading(journal: storage.Journal | None) -> Any:
    return journal.read() if journal is not None else _NoJournal()
