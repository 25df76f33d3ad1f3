"""One connection to the journal file on the standard library's sqlite3 (or SQLCipher's twin).

Every connection is set up the same way: attach takes transaction control (explicit BEGIN),
waits for another attach's save, checks foreign keys, syncs fully and overwrites freed
space. A connection lives for one read or one write and is then closed, so one whose
COMMIT failed is never reused by the next save.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any

BUSY_TIMEOUT_MS = 15_000
# How long a save waits for another attach process to finish its own (tests shorten it).
BUSY_TIMEOUT_ENV = "ATTACH_BUSY_TIMEOUT_MS"
DAMAGED = "the file looks damaged"
DAMAGED_HINT = (
    "attach doctor shows what it found; attach restore can bring back a backup. "
    "Nothing has been written to it."
)
_DB_TIME = "%Y-%m-%d %H:%M:%S.%f"
# What a failed save of an entry says first, on either backend.
ENTRY_NOT_SAVED = "Your entry was NOT saved"


def on_server(conn: Any) -> bool:
    """Whether a storage module is talking to a PostgreSQL server (server/dbapi.Connection)
    rather than the file, for the few steps only one of them needs."""
    return getattr(conn, "dialect", "sqlite") == "postgresql"


def new_uid() -> str:
    """A random RFC 4122 version-4 id as 32 hex digits: what uuid.uuid4().hex gives, without
    importing uuid (which loads `platform`, about 2 ms of every save)."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC 4122 variant
    return raw.hex()


def busy_timeout_ms() -> int:
    try:
        return max(0, int(os.environ.get(BUSY_TIMEOUT_ENV, BUSY_TIMEOUT_MS)))
    except ValueError:
        return BUSY_TIMEOUT_MS


def connect(path: Path, passphrase: str | None = None) -> Any:
    """A connection set up for attach: plain sqlite3, or SQLCipher keyed with passphrase."""
    if passphrase is None:
        import sqlite3

        conn = sqlite3.connect(str(path), isolation_level=None)
    else:
        from attachjournal.storage import encryption

        conn = encryption.connect(path, passphrase)
        conn.isolation_level = None
    try:
        conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        # Freed space is overwritten with zeros, so deleted or edited text does not linger.
        conn.execute("PRAGMA secure_delete = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def db_errors() -> tuple[type[Exception], ...]:
    """The driver errors a journal operation may raise: sqlite3's, and SQLCipher's if loaded."""
    import sqlite3

    cipher = sys.modules.get("sqlcipher3.dbapi2")
    return (sqlite3.Error,) if cipher is None else (sqlite3.Error, cipher.Error)


def rollback(conn: Any) -> None:
    """End whatever transaction is open; a connection that can't is closed right after anyway."""
    if conn is not None:
        with contextlib.suppress(Exception):  # "no transaction is active" is fine too
            conn.execute("ROLLBACK")


def scalar(conn: Any, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
    """The first column of the first row, or None when there is no row."""
    row = conn.execute(sql, params).fetchone()
    return None if row is None else row[0]


def in_list(name: str, values: Iterable[Any]) -> tuple[str, dict[str, Any]]:
    """`:name0, :name1, ...` and its parameters: an IN list without splicing values into SQL."""
    params = {f"{name}{i}": value for i, value in enumerate(values)}
    return ", ".join(f":{key}" for key in params) or "NULL", params


def entry_filters(
    first: str,
    *,
    kind: str | None = None,
    person_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> tuple[str, dict[str, object]]:
    """The WHERE (on `entry e`) of the filters every listing shares, after `first`."""
    where = [first]
    params: dict[str, object] = {}
    if kind:
        where.append("e.kind = :kind")
        params["kind"] = kind
    if person_id is not None:
        where.append("e.person_id = :pid")
        params["pid"] = person_id
    if since is not None:
        where.append("e.at >= :since")
        params["since"] = to_db_time(since)
    if until is not None:
        where.append("e.at < :until")
        params["until"] = to_db_time(until)
    return " AND ".join(where), params


def is_sound(conn: Any) -> bool:
    """SQLite's quick_check: every page and index readable and consistent (O(size), cheap)."""
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check(1)").fetchall()]
    except db_errors():
        return False
    return rows == ["ok"]


class Failure(Enum):
    """What went wrong under a driver error, in the person's words (never the SQL or values)."""

    BUSY = "it is busy in another attach process; please try again in a moment"
    READ_ONLY = "the journal file is read-only"
    DISK_FULL = "the disk is full"
    DAMAGED = DAMAGED
    DISK_IO = "the disk could not be written (it may be full)"
    OTHER = "other"  # told by the error's type name


def classify(exc: Exception, where: Path | None = None) -> Failure:
    """Which Failure a driver error is; `where` (the journal) lets a full disk be asked."""
    text = str(exc).lower()
    if where is not None and ("disk i/o" in text or "unable to open" in text):
        # SQLite often reports a full disk as an I/O error (growing -shm, say): ask the disk.
        with contextlib.suppress(OSError):
            if os.statvfs(where.parent).f_bavail == 0:
                return Failure.DISK_FULL
    if "locked" in text or "busy" in text:
        return Failure.BUSY
    if "readonly" in text or "read-only" in text:
        return Failure.READ_ONLY
    if "full" in text:
        return Failure.DISK_FULL
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return Failure.DAMAGED
    if "disk i/o" in text:
        return Failure.DISK_IO
    return Failure.OTHER


def failure_reason(exc: Exception, where: Path | None = None) -> str:
    """A driver error in plain words, for "Couldn't read the journal (...)"."""
    failure = classify(exc, where)
    return type(exc).__name__ if failure is Failure.OTHER else failure.value


def to_db_time(moment: datetime) -> str:
    """Aware datetime -> the naive-UTC text the journal stores and sorts by."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to the store")
    return moment.astimezone(timezone.utc).strftime(_DB_TIME)


def as_date(stored: Any) -> date | None:
    """A stored birth date: text in the file, a date from the server, or nothing."""
    if not stored:
        return None
    return stored if isinstance(stored, date) else date.fromisoformat(stored)


def from_db_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    if isinstance(text, datetime):
        return text.replace(tzinfo=timezone.utc)
    if len(text) == 26:
        # The form the journal writes ("2024-05-01 18:30:00.000000"): parsed with its zone,
        # which costs a seventh of replace() (30 years read in `patterns` are 20,000 times).
        # Anything else that happens to be as long (an offset of its own) takes the long way.
        try:
            return datetime.fromisoformat(text + "+00:00")
        except ValueError:
            pass
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
