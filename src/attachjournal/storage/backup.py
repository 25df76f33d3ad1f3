"""Backups through SQLite's VACUUM INTO, and restoring one. Never a file copy of a live journal.

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
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from attachjournal.errors import JournalError, UsageError
from attachjournal.paths import ensure_private_dir

if TYPE_CHECKING:
    from attachjournal.storage.encryption import PassphraseSource
    from attachjournal.storage.store import Journal

PREFIX = "attach-backup-"
_NAME = re.compile(r"^attach-backup-(\d{4}-\d{2}-\d{2}_\d{6})(?:-(\d+))?\.db$")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    entries: int
    removed: tuple[Path, ...]


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    kept_aside: Path | None
    entries: int


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
        except _db_errors() as exc:
            raise JournalError(f"Couldn't make the backup ({_reason(exc)}).") from None
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
    except _db_errors() as exc:
        raise JournalError(f"Can't read {path} ({_reason(exc)}); nothing was restored.") from None
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
        except (*_db_errors(), JournalError):
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

            if tell is not None:
                tell(
                    "This backup is from before the journal was encrypted: it is encrypted "
                    "with the journal's passphrase as it comes back."
                )
            key = encryption.unlock(journal_path, passphrase)
            _swap_in(encryption.encrypted_copy(backup, journal_path, key), journal_path)
        elif "encrypted" in (backup_state, journal_state):
            # SQLCipher and plain SQLite connections cannot copy pages into each other. A backup
            # is a standalone file nobody writes to, so it is copied whole and swapped in.
            _replace_file(journal_path, backup)
        else:
            _copy_pages(journal_path, backup)
    except (*_db_errors(), OSError) as exc:
        reason = _reason(exc) if not isinstance(exc, OSError) else exc.strerror or "OSError"
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


def _db_errors() -> tuple[type[BaseException], ...]:
    """sqlite3's errors, and SQLCipher's when an encrypted journal is in use (not a subclass)."""
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    return (sqlite3.Error,) + ((cipher.Error,) if cipher is not None else ())


def _reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "the journal is busy in another attach process; please try again in a moment"
    if "full" in text:
        return "the disk is full"
    return type(exc).__name__
