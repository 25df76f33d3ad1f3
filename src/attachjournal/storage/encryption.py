"""Optional encryption at rest with SQLCipher: the passphrase source, keyed connections.

Nothing here imports SQLCipher until an encrypted journal is actually used, so plain SQLite
stays the default and costs nothing. Storage never asks for the passphrase: the command line
hands it a source (ATTACH_PASSPHRASE, --passphrase-file or a hidden prompt). It is given to
SQLCipher through its key API (never spliced into SQL text) and never appears in a message.
Encrypting and decrypting in place live in conversion.py.

An encrypted journal is recognisable without its passphrase: SQLCipher keeps a 16-byte
random salt at the start of the file, and attach writes the first four bytes of that salt as
'ATTJ' (12 random bytes remain, more than the 8 RFC 8018 asks of a salt). A random file
therefore stays "not an attach journal", while a journal whose passphrase is missing gets a
message saying how to give it. After keying, PRAGMA application_id confirms the file is ours.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from attachjournal.errors import JournalError

WRONG_PASSPHRASE = "That passphrase doesn't open this journal."
INSTALL_HINT = "Encryption needs the optional extra: pip install 'attachjournal[encrypted]'"
HOW_TO_GIVE = (
    "Run attach in a terminal to be asked for it, or set ATTACH_PASSPHRASE, or use "
    "attach --passphrase-file FILE (the first line of FILE is the passphrase)."
)


def dbapi() -> Any:
    """sqlcipher3's DB-API module, or a clear message when the extra is not installed."""
    try:
        import sqlcipher3.dbapi2 as module
    except ImportError:
        raise JournalError(
            "This needs SQLCipher, which is not installed.", hint=INSTALL_HINT
        ) from None
    return module


# ----------------------------------------------------------------------------- passphrase

# What storage calls for a passphrase: the command line builds it (environment, a file or a
# hidden prompt); storage itself never asks. None from it means none can be had.
PassphraseSource = Callable[[], "str | None"]
# The source the running command set for the journals it opens without passing one. It holds
# no passphrase itself; it goes once every caller passes its source (a command's context).
_default_source: PassphraseSource | None = None


def use_source(source: PassphraseSource | None) -> None:
    """The passphrase source for this command's journals, when a caller passes none."""
    global _default_source
    _default_source = source


def _source(given: PassphraseSource | None) -> PassphraseSource | None:
    return given if given is not None else _default_source


def ask_for(prompt: str) -> str | None:
    """A passphrase asked afresh with a prompt that says which journal it is for (the one on
    this device, while the command's journal is on a server). The command line's source asks
    with that prompt (`ask_for`); a plain callable is simply called. None: none can be had."""
    source = _source(None)
    if source is None:
        return None
    asking = getattr(source, "ask_for", None)
    return asking(prompt) if asking is not None else source()


# ----------------------------------------------------------------------------- connections


def connect(path: Path, passphrase: str | None) -> Any:
    """A sqlcipher3 connection, keyed when a passphrase is given, with library logging off."""
    module = dbapi()
    conn = module.connect(str(path), check_same_thread=False)
    # SQLCipher writes its own log lines to stderr on a wrong key; a person sees one message.
    conn.execute("PRAGMA cipher_log_level = NONE")
    if passphrase is not None:
        conn.set_key(passphrase)
    return conn


def unlock(path: Path, passphrase_source: PassphraseSource | None = None) -> str:
    """The passphrase that opens the encrypted journal at path, checked; or a clear error."""
    dbapi()
    source = _source(passphrase_source)
    passphrase = source() if source is not None else None
    if passphrase is None:
        raise JournalError(
            f"{path} is an encrypted journal and no passphrase was given for it. It was left untouched.",
            hint=HOW_TO_GIVE,
        )
    check_key(path, passphrase)
    return passphrase


def check_key(path: Path, passphrase: str) -> None:
    """Open with the passphrase and read the header; a wrong one never gets further."""
    from attachjournal.storage.migrations import APPLICATION_ID

    module = dbapi()
    conn = connect(path, passphrase)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError:
        raise JournalError(WRONG_PASSPHRASE, hint="Nothing was changed.") from None
    finally:
        conn.close()
    if app_id != APPLICATION_ID:
        raise JournalError(
            f"{path} is an encrypted database from another program, not an attach journal. "
            "It was left untouched."
        )
