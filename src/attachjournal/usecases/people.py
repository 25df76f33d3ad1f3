"""The people entries are about: add, list, rename, remove. Nothing here prints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from attachjournal.paths import Location

if TYPE_CHECKING:
    from attachjournal.core.records import PersonRecord


@dataclass(frozen=True)
class Removed:
    """What `attach people remove` did: the entries moved to someone else, or deleted."""

    name: str
    moved: int  # entries moved to `reassigned_to`, or deleted when that is None
    reassigned_to: str | None
    # False when another attach was reading, so deleted words are wiped by a later command.
    wiped: bool = True


def add(
    journal_at: Location, name: str, role: str, born: date | None, now: datetime
) -> PersonRecord:
    from attachjournal import storage
    from attachjournal.core.vocabulary import ROLES
    from attachjournal.errors import UsageError

    name = storage.clean_name(name)  # before the journal exists, so a typo creates nothing
    role = role.lower()
    if role not in ROLES:
        raise UsageError(f"--role must be one of {', '.join(ROLES)} (got {role[:20]!r}).")
    journal = storage.open_journal(journal_at, create=True)
    assert journal is not None
    with journal.write("Nobody was added") as session:
        return session.add_person(name, role, born, now)


def everyone(journal_at: Location) -> tuple[PersonRecord, ...]:
    from attachjournal import storage

    journal = storage.open_journal(journal_at, create=False)
    if journal is None:
        return ()
    with journal.read() as conn:
        return tuple(conn.list_people())


def rename(journal_at: Location, old: str, new: str) -> PersonRecord:
    journal = _existing(journal_at)
    with journal.write("The name was NOT changed") as session:
        return session.rename_person(old, new)


def remove(
    journal_at: Location,
    name: str,
    *,
    reassign_to: str | None,
    delete_entries: bool,
    confirm: Callable[[PersonRecord, int], None] | None,
) -> Removed:
    """Remove someone. `confirm(person, count)` runs before their entries are deleted (it
    raises to stop); None when no confirmation is needed (--yes)."""
    from attachjournal.errors import UsageError

    if reassign_to and delete_entries:
        raise UsageError("Choose one: --reassign-to NAME or --delete-entries.")
    journal = _existing(journal_at)
    if delete_entries and confirm is not None:
        with journal.read() as conn:
            person = conn.find_person(name)
            count = next(p.entry_count for p in conn.list_people() if p.id == person.id)
        if count:
            confirm(person, count)
    with journal.write("Nobody was removed") as session:
        removed, moved = session.remove_person(
            name, reassign_to=reassign_to, delete_entries=delete_entries
        )
    wiped = True
    if moved and not reassign_to:
        wiped = journal.wipe_now()
    return Removed(removed.name, moved, reassign_to, wiped)


def _existing(journal_at: Location) -> Any:
    from attachjournal import storage
    from attachjournal.errors import NotFoundError

    journal = storage.open_journal(journal_at, create=False)
    if journal is None:
        raise NotFoundError("Your journal is empty: nobody to change yet.")
    return journal
