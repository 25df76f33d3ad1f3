"""Entries written while the journal's server was away, kept on this device until it answers.

When a save to a server cannot reach it after the answers were given, each entry of that save
becomes a parcel: one file in the data folder (`outbox/<a hash of what names the journal: its
host, port, database and role>/`, 0700, so another spelling of its URL finds the same), written
atomically and 0600 by the private-file helper, or as a small SQLCipher database keyed with
the local journal's passphrase when that journal (the file in the data folder) is encrypted.
Every command that opens the server's journal first delivers what waits, oldest first, each
parcel in its own transaction, under the uid it was kept with: a crash between the server's
commit and the file's removal leaves a parcel whose uid is already there, and delivering it
again adds nothing. A change to an entry already there (a check-in answered again, an edit)
is a parcel too, naming that entry's uid: delivered, it stamps the entry's `updated_at` with
the moment it was typed, so delivering it again finds that stamp and does nothing, and a
change made since on another device (a later stamp) is never overwritten by an older one.
A parcel the server refuses (the person it names was removed, say) stays,
with a note of why beside it, for `attach doctor` to tell.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attachjournal.core.records import PersonRef
from attachjournal.errors import (
    AttachError,
    JournalError,
    KeptForLater,
    NotSavedError,
    ServerAwayError,
)
from attachjournal.storage import sealed

if TYPE_CHECKING:
    from attachjournal.core.prompts import Questionnaire
    from attachjournal.storage.server.journal import ServerJournal

REFUSED = ".refused"  # the note beside a parcel the server refused: why, never its text
# How many parcels this command delivered (one process is one command), for its one line;
# and how many the server has refused, waiting for the person (`attach outbox`).
_delivered = 0
_refused = 0


@dataclass(frozen=True)
class Parcel:
    """One entry waiting for the server: what add_entry needs, in plain values."""

    uid: str
    kind: str  # the questionnaire's name: reflect, rupture, repair
    questions: tuple[tuple[str, str, str], ...]  # (id, kind, text) as they were asked
    answers: dict[str, Any]  # a person answer as {"person": name, "role": role if new}
    at: datetime
    now: datetime
    shared: bool = False
    rupture_id: int | None = None  # the rupture a repair belongs to, already on the server
    rupture_uid: str | None = None  # ... or waiting in the outbox with it
    no_repair_needed: bool = False
    # A change to an entry already on the server, not a new one: the entry's uid; with
    # `replace` its answers are all replaced (a check-in answered again), else only these
    # change (attach edit; None removes one), and with `moved` its time becomes `at`.
    changes_uid: str | None = None
    replace: bool = False
    moved: bool = False


@dataclass(frozen=True)
class Waiting:
    """What waits in a server's outbox, for the doctor: how many, since when, refused ones."""

    count: int = 0
    oldest: datetime | None = None
    refused: tuple[str, ...] = field(default=())  # the server's reasons, one per refused parcel
    locked: int = 0  # kept encrypted, and no passphrase to read them with now


def parcel(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    *,
    uid: str,
    at: datetime,
    now: datetime,
    shared: bool = False,
    rupture_id: int | None = None,
    rupture_uid: str | None = None,
    no_repair_needed: bool = False,
    changes_uid: str | None = None,
    replace: bool = False,
    moved: bool = False,
) -> Parcel:
    questions = tuple((q.id, q.kind, q.text) for q in questionnaire.all_questions)
    plain = {k: _plain(v) for k, v in answers.items()}
    return Parcel(
        uid, questionnaire.name, questions, plain, at, now, shared, rupture_id, rupture_uid,
        no_repair_needed, changes_uid, replace, moved,
    )  # fmt: skip


def folder(url: str) -> Path:
    """The journal's outbox folder, named by what names the journal (host, port, database,
    role), so that another spelling of the same URL (sslmode added, say) finds the same."""
    from attachjournal.paths import data_dir, journal_state_file
    from attachjournal.storage.server.urls import journal_key

    return data_dir() / "outbox" / journal_state_file("j:" + journal_key(url), "x").name


def _older_folder(url: str) -> Path:
    """Where an earlier attach kept this URL's parcels: a folder named by its exact text."""
    from attachjournal.paths import data_dir, journal_state_file

    return data_dir() / "outbox" / journal_state_file(url, "x").name


def _move_older(url: str, place: Path) -> None:
    """Parcels an older attach kept under the URL's exact text move, once, to the journal's
    folder (same names: the order they are delivered in stays), and the old folder goes."""
    from attachjournal.paths import ensure_private_dir

    older = _older_folder(url)
    if older == place:
        return
    try:
        names = os.listdir(older)
    except OSError:
        return  # the usual case: nothing kept the old way
    ensure_private_dir(place)
    os.chmod(place, 0o700)
    for name in names:
        with contextlib.suppress(OSError):
            os.replace(older / name, place / name)
    with contextlib.suppress(OSError):
        older.rmdir()


# ----------------------------------------------------------------------------- keeping


def keep_typed(
    exc: AttachError, location: Any, entries: Sequence[Parcel], what: str
) -> KeptForLater | NotSavedError | None:
    """A save the server could not take: its entries kept, and the one line that says so (or,
    when the journal on this device is encrypted and no passphrase typed opens it, the line
    saying nothing was kept).

    None when the failure is not the server being away (or the outbox could not keep them):
    then the caller goes on as for any failed save.
    """
    if not isinstance(exc, ServerAwayError) or not isinstance(location, str) or not entries:
        return None
    try:
        if not keep(location, entries):
            return None
    except sealed.LocalLocked as locked:
        # Kept unencrypted it would sit in plain text beside an encrypted journal: never. Said
        # plainly instead, so nobody believes it waits somewhere.
        return NotSavedError(
            f"Your {what} was NOT saved: the server could not be reached, and it could not be "
            f"kept on this device either ({locked.message}; what belongs with an encrypted "
            "journal is never kept unencrypted). Nothing was written."
        )
    return KeptForLater(
        f"The server could not be reached, so your {what} is kept on this device (privately) "
        "and will be delivered the next time attach reaches the server.",
        "attach outbox shows what waits there.",
    )


