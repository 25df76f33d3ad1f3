"""Restoring a backup: the current journal is kept aside, then the checked backup swapped in.

The whole swap runs under the folder's exclusive lock, so saves in other attach processes
wait and then land in the restored journal; none is acknowledged and lost.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from attachjournal.errors import JournalError, UsageError
from attachjournal.paths import ensure_private_dir
from attachjournal.storage.backup import check_backup, copy_database, failure_words
from attachjournal.storage.connection import db_errors

if TYPE_CHECKING:
    from attachjournal.storage.encryption import PassphraseSource


@dataclass(frozen=True)
class RestoreResult:
    """A restore done: the backup it came from, where the old journal was kept, its entries."""

    restored_from: Path
    kept_aside: Path | None
    entries: int


def restore(
    journal_path: Path,
    backup: Path,
    now: datetime,
    tell: Callable[[str], None] | None = None,
    passphrase: PassphraseSource | None = None,
) -> RestoreResult:
    """Replace the journal with a checked backup; the current journal is copied aside first.

    The whole swap runs under the folder's exclusive lock: saves in other attach processes
    wait for it and then land in the restored journal, so none is acknowledged and lost.
    An encrypted journal stays encrypted when a backup from before the encryption comes back.
    """
    from attachjournal.storage import leftovers, store

    # Through a link, the real file is replaced and the link stays.
    journal_path = Path(os.path.realpath(journal_path.expanduser()))
    backup = backup.expanduser()
    check_backup(backup, passphrase)
    if journal_path.exists():
        # A journal from a newer attach is not damaged: it is refused before anything moves.
        store.refuse_newer_journal(journal_path)
    if journal_path.exists() and backup.resolve() == journal_path:
        raise UsageError("That file is the journal itself; choose a backup file.")
    with leftovers.exclusive(journal_path, store.busy_timeout_ms()):
        return _restore_locked(journal_path, backup, now, tell, passphrase)


def _restore_locked(
    journal_path: Path,
    backup: Path,
    now: datetime,
    tell: Callable[[str], None] | None,
    passphrase: PassphraseSource | None,
) -> RestoreResult:
    from attachjournal.storage import store

    damaged = False
    try:
        current = store.open_journal(journal_path, create=False, passphrase=passphrase)
    except JournalError:
        if not _ours(journal_path):
            raise
        current, damaged = None, True  # a damaged journal is what restore is for
    stamp = now.astimezone(timezone.utc).strftime("%Y-%m-%d_%H%M%S")

    def aside_name(number: int) -> Path:
        suffix = "" if number == 1 else f"-{number}"
        return journal_path.with_name(f"{journal_path.name}.before-restore-{stamp}{suffix}")

    kept_aside = None
    journal_state = store.inspect_path(journal_path) if current is not None else "missing"
    if current is not None:
        try:
            with contextlib.closing(current.connect()) as conn:
                kept_aside, _ = copy_database(conn, aside_name)
                # Everything into the file itself: a restore killed while it swaps files then
                # leaves no log behind that the old file needed.
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except db_errors() + (JournalError,):  # noqa: RUF005 (a tuple of classes, for except)
            damaged = True  # SQLite can't copy it: keep it aside as it is, byte for byte
        finally:
            current.close()
    if damaged:
        kept_aside = next(aside_name(n) for n in range(1, 1000) if not aside_name(n).exists())
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{journal_path}{suffix}").exists():
                os.replace(f"{journal_path}{suffix}", f"{kept_aside}{suffix}")
    backup_state = store.inspect_path(backup)
    try:
        if journal_state == "encrypted" and backup_state == "journal":
            # Restoring must not quietly undo the encryption: the copy is encrypted first.
            from attachjournal.storage import encryption
            from attachjournal.storage.conversion import encrypted_copy

            if tell is not None:
                tell(
                    "This backup is from before the journal was encrypted: it is encrypted "
                    "with the journal's passphrase as it comes back."
                )
            key = encryption.unlock(journal_path, passphrase)
            _swap_in(encrypted_copy(backup, journal_path, key), journal_path)
        elif "encrypted" in (backup_state, journal_state):
            # SQLCipher and plain SQLite connections cannot copy pages into each other. A backup
            # is a standalone file nobody writes to, so it is copied whole and swapped in.
            _replace_file(journal_path, backup)
        else:
            _copy_pages(journal_path, backup)
    except db_errors() + (OSError,) as exc:  # noqa: RUF005 (a tuple of classes, for except)
        reason = failure_words(exc) if not isinstance(exc, OSError) else exc.strerror or "OSError"
        raise JournalError(
            f"Couldn't restore the backup ({reason})."
            + (f" Your journal as it was is kept at {kept_aside}." if kept_aside else "")
        ) from None
    store.tighten_permissions(journal_path)
    # Opening brings an older backup up to date.
    restored = store.open_journal(journal_path, create=False, passphrase=passphrase)
    assert restored is not None
    try:
        with restored.read() as conn:
            entries = conn.entry_count()
    finally:
        restored.close()
    return RestoreResult(restored_from=backup, kept_aside=kept_aside, entries=entries)


def _copy_pages(journal_path: Path, backup: Path) -> None:
    """Plain into plain: SQLite's backup API writes the backup's pages into the journal."""
    from attachjournal.storage import store

    journal = store.open_journal(journal_path, create=True)
    assert journal is not None
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        with contextlib.closing(journal.connect()) as conn:
            source.backup(conn)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        source.close()
        journal.close()


def _ours(path: Path) -> bool:
    """An attach journal by its header (SQLite, our application id), however damaged inside."""
    from attachjournal.storage.files import header_application_id, read_header
    from attachjournal.storage.migrations import APPLICATION_ID

    try:
        header = read_header(path)
    except OSError:
        return False
    return header_application_id(header) == APPLICATION_ID


def _replace_file(journal_path: Path, backup: Path) -> None:
    import shutil

    from attachjournal.storage import leftovers

    ensure_private_dir(journal_path.parent)
    partial, fd = leftovers.new_partial(journal_path)
    try:
        with open(backup, "rb") as src, os.fdopen(fd, "wb") as dst:
            shutil.copyfileobj(src, dst)
            dst.flush()
            os.fsync(dst.fileno())
        _swap_in(partial, journal_path)
    finally:
        partial.unlink(missing_ok=True)


def _swap_in(new_file: Path, journal_path: Path) -> None:
    """Put a whole new file in the journal's place; the old file's side files go with it."""
    try:
        for side in ("-wal", "-shm"):
            Path(f"{journal_path}{side}").unlink(missing_ok=True)
        os.replace(new_file, journal_path)
    finally:
        new_file.unlink(missing_ok=True)
