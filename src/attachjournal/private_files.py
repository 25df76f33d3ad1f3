"""Files attach writes for a person (exports, HTML pages): private from the first byte."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from attachjournal.errors import UsageError

SQLITE_MAGIC = b"SQLite format 3\x00"


def write_private(
    target: Path, content: str | Iterable[str], *, journal: Path | None = None, what: str = "it"
) -> None:
    """Write atomically, readable by its owner only (0600); never over a journal or database.

    The text goes to a hidden partial file created 0600 and is renamed into place only when
    complete, so an interrupted write never leaves half a file where a whole one was.
    """
    target = Path(target).expanduser()
    if target.is_dir():
        raise UsageError(f"{target} is a folder; give a file name for {what}.")
    if target.exists():
        if journal is not None and journal.exists() and target.resolve() == journal.resolve():
            raise UsageError(f"That is the journal itself; choose another file for {what}.")
        with open(target, "rb") as handle:
            if handle.read(16) == SQLITE_MAGIC:
                raise UsageError(f"{target} is a database; I won't write {what} over it.")
    partial = target.with_name(f".{target.name}.partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # a partial file left from before keeps its old mode otherwise
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.writelines([content] if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UsageError(
            f"{target} could not be written ({exc.strerror or type(exc).__name__})."
        ) from None
