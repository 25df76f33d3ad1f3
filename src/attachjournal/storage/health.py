"""`attach doctor`'s examination: is the journal whole, whose eyes can read it, where is it.

Looks without touching: the file is opened read-only (never migrated, never tightened), and
permissions are read before SQLite opens anything.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attachjournal.core.vocabulary import ENTRY_KINDS
from attachjournal.errors import JournalError

if TYPE_CHECKING:
    from attachjournal.storage.encryption import PassphraseSource

_COULD_NOT_READ = "SQLite could not read it: "


@dataclass(frozen=True)
class FileMode:
    """A file or folder `attach doctor` looks at (the journal, its folders, backups), its mode."""

    label: str
    path: Path
    mode: int  # permission bits only

    @property
    def private(self) -> bool:
        return not self.mode & 0o077

    @property
    def tightened_by_attach(self) -> bool:
        """The journal and its -wal/-shm are made private again whenever attach opens them."""
        return self.label in ("journal", "write-ahead log", "shared memory")

    def as_dict(self) -> dict[str, Any]:
        return {
            "what": self.label,
            "path": str(self.path),
            "mode": f"{self.mode:04o}",
            "private": self.private,
        }


@dataclass(frozen=True)
class Checkup:
    """What `attach doctor` found: the journal's state and integrity, its files, backups, drafts."""

    journal: Path
    state: str  # missing | empty | journal | encrypted | not_journal | damaged | newer
    integrity: str  # ok | damaged | not_checked
    problems: tuple[str, ...] = ()
    schema_version: int | None = None
    latest: int = 0
    entries: dict[str, int] = field(default_factory=dict)
    people: int | None = None
    files: tuple[FileMode, ...] = ()
    backups: Path | None = None
    backup_count: int = 0
    newest_backup: Path | None = None
    sync_service: str | None = None
    note: str | None = None
    disk_full: bool = False
    drafts: int = 0  # answers of failed saves waiting to be offered back
    not_checked_because: str | None = None  # why SQLite could not look inside (not damage)

    @property
    def healthy(self) -> bool:
        return (
            self.state in ("missing", "empty", "journal", "encrypted")
            and self.integrity != "damaged"
        )

    @property
    def exposed(self) -> tuple[FileMode, ...]:
        return tuple(f for f in self.files if not f.private)

    @property
    def stuck(self) -> tuple[FileMode, ...]:
        """-wal/-shm that attach can't write while the journal itself is writable."""
        journal = next((f for f in self.files if f.label == "journal"), None)
        if journal is None or not journal.mode & 0o200:
            return ()
        return tuple(
            f
            for f in self.files
            if f.label in ("write-ahead log", "shared memory") and f.mode & 0o600 != 0o600
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "journal": str(self.journal),
            "state": self.state,
            "healthy": self.healthy,
            "integrity": self.integrity,
            "problems": list(self.problems),
            "schema_version": self.schema_version,
            "latest_schema_version": self.latest,
            "entries": dict(self.entries),
            "entry_count": sum(self.entries.values()),
            "people": self.people,
            "files": [f.as_dict() for f in self.files],
            "side_files_not_writable": [str(f.path) for f in self.stuck],
            "backups": str(self.backups) if self.backups else None,
            "backup_count": self.backup_count,
            "newest_backup": str(self.newest_backup) if self.newest_backup else None,
            "cloud_sync": self.sync_service,
            "note": self.note,
            "disk_full": self.disk_full,
            "drafts_waiting": self.drafts,
            "not_checked_because": self.not_checked_because,
        }


def backups_dir(journal: Path) -> Path:
    from attachjournal.storage.backup import default_folder

    return default_folder(journal)


def examine(journal: Path, passphrase: PassphraseSource | None = None) -> Checkup:
    """Everything doctor reports about the journal at `journal`."""
    from attachjournal.storage.backup import list_backups
    from attachjournal.storage.files import DamagedFile, inspect_path, newer_message
    from attachjournal.storage.migrations import LATEST
    from attachjournal.storage.sync_folders import sync_service

    files = _modes(journal)
    backups = backups_dir(journal)
    found = list_backups(backups)
    base: dict[str, Any] = {
        "journal": journal,
        "latest": LATEST,
        "files": files,
        "backups": backups if backups.is_dir() else None,
        "backup_count": len(found),
        "newest_backup": found[-1] if found else None,
        "sync_service": sync_service(journal),
        "disk_full": disk_full(journal.parent),
        "drafts": _drafts(journal),
    }
    note: str | None = None
    try:
        state = inspect_path(journal)
    except JournalError as exc:
        header_version = _header_version(journal)
        if header_version is not None and header_version > LATEST:
            state, note = "newer", exc.message
        elif isinstance(exc, DamagedFile):
            state, note = "damaged", exc.message
        else:
            return Checkup(state="not_journal", integrity="not_checked", note=exc.message, **base)
    if state in ("missing", "empty"):
        return Checkup(state=state, integrity="not_checked", **base)
    key = None
    if state == "encrypted":
        from attachjournal.storage import encryption

        try:
            key = encryption.unlock(journal, passphrase)
        except JournalError as exc:
            # Locked is not damaged: say what is needed to look inside.
            note = f"{exc.message} {exc.hint or ''}".strip()
            return Checkup(state=state, integrity="not_checked", note=note, **base)
    problems, counts, people, version = _look_inside(
        journal, state in ("journal", "encrypted"), key
    )
    blocked = _blocked(problems, base["disk_full"])
    if blocked is not None:
        # SQLite could not open it for a reason that is not the file's fault: say that reason.
        return Checkup(
            state=state, integrity="not_checked", not_checked_because=blocked, note=note, **base
        )
    if version is not None and version > LATEST:
        # Also an encrypted journal, whose header says nothing: refused by every command.
        state, note = "newer", newer_message(version)
    if state == "damaged" and not problems:
        problems = ("the file's size or header does not match a whole database",)
    integrity = "damaged" if problems or state == "damaged" else "ok"
    return Checkup(
        state=state,
        integrity=integrity,
        problems=problems,
        schema_version=version,
        entries=counts,
        people=people,
        note=note,
        **base,
    )


