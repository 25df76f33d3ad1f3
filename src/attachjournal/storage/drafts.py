"""Answers typed for a save that failed, kept privately until the next check-in offers them back.

A draft lives in a hidden folder beside the journal (0700), one file per failed save (0600).
When the journal was encrypted when the command opened it, the draft is a small SQLCipher
database keyed with the same passphrase; otherwise it is plain JSON, and the person is told
so when the journal has since been encrypted. A draft is removed once its answers are saved
or the person throws it away.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attachjournal.core.questionnaire import Asker, PersonRef
from attachjournal.errors import AttachError, JournalError, NotSavedError
from attachjournal.paths import Location, ensure_private_dir
from attachjournal.storage import sealed
from attachjournal.storage.files import inspect_path

if TYPE_CHECKING:
    from attachjournal.storage.store import Journal


@dataclass(frozen=True)
class Draft:
    """A failed save's answers, read back from its draft file to be offered again."""

    path: Path
    command: str  # reflect | repair
    answers: dict[str, Any]
    of: int | None  # the rupture a repair belongs to, when it already exists
    at: datetime | None


def folder(journal: Location) -> Path:
    if isinstance(journal, str):
        # A journal on a server has no folder of its own here: its drafts wait in the data
        # folder, one folder for each server URL (named by its hash, never by the URL).
        from attachjournal.paths import data_dir, journal_state_file

        return data_dir() / "server-drafts" / journal_state_file(journal, "x").name
    return journal.parent / f".{journal.name}.drafts"


def keep(
    journal: Location,
    command: str,
    answers: dict[str, Any],
    *,
    at: datetime | None = None,
    of: int | None = None,
    passphrase: str | None = None,
) -> tuple[Path, bool] | None:
    """Write the draft; (its path, whether it is encrypted), or None if it could not be kept."""
    body = json.dumps(
        {
            "command": command,
            "of": of,
            "at": at.isoformat() if at else None,
            "answers": {k: _plain(v) for k, v in answers.items()},
        },
        ensure_ascii=False,
    )
    # Time first so drafts sort oldest first; a random tail so two failures never collide.
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f") + "-" + os.urandom(4).hex()
    try:
        ensure_private_dir(folder(journal))
        os.chmod(folder(journal), 0o700)
        if passphrase is not None:
            target = folder(journal) / f"{command}-{stamp}.db"
            sealed.write(target, body, passphrase)
            return target, True
        target = folder(journal) / f"{command}-{stamp}.json"
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body)
            handle.flush()
            os.fsync(handle.fileno())
        return target, False
    except Exception:  # a full disk may refuse the draft too; the caller says so
        return None


def waiting(journal: Location, command: str) -> list[Path]:
    place = folder(journal)
    if not place.is_dir():
        return []
    return sorted(p for p in place.iterdir() if p.name.startswith(f"{command}-") and p.is_file())


def load(path: Path, passphrase: str | None = None) -> Draft | None:
    """The draft's answers; None when it can't be read (then it is left where it is)."""
    try:
        if path.suffix == ".db":
            if passphrase is None:
                return None
            text = sealed.read(path, passphrase)
        else:
            text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        answers = {k: _revived(v) for k, v in data["answers"].items()}
        at = datetime.fromisoformat(data["at"]) if data.get("at") else None
        return Draft(path, data["command"], answers, data.get("of"), at)
    except Exception:
        return None


def discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _passphrase(path: Location, journal: Journal | None) -> str | None:
    """The key a draft is kept with: the journal's; for a journal on a server (which keeps
    no key here), the local journal's when that one is encrypted, as the outbox does."""
    if isinstance(path, str):
        from attachjournal.storage.sealed import FOR_DRAFT, local_passphrase

        return local_passphrase(FOR_DRAFT)
    return journal.passphrase if journal is not None else None


def _plain(value: Any) -> Any:
    if isinstance(value, PersonRef):
        return {"person": value.name, "role": value.role if value.is_new else None}
    return value


def _revived(value: Any) -> Any:
    if isinstance(value, dict) and "person" in value:
        if value.get("role"):
            return PersonRef(name=value["person"], role=value["role"])
        return value["person"]
    return value


# ----------------------------------------------------------------------------- for the flows


def keep_typed(
    exc: JournalError | NotSavedError,
    path: Location,
    command: str,
    answers: Mapping[str, Any],
    journal: Journal | None,
    *,
    at: datetime | None = None,
    of: int | None = None,
) -> None:
    """Typed answers outlive a failed save: kept in a private draft, and the hint says where."""
    if not answers:
        return
    try:
        passphrase = _passphrase(path, journal)
    except AttachError:  # the local journal is encrypted and its passphrase can't be had
        kept = None
    else:
        kept = keep(path, command, dict(answers), at=at, of=of, passphrase=passphrase)
    if kept is None:
        note = "Your typed answers could not be kept as a draft either."
    else:
        where, encrypted = kept
        note = (
            f"Your typed answers are kept in a private draft ({where}); the next "
            f"attach {command} offers them back."
        )
        try:
            encrypted_now = isinstance(path, Path) and inspect_path(path) == "encrypted"
        except JournalError:
            encrypted_now = False
        if not encrypted and encrypted_now:
            note += " The draft is not encrypted: the journal was not when you began."
    exc.hint = f"{exc.hint} {note}" if exc.hint else note


def offer(
    path: Location, command: str, asker: Asker | None, journal: Journal | None
) -> Draft | None:
    """Answers a failed save left behind, if the person wants to start from them."""
    if asker is None:
        return None
    found = waiting(path, command)
    if not found:
        return None
    try:
        draft = load(found[-1], _passphrase(path, journal))
    except AttachError:
        draft = None
    if draft is None:
        return None
    choice = asker.choose(
        f"Answers from an earlier attach {command} could not be saved then. Start from them?",
        [
            ("use", "yes, start from those answers"),
            ("later", "not now, keep them for later"),
            ("discard", "no, throw them away"),
        ],
        default="use",
    )
    if choice == "discard":
        discard(draft.path)
    return draft if choice == "use" else None
