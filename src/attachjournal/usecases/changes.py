"""Changing and deleting one entry. Nothing here prints: what must be shown or asked on
the way (the deletion preview, the confirmation) is handed in by the command."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from attachjournal.paths import Location

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts
    from attachjournal.core.questionnaire import Asker
    from attachjournal.core.records import EntryRecord


@dataclass(frozen=True)
class Edited:
    """What `attach edit` saved, and whether the replaced words are already wiped."""

    entry: EntryRecord | None  # as saved; None when nothing changed
    wiped: bool = True  # False: the words it replaced wait in the file for a later command


@dataclass(frozen=True)
class DeletePlan:
    """What deleting an entry would take with it, shown before the person confirms."""

    entry: EntryRecord
    going: tuple[EntryRecord, ...]  # the entry, and its repair when that goes too
    kept_note: int | None  # the repair kept as a note
    reopens: int | None  # the rupture a deleted repair belonged to


@dataclass(frozen=True)
class Deleted:
    """What `attach delete` removed, and whether its words are already wiped."""

    ids: tuple[int, ...]  # empty: the person chose to keep it
    wiped: bool = True  # False: the words wait in the file for a later command
    unshared_note: int | None = None  # a shared repair kept as a note: private now


def edit(
    journal_at: Location,
    entry_id: int,
    *,
    prompts: Prompts,
    given: Mapping[str, Any],
    new_at: datetime | None,
    now: datetime,
    asker: Asker | None,
) -> Edited:
    """Change an entry's answers (asked again, or as given) and its time, all or nothing."""
    from attachjournal import storage
    from attachjournal.errors import NotFoundError, NotSavedError, UsageError
    from attachjournal.usecases import editing

    journal = storage.open_journal(journal_at, create=False)
    if journal is None:
        raise NotFoundError(f"There is no entry {entry_id}: the journal is still empty.")
    with journal.read() as conn:
        entry = conn.get_entry(entry_id)
        mine = conn.is_mine(entry_id)
        people = [p.ref() for p in conn.list_people()]
        about = entry.person_id
        if entry.kind == "repair" and entry.rupture_id is not None:
            about = conn.get_entry(entry.rupture_id).person_id
    if not mine:  # said before any question: another member's shared entry
        raise UsageError(storage.not_mine(entry_id))
    # Asked again in the words it was first asked in: about a partner, the us-wording.
    role = next((p.role for p in people if p.id is not None and p.id == about), None)
    questionnaire = editing.questionnaire_for(entry.kind, prompts).worded_for(role)
    if asker is None and not given and new_at is None:
        raise UsageError(
            f"Say what to change, e.g. attach edit {entry_id} -a resourced=3 or --at "
            "'yesterday 19:30' (or run it in a terminal to be asked)."
        )
    changes = editing.plan_changes(questionnaire, entry, given, asker, people)
    if not changes and new_at is None:
        return Edited(None)
    if entry.kind == "intention":
        _keep_whole(entry, changes)
    try:
        with journal.write("Your changes were NOT saved") as session:
            session.update_entry(entry_id, questionnaire, changes, at=new_at, now=now)
    except NotSavedError as exc:
        _keep_for_later(exc, journal_at, entry, questionnaire, changes, new_at, now)
        raise
    if new_at is not None and entry.kind == "reflect":
        from attachjournal.usecases import marker

        marker.recount(journal_at, journal)  # a check-in moved to another day
    with journal.read() as conn:
        saved = conn.get_entry(entry_id)
    return Edited(saved, journal.wipe_now())


def _keep_for_later(
    exc: Exception,
    journal_at: Location,
    entry: EntryRecord,
    questionnaire: Any,
    changes: Mapping[str, Any],
    new_at: datetime | None,
    now: datetime,
) -> None:
    """Changes the journal's server could not take (it went while they were typed) wait in the
    outbox, keyed by the entry's uid, and the one line raised says so; other failures return."""
    from attachjournal import storage
    from attachjournal.core.vocabulary import kind_label
    from attachjournal.usecases.flow_parts import to_outbox

    kept = storage.outbox_parcel(
        questionnaire, changes, uid=storage.new_uid(), at=new_at or entry.at, now=now,
        changes_uid=entry.uid, moved=new_at is not None,
    )  # fmt: skip
    to_outbox(exc, journal_at, f"change to {kind_label(entry.kind)} #{entry.id}", kept)


def delete(
    journal_at: Location,
    entry_id: int,
    *,
    repair: str | None,
    choose_repair: Callable[[EntryRecord, EntryRecord], str] | None,
    preview: Callable[[DeletePlan], None],
    confirm: Callable[[], bool] | None,
) -> Deleted:
    """Delete an entry for good and wipe its words from the file.

    A rupture with a repair needs `repair` ("delete" or "keep-note"), else
    `choose_repair(rupture, repair)` answers it ("cancel" keeps everything). `preview` shows
    what will go; `confirm()` then decides (None: already confirmed with --yes).
    """
    from attachjournal import storage
    from attachjournal.errors import NotFoundError, UsageError

    if repair is not None and repair not in ("delete", "keep-note"):
        raise UsageError("--repair takes delete or keep-note.")
    journal = storage.open_journal(journal_at, create=False)
    if journal is None:
        raise NotFoundError(f"There is no entry {entry_id}: the journal is still empty.")
    with journal.read() as conn:
        entry = conn.get_entry(entry_id)
        mine = conn.is_mine(entry_id)
        its_repair = conn.repairs_for([entry_id]).get(entry_id)
    if not mine:  # said before asking: another member's shared entry
        raise UsageError(storage.not_mine(entry_id, "delete"))
    if its_repair is not None and repair is None:
        if choose_repair is None:
            raise UsageError(
                f"Rupture #{entry_id} has a repair (#{its_repair.id}). Say what to do with it: "
                "--repair delete (both go) or --repair keep-note (what I wrote about the repair "
                "stays, as a note)."
            )
        repair = choose_repair(entry, its_repair)
        if repair == "cancel":
            return Deleted(())
    both = its_repair is not None and repair == "delete"
    preview(
        DeletePlan(
            entry,
            (entry, its_repair) if both and its_repair is not None else (entry,),
            its_repair.id if its_repair is not None and repair == "keep-note" else None,
            entry.rupture_id if entry.kind == "repair" else None,
        )
    )
    if confirm is not None and not confirm():
        return Deleted(())
    with journal.write("Nothing was deleted") as session:
        deleted = session.delete_entry(entry_id, repair=repair or "delete")
    if entry.kind == "reflect":
        from attachjournal.usecases import marker

        marker.recount(journal_at, journal)  # today's only check-in gone: nudge again
    wiped = journal.wipe_now()
    journal.close()
    # A note is never shared: the repair kept as one is private now (storage made it so).
    kept = its_repair if repair == "keep-note" and its_repair is not None else None
    return Deleted(tuple(deleted), wiped, kept.id if kept is not None and kept.shared else None)


def _keep_whole(entry: Any, changes: Mapping[str, Any]) -> None:
    """An intention keeps both halves ("When ___, I will ___"), and says how it went before
    what comes next, as the review asks them."""
    from attachjournal.errors import UsageError

    after = {a.question_id: a.value for a in entry.answers}
    after.update(changes)
    if any(not str(after.get(half) or "").strip() for half in ("when", "will")):
        raise UsageError("An intention needs both halves: -a when=... and -a will=...")
    if after.get("next") is not None and after.get("how_it_went") is None:
        raise UsageError("Say how it went first: -a how_it_went=... before -a next=...")
