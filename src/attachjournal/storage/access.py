"""The one door's two rooms: what a command may read from an open journal, and what it may write.

`Journal.read()` hands out a Reader over one consistent snapshot, `Journal.write()` a Writer
over one transaction that commits whole or not at all. Their methods are the only way the
rest of attach reaches the rows: no command, use case or view sees a connection or SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from attachjournal.storage import store, store_data

if TYPE_CHECKING:
    from attachjournal.core.prompts import Questionnaire
    from attachjournal.core.records import EntryRecord, PersonRecord
    from attachjournal.storage.store_data import (
        Dump,
        ImportPlan,
        ImportResult,
        PersonRow,
        SearchHit,
    )


class Reader:
    """Reads inside one snapshot of the journal."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def _reading(self) -> Any:
        return self._conn

    def is_sound(self) -> bool:
        """SQLite's quick check: every page and index readable and consistent."""
        return store.is_sound(self._reading())

    def entry_count(self) -> int:
        return int(self._reading().exec_driver_sql("SELECT count(*) FROM entry").scalar_one())

    def list_people(self) -> list[PersonRecord]:
        return store.list_people(self._reading())

    def people_roles(self, person_ids: Sequence[int]) -> dict[str, str]:
        return store.people_roles(self._reading(), person_ids)

    def find_person(self, name: str) -> PersonRecord:
        return store.find_person(self._reading(), name)

    def get_entry(self, entry_id: int) -> EntryRecord:
        return store.get_entry(self._reading(), entry_id)

    def list_entries(
        self,
        *,
        kind: str | None = None,
        person_id: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[EntryRecord]:
        return store.list_entries(
            self._reading(), kind=kind, person_id=person_id, since=since, until=until, limit=limit
        )

    def entries_between(
        self,
        start: datetime,
        end: datetime,
        kinds: Sequence[str] | None = None,
        question_ids: Sequence[str] | None = None,
    ) -> list[EntryRecord]:
        return store.entries_between(self._reading(), start, end, kinds, question_ids)

    def repairs_for(
        self, rupture_ids: Sequence[int], question_ids: Sequence[str] | None = None
    ) -> dict[int, EntryRecord]:
        return store.repairs_for(self._reading(), rupture_ids, question_ids)

    def first_entry_at(self) -> datetime | None:
        return store.first_entry_at(self._reading())

    def open_ruptures(self, limit: int = 20) -> list[EntryRecord]:
        return store.open_ruptures(self._reading(), limit)

    def entries_by_id(self, entry_ids: Sequence[int]) -> list[EntryRecord]:
        return store.entries_by_id(self._reading(), entry_ids)

    def all_people(self) -> list[PersonRow]:
        return store_data.all_people(self._reading())

    def dump(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        person_id: int | None = None,
    ) -> Dump:
        return store_data.dump(self._reading(), since=since, until=until, person_id=person_id)

    def search(
        self,
        match: str,
        *,
        kind: str | None = None,
        person_id: int | None = None,
        since: datetime | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        return store_data.search(
            self._reading(), match, kind=kind, person_id=person_id, since=since, limit=limit
        )


class Writer(Reader):
    """Reads and writes inside one transaction: everything lands together, or nothing does."""

    def __init__(self, session: Any) -> None:
        super().__init__(session)
        self._session = session

    def _reading(self) -> Any:
        return self._session.connection()

    def find_person(self, name: str) -> PersonRecord:
        return store.find_person(self._session, name)

    def add_person(self, name: str, role: str, born: date | None, now: datetime) -> PersonRecord:
        return store.add_person(self._session, name, role, born, now)

    def rename_person(self, old: str, new: str) -> PersonRecord:
        return store.rename_person(self._session, old, new)

    def remove_person(
        self, name: str, *, reassign_to: str | None = None, delete_entries: bool = False
    ) -> tuple[PersonRecord, int]:
        return store.remove_person(
            self._session, name, reassign_to=reassign_to, delete_entries=delete_entries
        )

    def add_entry(
        self,
        questionnaire: Questionnaire,
        answers: Mapping[str, Any],
        *,
        at: datetime,
        now: datetime,
        rupture_id: int | None = None,
    ) -> int:
        return store.add_entry(
            self._session, questionnaire, answers, at=at, now=now, rupture_id=rupture_id
        )

    def replace_answers(
        self,
        entry_id: int,
        questionnaire: Questionnaire,
        answers: Mapping[str, Any],
        now: datetime,
    ) -> None:
        store.replace_answers(self._session, entry_id, questionnaire, answers, now)

    def mark_no_repair_needed(self, rupture_id: int) -> None:
        store.mark_no_repair_needed(self._session, rupture_id)

    def apply_import(self, plan: ImportPlan) -> ImportResult:
        return store_data.apply_import(self._session, plan)

    def update_entry(
        self,
        entry_id: int,
        questionnaire: Questionnaire,
        changes: Mapping[str, Any],
        *,
        at: datetime | None,
        now: datetime,
    ) -> None:
        store_data.update_entry(self._session, entry_id, questionnaire, changes, at=at, now=now)

    def delete_entry(self, entry_id: int, *, repair: str = "delete") -> list[int]:
        return store_data.delete_entry(self._session, entry_id, repair=repair)
