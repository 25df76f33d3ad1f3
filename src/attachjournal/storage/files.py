"""The journal as a file, before SQLite opens it: its header, its kind, owner and permissions.

The 100-byte SQLite header is read in one place (read_header) and answers what the file is
without letting SQLite open (and perhaps write) anything.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from attachjournal.errors import JournalError
from attachjournal.storage.connection import DAMAGED_HINT

SQLITE_MAGIC = b"SQLite format 3\x00"


class DamagedFile(JournalError):
    """The file is an attach journal by its header, but its size or header is not whole."""


ENCRYPTED_MARKER = b"ATTJ"  # how an encrypted journal's salt begins (see encryption.py)


def read_header(path: Path) -> bytes:
    """The file's first 100 bytes (fewer for a short file); OSError when it can't be read."""
    with open(path, "rb") as handle:
        return handle.read(100)


def header_version(header: bytes) -> int | None:
    """The schema version (user_version) a plain SQLite header holds, or None for any other."""
    if header.startswith(SQLITE_MAGIC) and len(header) == 100:
        return int.from_bytes(header[60:64], "big")
    return None


def header_application_id(header: bytes) -> int | None:
    if header.startswith(SQLITE_MAGIC) and len(header) == 100:
        return int.from_bytes(header[68:72], "big")
    return None


def inspect_path(path: Path) -> str:
    """'missing', 'empty', 'journal' or 'encrypted'; anything else is refused untouched."""
    if path.is_dir():
        raise JournalError(f"{path} is a folder, not a journal file. Give a file path with --db.")
    if not path.exists():
        return "missing"
    refuse_unless_regular(path)
    try:
        header = read_header(path)
    except OSError as exc:
        raise JournalError(f"Can't read {path} ({exc.strerror or type(exc).__name__}).") from None
    if not header:
        return "empty"
    if header.startswith(ENCRYPTED_MARKER) and len(header) == 100:
        return "encrypted"  # an SQLCipher journal (see encryption.py); the key check comes next
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise JournalError(
            f"{path} is not an attach journal (it is not a SQLite database). It was left untouched."
        )
    from attachjournal.storage.migrations import APPLICATION_ID

    if header_application_id(header) != APPLICATION_ID:
        raise JournalError(
            f"{path} is a database from another program, not an attach journal. "
            "It was left untouched."
        )
    # Cheap checks on the 100-byte header, before SQLite opens (and may write) anything.
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1) or path.stat().st_size % page_size:
        raise DamagedFile(f"The journal at {path} looks damaged.", DAMAGED_HINT)
    refuse_newer(header_version(header) or 0)
    return "journal"


def refuse_unless_regular(path: Path) -> None:
    """A FIFO would hang the open, and a device must never be chmod'ed: both are refused first."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing (or a dangling link): the caller decides what that means
    if not stat.S_ISREG(mode):
        what = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "not a regular file"
        )
        raise JournalError(
            f"{path} is {what}, not a journal file; it was left untouched. "
            "Point --db or ATTACH_DB at a regular file."
        )


def refuse_other_owner(path: Path) -> None:
    """Commands that write new files beside the journal run only as the journal's owner.

    Run through sudo they would leave root-owned copies and folders the owner can't open;
    the journal (or, before it exists, its folder) says whose it is.
    """
    me = os.geteuid()
    for candidate in (path, path.parent):
        try:
            owner = os.stat(candidate).st_uid
        except OSError:
            continue
        if owner != me:
            raise JournalError(
                f"This journal belongs to {_user_name(owner)}, and attach is running as "
                f"{_user_name(me)}; nothing was changed. Run it as {_user_name(owner)} "
                "(without sudo), so every file it writes stays theirs."
            )
        return


def _user_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"user {uid}"


def refuse_newer(version: int) -> None:
    from attachjournal.storage.migrations import LATEST

    if version > LATEST:
        raise JournalError(newer_message(version))


def newer_message(version: int) -> str:
    """Which attach a newer journal needs: one past this release, reading its schema."""
    from attachjournal import __version__
    from attachjournal.storage.migrations import LATEST

    # A schema from the future cannot be in any table here; what is known is that it needs a
    # release after this one that reads that schema.
    return (
        f"This journal was written by a newer attach: it needs an attachjournal newer than "
        f"{__version__}, one that reads journal schema {version} (this one reads up to "
        f"{LATEST}). Upgrade with: pip install --upgrade attachjournal. "
        "The journal was left untouched."
    )


def refuse_newer_journal(path: Path, passphrase: str | None = None) -> None:
    """The one check every command that rewrites a whole journal makes first.

    A plain journal's schema version is read from its header, without SQLite; an encrypted
    one's through SQLCipher with the given passphrase (without one it is left to the opening,
    which refuses a newer schema as well).
    """
    refuse_unless_regular(path)
    try:
        header = read_header(path)
    except OSError:
        return
    version = header_version(header)
    if version is not None:
        refuse_newer(version)
    elif header.startswith(ENCRYPTED_MARKER) and passphrase is not None:
        from attachjournal.storage import encryption

        conn = encryption.connect(path, passphrase)
        try:
            found = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
        refuse_newer(int(found))


def tighten_permissions(path: Path) -> list[Path]:
    """Make the journal and its -wal/-shm files owner-only; return the ones that were wider."""
    tightened = []
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            info = candidate.stat()
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue  # never chmod a device or a pipe standing where a side file should be
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o077:
            os.chmod(candidate, mode & 0o700)
            tightened.append(candidate)
    return tightened


def repair_side_files(path: Path) -> list[Path]:
    """Give -wal/-shm back their owner's write bit when the journal itself is writable.

    A read command run while the journal was read-only leaves them read-only too, and every
    later save would then fail as "read-only" although the journal is writable again.
    """
    try:
        journal = os.stat(path)
    except OSError:
        return []
    if not stat.S_ISREG(journal.st_mode) or not journal.st_mode & stat.S_IWUSR:
        return []  # a read-only journal: its side files rightly follow it
    repaired = []
    for side in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            info = os.stat(side)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_uid != journal.st_uid:
            continue
        if stat.S_IMODE(info.st_mode) & 0o600 != 0o600:
            try:
                os.chmod(side, 0o600)
            except OSError:
                continue  # not ours to change; doctor names it with the fix
            repaired.append(side)
    return repaired
