"""Backups through SQLite's VACUUM INTO, and checking one. Never a file copy of a live journal.

VACUUM INTO writes the journal into a new file inside one read transaction, so the copy is
consistent even while another attach process is writing (the journal is in WAL mode: the
writer carries on, the copy sees the moment it started). It leaves freed pages behind, so
text deleted before the backup is not in it, and it keeps an encrypted journal encrypted.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from attachjournal.errors import JournalError, UsageError
from attachjournal.paths import ensure_private_dir
from attachjournal.storage.connection import db_errors

if TYPE_CHECKING:
    from attachjournal.storage.encryption import PassphraseSource
    from attachjournal.storage.store import Journal

PREFIX = "attach-backup-"
_NAME = re.compile(r"^attach-backup-(\d{4}-\d{2}-\d{2}_\d{6})(?:-(\d+))?\.db$")


@dataclass(frozen=True)
class BackupResult:
    """A backup written: its file, the entries in it, and the older backups removed."""

    path: Path
    entries: int
    removed: tuple[Path, ...]


def default_folder(journal_path: Path) -> Path:
    return journal_path.parent / "backups"


def backup_name(now: datetime, folder: Path) -> Path:
    """attach-backup-2026-11-20_193012.db (UTC), with -2, -3 ... if that second is taken."""
    stamp = now.astimezone(timezone.utc).strftime("%Y-%m-%d_%H%M%S")
    candidate = folder / f"{PREFIX}{stamp}.db"
    number = 2
    while candidate.exists():
        candidate = folder / f"{PREFIX}{stamp}-{number}.db"
        number += 1
    return candidate


def copy_database(source: sqlite3.Connection, name_for: Callable[[int], Path]) -> tuple[Path, int]:
    """Copy a live database into a new private file; returns (its path, its entry count).

    VACUUM INTO runs inside one read transaction through the journal's own connection, so the
    copy is consistent while another attach writes, leaves freed pages (deleted text) behind,
    and stays encrypted with the same key and salt when the journal is encrypted. The copy is
    made under a temporary name of its own and then given the first free name_for(1, 2, ...)
    atomically, so two copies made in the same second never meet.
    """
    from attachjournal.storage import leftovers

    partial, fd = leftovers.new_partial(name_for(1))
    os.close(fd)  # VACUUM INTO accepts an empty file: creating it first fixes its mode at 0600
    try:
        source.execute("VACUUM INTO ?", (str(partial),))
        # Attached without a key, an encrypted copy opens with the journal's own key.
        source.execute("ATTACH DATABASE ? AS backup_copy", (str(partial),))
        try:
            check = source.execute("PRAGMA backup_copy.quick_check").fetchone()[0]
            entries = source.execute("SELECT count(*) FROM backup_copy.entry").fetchone()[0]
        finally:
            source.execute("DETACH DATABASE backup_copy")
        if check != "ok":
            raise JournalError("The copy did not pass SQLite's check; nothing of it was kept.")
        return _claim(partial, name_for), entries
    finally:
        partial.unlink(missing_ok=True)


def _claim(partial: Path, name_for: Callable[[int], Path]) -> Path:
    """Give a finished copy the first free name, never replacing a file that has it."""
    number = 1
    while True:
        candidate = name_for(number)
        number += 1
        try:
            os.link(partial, candidate)
            return candidate
        except FileExistsError:
            continue
        except OSError:
            # A file system without hard links: reserve the name, then move in (below).
            pass
        try:
            fd = os.open(
                candidate,
                os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0),
                0o600,
            )
        except FileExistsError:
            continue
        os.close(fd)
        os.replace(partial, candidate)
        return candidate


def make_backup(journal: Journal, folder: Path, now: datetime, keep: int) -> BackupResult:
    """Back the journal up into folder and keep only the newest `keep` backups there."""
    from attachjournal.storage import leftovers

    if keep < 1:
        raise UsageError("--keep needs to be at least 1.")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder for backups.")
    ensure_private_dir(folder)
    # Copies a killed backup left hold journal text (deleted text too): they go first.
    leftovers.remove(leftovers.stale_partials(folder, PREFIX))
    stamp = now.astimezone(timezone.utc).strftime("%Y-%m-%d_%H%M%S")

    def name_for(number: int) -> Path:
        return folder / (f"{PREFIX}{stamp}.db" if number == 1 else f"{PREFIX}{stamp}-{number}.db")

    with contextlib.closing(journal.connect()) as conn:
        try:
            target, entries = copy_database(conn, name_for)
        except db_errors() as exc:
            raise JournalError(f"Couldn't make the backup ({failure_words(exc)}).") from None
        except OSError as exc:
            raise JournalError(
                f"Couldn't make the backup ({exc.strerror or type(exc).__name__})."
            ) from None
    return BackupResult(path=target, entries=entries, removed=tuple(prune(folder, keep)))


def list_backups(folder: Path) -> list[Path]:
    """attach's own backups in folder, oldest first (other files are never touched)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match and path.is_file():
            found.append(((match.group(1), int(match.group(2) or 1)), path))
    return [path for _, path in sorted(found)]


def prune(folder: Path, keep: int) -> list[Path]:
    backups = list_backups(folder)
    removed = backups[: max(0, len(backups) - keep)]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def check_backup(path: Path, passphrase: PassphraseSource | None = None) -> int:
    """Refuse anything that is not a whole, readable attach journal; return its schema version."""
    from attachjournal.storage.files import inspect_path
    from attachjournal.storage.migrations import LATEST

    if not path.exists():
        raise UsageError(f"There is no file at {path}.")
    if path.is_dir():
        # Said here, not by the journal's own check: that one points at --db, not at FILE.
        raise UsageError(
            f"{path} is a folder: give one backup file from it (named attach-backup-DATE.db)."
        )
    state = inspect_path(path)
    if state not in ("journal", "encrypted"):
        raise JournalError(f"{path} is empty, not an attach backup.")
    try:
        conn = _open_backup(path, encrypted=state == "encrypted", passphrase=passphrase)
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except db_errors() as exc:
        raise JournalError(
            f"Can't read {path} ({failure_words(exc)}); nothing was restored."
        ) from None
    if result != ["ok"]:
        raise JournalError(
            f"{path} is damaged (SQLite's integrity check failed); nothing restored."
        )
    if version < 1:
        raise JournalError(f"{path} has no journal in it; nothing was restored.")
    if version > LATEST:
        raise JournalError(
            f"{path} was written by a newer attach (schema {version}); please upgrade first."
        )
    return version


def _open_backup(
    path: Path, *, encrypted: bool, passphrase: PassphraseSource | None
) -> sqlite3.Connection:
    if not encrypted:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    from attachjournal.storage import encryption

    key = encryption.unlock(path, passphrase)  # a wrong or missing one stops here, clearly
    return encryption.connect(path, key)


def failure_words(exc: Exception) -> str:
    """A copy that failed, in plain words (busy, disk full, or the kind of error)."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "the journal is busy in another attach process; please try again in a moment"
    if "full" in text:
        return "the disk is full"
    return type(exc).__name__
