"""Backups through SQLite's VACUUM INTO, and restoring one. Never a file copy of a live journal.

VACUUM INTO writes the journal into a new file inside one read transaction, so the copy is
consistent even while another attach process is writing (the journal is in WAL mode: the
writer carries on, the copy sees the moment it started). It leaves freed pages behind, so
text deleted before the backup is not in it, and it keeps an encrypted journal encrypted.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from attachjournal.errors import JournalError, UsageError
from attachjournal.paths import ensure_private_dir

PREFIX = "attach-backup-"
_NAME = re.compile(r"^attach-backup-(\d{4}-\d{2}-\d{2}_\d{6})(?:-(\d+))?\.db$")
DEFAULT_KEEP = 10


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


def copy_database(source: sqlite3.Connection, target: Path) -> int:
    """Copy a live database into a new private file, atomically; returns its entry count.

    VACUUM INTO runs inside one read transaction through the journal's own connection, so the
    copy is consistent while another attach writes, leaves freed pages (deleted text) behind,
    and stays encrypted with the same key and salt when the journal is encrypted.
    """
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    # VACUUM INTO accepts an empty file: creating it first fixes its mode at 0600.
    os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
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
            raise JournalError("The copy did not pass SQLite's check, so none of it was kept.")
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return entries


def make_backup(journal_engine: object, folder: Path, now: datetime, keep: int) -> BackupResult:
    """Back the journal up into folder and keep only the newest `keep` backups there."""
    if keep < 1:
        raise UsageError("--keep needs to be at least 1.")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder for backups.")
    ensure_private_dir(folder)
    target = backup_name(now, folder)
    with journal_engine.connect() as conn:  # type: ignore[attr-defined]
        raw = conn.connection.dbapi_connection
        try:
            entries = copy_database(raw, target)
        except _db_errors() as exc:
            raise JournalError(f"Couldn't make the backup ({_reason(exc)}).") from None
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


def check_backup(path: Path) -> int:
    """Refuse anything that is not a whole, readable attach journal; return its schema version."""
    from attachjournal.migrations import LATEST
    from attachjournal.store import inspect_path

    if not path.exists():
        raise UsageError(f"There is no file at {path}.")
    state = inspect_path(path)
    if state not in ("journal", "encrypted"):
        raise JournalError(f"{path} is empty, not an attach backup.")
    try:
        conn = _open_backup(path, encrypted=state == "encrypted")
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


def _open_backup(path: Path, *, encrypted: bool) -> sqlite3.Connection:
    if not encrypted:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    from attachjournal import encryption

    passphrase = encryption.unlock(path)  # a wrong or missing passphrase stops here, clearly
    return encryption.connect(path, passphrase)


def restore(journal_path: Path, backup: Path, now: datetime) -> RestoreResult:
    """Replace the journal with a checked backup; the current journal is copied aside first."""
    from attachjournal import store

    backup = backup.expanduser()
    check_backup(backup)
    if journal_path.exists():
        # A journal from a newer attach is not damaged: it is refused before anything moves.
        store.refuse_newer_journal(journal_path)
    if journal_path.exists() and backup.resolve() == journal_path.resolve():
        raise UsageError("That file is the journal itself; choose a backup file.")
    kept_aside = None
    damaged = False
    try:
        current = store.open_journal(journal_path, create=False)
    except JournalError:
        if not _ours(journal_path):
            raise
        current, damaged = None, True  # a damaged journal is what restore is for
    if current is not None or damaged:
        stamp = now.astimezone(timezone.utc).strftime("%Y-%m-%d_%H%M%S")
        kept_aside = journal_path.with_name(f"{journal_path.name}.before-restore-{stamp}")
        number = 2
        while kept_aside.exists():
            kept_aside = journal_path.with_name(
                f"{journal_path.name}.before-restore-{stamp}-{number}"
            )
            number += 1
    if current is not None:
        try:
            with current.engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                copy_database(raw, kept_aside)  # type: ignore[arg-type]
        except (*_db_errors(), JournalError):
            damaged = True  # SQLite can't copy it: keep it aside as it is, byte for byte
        finally:
            current.close()
    if damaged:
        assert kept_aside is not None
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{journal_path}{suffix}").exists():
                os.replace(f"{journal_path}{suffix}", f"{kept_aside}{suffix}")
    either_encrypted = "encrypted" in (
        store.inspect_path(backup),
        store.inspect_path(journal_path) if journal_path.exists() else "missing",
    )
    if either_encrypted:
        # SQLCipher and plain SQLite connections cannot copy pages into each other. A backup is
        # a standalone file nobody writes to, so it is copied whole and swapped in atomically.
        _replace_file(journal_path, backup)
        journal = None
    else:
        journal = store.open_journal(journal_path, create=True)
        assert journal is not None
    try:
        if journal is None:
            raise _Done
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            with journal.engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                source.backup(raw)  # type: ignore[arg-type]
                raw.execute("PRAGMA journal_mode = WAL")  # type: ignore[union-attr]
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            source.close()
    except _Done:
        pass
    except sqlite3.Error as exc:
        raise JournalError(
            f"Couldn't restore the backup ({_reason(exc)})."
            + (f" Your journal as it was is kept at {kept_aside}." if kept_aside else "")
        ) from None
    finally:
        if journal is not None:
            journal.close()
    store.tighten_permissions(journal_path)
    restored = store.open_journal(journal_path, create=False)  # brings an older backup up to date
    assert restored is not None
    try:
        with restored.read() as conn:
            entries = conn.exec_driver_sql("SELECT count(*) FROM entry").scalar_one()
    finally:
        restored.close()
    return RestoreResult(restored_from=backup, kept_aside=kept_aside, entries=entries)


def _ours(path: Path) -> bool:
    """An attach journal by its header (SQLite, our application id), however damaged inside."""
    from attachjournal.migrations import APPLICATION_ID

    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    return header.startswith(b"SQLite format 3\x00") and header[68:72] == APPLICATION_ID.to_bytes(
        4, "big"
    )


class _Done(Exception):
    """The journal was already replaced as a whole file; nothing left to copy page by page."""


def _replace_file(journal_path: Path, backup: Path) -> None:
    import shutil

    ensure_private_dir(journal_path.parent)
    partial = journal_path.with_name(f".{journal_path.name}.restoring")
    partial.unlink(missing_ok=True)
    try:
        with (
            open(backup, "rb") as src,
            os.fdopen(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600), "wb") as dst,
        ):
            shutil.copyfileobj(src, dst)
            dst.flush()
            os.fsync(dst.fileno())
        for side in ("-wal", "-shm"):
            Path(f"{journal_path}{side}").unlink(missing_ok=True)
        os.replace(partial, journal_path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


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
