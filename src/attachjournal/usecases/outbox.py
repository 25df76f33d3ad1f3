"""`attach outbox`: what waits on this device for the journal's server, read back or let go.

Entries answered while the server was away wait in the outbox until a command reaches the
server; one the server refuses (its rupture got a repair on another device meanwhile, its
person was removed) waits there for good, until the person has read it and discards it.
Nothing here reaches the server: looking must work while it is away, and must not deliver
what the person is about to read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from attachjournal.errors import UsageError
from attachjournal.paths import Location

if TYPE_CHECKING:
    from attachjournal.storage import OutboxKept

# Said on a journal file: it saves every entry at once, so nothing ever waits.
NO_OUTBOX = (
    "A journal file has no outbox: every entry is saved in it at once. The outbox keeps what "
    "was written while a journal's server was away."
)


@dataclass(frozen=True)
class Outbox:
    """What `attach outbox` lists: each entry waiting on this device, oldest first."""

    entries: tuple[OutboxKept, ...]
    no_outbox: str | None = None  # what to say on a journal file, which has none


@dataclass(frozen=True)
class Discarded:
    """What went for good (the asked one first); empty: the person kept it."""

    entries: tuple[OutboxKept, ...]


def _server_url(journal_at: Location) -> str:
    from attachjournal import storage

    if isinstance(journal_at, str) and storage.is_server_url(journal_at):
        return journal_at
    raise UsageError(NO_OUTBOX)


def listing(journal_at: Location) -> Outbox:
    from attachjournal import storage

    if not (isinstance(journal_at, str) and storage.is_server_url(journal_at)):
        return Outbox((), no_outbox=NO_OUTBOX)  # said as a plain line, not as an error
    return Outbox(tuple(storage.outbox_kept(journal_at)))


def show(journal_at: Location, number: int) -> OutboxKept:
    from attachjournal import storage

    return storage.outbox_kept_one(_server_url(journal_at), number)


def discard(
    journal_at: Location,
    number: int,
    *,
    confirm: Callable[[OutboxKept, int], bool] | None,
) -> Discarded:
    """Let one waiting entry go for good; `confirm(entry, how_many)` asks first (None: --yes).
    A rupture takes its repair waiting with it (it could never land alone)."""
    from attachjournal import storage

    url = _server_url(journal_at)
    entry = storage.outbox_kept_one(url, number)
    with_it = sum(1 for e in storage.outbox_kept(url) if e.rupture_uid == entry.uid)
    if confirm is not None and not confirm(entry, 1 + with_it):
        return Discarded(())
    return Discarded(tuple(storage.outbox_discard(url, number)))
