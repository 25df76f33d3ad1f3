"""The one door's two rooms: what a command may read from an open journal, and what it may write.

`Journal.read()` hands out a Reader over one consistent snapshot, `Journal.write()` a Writer
over one transaction that commits whole or not at all. Their methods are the only way the
rest of attach reaches the rows: no command, use case or view sees a connection or SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

# Reading entries and people is every command's need; the rest (writing, importing, search,
# the export's dump) is loaded by the method that uses it, so a review never pays for it.
from attachjournal.storage import entries_read, people
from attachjournal.storage.connection import is_sound, on_server

if TYPE_CHECKING:
    from attachjournal.core.prompts import Questionnaire
    from attachjournal.core.records import EntryRecord, PersonRecord
    from attachjournal.storage.dump import Dump, ExportPages, PersonRow
    from attachjournal.storage.importing import ImportPlan, ImportResult
    from attachjournal.storage.outbox import Parcel
    from attachjournal.storage.search import SearchHit


class Reader:
    """Reads inside one snapshot of the journal."""

    def __init__(self, conn: Any, *, only_mine: bool = False) -> None:
        self._conn = conn  # one DB-API connection, inside the snapshot or the transaction
        self._only_mine = only_mine  # see my_own

    def my_own(self) -> Reader:
        """The same snapshot, reading only the entries the reader wrote: a member's own
        review, patterns and intentions. On a server a member also reads the others' shared
        entries (a superuser everyone's); a file is one person's, so there it is this very
        reader, and reads exactly as before."""
        if not on_server(self._conn) or self._only_mine:
            return self
        return Reader(self._conn, only_mine=True)

    def is_sound(self) -> bool:
        """SQLite's quick check: every page and index readable and consistent (a server
        checks its own pages, and says so when one is not)."""
        if getattr(self._conn, "dialect", "sqlite") == "postgresql":  # server.dbapi
            return True
        return is_sound(self._conn)

    def entry_count(self) -> int:
        return entries_read.entry_count(self._conn)

    def list_people(self) -> list[PersonRecord]:
        return people.list_people(self._conn)

    def people_roles(self, person_ids: Sequence[int]) -> dict[str, str]:
        return people.people_roles(self._conn, person_ids)

    def find_person(self, name: str) -> PersonRecord:
        return people.find_person(self._conn, name)

    def get_entry(self, entry_id: int) -> EntryRecord:
        return entries_read.get_entry(self._conn, entry_id, only_mine=self._only_mine)

    def list_entries(
        self,
        *,
        kind: str | None = None,
        person_id: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[EntryRecord]:
        return entries_read.list_entries(
            self._conn,
            kind=kind,
            person_id=person_id,
            since=since,
            until=until,
            limit=limit,
            only_mine=self._only_mine,
        )

    def entries_between(
        self,
        start: datetime,
        end: datetime,
        kinds: Sequence[str] | None = None,
        question_ids: Sequence[str] | None = None,
    ) -> list[EntryRecord]:
        return entries_read.entries_between(
            self._conn, start, end, kinds, question_ids, only_mine=self._only_mine
        )

    def repairs_for(
        self, rupture_ids: Sequence[int], question_ids: Sequence[str] | None = None
    ) -> dict[int, EntryRecord]:
        return entries_read.repairs_for(
            self._conn, rupture_ids, question_ids, only_mine=self._only_mine
        )

    def first_entry_at(self) -> datetime | None:
        return entries_read.first_entry_at(self._conn, only_mine=self._only_mine)

    def open_ruptures(self, limit: int = 20) -> list[EntryRecord]:
        return entries_read.open_ruptures(self._conn, limit)

    def me(self) -> str | None:
        """The reading member's role on a server; None in a file (every entry is mine)."""
        return entries_read.reading_role(self._conn)

    def is_mine(self, entry_id: int) -> bool:
        """Written by whoever reads (on a server, another member may have shared it)."""
        return entries_read.mine(self._conn, entry_id)

    def entries_by_id(self, entry_ids: Sequence[int]) -> list[EntryRecord]:
        return entries_read.entries_by_id(self._conn, entry_ids, only_mine=self._only_mine)

    def all_people(self) -> list[PersonRow]:
        from attachjournal.storage import dump

        return dump.all_people(self._conn)

    def dump(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        person_id: int | None = None,
    ) -> Dump:
        from attachjournal.storage import dump

        return dump.dump(self._conn, since=since, until=until, person_id=person_id)

    def export_pages(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        person_id: int | None = None,
        page: int = 500,
    ) -> ExportPages:
        """`dump`, its entries in pages read as they are asked for: read them all before the
        snapshot ends, and the export is one consistent moment of the journal."""
        from attachjournal.storage import dump

        return dump.export_pages(
            self._conn, since=since, until=until, person_id=person_id, page=page
        )

    def search(
        self,
        match: str,
        *,
        kind: str | None = None,
        person_id: int | None = None,
        since: datetime | None = None,
        limit: int = 20,
    ) -> tuple[list[int], list[SearchHit]]:
        """The matching entries' ids, newest first, and where each matched."""
        from attachjournal.storage import search

        return search.search(
            self._conn,
            match,
            kind=kind,
            person_id=person_id,
            since=since,
            limit=limit,
        )


