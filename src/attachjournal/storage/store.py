"""The journal: open it safely, migrate it, and hand out one read snapshot or one write at a time.

A file runs on the standard library's sqlite3 (SQLCipher's for an encrypted one), a PostgreSQL
URL on that server (server/journal.py): every write lands whole or not at all.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from attachjournal.errors import JournalError, NotSavedError
from attachjournal.paths import ensure_private_dir
from attachjournal.storage.connection import (
    BUSY_TIMEOUT_ENV,
    BUSY_TIMEOUT_MS,
    DAMAGED_HINT,
    ENTRY_NOT_SAVED,
    Failure,
    busy_timeout_ms,
    classify,
    connect,
    db_errors,
    failure_reason,
    from_db_time,
    is_sound,
    rollback,
    to_db_time,
)
from attachjournal.storage.files import (
    ENCRYPTED_MARKER,
    SQLITE_MAGIC,
    inspect_path,
    newer_message,
    refuse_newer,
    refuse_newer_journal,
    refuse_other_owner,
    refuse_unless_regular,
    repair_side_files,
    tighten_permissions,
)
from attachjournal.storage.server.urls import is_server_url

if TYPE_CHECKING:
    from attachjournal.storage.access import Reader, Writer
    from attachjournal.storage.backup import BackupResult

# Names other storage modules (and the tests) reach through this module.
__all__ = [
    "BUSY_TIMEOUT_ENV",
    "BUSY_TIMEOUT_MS",
    "DAMAGED_HINT",
    "ENCRYPTED_MARKER",
    "ENTRY_NOT_SAVED",
    "SQLITE_MAGIC",
    "Journal",
    "busy_timeout_ms",
    "from_db_time",
    "inspect_path",
    "is_sound",
    "migrate",
    "newer_message",
    "open_journal",
    "refuse_newer_journal",
    "refuse_other_owner",
    "refuse_unless_regular",
    "repair_side_files",
    "tighten_permissions",
    "to_db_time",
]

Step = Callable[[Any], None]
# Where an encrypted journal's passphrase comes from; None when none can be had.
PassphraseSource = Callable[[], "str | None"]


class Journal:
    """An open journal file: where it is, how to key it, and the transaction helpers."""

    def __init__(
        self,
        path: Path,
        created: bool,
        passphrase: str | None = None,
        *,
        ask_passphrase: PassphraseSource | None = None,
    ) -> None:
        self.path = path
        self.created = created
        self.passphrase = passphrase  # kept for a draft of answers a failed save leaves behind
        self.commits = 0  # writes committed: tells "nothing saved" from "saved, then failed"
        self._ask_passphrase = ask_passphrase  # for a file another attach encrypts meanwhile
        self._checked = created  # a journal made just now has nothing to check yet
        # The save lock of the last write, kept until what it saved has been read back: a
        # restore in between would otherwise make "Saved #12" fail to find #12.
        self._save_lock: Any = None
        self._inode = _inode(path)

    def connect(self) -> Any:
        """A new connection to the file, set up and keyed (for backup and checkpoints)."""
        return connect(self.path, self.passphrase)

    def changed_underneath(self) -> str | None:
        """What another attach did to the file while this one had it open, if anything."""
        try:
            state = inspect_path(self.path)
            inode = _inode(self.path)
        except (JournalError, OSError):
            return None
        if self.passphrase is None and state == "encrypted":
            return "the journal was encrypted by another attach command while this one was open"
        if self.passphrase is not None and state == "journal":
            return "the journal was decrypted by another attach command while this one was open"
        if self._inode is not None and inode != self._inode:
            return "the journal was replaced (restored or converted) by another attach command"
        return None

    @contextmanager
    def read(self) -> Iterator[Reader]:
        """A consistent snapshot for a command that only reads."""
        from attachjournal.storage.access import Reader

        conn = None
        try:
            self._follow_replacement()
            conn = self.connect()
            conn.execute("BEGIN")
            yield Reader(conn)
        except db_errors() as exc:
            damaged = classify(exc, self.path) is Failure.DAMAGED
            if damaged:
                from attachjournal.storage import soundness

                soundness.forget(self.path)  # the next save reads the whole file first
            raise self._told(
                JournalError(
                    f"Couldn't read the journal ({failure_reason(exc, self.path)}).",
                    DAMAGED_HINT if damaged else None,
                )
            ) from None
        except JournalError as exc:
            self._told(exc)
            raise
        finally:
            if conn is not None:
                rollback(conn)  # nothing was written: ending the snapshot is all it does
                conn.close()
            self._release_save_lock()

    def _told(self, error: JournalError) -> JournalError:
        """The error, marked when this journal already saved something in this command."""
        error.after_save = error.after_save or self.commits > 0
        return error

    def _follow_replacement(self) -> None:
        """Talk to the new file after a restore or conversion in another attach swapped it in."""
        inode = _inode(self.path)
        if inode is None or inode == self._inode:
            return
        passphrase = None
        if inspect_path(self.path) == "encrypted":
            from attachjournal.storage import encryption

            passphrase = encryption.unlock(self.path, self._ask_passphrase)
        self.passphrase = passphrase
        migrate_file(self.path, passphrase)
        self._inode, self._checked = inode, False

    def _release_save_lock(self) -> None:
        lock, self._save_lock = self._save_lock, None
        if lock is not None:
            lock.__exit__(None, None, None)

    @contextmanager
    def write(self, failed: str = ENTRY_NOT_SAVED) -> Iterator[Writer]:
        """One BEGIN IMMEDIATE transaction; on any failure nothing of it is kept.

        `failed` opens the message when it fails: what did not happen ("Nothing was deleted").
        """
        from attachjournal.storage import leftovers, soundness
        from attachjournal.storage.access import Writer

        # A restore or conversion swapping the file holds this lock: the save waits, then lands
        # in the new file instead of vanishing with the old one.
        lock, self._save_lock = self._save_lock, None
        try:
            if lock is None:
                lock = leftovers.shared(self.path, busy_timeout_ms())
                lock.__enter__()
            self._follow_replacement()
        except JournalError as exc:
            if lock is not None:
                lock.__exit__(None, None, None)
            # Say what happened (another attach encrypted it meanwhile), not only what is needed.
            swapped = self.changed_underneath()
            reason = swapped or exc.message.rstrip(".")
            raise NotSavedError(f"{failed}: {reason}.", exc.hint) from None
        conn = None
        try:
            conn = self.connect()
            conn.execute("BEGIN IMMEDIATE")
            # A damaged file is found before anything writes to it, not after (the full read
            # is skipped when the file is exactly as attach's last save left it: soundness.py).
            if not (self._checked or soundness.as_left(self.path) or is_sound(conn)):
                swapped = self.changed_underneath()
                if swapped is not None:
                    raise NotSavedError(f"{failed}: {swapped}.", "Please run it again.")
                soundness.forget(self.path)
                raise NotSavedError(f"{failed}: the journal file looks damaged.", DAMAGED_HINT)
            self._checked = True
            yield Writer(conn)
            conn.execute("COMMIT")
            self.commits += 1
            self._save_lock, lock = lock, None
            conn.close()
            conn = None
            soundness.remember(self.path)
        except db_errors() as exc:
            rollback(conn)
            swapped = self.changed_underneath()
            if swapped is not None:
                # Not damage: the file is whole, it is just no longer the one this opened.
                raise NotSavedError(f"{failed}: {swapped}.", "Please run it again.") from None
            damaged = classify(exc) is Failure.DAMAGED
            if damaged:
                soundness.forget(self.path)  # the next save reads the whole file first
            raise NotSavedError(
                _write_failure(exc, failed, self.path), DAMAGED_HINT if damaged else None
            ) from None
        except BaseException:
            rollback(conn)
            raise
        finally:
            if conn is not None:
                conn.close()
            if lock is not None:
                lock.__exit__(None, None, None)

    def wipe_now(self) -> bool:
        """Empty the write-ahead log now (deleted words with it), or mark it for the next command.

        False while another attach's read still needs the old pages.
        """
        from attachjournal.storage import leftovers

        with contextlib.closing(self.connect()) as conn:
            wiped = leftovers.checkpoint(conn)
        if not wiped:
            leftovers.mark_wipe_pending(self.path)
        return wiped

    def backup(self, folder: Path, now: datetime, keep: int) -> BackupResult:
        """A consistent copy of the journal in folder, keeping only the newest `keep` there."""
        from attachjournal.storage import backup

        return backup.make_backup(self, folder, now, keep)

    def close(self) -> None:
        self._release_save_lock()


def _inode(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
        return (found.st_dev, found.st_ino)
    except OSError:
        return None


def open_journal(
    path: Path | str,
    *,
    create: bool,
    passphrase: PassphraseSource | None = None,
    migrations: Sequence[Step] | None = None,
) -> Journal | None:
    """Open (and migrate) the journal at path; None when it does not exist and create is False.

    `passphrase` is asked only for an encrypted journal (storage itself never prompts);
    `migrations` replaces the shipped schema steps (tests of a failing step pass their own).
    """
    if isinstance(path, str) and is_server_url(path):
        from attachjournal.storage.server.journal import open_journal as on_server

        return cast(Journal, on_server(path, create=create))  # ServerJournal, the same door
    path = Path(path)
    state = inspect_path(path)
    key = None
    if state == "encrypted":
        from attachjournal.storage import encryption

        key = encryption.unlock(path, passphrase)  # a wrong one stops here
        state = "journal"
    if state in ("missing", "empty") and not create:
        return None
    created = state != "journal"
    if state == "missing":
        try:
            ensure_private_dir(path.parent)
            # FileExistsError: another attach created it a moment ago; migrate() copes with either.
            with contextlib.suppress(FileExistsError):
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except OSError as exc:
            # e.g. a file sits where the journal's folder should be
            where = f"{exc.filename}: " if exc.filename and str(exc.filename) != str(path) else ""
            raise JournalError(
                f"Can't create a journal at {path} ({where}{exc.strerror or type(exc).__name__})."
            ) from None
    tighten_permissions(path)
    repair_side_files(path)
    migrate_file(path, key, migrations)
    _tidy(path, key)
    return Journal(path, created, key, ask_passphrase=passphrase)


def _tidy(path: Path, passphrase: str | None) -> None:
    """Clear what a killed attach left beside the journal, and finish a wipe a reader held up."""
    from attachjournal.storage import leftovers

    leftovers.tidy(path)
    if leftovers.wipe_marker(path).exists():
        with contextlib.closing(connect(path, passphrase)) as conn:
            leftovers.finish_wipe(path, conn)


def migrate_file(path: Path, passphrase: str | None, steps: Sequence[Step] | None = None) -> int:
    """Migrate the journal at path on a connection of its own; failures in plain words."""
    conn = None
    try:
        conn = connect(path, passphrase)
        return migrate(conn, steps)
    except db_errors() as exc:
        damaged = classify(exc, path) is Failure.DAMAGED
        raise JournalError(
            f"Couldn't open the journal ({failure_reason(exc, path)}). Nothing was changed.",
            DAMAGED_HINT if damaged else None,
        ) from None
    finally:
        if conn is not None:
            rollback(conn)
            conn.close()


def migrate(conn: Any, steps: Sequence[Step] | None = None) -> int:
    """Bring the schema up to date, one atomic step at a time; refuse a newer journal.

    Each step runs in one BEGIN IMMEDIATE transaction together with its version bump, so a
    step that fails leaves the file byte for byte as it was. Driver errors propagate.
    """
    from attachjournal.storage import migrations

    steps = migrations.MIGRATIONS if steps is None else steps
    latest = len(steps)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    refuse_newer(version)
    if version >= latest:
        return version
    if version > 0 and not is_sound(conn):
        raise JournalError("The journal looks damaged.", DAMAGED_HINT)
    for step in range(version, latest):
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current > step:
                conn.execute("ROLLBACK")
                continue  # another attach ran this step a moment ago
            try:
                steps[step](conn)
            except db_errors():
                raise
            except Exception as exc:
                raise JournalError(
                    f"Couldn't bring the journal up to date (step {step + 1}: "
                    f"{type(exc).__name__}). Nothing was changed."
                ) from None
            if step == 0:
                conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {step + 1}")
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)  # the journal stays as it was
            raise
    if version == 0:
        # Persistent; set once the schema exists. WAL lets readers and a writer coexist.
        # It cannot run inside a transaction, so it comes after the last step's COMMIT.
        conn.execute("PRAGMA journal_mode = WAL")
    return latest


def _write_failure(exc: Exception, failed: str = ENTRY_NOT_SAVED, where: Path | None = None) -> str:
    reason = failure_reason(exc, where)
    if failed == ENTRY_NOT_SAVED:
        return f"{failed}: {reason}. Nothing of it was written."
    return f"{failed}: {reason}."
