"""When a save checks the whole journal before writing, and when it may skip that.

SQLite's quick_check reads every page: about 12 ms on ten years of entries and 40 ms on
thirty, the largest part of a save. What it guards against is a file that changed without
attach: a sync tool, a copy, a crash elsewhere. So after each save attach keeps the file's
stamp (device, inode, size and modification time of the journal and its write-ahead log),
0600 in the user state folder; the next save that finds the same stamp knows the file is as
attach left it, sound then and written only by attach since, and skips the full read.
Anything else (another process writing, a restore, an edit by another program, a missing
or unreadable stamp) means a full check first, as before. SQLite still checks every page a
save touches, and `attach doctor` runs the full integrity check.

The stamp holds numbers only: no words, no names, no dates of entries.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from attachjournal.paths import ensure_private_dir, journal_state_file

_FOLDER = "checked"


def _stamp(journal: Path) -> str:
    parts = []
    for path in (journal, Path(f"{journal}-wal")):
        try:
            st = os.stat(path)
        except FileNotFoundError:
            parts.append("-")
            continue
        if path != journal and st.st_size == 0:
            # An empty log holds no change: the one the save's own connection has just
            # opened, or one left by a reader. Any committed change gives it a header.
            parts.append("-")
            continue
        parts.append(f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}")
    return " ".join(parts)


def as_left(journal: Path) -> bool:
    """True when the file is exactly as attach's last save in this account left it."""
    try:
        kept = journal_state_file(journal, _FOLDER).read_text(encoding="ascii")
        return kept == _stamp(journal)
    except (OSError, UnicodeDecodeError):
        return False


def remember(journal: Path) -> None:
    """After a save whose file was sound: how the file looks now. Never fails a save."""
    with contextlib.suppress(OSError):
        place = journal_state_file(journal, _FOLDER)
        ensure_private_dir(place.parent)
        partial = place.with_name(place.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(_stamp(journal))
        os.replace(partial, place)


def forget(journal: Path) -> None:
    """The file may be damaged or unknown: the next save reads it whole first."""
    with contextlib.suppress(OSError):
        journal_state_file(journal, _FOLDER).unlink(missing_ok=True)
