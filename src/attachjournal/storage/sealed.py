"""Small private texts kept encrypted (a draft, an outbox parcel): a one-row SQLCipher
database keyed with a journal's passphrase, and which passphrase that is for a journal on a
server (the local journal's, when that one is encrypted)."""

from __future__ import annotations

import os
from pathlib import Path


def write(target: Path, body: str, passphrase: str) -> None:
    """A small SQLCipher database holding `body`, keyed with the passphrase (0600, new file)."""
    from attachjournal.storage import encryption

    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
    conn = encryption.connect(target, passphrase)
    try:
        conn.execute("CREATE TABLE draft (body TEXT NOT NULL)")
        conn.execute("INSERT INTO draft (body) VALUES (?)", (body,))
        conn.commit()
    finally:
        conn.close()


def read(path: Path, passphrase: str) -> str:
    from attachjournal.storage import encryption

    conn = encryption.connect(path, passphrase)
    try:
        return conn.execute("SELECT body FROM draft").fetchone()[0]
    finally:
        conn.close()


def local_passphrase() -> str | None:
    """The local journal's passphrase when it is encrypted (the outbox is then too); None when
    it is not. Asked through the command's passphrase source, never by storage itself."""
    from attachjournal.paths import DB_FILENAME, data_dir
    from attachjournal.storage.files import inspect_path

    local = data_dir() / DB_FILENAME
    if inspect_path(local) != "encrypted":
        return None
    from attachjournal.storage import encryption

    return encryption.unlock(local)