def keep(url: str, parcels: Sequence[Parcel]) -> bool:
    """Keep the parcels, oldest first; whether all of them could be kept."""
    from attachjournal.paths import ensure_private_dir

    passphrase = sealed.local_passphrase()  # LocalLocked: the caller says so
    try:
        place = folder(url)
        ensure_private_dir(place)
        os.chmod(place, 0o700)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
        for position, item in enumerate(parcels):
            name = f"{stamp}-{position:02d}-{item.uid}"  # a rupture sorts before its repair
            _write(place / name, _body(item), passphrase)
        return True
    except Exception:  # a full disk, no passphrase: the caller says it could not be kept
        return False


def _write(target: Path, body: str, passphrase: str | None) -> None:
    from attachjournal.storage.private_files import write_private

    if passphrase is None:
        write_private(target.with_suffix(".json"), body)
        return
    # Written whole under a hidden name, then renamed: never half a parcel under its own name.
    partial = target.parent / f".{target.name}.partial"
    partial.unlink(missing_ok=True)
    try:
        sealed.write(partial, body, passphrase)
        os.replace(partial, target.with_suffix(".db"))
    finally:
        partial.unlink(missing_ok=True)


def _body(item: Parcel) -> str:
    data = {
        **item.__dict__,
        "questions": [list(q) for q in item.questions],
        "at": item.at.isoformat(),
        "now": item.now.isoformat(),
    }
    return json.dumps(data, ensure_ascii=False)


def _plain(value: Any) -> Any:
    if isinstance(value, PersonRef):
        return {"person": value.name, "role": value.role if value.is_new else None}
    return value


# ----------------------------------------------------------------------------- reading


def parcels(url: str) -> list[Path]:
    """The parcel files waiting for this server, oldest first (two stats when there are none:
    this journal's folder, and the one an earlier attach named by the URL's text)."""
    place = folder(url)
    _move_older(url, place)
    try:
        names = sorted(os.listdir(place))
    except OSError:
        return []
    return [place / n for n in names if n.endswith((".json", ".db")) and not n.startswith(".")]


def load(path: Path, passphrase: str | None) -> Parcel:
    if path.suffix == ".db":
        if passphrase is None:
            raise JournalError("The local journal's passphrase is needed.")
        text = sealed.read(path, passphrase)
    else:
        text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    data["questions"] = tuple(tuple(q) for q in data["questions"])
    data["at"] = datetime.fromisoformat(data["at"])
    data["now"] = datetime.fromisoformat(data["now"])
    return Parcel(**data)


def waiting(url: str) -> Waiting:
    """What waits for this server, read without a passphrase (file times, refusal notes)."""
    found = parcels(url)
    if not found:
        return Waiting()
    refused = []
    for path in found:
        note = path.with_name(path.name + REFUSED)
        with contextlib.suppress(OSError):
            refused.append(note.read_text(encoding="utf-8").strip())
    oldest = min(p.stat().st_mtime for p in found)
    return Waiting(
        count=len(found),
        oldest=datetime.fromtimestamp(oldest, timezone.utc),
        refused=tuple(refused),
        locked=sum(1 for p in found if p.suffix == ".db"),
    )


# ----------------------------------------------------------------------------- delivering


def deliver(journal: ServerJournal) -> int:
    """Deliver what waits for this journal's server, each in its own transaction; how many
    landed. Never fails the command that opened the journal: what can't go yet stays."""
    found = parcels(journal.url)
    if not found:
        return 0
    passphrase = None
    if any(p.suffix == ".db" for p in found):
        with contextlib.suppress(AttachError):
            passphrase = sealed.local_passphrase(sealed.FOR_READING)
    landed = 0
    for path in found:
        try:
            item = load(path, passphrase)
        except Exception:
            continue  # locked without its passphrase, or unreadable: it stays for the doctor
        try:
            with journal.write(failed="A kept entry was not delivered") as writer:
                landed_now = writer.deliver(item)  # False: it had landed before a crash
        except ServerAwayError:
            break  # away again: the rest waits for the next command
        except AttachError as exc:
            _note_refusal(path, exc.message)
            continue
        except Exception as exc:  # never the command's failure: the parcel waits, noted
            _note_refusal(path, f"attach could not deliver it ({type(exc).__name__}).")
            continue
        # Committed: only now does the file go. A crash right here leaves it, and the uid
        # makes the next delivery a no-op that removes it.
        path.unlink(missing_ok=True)
        path.with_name(path.name + REFUSED).unlink(missing_ok=True)
        landed += landed_now
    global _delivered, _refused
    _delivered += landed
    _refused = sum(1 for p in parcels(journal.url) if p.with_name(p.name + REFUSED).exists())
    return landed


def delivered() -> int:
    """How many parcels were delivered since last asked (the command says it once)."""
    global _delivered
    count, _delivered = _delivered, 0
    return count


def refused() -> int:
    """How many kept entries the server refused, as this command found them (said once)."""
    global _refused
    count, _refused = _refused, 0
    return count


def _note_refusal(path: Path, reason: str) -> None:
    from attachjournal.storage.private_files import write_private

    if not path.exists():
        return  # another attach delivered it meanwhile (its uid was already there)
    with contextlib.suppress(Exception):
        write_private(path.with_name(path.name + REFUSED), reason + "\n")
