"""Files attach writes for a person (exports, HTML pages): private from the first byte."""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterable
from pathlib import Path

from attachjournal.errors import UsageError

SQLITE_MAGIC = b"SQLite format 3\x00"
_SNIFF = 4096
# attach's own backups, journals kept aside by a restore, and a journal's side files.
_OURS = re.compile(r"(^attach-backup-.*\.db$)|(\.before-restore-)|(-wal$|-shm$|-journal$)")


def write_private(
    target: Path, content: str | Iterable[str], *, journal: Path | None = None, what: str = "it"
) -> None:
    """Write atomically, readable by its owner only (0600); never over a journal or database.

    The text goes to a hidden partial file created 0600 (never through a link) and is renamed
    into place only when complete, so an interrupted write never leaves half a file where a
    whole one was.
    """
    from attachjournal.storage import leftovers

    target = Path(target).expanduser()
    if target.is_dir():
        raise UsageError(f"{target} is a folder; give a file name for {what}.")
    refuse_precious(target, journal, what)
    try:
        leftovers.remove(leftovers.stale_partials(target.parent, target.name))
        partial, fd = leftovers.new_partial(target)
    except OSError as exc:
        raise UsageError(
            f"{target} could not be written ({exc.strerror or type(exc).__name__})."
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.writelines([content] if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as exc:
        raise UsageError(
            f"{target} could not be written ({exc.strerror or type(exc).__name__})."
        ) from None
    finally:
        partial.unlink(missing_ok=True)


def refuse_precious(target: Path, journal: Path | None, what: str) -> None:
    """Refuse a target that is a journal, a backup or any database, plain or encrypted.

    An encrypted database (SQLCipher, attach's or another program's) looks like random bytes,
    so only a file that reads as text is ever replaced: an earlier export, page or note.
    """
    if not target.exists():
        return
    real = Path(os.path.realpath(target))
    if journal is not None and journal.exists():
        mine = Path(os.path.realpath(journal))
        if real == mine or (real.parent == mine.parent and real.name.startswith(mine.name + "-")):
            raise UsageError(f"That is the journal itself; choose another file for {what}.")
    if _OURS.search(real.name):
        raise UsageError(f"{target} is a journal or one of its backups; choose another file.")
    try:
        with open(real, "rb") as handle:
            start = handle.read(_SNIFF)
    except OSError as exc:
        raise UsageError(
            f"{target} could not be written ({exc.strerror or type(exc).__name__})."
        ) from None
    if start.startswith(SQLITE_MAGIC):
        raise UsageError(f"{target} is a database; attach won't write {what} over it.")
    if not _reads_as_text(start):
        raise UsageError(
            f"{target} is not a text file (it may be an encrypted journal or backup); "
            f"attach won't write {what} over it."
        )


def _reads_as_text(start: bytes) -> bool:
    if b"\x00" in start:
        return False
    try:
        # An incremental decoder: a character cut at the end of the sample is not an error.
        codecs.getincrementaldecoder("utf-8")().decode(start, final=False)
    except UnicodeDecodeError:
        return False
    return True
