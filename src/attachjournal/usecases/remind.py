"""`attach remind`: the text of a nudge for a shell, a systemd timer or a LaunchAgent, made
for the journal in use. Nothing is installed here: the person reads the text and adds it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import time
from pathlib import Path

from attachjournal.core import nudge
from attachjournal.errors import UsageError
from attachjournal.paths import Location, checkin_marker, nudge_folder, nudged_marker
from attachjournal.usecases import marker


@dataclass(frozen=True)
class Reminder:
    """The nudge's text for the person to add, and whether the journal is there yet."""

    text: str
    # No journal in that place yet: the nudge stays quiet until the first check-in.
    journal_missing: bool


@dataclass(frozen=True)
class RemindRequest:
    """What `attach remind` was asked for: a shell, a systemd timer or a LaunchAgent, and when."""

    shell: str | None = None
    systemd: bool = False
    launchd: bool = False
    after: str | None = None  # --after HH:MM, for a shell
    at: str | None = None  # --at HH:MM, for a timer


def remind(journal: Location, request: RemindRequest, day_start: time) -> Reminder:
    """The snippet (or install script) for one kind of nudge; the marker's place is fixed in
    it now, as an absolute path, since an rc file runs in whatever folder a shell opens. The
    marker folder is made (and a plain journal's marker brought up to date) on the way."""
    from attachjournal.core import nudge_timers

    chosen = [request.shell is not None, request.systemd, request.launchd]
    if sum(chosen) != 1:
        raise UsageError(
            "Choose one kind of nudge: --shell bash|zsh|fish, --systemd or --launchd.",
        )
    if isinstance(journal, Path):  # a server's URL is its own key (the marker's too)
        journal = Path(os.path.abspath(journal))
    place = nudge.NudgePlace(nudge_folder(journal), checkin_marker(journal), nudged_marker(journal))
    if request.shell is not None:
        if request.at is not None:
            raise UsageError("With --shell, give the hour as --after HH:MM (--at is for timers).")
        if request.shell not in nudge.SHELLS:
            raise UsageError("--shell takes bash, zsh or fish.")
        after = _clock(request.after, "--after")
        text = nudge.shell_snippet(request.shell, place, after, day_start)
    else:
        if request.after is not None:
            raise UsageError("A timer runs at one time: give it as --at HH:MM.")
        at = _clock(request.at, "--at")
        install = nudge_timers.systemd_install if request.systemd else nudge_timers.launchd_install
        text = install(place, at, day_start)
    # The marker folder is made now, so the nudge works from tonight, before a first check-in.
    marker.prepare(journal)
    return Reminder(text, journal_missing=isinstance(journal, Path) and not journal.exists())


def _clock(text: str | None, option: str) -> time:
    return nudge.DEFAULT_AFTER if text is None else nudge.read_clock(text, option)
