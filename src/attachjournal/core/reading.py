"""What the core reads from a journal, as a Protocol: the storage Reader fits it, and so does
any small stand-in a test writes. The core never opens a journal itself; the caller opens
one (`with journal.read() as reader`) and passes the reader in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from attachjournal.core.records import EntryRecord, PersonRecord


class EntriesReader(Protocol):
    """The reads the review and patterns make: one range query, the repairs, the people."""

    def entries_between(
        self,
        start: datetime,
        end: datetime,
        kinds: Sequence[str] | None = None,
        question_ids: Sequence[str] | None = None,
    ) -> list[EntryRecord]: ...

    def repairs_for(
        self, rupture_ids: Sequence[int], question_ids: Sequence[str] | None = None
    ) -> dict[int, EntryRecord]: ...

    def first_entry_at(self) -> datetime | None: ...

    def list_people(self) -> list[PersonRecord]: ...

    def people_roles(self, person_ids: Sequence[int]) -> dict[str, str]: ...

    def find_person(self, name: str) -> PersonRecord: ...