class Writer(Reader):
    """Reads and writes inside one transaction: everything lands together, or nothing does."""

    def add_person(self, name: str, role: str, born: date | None, now: datetime) -> PersonRecord:
        return people.add_person(self._conn, name, role, born, now)

    def rename_person(self, old: str, new: str) -> PersonRecord:
        return people.rename_person(self._conn, old, new)

    def remove_person(
        self, name: str, *, reassign_to: str | None = None, delete_entries: bool = False
    ) -> tuple[PersonRecord, int]:
        return people.remove_person(
            self._conn, name, reassign_to=reassign_to, delete_entries=delete_entries
        )

    def add_entry(
        self,
        questionnaire: Questionnaire,
        answers: Mapping[str, Any],
        *,
        at: datetime,
        now: datetime,
        rupture_id: int | None = None,
        shared: bool = False,
        uid: str | None = None,
    ) -> int:
        from attachjournal.storage import entries_write

        return entries_write.add_entry(
            self._conn,
            questionnaire,
            answers,
            at=at,
            now=now,
            rupture_id=rupture_id,
            shared=shared,
            uid=uid,
        )

    def deliver(self, parcel: Parcel) -> bool:
        """Save an entry the outbox kept while the server was away; False when it had already
        landed (the same uid), so a delivery repeated after a crash adds nothing."""
        from attachjournal.storage import outbox_delivery

        return outbox_delivery.deliver(self._conn, parcel)

    def share(self, entry_id: int) -> None:
        """Let the household's other members read this rupture or repair (a server only)."""
        from attachjournal.storage import entries_write

        entries_write.set_shared(self._conn, entry_id, True)

    def unshare(self, entry_id: int) -> None:
        """Make a shared rupture or repair private again (a server only)."""
        from attachjournal.storage import entries_write

        entries_write.set_shared(self._conn, entry_id, False)

    def replace_answers(
        self,
        entry_id: int,
        questionnaire: Questionnaire,
        answers: Mapping[str, Any],
        now: datetime,
    ) -> None:
        from attachjournal.storage import entries_write

        entries_write.replace_answers(self._conn, entry_id, questionnaire, answers, now)

    def mark_no_repair_needed(self, rupture_id: int) -> None:
        from attachjournal.storage import entries_write

        entries_write.mark_no_repair_needed(self._conn, rupture_id)

    def apply_import(self, plan: ImportPlan) -> ImportResult:
        from attachjournal.storage import importing

        return importing.apply_import(self._conn, plan)

    def update_entry(
        self,
        entry_id: int,
        questionnaire: Questionnaire,
        changes: Mapping[str, Any],
        *,
        at: datetime | None,
        now: datetime,
    ) -> None:
        from attachjournal.storage import entry_changes

        entry_changes.update_entry(self._conn, entry_id, questionnaire, changes, at=at, now=now)

    def delete_entry(self, entry_id: int, *, repair: str = "delete") -> list[int]:
        from attachjournal.storage import entry_changes

        return entry_changes.delete_entry(self._conn, entry_id, repair=repair)
