"""`attach doctor`: look the journal over without changing it. Nothing here prints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from attachjournal.paths import Location

if TYPE_CHECKING:
    from attachjournal.errors import JournalError
    from attachjournal.storage import Checkup, ServerCheckup


@dataclass(frozen=True)
class Checked:
    """What `attach doctor` hands its emitter: the checkup, leftovers tidied, words to wipe."""

    checkup: Checkup | ServerCheckup
    tidied: int  # temporary files an interrupted backup, restore or encryption left, removed
    words_left: bool  # a deleted or edited entry's words still wait to be wiped from the file


def check(journal_at: Location) -> Checked:
    from attachjournal import storage

    if isinstance(journal_at, str):  # a server: nothing beside it to tidy or wipe
        return Checked(storage.examine_server(journal_at), 0, False)
    # Only beside a real journal file: a FIFO or device is refused by the examination below,
    # and opening one to tidy around it would hang.
    removed = storage.tidy_leftovers(journal_at) if journal_at.is_file() else []
    checkup = storage.examine(journal_at)
    return Checked(checkup, len(removed), storage.wipe_marker(journal_at).exists())


def trouble(checkup: Checkup | ServerCheckup) -> JournalError | None:
    """What makes doctor exit 1, said after the report: a damaged or unusable journal."""
    from attachjournal.errors import JournalError

    if not isinstance(checkup.journal, Path):  # on a server: its one line says why
        if checkup.healthy:
            return None
        return JournalError(checkup.note or "The journal on the server can't be used.")

    if checkup.integrity == "damaged":
        return JournalError(
            "Your journal is damaged. Please don't save to it until it is sorted out.",
            "attach restore FILE brings back a backup (it keeps this file aside).",
        )
    if checkup.not_checked_because:
        return JournalError(
            f"The journal could not be checked: {checkup.not_checked_because}. "
            "Nothing was written to it."
        )
    if checkup.disk_full:
        return JournalError("The disk is full; free some space so saves can land again.")
    if checkup.state == "newer":
        return JournalError("This journal needs a newer attach; it was left untouched.")
    if not checkup.healthy:
        return JournalError("This file can't be used as a journal; it was left untouched.")
    return None
