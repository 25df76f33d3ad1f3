"""The journal on a PostgreSQL server, with the file Journal's door: read(), write(), and the
few questions a command asks of an open journal.

One connection serves the whole command (a server is reached over a network: connecting is
the slow part). Each read is one REPEATABLE READ, READ ONLY transaction, so it sees one
moment of the journal as the file's snapshot does; each write is one transaction that lands
whole or not at all. The Reader and Writer are the file's own, over the adapter in dbapi.py.

A member never changes the schema: an older one waits for `attach server setup` by the
household's administrator, a newer one is refused before anything is touched.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attachjournal.errors import JournalError, NotSavedError, ServerAwayError, UsageError
from attachjournal.storage.connection import ENTRY_NOT_SAVED
from attachjournal.storage.server.connect import connect, server_said, unreachable
from attachjournal.storage.server.urls import is_server_url, redact

if TYPE_CHECKING:
    from attachjournal.storage.access import Reader, Writer

BACKUPS = (
    "A journal on a server is backed up by the server: pg_dump (see the README), "
    "or attach export for a copy of the entries you wrote."
)


class ServerJournal:
    """An open journal on a PostgreSQL server, reached as the member's own database role."""

    passphrase = None  # the server keeps no key of attach's: a draft beside it is plain JSON
    created = False  # attach server setup makes the journal; a member only opens it

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = url  # where it is, as the commands name it (shown only through redact)
        self.commits = 0
        self.delivered = 0  # entries the outbox delivered as this journal was opened
        self._conn: Any = None

    # ------------------------------------------------------------------ the connection

    def connect(self) -> Any:
        """The command's connection (made on first use), as the storage modules speak to it."""
        from attachjournal.storage.server.dbapi import Connection

        if self._conn is None or self._conn.raw.closed:
            # search_path: the shared SQL names its tables without the schema. autocommit:
            # attach says BEGIN itself, as it does on the file.
            raw = connect(self.url, autocommit=True, options="-c search_path=attach")
            self._conn = Connection(raw)
        return self._conn

    def check_version(self) -> None:
        """Refuse a journal this attach cannot use: none yet, older, or newer than it knows."""
        import psycopg

        from attachjournal.storage.server import versions
        from attachjournal.storage.server.schema import LATEST

        try:
            version = versions.read(self.connect().raw)
        except psycopg.Error as exc:
            raise self._unreadable(exc) from None
        if version == 0:
            raise JournalError(
                f"There is no journal on this database yet ({redact(self.url)}).",
                "The household's administrator makes one with attach server setup ADMIN_URL.",
            )
        versions.refuse_newer(version)
        if version < LATEST:
            raise JournalError(
                f"The journal on the server has an older layout (schema {version}; this attach "
                f"uses {LATEST}).",
                "The household's administrator brings it up to date with attach server setup "
                "ADMIN_URL. Nothing was changed.",
            )

    def changed_underneath(self) -> str | None:
        return None  # no file to be swapped under this command

    # ------------------------------------------------------------------ reading and writing

    @contextmanager
    def read(self) -> Iterator[Reader]:
        """One consistent moment of the journal, for a command that only reads."""
        import psycopg

        from attachjournal.storage.access import Reader

        conn = None
        try:
            conn = self._begin("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield Reader(conn)
        except psycopg.Error as exc:
            error = self._unreadable(exc)
            error.after_save = self.commits > 0
            raise error from None
        finally:
            self._end(conn)

    @contextmanager
    def write(self, failed: str = ENTRY_NOT_SAVED) -> Iterator[Writer]:
        """One transaction: everything in it lands together, or nothing does.

        `failed` opens the message when it fails: what did not happen ("Nothing was deleted").
        """
        import psycopg

        from attachjournal.storage.access import Writer

        try:
            conn = self._begin("BEGIN")
        except JournalError as exc:  # the server is away: said as a save that failed
            reason = exc.message[:1].lower() + exc.message[1:].rstrip(".")
            raise ServerAwayError(f"{failed}: {reason}.", exc.hint) from None
        except psycopg.Error as exc:
            raise self._not_saved(exc, failed) from None
        try:
            yield Writer(conn)
            conn.raw.execute("COMMIT")
            self.commits += 1
        except psycopg.Error as exc:
            self._end(conn)
            raise self._not_saved(exc, failed) from None
        except BaseException:
            self._end(conn)
            raise

    def _begin(self, begin: str) -> Any:
        """The connection, in a new transaction. One the server dropped while the person was
        answering (a NAS restarting, a laptop waking on another network) is made again, once:
        nothing was written on it yet."""
        import psycopg

        conn = self.connect()
        try:
            conn.raw.execute(begin)
        except psycopg.OperationalError:
            if not self._lost():
                raise
            conn = self.connect()
            conn.raw.execute(begin)
        return conn

    def _end(self, conn: Any) -> None:
        """End whatever transaction is open; a connection that can't is dropped for a new one."""
        if conn is None:
            return
        try:
            conn.raw.execute("ROLLBACK")
        except Exception:
            self.close()

    def _unreadable(self, exc: Exception) -> JournalError:
        import psycopg

        if isinstance(exc, psycopg.OperationalError) and self._lost():
            return unreachable(self.url, exc)
        if isinstance(exc, psycopg.errors.InsufficientPrivilege):
            return JournalError(
                "The server does not let this role read the journal.",
                "The household's administrator adds it with attach server add-member ROLE.",
            )
        return JournalError(
            f"Couldn't read the journal on the server ({server_said(self.url, exc)})."
        )

    def _not_saved(self, exc: Exception, failed: str) -> NotSavedError:
        import psycopg

        told = "" if failed != ENTRY_NOT_SAVED else " Nothing of it was written."
        if isinstance(exc, psycopg.OperationalError) and self._lost():
            away = unreachable(self.url, exc)
            return ServerAwayError(
                f"{failed}: the server could not be reached.{told}", away.hint or away.message
            )
        if isinstance(exc, psycopg.errors.InsufficientPrivilege):
            return NotSavedError(
                f"{failed}: only its author can change an entry (or the server does not let "
                "this role write).",
                "The household's administrator adds a member with attach server add-member ROLE.",
            )
        if isinstance(exc, psycopg.errors.UniqueViolation):
            return NotSavedError(
                f"{failed}: the server already holds one of these under the same id.{told}"
            )
        if isinstance(exc, psycopg.errors.ForeignKeyViolation):
            return NotSavedError(f"{failed}: another member's entries still refer to it.{told}")
        return NotSavedError(f"{failed}: the server refused it ({type(exc).__name__}).{told}")

    def _lost(self) -> bool:
        """Whether the connection itself went (the server away), rather than one statement."""
        lost = self._conn is None or self._conn.raw.closed or self._conn.raw.broken
        if lost:
            self.close()
        return bool(lost)

    # ------------------------------------------------------------------ what only a file has

    def wipe_now(self) -> bool:
        # The rows are gone for every member at once; the server's own VACUUM reuses the space.
        return True

    def backup(self, folder: Path, now: datetime, keep: int) -> Any:
        raise UsageError(BACKUPS)

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with suppress(Exception):  # closing one that already broke
                conn.raw.close()


def open_journal(url: str, *, create: bool) -> ServerJournal:
    """The journal on the server the URL names, checked to be one this attach can use.

    `create` changes nothing here: only `attach server setup` makes a journal on a server.
    """
    journal = ServerJournal(url)
    try:
        journal.check_version()
    except BaseException:
        journal.close()
        raise
    from attachjournal.storage import outbox

    # Entries kept while the server was away land first, before this command reads anything.
    journal.delivered = outbox.deliver(journal)
    return journal


# What a command that only makes sense for a journal file says on a server, and what to use.
FILE_ONLY = {
    "backup": BACKUPS,
    "restore": (
        "attach restore brings back a journal file. A journal on a server is restored by its "
        "administrator from the server's own backups (pg_restore); attach import brings back "
        "an export."
    ),
    "encrypt": (
        "attach encrypt protects a journal file. A journal on a server is protected by the "
        "server: its disk encryption, and TLS on the way there (sslmode=verify-full)."
    ),
    "decrypt": (
        "attach decrypt turns an encrypted journal file back into a plain one. A journal on a "
        "server was never encrypted by attach, so there is nothing to decrypt: the server "
        "keeps it (its disk encryption, and TLS on the way there)."
    ),
}


def refuse_file_only(location: Path | str, command: str) -> Path:
    """The journal file a file-only command works on; for a server's URL, one line saying
    what to use instead."""
    if isinstance(location, str) and is_server_url(location):
        raise UsageError(FILE_ONLY[command])
    return Path(location)
