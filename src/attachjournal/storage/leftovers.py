"""The journal's folder lock, private temporary files, and tidying what a killed attach left.

Saves take the folder's lock shared; restore, encrypt and decrypt take it exclusive, so no save
lands in a file that is about to be swapped out (a save waits for the swap, then goes to the
new file). It is an advisory flock on the journal's folder: no extra file, released by the
kernel when a process dies, so a killed attach never leaves it held.

Temporary files are created with O_EXCL | O_NOFOLLOW under a name carrying the writer's
process id, so a planted link is never followed and a leftover is known to be stale once its
process is gone. Every command that opens the journal tidies its folder when something is left.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from attachjournal.errors import JournalError

# SQLite writing into a temporary (VACUUM INTO) gives it a rollback journal of its own.
_PARTIAL = re.compile(r"^\..+\.(\d+)-[0-9a-f]{8}\.partial(?:-journal|-wal|-shm)?$")
_OLD_PARTIAL = re.compile(r"^\..+\.partial(?:-journal)?$")  # earlier versions: no pid
_STALE_AFTER_S = 24 * 3600  # a temporary of a live process this old is left over all the same
_WAIT_STEP_S = 0.02
# Told after "Your entry was NOT saved: " when a save waited for a swap too long.
SWAP_RUNNING = (
    "a restore or an encryption is running in another attach; please try again when it has finished"
)
BUSY = "The journal is busy in another attach right now; please try again in a moment. Nothing was changed."
# Exclusive locks this process holds, by folder: its own saves inside them must not wait.
_held: dict[str, int] = {}


# ----------------------------------------------------------------------------- the lock


@contextmanager
def shared(journal: Path, wait_ms: int) -> Iterator[None]:
    """Held by every save: waits (up to wait_ms) while a restore or conversion swaps the file."""
    with _flock(journal, exclusive=False, wait_ms=wait_ms):
        yield


@contextmanager
def exclusive(journal: Path, wait_ms: int) -> Iterator[None]:
    """Held by restore, encrypt and decrypt: no save starts or is under way meanwhile."""
    with _flock(journal, exclusive=True, wait_ms=wait_ms):
        yield


@contextmanager
def _flock(journal: Path, *, exclusive: bool, wait_ms: int) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # no flock on this system: SQLite's own locking is all there is
        yield
        return
    # The real file's folder: a save through a link and a restore of the real file meet.
    folder = os.path.dirname(os.path.realpath(journal))
    if folder in _held:
        yield  # this process already holds it exclusively
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
    except OSError:
        yield  # no folder yet (nothing to swap) or not readable: SQLite's locking remains
        return
    try:
        flags = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        deadline = time.monotonic() + wait_ms / 1000
        while True:
            try:
                fcntl.flock(fd, flags)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise JournalError(BUSY if exclusive else SWAP_RUNNING) from None
                time.sleep(_WAIT_STEP_S)
        if exclusive:
            _held[folder] = fd
        try:
            yield
        finally:
            _held.pop(folder, None)
    finally:
        os.close(fd)  # closing releases the lock


def try_exclusive(journal: Path) -> contextlib.AbstractContextManager[None] | None:
    """The exclusive lock if it is free right now, else None (tidying never waits)."""
    manager = exclusive(journal, wait_ms=0)
    try:
        manager.__enter__()
    except JournalError:
        return None
    return manager


# ----------------------------------------------------------------------------- temporaries


def new_partial(target: Path) -> tuple[Path, int]:
    """A new private temporary beside target: (path, open fd), never through a link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    while True:
        token = os.urandom(4).hex()
        partial = target.with_name(f".{target.name}.{os.getpid()}-{token}.partial")
        try:
            fd = os.open(partial, flags, 0o600)
        except FileExistsError:
            continue  # something sits under that name: never write through it, pick another
        os.fchmod(fd, 0o600)
        return partial, fd


