"""Small private texts kept encrypted (a draft, an outbox parcel): a one-row SQLCipher
database keyed with a journal's passphrase, and which passphrase that is for a journal on a
server (the local journal's, when that one is encrypted)."""

from __future__ import annotations

import os
from pathlib import Path

from attachjournal.errors import JournalError


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


# How many times a person at the terminal may type the local journal's passphrase when attach
# must keep something for a server with it: words already typed hang on it, so a slip of the
# finger gets the chances a login gives, not one.
TRIES = 3
# Why the local journal's passphrase is wanted, said in the prompt: the person's journal is on
# a server, so "your journal" alone would name the wrong one.
FOR_KEEPING = "it keeps what you typed safe until the server answers"
FOR_READING = "entries wait in it for the server"
FOR_DRAFT = "it keeps your typed answers as a draft"


class LocalLocked(JournalError):
    """The journal on this device is encrypted and none of the passphrases given opens it."""


def local_passphrase(why: str = FOR_KEEPING) -> str | None:
    """The local journal's passphrase when it is encrypted (the outbox is then too); None when
    it is not. Asked through the command's passphrase source, never by storage itself, with a
    prompt naming the journal on this device and `why`; a wrong one typed at a terminal may be
    typed again, up to TRIES times. None of them right: LocalLocked."""
    from attachjournal.paths import DB_FILENAME, data_dir
    from attachjournal.storage.files import inspect_path

    local = data_dir() / DB_FILENAME
    if inspect_path(local) != "encrypted":
        return None
    from attachjournal.storage import encryption

    prompt = f"Passphrase for the journal on this device ({why}): "
    tried: list[str] = []
    while len(tried) < TRIES:
        passphrase = encryption.ask_for(prompt)
        if passphrase is None:
            raise LocalLocked("no passphrase was given for the journal on this device")
        if passphrase in tried:  # a script's passphrase: the same answer every time
            break
        tried.append(passphrase)
        if passphrase:
            try:
                encryption.check_key(local, passphrase)
                return passphrase
            except JournalError as exc:
                if exc.message != encryption.WRONG_PASSPHRASE:
                    raise
        prompt = f"That one doesn't open it. Passphrase for the journal on this device ({why}): "
    raise LocalLocked("that passphrase doesn't open the journal on this device")
