"""The export document, and writing a journal into one (import_attach and import_jrnl read
files back in). Pure: no database, no terminal.

One JSON document carries a whole journal (or a filtered part of it):

    {"format": "attachjournal-export", "format_version": 1, "schema_version": 4,
     "people": [{"key", "name", "role", "born", "created_at"}],
     "entries": [{"uid", "kind", "at", "created_at", "updated_at", "person", "rupture",
                  "no_repair_needed", "shared", "answers": [{"id", "question", "kind",
                  "value"}]}]}

Times are ISO 8601 in UTC with their offset. An entry's `at` is when it happened and its
`created_at` when it was written: null when that is not known (older files may leave it out). People are named by a stable key, so a renamed
person is still recognised; a person answer holds that key; a repair names its rupture's uid.
`shared` (true) is written only for a rupture or repair shared on a server, so an export from
a server that goes back to one keeps it shared; a file's entries never carry it.
Nothing in it depends on the moment of export, so export -> import -> export is identical.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from attachjournal.core.vocabulary import ENTRY_KINDS as ENTRY_KINDS
from attachjournal.core.vocabulary import ROLES as ROLES

# The document's shared parts and its two importers live beside this module; the commands
# and tests name them here (exchange.parse_document), the one way into the format.
from attachjournal.formats.document import FORMAT as FORMAT
from attachjournal.formats.document import FORMAT_VERSION as FORMAT_VERSION
from attachjournal.formats.document import MAX_PROBLEMS_SHOWN as MAX_PROBLEMS_SHOWN
from attachjournal.formats.document import ImportRefused as ImportRefused
from attachjournal.formats.import_attach import parse_document as parse_document
from attachjournal.formats.import_jrnl import JRNL_QUESTIONS as JRNL_QUESTIONS
from attachjournal.formats.import_jrnl import parse_jrnl as parse_jrnl

if TYPE_CHECKING:
    from attachjournal.storage import Dump, PersonRow


# ----------------------------------------------------------------------------- export


def iso(moment: datetime | None) -> str | None:
    return moment.astimezone(timezone.utc).isoformat() if moment is not None else None


def person_fields(person: PersonRow) -> dict[str, Any]:
    """A person as the document holds them (the streamed JSON writes the same)."""
    return {
        "key": person.uid,
        "name": person.name,
        "role": person.role,
        "born": person.born.isoformat() if person.born else None,
        "created_at": iso(person.created_at),
    }


def to_document(dump: Dump, schema_version: int) -> dict[str, Any]:
    keys = {p.id: p.uid for p in dump.all_people or dump.people}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": schema_version,
        "people": [person_fields(p) for p in dump.people],
        "entries": [
            {
                "uid": e.uid,
                "kind": e.kind,
                "at": iso(e.at),
                "created_at": iso(e.created_at),
                "updated_at": iso(e.updated_at),
                "person": keys.get(e.person_id) if e.person_id is not None else None,
                "rupture": e.rupture_uid,
                "no_repair_needed": e.no_repair_needed,
                **({"shared": True} if e.shared else {}),
                "answers": [
                    {
                        "id": a.question_id,
                        "question": a.question_text,
                        "kind": a.kind,
                        "value": keys.get(a.value) if a.kind == "person" else a.value,
                    }
                    for a in e.answers
                ],
            }
            for e in dump.entries
        ],
    }


def redaction_labels(people: Sequence[PersonRow]) -> dict[str, str]:
    """Person key -> 'child 1', 'partner 1', ... numbered per role in name order."""
    counters: dict[str, int] = {}
    labels = {}
    for person in sorted(people, key=lambda p: (p.name.casefold(), p.uid)):
        counters[person.role] = counters.get(person.role, 0) + 1
        labels[person.uid] = f"{person.role} {counters[person.role]}"
    return labels


class Redaction:
    """Names replaced by role and number, one person or one answer at a time (so a streamed
    export redacts each entry as it goes by): in the people, in free text (as a whole word,
    any case) and in note tags; birth dates are left out. Built from everyone in the journal,
    so a name is caught in text even where its person is not in the export."""

    def __init__(self, people: Sequence[PersonRow]) -> None:
        self.labels = redaction_labels(people)
        names = sorted(((p.name, self.labels[p.uid]) for p in people), key=lambda n: -len(n[0]))
        self._patterns = [
            (re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE), label)
            for name, label in names
        ]

    def scrub(self, text: str) -> str:
        for pattern, label in self._patterns:
            text = pattern.sub(label, text)
        return text

    def person(self, person: dict[str, Any]) -> dict[str, Any]:
        """A person of the document, its name replaced and its birth date left out."""
        return dict(person, name=self.labels.get(person["key"], person["role"]), born=None)

    def value(self, kind: str, value: Any) -> Any:
        """An answer's value as the document holds it, with the names in its words replaced."""
        if kind == "text" and isinstance(value, str):
            return self.scrub(value)
        if kind == "multi" and isinstance(value, list):
            return [self.scrub(v) if isinstance(v, str) else v for v in value]
        return value


def redact(document: dict[str, Any], people: Sequence[PersonRow]) -> dict[str, Any]:
    """A copy with every name replaced by role and number, also where a name is written in
    free text (as a whole word, any case) and in note tags; birth dates are left out."""
    redaction = Redaction(people)
    out = dict(document)
    out["people"] = [redaction.person(p) for p in document["people"]]
    out["entries"] = [
        dict(
            entry,
            answers=[
                dict(answer, value=redaction.value(answer["kind"], answer["value"]))
                for answer in entry["answers"]
            ],
        )
        for entry in document["entries"]
    ]
    return out
