"""Encrypting and decrypting the journal in place: export to a new file, check it, swap it in.

An encrypted journal's SQLCipher salt begins with 'ATTJ' (see encryption.py), so it is
recognisable without its passphrase.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from attachjournal.errors import JournalError, NotFoundError
from attachjournal.storage.encryption import PassphraseSource, connect, dbapi, unlock
from attachjournal.storage.files import ENCRYPTED_MARKER as MARKER  # how every salt of ours begins


@dataclass(frozen=True)
class Converted:
    """What a conversion carried over, counted in both files before the swap."""

    path: Path
    rows: dict[str, int]

    @property
    def entries(self) -> int:
        return self.rows.get("entry", 0)


def encrypt_journal(path: Path, new_passphrase: Callable[[], str]) -> Converted:
    """Turn the plain journal at path into an encrypted one, in place.

    `new_passphrase` is asked only once the journal is known to be there and plain.
    """
    from attachjournal.storage import store
    from attachjournal.storage.files import inspect_path

    path = Path(os.path.realpath(path))  # through a link: convert the real file, keep the link
    state = inspect_path(path)
    if state == "encrypted":
        raise JournalError("Your journal is already encrypted. Nothing was changed.")
    if state != "journal":
        raise NotFoundError(f"There is no journal at {path} yet, so nothing to encrypt.")
    dbapi()
    # Opening migrates an older journal first, so the encrypted copy has today's schema.
    journal = store.open_journal(path, create=False)
    if journal is not None:
        journal.close()
    passphrase = new_passphrase()
    return _convert(path, source_key=None, target_key=passphrase)


def decrypt_journal(path: Path, passphrase: PassphraseSource | None = None) -> Converted:
    """Turn the encrypted journal at path back into a plain SQLite file, in place."""
    from attachjournal.storage.files import inspect_path, refuse_newer_journal

    path = Path(os.path.realpath(path))
    state = inspect_path(path)
    if state == "journal":
        raise JournalError("Your journal is not encrypted. Nothing was changed.")
    if state != "encrypted":
        raise NotFoundError(f"There is no journal at {path} yet, so nothing to decrypt.")
    key = unlock(path, passphrase)
    refuse_newer_journal(path, key)  # a newer journal is never rewritten
    return _convert(path, source_key=key, target_key=None)


def _convert(path: Path, *, source_key: str | None, target_key: str | None) -> Converted:
    """Export into a new file beside the journal, check it, then swap it in atomically.

    The folder's lock keeps every other attach's saves out from the export until after the
    swap (they wait, then go to the new file). The journal stays in WAL mode throughout, so a
    conversion killed at any moment leaves the old journal as it was, or the new one whole;
    the next command removes the half-made copy.
    """
    import sqlite3

    from attachjournal.storage import leftovers
    from attachjournal.storage.connection import busy_timeout_ms

    module = dbapi()
    try:
        with leftovers.exclusive(path, busy_timeout_ms()):
            leftovers.remove(leftovers.journal_leftovers(path))
            return _convert_locked(path, module, source_key, target_key)
    except (module.Error, sqlite3.Error) as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise JournalError(_BUSY) from None
        raise JournalError(
            f"Couldn't convert the journal ({type(exc).__name__}). Nothing was changed."
        ) from None
    except OSError as exc:
        raise JournalError(
            f"Couldn't convert the journal ({exc.strerror or type(exc).__name__}). "
            "Nothing was changed."
        ) from None


def _convert_locked(
    path: Path, module: Any, source_key: str | None, target_key: str | None
) -> Converted:
    temp = path.with_name(path.name + ".converting")
    _remove_with_sidecars(temp)
    swapped = False
    try:
        os.close(
            os.open(
                temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o600
            )
        )
        source = connect(path, source_key)
        try:
            rows, app_id, version = _export(source, temp, target_key)
        finally:
            source.close()
        _verify(temp, target_key, app_id, version, rows)
        _fsync(temp)
        # Every page is in the journal itself now (checked above); the side files of the old
        # file must not meet the new one.
        for side in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{path}{side}")
        os.replace(temp, path)
        swapped = True
        with contextlib.suppress(OSError):  # the swap is done; a directory fsync is a bonus
            _fsync(path.parent)
        return Converted(path, rows)
    finally:
        if not swapped:
            _remove_with_sidecars(temp)


def encrypted_copy(plain: Path, near: Path, passphrase: str) -> Path:
    """A checked, encrypted copy of the plain database at `plain`, in a new file beside `near`."""
    from attachjournal.storage import leftovers

    dbapi()
    temp, fd = leftovers.new_partial(near)
    os.close(fd)
    try:
        source = connect(plain, None)
        try:
            rows, app_id, version = _export(source, temp, passphrase)
        finally:
            source.close()
        _verify(temp, passphrase, app_id, version, rows)
        _fsync(temp)
    except BaseException:
        _remove_with_sidecars(temp)
        raise
    return temp


def _export(source: Any, temp: Path, target_key: str | None) -> tuple[dict[str, int], int, int]:
    """Copy the journal into temp; (rows per table, application id, schema version)."""
    source.isolation_level = None
    from attachjournal.storage.connection import busy_timeout_ms

    source.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    source.execute("ATTACH DATABASE ? AS target KEY ?", (str(temp), target_key or ""))
    if target_key is not None:
        salt = MARKER + os.urandom(16 - len(MARKER))
        source.execute(f"PRAGMA target.cipher_salt = \"x'{salt.hex()}'\"")
    source.execute("BEGIN IMMEDIATE")
    app_id = source.execute("PRAGMA main.application_id").fetchone()[0]
    version = source.execute("PRAGMA main.user_version").fetchone()[0]
    rows = _counts(source, "main")
    source.execute("SELECT sqlcipher_export('target')")
    # sqlcipher_export copies schema and rows, not these two header fields.
    source.execute(f"PRAGMA target.application_id = {int(app_id)}")
    source.execute(f"PRAGMA target.user_version = {int(version)}")
    changes = source.execute("PRAGMA main.data_version").fetchone()[0]
    source.execute("COMMIT")
    source.execute("DETACH DATABASE target")
    # Fold the log into the journal, so nothing of it is needed once the file is swapped.
    busy = source.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    if busy:
        raise JournalError(_BUSY)
    # data_version tells if anything but attach (which waits for the lock) wrote meanwhile.
    if source.execute("PRAGMA main.data_version").fetchone()[0] != changes:
        raise JournalError(_BUSY)
    return rows, app_id, version


_BUSY = (
    "The journal is open in another attach right now; please close it and try again. "
    "Nothing was changed."
)


def _verify(temp: Path, key: str | None, app_id: int, version: int, rows: dict[str, int]) -> None:
    """The new file opens with its key, passes both integrity checks and holds every row."""
    if key is None:
        import sqlite3

        conn: Any = sqlite3.connect(str(temp))
    else:
        conn = connect(temp, key)
    try:
        problems = conn.execute("PRAGMA integrity_check").fetchall()
        if key is not None:
            problems += conn.execute("PRAGMA cipher_integrity_check").fetchall()
        problems = [p for p in problems if tuple(p) != ("ok",)]
        same = (
            not problems
            and conn.execute("PRAGMA application_id").fetchone()[0] == app_id
            and conn.execute("PRAGMA user_version").fetchone()[0] == version
            and _counts(conn, "main") == rows
        )
        # The converted journal keeps the WAL mode every journal uses.
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    if not same:
        raise JournalError(
            "The converted copy did not match the journal, so the journal was kept as it was."
        )


def _counts(conn: Any, schema: str) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {
        name: conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0]
        for name in names
    }


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")
