"""What waits in a server's outbox on this device, for the person to look at: listed by number
(oldest first, as they will be delivered), one read back in its own words, or one discarded.

Nothing here reaches the server: the outbox is on this device, and looking at it must work
while the server is away (and must not deliver what the person is about to read). A parcel
the server refused waits here until the person discards it; its note says why.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from attachjournal.core.records import AnswerRecord
from attachjournal.errors import JournalError, NotFoundError
from attachjournal.storage import outbox, sealed


@dataclass(frozen=True)
class KeptEntry:
    """One entry waiting on this device: what it is, when, and whether the server refused it."""

    number: int  # its place in the list, oldest first (1: delivered first)
    kind: str  # reflect, rupture, repair, intention
    at: datetime  # when it happened
    kept_at: datetime  # when this device kept it
    refused: str | None  # the server's reason, when it refused it; None: waiting
    change: bool  # a change to an entry already on the server, not a new entry
    person: str | None  # whom it is about, by name
    answers: tuple[AnswerRecord, ...]  # the person's own words: shown by `outbox show` only
    uid: str  # the uid it will land under
    rupture_uid: str | None  # a repair's rupture, when that rupture waits here too
    rupture_id: int | None = None  # a repair's rupture, already on the server


def kept(url: str) -> list[KeptEntry]:
    """Everything waiting for this server, numbered. An encrypted outbox asks for the local
    journal's passphrase (sealed.LocalLocked when none opens it)."""
    found = outbox.parcels(url)
    if not found:
        return []
    passphrase = None
    if any(p.suffix == ".db" for p in found):
        try:
            passphrase = sealed.local_passphrase(sealed.FOR_READING)
        except sealed.LocalLocked as locked:
            from attachjournal.storage.encryption import HOW_TO_GIVE

            raise JournalError(
                "What waits in this device's outbox is encrypted with the journal on this "
                f"device, and {locked.message}. Nothing was changed.",
                hint=HOW_TO_GIVE,
            ) from None
    return [_entry(number, path, passphrase) for number, path in enumerate(found, start=1)]


def one(url: str, number: int) -> KeptEntry:
    entries = kept(url)
    if not 1 <= number <= len(entries):
        raise NotFoundError(_nothing_numbered(number, len(entries)))
    return entries[number - 1]


def discard(url: str, number: int) -> list[KeptEntry]:
    """Remove one waiting entry for good (and a repair waiting with a discarded rupture: it
    could never land without it); what went, the asked one first."""
    entries = kept(url)
    if not 1 <= number <= len(entries):
        raise NotFoundError(_nothing_numbered(number, len(entries)))
    going = [entries[number - 1]]
    if going[0].kind == "rupture" and not going[0].change:
        going += [e for e in entries if e.rupture_uid == going[0].uid]
    paths = outbox.parcels(url)
    for entry in going:
        path = paths[entry.number - 1]
        path.unlink(missing_ok=True)
        path.with_name(path.name + outbox.REFUSED).unlink(missing_ok=True)
    return going


def _nothing_numbered(number: int, count: int) -> str:
    if count == 0:
        return "Nothing waits in this device's outbox."
    return f"Nothing is numbered {number} in this device's outbox (attach outbox lists them)."


def _entry(number: int, path: Path, passphrase: str | None) -> KeptEntry:
    parcel = outbox.load(path, passphrase)
    texts = {qid: (kind, text) for qid, kind, text in parcel.questions}
    person = None
    answers = []
    for qid, value in parcel.answers.items():
        kind, text = texts.get(qid, ("text", qid))
        if isinstance(value, dict) and "person" in value:
            value = person = str(value["person"])
        answers.append(AnswerRecord(qid, text, kind, "(removed)" if value is None else value))
    refused = None
    with contextlib.suppress(OSError):
        refused = path.with_name(path.name + outbox.REFUSED).read_text(encoding="utf-8").strip()
    return KeptEntry(
        number=number,
        kind=parcel.kind,
        at=parcel.at,
        kept_at=datetime.fromtimestamp(path.stat().st_mtime, timezone.utc),
        refused=refused or None,
        change=parcel.changes_uid is not None,
        person=person,
        answers=tuple(answers),
        uid=parcel.uid,
        rupture_uid=parcel.rupture_uid,
        rupture_id=parcel.rupture_id,
    )
