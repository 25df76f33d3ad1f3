"""Reading entries back: a filtered list, one entry, a search. Nothing here prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from attachjournal.paths import Location

if TYPE_CHECKING:
    from attachjournal.core.records import EntryRecord
    from attachjournal.storage import Reader, SearchHit


@dataclass(frozen=True)
class EntryList:
    """What `attach log` lists: the entries, the ruptures repaired, whether a journal exists."""

    entries: tuple[EntryRecord, ...]
    repaired: frozenset[int]  # the ruptures in `entries` that have their repair
    journal_exists: bool
    me: str | None = None  # on a server, the reader's role: another member's entries say so


@dataclass(frozen=True)
class OneEntry:
    """What `attach show` shows: one entry, a rupture's repair, the role of whom it is about."""

    entry: EntryRecord
    repair: EntryRecord | None  # a rupture's repair, if it has one
    role: str | None  # the role of whom it is about (a repair: its rupture's person)
    me: str | None = None  # on a server, the reader's role


@dataclass(frozen=True)
class Found:
    """What `attach search` found: the entries, the matching answers, the words looked for."""

    entries: tuple[EntryRecord, ...]
    hits: tuple[SearchHit, ...]
    words: tuple[str, ...]  # what was looked for, as matched (for highlighting)
    journal_exists: bool


def list_entries(
    journal_at: Location,
    *,
    kind: str | None,
    who: str | None,
    since: datetime | None,
    limit: int,
    until: datetime | None = None,
) -> EntryList:
    """Entries at `since` or after and before `until` (each None: no bound)."""
    from attachjournal import storage

    journal = storage.open_journal(journal_at, create=False)
    if journal is None:
        return EntryList((), frozenset(), False)
    with journal.read() as conn:
        person_id = conn.find_person(who).id if who else None
        entries = conn.list_entries(
            kind=kind, person_id=person_id, since=since, until=until, limit=limit
        )
        ruptures = [e.id for e in entries if e.kind == "rupture"]
        repaired = frozenset(conn.repairs_for(ruptures))
        me = conn.me()
    return EntryList(tuple(entries), repaired, True, me)


def show_entry(journal_at: Location, entry_id: int) -> OneEntry:
    from attachjournal import storage
    from attachjournal.errors import NotFoundError

    journal = storage.open_journal(journal_at, create=False)
    if journal is None:
        raise NotFoundError(f"There is no entry {entry_id}: the journal is still empty.")
    with journal.read() as conn:
        entry = conn.get_entry(entry_id)
        repair = conn.repairs_for([entry_id]).get(entry_id) if entry.kind == "rupture" else None
        role = role_about(conn, entry)
        me = conn.me()
    return OneEntry(entry, repair, role, me)


def role_about(conn: Reader, entry: EntryRecord) -> str | None:
    """The role of the person an entry is about; a repair is about its rupture's person."""
    about = entry.person_id
    if entry.kind == "repair" and entry.rupture_id is not None:
        about = conn.get_entry(entry.rupture_id).person_id
    return next((p.role for p in conn.list_people() if p.id == about), None)


def search(
    journal_at: Location,
    text: str,
    *,
    kind: str | None,
    who: str | None,
    since: datetime | None,
    limit: int,
) -> Found:
    from attachjournal import storage
    from attachjournal.core import search_text
    from attachjournal.errors import UsageError

    match = search_text.match_query(text)
    if match is None:
        raise UsageError("Search needs a word or two to look for (letters or digits).")
    words = tuple(search_text.terms(text))
    journal = storage.open_journal(journal_at, create=False)
    if journal is None:
        return Found((), (), words, False)
    with journal.read() as conn:
        person_id = conn.find_person(who).id if who else None
        ids, hits = conn.search(
            match,
            kind=kind,
            person_id=person_id,
            since=since,
            limit=limit,
        )
        entries = conn.entries_by_id(ids)
    return Found(tuple(entries), tuple(hits), words, True)
