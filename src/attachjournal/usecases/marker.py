"""The check-in marker: a tiny private file naming the latest journal day with a check-in
(YYYY-MM-DD), in the journal's marker folder (paths.nudge_folder), so a shell snippet or a
timer can tell "today has none" without starting Python or opening the journal.

It holds a date and nothing else (no entry text, no count), 0600 like every file attach
writes; for an encrypted journal, only once `attach remind` has made the marker folder. Keeping it is never worth failing a save for: every failure here is silent, and the
worst that follows is one nudge too many (or one too few after a failed recount).
"""

from __future__ import annotations

import contextlib
from datetime import date, time
from pathlib import Path

from attachjournal import storage
from attachjournal.errors import AttachError
from attachjournal.paths import Location, checkin_marker, ensure_private_dir, nudge_folder


def read(journal: Location) -> date | None:
    """The day the marker names, or None when there is none (or it cannot be read)."""
    try:
        text = checkin_marker(journal).read_text(encoding="ascii").strip()
        return date.fromisoformat(text)
    except (OSError, ValueError):
        return None


def note_check_in(journal: Location, day: date) -> None:
    """After a saved check-in for journal day `day`: move the marker forward, never back.

    A back-dated check-in (--at yesterday) leaves a later day in place; an unchanged day is
    not written again, so most saves cost one small read.
    """
    known = read(journal)
    if known is not None and known >= day:
        return
    _write(journal, day)


def recount(journal: Location, found: storage.Journal, day_start: time | None = None) -> None:
    """After a check-in was deleted, moved in time or imported: the marker names the latest
    journal day that still has one, or goes when none is left (so deleting today's only
    check-in brings tonight's nudge back). `day_start` None: the person's setting."""
    from attachjournal.core.stats import local_day

    try:
        if day_start is None:
            from attachjournal import settings

            day_start = settings.load().day_starts_at
        with found.read() as conn:
            latest = conn.list_entries(kind="reflect", limit=1)
    except (AttachError, OSError):
        return
    if not latest:
        with contextlib.suppress(OSError):
            checkin_marker(journal).unlink(missing_ok=True)
        return
    day = local_day(latest[0].at, day_start)
    if read(journal) != day:
        _write(journal, day)


def _write(journal: Location, day: date) -> None:
    with contextlib.suppress(AttachError, OSError):
        if not nudge_folder(journal).is_dir():
            # Beside an encrypted journal a readable date is kept only when the person asked
            # for a nudge (attach remind makes the folder): it is all that shows without the
            # passphrase.
            if isinstance(journal, Path) and storage.inspect_path(journal) == "encrypted":
                return
            ensure_private_dir(nudge_folder(journal))
        storage.write_private(
            checkin_marker(journal),
            day.isoformat() + "\n",
            journal=journal if isinstance(journal, Path) else None,
            what="the marker",
        )


def prepare(journal: Location) -> None:
    """For `attach remind`: the marker folder exists, so the nudge may speak from tonight
    (even before a first check-in), and a plain journal's marker is up to date."""
    with contextlib.suppress(OSError):
        ensure_private_dir(nudge_folder(journal))
    _recount_plain(journal)


def after_restore(journal: Location) -> None:
    """A restored journal may hold other check-ins. A plain one is recounted; an encrypted
    one would need its passphrase again, so its day is forgotten instead: the nudge then errs
    on speaking once too often, never on staying quiet after a missing check-in."""
    if not _recount_plain(journal):
        with contextlib.suppress(OSError):
            checkin_marker(journal).unlink(missing_ok=True)


def _recount_plain(journal: Location) -> bool:
    """Recount from a journal that opens without a passphrase; False when it could not."""
    try:
        if not isinstance(journal, Path) or storage.inspect_path(journal) != "journal":
            return False
        found = storage.open_journal(journal, create=False)
        if found is None:
            return False
        try:
            recount(journal, found)
        finally:
            found.close()
        return True
    except (AttachError, OSError):
        return False
