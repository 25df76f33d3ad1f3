"""What the journal holds, as plain frozen records: people, entries and their answers.

Storage returns these and everything else reads them, so the core and the views never
depend on how or where the journal is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple


@dataclass(frozen=True)
class PersonRef:
    """A `person` answer: someone already in the journal (id set) or someone to add (role set)."""

    name: str
    id: int | None = None
    role: str | None = None

    @property
    def is_new(self) -> bool:
        return self.id is None


class PersonRecord(NamedTuple):
    """A person entries can be about, as stored: name, role, birth date, how many entries."""

    id: int
    name: str
    role: str
    born: date | None
    entry_count: int = 0

    def ref(self) -> PersonRef:
        return PersonRef(name=self.name, id=self.id, role=self.role)


class AnswerRecord(NamedTuple):
    """One answer of an entry, as stored: question id, its text then, its kind, the value."""

    question_id: str
    question_text: str
    kind: str
    value: Any


class EntryRecord(NamedTuple):
    """One entry, as stored: its kind, when it happened, whom it is about, and its answers."""

    id: int
    uid: str
    kind: str
    at: datetime  # aware UTC; when it happened
    created_at: datetime | None  # when it was written; None: not known (older imports)
    updated_at: datetime | None
    person_id: int | None
    person: str | None
    rupture_id: int | None
    no_repair_needed: bool
    answers: tuple[AnswerRecord, ...] = ()
    # What storage remembers of its free text and harm (core/safety: `remembered`); None: unknown
    care: str | None = None
    # The database role that wrote it, on a journal on a server; None in a file (one author).
    author: str | None = None
    # Shared with the household's other members (a server only; a file's entries never are).
    shared: bool = False

    def answer(self, question_id: str, default: Any = None) -> Any:
        for item in self.answers:
            if item.question_id == question_id:
                return item.value
        return default

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uid": self.uid,
            "kind": self.kind,
            "at": self.at.isoformat(),
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
            "who": self.person,
            "rupture_id": self.rupture_id,
            "no_repair_needed": self.no_repair_needed if self.kind == "rupture" else None,
            "answers": {
                a.question_id: {"question": a.question_text, "kind": a.kind, "value": a.value}
                for a in self.answers
            },
        }