def _look_inside(
    journal: Path, count: bool, passphrase: str | None = None
) -> tuple[tuple[str, ...], dict[str, int], int | None, int | None]:
    """(integrity problems, entries by kind, people, schema version), reading only."""
    import sqlite3
    from urllib.parse import quote

    from attachjournal.storage.connection import db_errors

    counts: dict[str, int] = {}
    people = version = None
    conn: Any = None
    try:
        if passphrase is not None:
            from attachjournal.storage import encryption

            conn = encryption.connect(journal, passphrase)
        else:
            uri = f"file:{quote(str(journal.absolute()))}?mode=ro"
            conn = sqlite3.connect(uri, uri=True)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check(20)").fetchall()]
        problems = tuple(str(r) for r in rows if r != "ok")
        if not problems:
            orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
            if orphans:
                problems = (f"{len(orphans)} row(s) point at something that is not there",)
        if count and not problems:
            for kind, n in conn.execute("SELECT kind, count(*) FROM entry GROUP BY kind"):
                counts[kind] = n
            counts = {kind: counts.get(kind, 0) for kind in ENTRY_KINDS}
            people = conn.execute("SELECT count(*) FROM person").fetchone()[0]
    except db_errors() as exc:
        reason = str(exc).split("\n")[0][:120]
        problems = (f"{_COULD_NOT_READ}{reason}",)
    finally:
        if conn is not None:
            conn.close()
    return problems, counts, people, version


def _drafts(journal: Path) -> int:
    from attachjournal.storage import drafts

    return sum(len(drafts.waiting(journal, command)) for command in ("reflect", "repair"))


def disk_full(folder: Path) -> bool:
    """No free block left for an ordinary user where the journal lives."""
    try:
        info = os.statvfs(folder)
    except OSError:
        return False
    return info.f_bavail == 0


_NOT_DAMAGE = {
    "full": "the disk is full",
    "locked": "the journal is busy in another attach process",
    "readonly": "the journal or its folder is read-only",
    "unable to open": "SQLite could not open the file",
    "disk i/o": "the disk reported an input/output error",
}


def _blocked(problems: tuple[str, ...], full: bool) -> str | None:
    """Why the look inside failed when that is the disk or a lock, not the journal's bytes."""
    if not problems or not problems[0].startswith(_COULD_NOT_READ):
        return None
    text = problems[0].lower()
    if full and ("i/o" in text or "full" in text or "unable to open" in text):
        return "the disk is full"
    for key, reason in _NOT_DAMAGE.items():
        if key in text:
            return reason
    return None


def _modes(journal: Path) -> tuple[FileMode, ...]:
    out = []
    candidates = [
        ("data folder", journal.parent),
        ("journal", journal),
        ("write-ahead log", Path(f"{journal}-wal")),
        ("shared memory", Path(f"{journal}-shm")),
        ("backups folder", backups_dir(journal)),
    ]
    from attachjournal.storage.backup import list_backups

    backups = backups_dir(journal)
    ours = set(list_backups(backups))
    if backups.is_dir():
        candidates += [
            ("backup" if p in ours else "file in backups folder", p)
            for p in sorted(backups.iterdir())
            if p.is_file()
        ]
    for label, path in candidates:
        try:
            info = os.stat(path)
        except OSError:
            continue
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
            continue  # a pipe or device is reported as not a journal, not as a file to chmod
        out.append(FileMode(label, path, stat.S_IMODE(info.st_mode)))
    return tuple(out)


def _header_version(journal: Path) -> int | None:
    from attachjournal.storage.files import header_version, read_header

    try:
        if not stat.S_ISREG(os.stat(journal).st_mode):
            return None  # a FIFO would hang the read
        header = read_header(journal)
    except OSError:
        return None
    return header_version(header)