def stale_partials(folder: Path, prefix: str) -> list[Path]:
    """Temporaries named .PREFIX... in folder whose process is gone (or that are very old)."""
    found = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        if not name.startswith(f".{prefix}") or ".partial" not in name:
            continue
        path = folder / name
        match = _PARTIAL.match(name)
        if match is None and not _OLD_PARTIAL.match(name):
            continue
        if match is None or not _alive(int(match.group(1))) or _older_than(path, _STALE_AFTER_S):
            found.append(path)
    return found


def remove(paths: list[Path]) -> list[Path]:
    removed = []
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # unlink removes a link itself, never what it points at
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # on Windows os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return pid > 0
    return True


def _older_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.lstat().st_mtime > seconds
    except OSError:
        return False


# ----------------------------------------------------------------------------- the journal's folder


def wipe_marker(journal: Path) -> Path:
    """Present while deleted or replaced words may still be in the journal's files."""
    journal = Path(os.path.realpath(journal))
    return journal.with_name(f".{journal.name}.wipe-pending")


def journal_leftovers(journal: Path) -> list[Path]:
    """Files a killed restore, backup of the journal aside, or conversion left next to it."""
    journal = Path(os.path.realpath(journal))
    folder = journal.parent
    name = journal.name
    try:
        names = set(os.listdir(folder))
    except OSError:
        return []
    found = [folder / n for n in names if n.startswith(f"{name}.converting")]
    if f".{name}.restoring" in names:
        found.append(folder / f".{name}.restoring")
    # SQLite needs a master journal while a rollback journal names it; it deletes both itself.
    if f"{name}-journal" not in names:
        found += [folder / n for n in names if n.startswith(f"{name}-mj")]
    found += stale_partials(folder, name)
    return sorted(found)


def tidy(journal: Path) -> list[Path]:
    """Remove what killed commands left beside the journal; put its mode back to WAL.

    Only under the exclusive lock, taken without waiting: a restore or conversion still
    running in another attach holds it, and its files are not leftovers yet.
    """
    journal = Path(os.path.realpath(journal))
    leftovers = journal_leftovers(journal)
    rollback_mode = _in_rollback_mode(journal)
    if not leftovers and not rollback_mode:
        return []
    lock = try_exclusive(journal)
    if lock is None:
        return []
    try:
        leftovers = journal_leftovers(journal)  # looked at again, now that nobody else can act
        removed = remove(leftovers)
        if _in_rollback_mode(journal):
            _back_to_wal(journal)
        return removed
    finally:
        lock.__exit__(None, None, None)


def _in_rollback_mode(journal: Path) -> bool:
    """A plain journal whose header says rollback journal (an interrupted older conversion)."""
    try:
        with open(journal, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    return (
        len(header) == 100
        and header.startswith(b"SQLite format 3\x00")
        and header[18] == 1
        and int.from_bytes(header[60:64], "big") > 0
    )


def _back_to_wal(journal: Path) -> None:
    import sqlite3

    with contextlib.suppress(sqlite3.Error):
        conn = sqlite3.connect(str(journal), timeout=0.5)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()


def finish_wipe(journal: Path, raw_connection: object) -> bool:
    """Fold the write-ahead log into the journal now if a wipe is pending; True when done."""
    marker = wipe_marker(journal)
    if not marker.exists():
        return True
    if checkpoint(raw_connection):
        marker.unlink(missing_ok=True)
        return True
    return False


def checkpoint(raw_connection: object, wait_ms: int = 250) -> bool:
    """Copy every page into the journal and empty its write-ahead log; False if a reader stops it.

    A read transaction elsewhere pins the old pages (deleted words included) until it ends,
    and waiting the whole busy timeout for it would only delay the truth, so this waits briefly.
    """
    conn = raw_connection
    before = conn.execute("PRAGMA busy_timeout").fetchone()[0]  # type: ignore[attr-defined]
    conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")  # type: ignore[attr-defined]
    try:
        row = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()  # type: ignore[attr-defined]
    except Exception:
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(before)}")  # type: ignore[attr-defined]
    return row is not None and row[0] == 0


def mark_wipe_pending(journal: Path) -> None:
    with contextlib.suppress(FileExistsError, OSError):
        os.close(
            os.open(
                wipe_marker(journal),
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                0o600,
            )
        )
