"""The storage seam: open the journal safely, migrate it, and read and write entries.

Every read returns plain frozen records; no ORM object leaves this module. Writes go through
SQLModel in one transaction (BEGIN IMMEDIATE) and either land completely or not at all.
Reads use SQLAlchemy Core only, so commands that only read never import SQLModel.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attachjournal.core.questionnaire import PersonRef
from attachjournal.core.records import AnswerRecord, EntryRecord, PersonRecord
from attachjournal.errors import JournalError, NotFoundError, NotSavedError, UsageError
from attachjournal.paths import ensure_private_dir

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session

    from attachjournal.core.prompts import Questionnaire
    from attachjournal.storage.access import Reader, Writer
    from attachjournal.storage.backup import BackupResult

SQLITE_MAGIC = b"SQLite format 3\x00"
ENTRY_KINDS = ("reflect", "rupture", "repair", "note")
ENCRYPTED_MARKER = b"ATTJ"  # how an encrypted journal's salt begins (encryption.MARKER)
BUSY_TIMEOUT_MS = 15_000
# How long a save waits for another attach process to finish its own (tests shorten it).
BUSY_TIMEOUT_ENV = "ATTACH_BUSY_TIMEOUT_MS"
DAMAGED_HINT = (
    "attach doctor shows what it found; attach restore can bring back a backup. "
    "Nothing has been written to it."
)
_DB_TIME = "%Y-%m-%d %H:%M:%S.%f"
ENTRY_NOT_SAVED = "Your entry was NOT saved"


# The records live in the core; storage fills them.

# ----------------------------------------------------------------------------- opening


class Journal:
    """An open journal file: an engine plus the transaction helpers every command uses."""

    def __init__(
        self, path: Path, engine: Engine, created: bool, passphrase: str | None = None
    ) -> None:
        self.path = path
        self.engine = engine
        self.created = created
        self.passphrase = passphrase  # kept for a draft of answers a failed save leaves behind
        self._checked = created  # a journal made just now has nothing to check yet
        # The save lock of the last write, kept until what it saved has been read back: a
        # restore in between would otherwise make "Saved #12" fail to find #12.
        self._save_lock: Any = None
        self._inode = _inode(path)

    def changed_underneath(self) -> str | None:
        """What another attach did to the file while this one had it open, if anything."""
        try:
            state = inspect_path(self.path)
            inode = _inode(self.path)
        except (JournalError, OSError):
            return None
        if self.passphrase is None and state == "encrypted":
            return "the journal was encrypted by another attach command while this one was open"
        if self.passphrase is not None and state == "journal":
            return "the journal was decrypted by another attach command while this one was open"
        if self._inode is not None and inode != self._inode:
            return "the journal was replaced (restored or converted) by another attach command"
        return None

    @contextmanager
    def read(self) -> Iterator[Reader]:
        """A consistent snapshot for a command that only reads."""
        from sqlalchemy.exc import DBAPIError

        from attachjournal.storage.access import Reader

        try:
            self._follow_replacement()
            with self.engine.connect() as conn, conn.begin():
                yield Reader(conn)
        except DBAPIError as exc:
            reason = _failure_reason(exc, self.path)
            raise JournalError(
                f"Couldn't read the journal ({reason}).",
                DAMAGED_HINT if reason == _DAMAGED else None,
            ) from None
        finally:
            self._release_save_lock()

    def _follow_replacement(self) -> None:
        """Talk to the new file after a restore or conversion in another attach swapped it in."""
        inode = _inode(self.path)
        if inode is None or inode == self._inode:
            return
        self.engine.dispose()
        passphrase = None
        if inspect_path(self.path) == "encrypted":
            from attachjournal.storage import encryption

            passphrase = encryption.unlock(self.path)
        self.engine = make_engine(self.path, passphrase)
        self.passphrase = passphrase
        migrate(self.engine)
        self._inode, self._checked = inode, False

    def _release_save_lock(self) -> None:
        lock, self._save_lock = self._save_lock, None
        if lock is not None:
            lock.__exit__(None, None, None)

    @contextmanager
    def write(self, failed: str = ENTRY_NOT_SAVED) -> Iterator[Writer]:
        """One BEGIN IMMEDIATE transaction; on any failure nothing of it is kept.

        `failed` opens the message when it fails: what did not happen ("Nothing was deleted").
        """
        # SQLAlchemy's own Session (SQLModel's subclass only adds .exec, unused here): saving a
        # check-in then never imports SQLModel and pydantic, about a fifth of its time.
        from sqlalchemy.exc import DBAPIError
        from sqlalchemy.orm import Session

        from attachjournal.storage import leftovers
        from attachjournal.storage.access import Writer

        # A restore or conversion swapping the file holds this lock: the save waits, then lands
        # in the new file instead of vanishing with the old one.
        lock, self._save_lock = self._save_lock, None
        try:
            if lock is None:
                lock = leftovers.shared(self.path, busy_timeout_ms())
                lock.__enter__()
            self._follow_replacement()
        except JournalError as exc:
            if lock is not None:
                lock.__exit__(None, None, None)
            # Say what happened (another attach encrypted it meanwhile), not only what is needed.
            swapped = self.changed_underneath()
            reason = swapped or exc.message.rstrip(".")
            raise NotSavedError(f"{failed}: {reason}.", exc.hint) from None
        writer = self.engine.execution_options(immediate=True)
        session = Session(writer, expire_on_commit=False, autoflush=False)
        try:
            if not self._checked:
                # A damaged file is found before anything writes to it, not after.
                if not is_sound(session.connection()):
                    swapped = self.changed_underneath()
                    if swapped is not None:
                        raise NotSavedError(f"{failed}: {swapped}.", "Please run it again.")
                    raise NotSavedError(f"{failed}: the journal file looks damaged.", DAMAGED_HINT)
                self._checked = True
            yield Writer(session)
            session.commit()
            global _commits
            _commits += 1
            self._save_lock, lock = lock, None
        except DBAPIError as exc:
            session.rollback()
            swapped = self.changed_underneath()
            if swapped is not None:
                # Not damage: the file is whole, it is just no longer the one this opened.
                raise NotSavedError(f"{failed}: {swapped}.", "Please run it again.") from None
            damaged = _failure_reason(exc) == _DAMAGED
            raise NotSavedError(
                _write_failure(exc, failed, self.path), DAMAGED_HINT if damaged else None
            ) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
            if lock is not None:
                lock.__exit__(None, None, None)

    def wipe_now(self) -> bool:
        """Empty the write-ahead log now (deleted words with it), or mark it for the next command.

        False while another attach's read still needs the old pages.
        """
        from attachjournal.storage import leftovers

        with self.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            wiped = leftovers.checkpoint(raw)
        if not wiped:
            leftovers.mark_wipe_pending(self.path)
        return wiped

    def backup(self, folder: Path, now: datetime, keep: int) -> BackupResult:
        """A consistent copy of the journal in folder, keeping only the newest `keep` there."""
        from attachjournal.storage import backup

        return backup.make_backup(self.engine, folder, now, keep)

    def close(self) -> None:
        self._release_save_lock()
        self.engine.dispose()


_commits = 0


def _inode(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def commit_count() -> int:
    """Writes committed by this process: lets a command tell "nothing saved" from "saved, then"."""
    return _commits


def inspect_path(path: Path) -> str:
    """'missing', 'empty', 'journal' or 'encrypted'; anything else is refused untouched."""
    if path.is_dir():
        raise JournalError(f"{path} is a folder, not a journal file. Give a file path with --db.")
    if not path.exists():
        return "missing"
    refuse_unless_regular(path)
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
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

    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise JournalError(
            f"{path} is a database from another program, not an attach journal. "
            "It was left untouched."
        )
    # Cheap checks on the 100-byte header, before SQLite opens (and may write) anything.
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1) or path.stat().st_size % page_size:
        raise JournalError(f"The journal at {path} looks damaged.", DAMAGED_HINT)
    _refuse_newer(int.from_bytes(header[60:64], "big"))
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


def _refuse_newer(version: int) -> None:
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
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return
    if header.startswith(SQLITE_MAGIC) and len(header) == 100:
        _refuse_newer(int.from_bytes(header[60:64], "big"))
    elif header.startswith(ENCRYPTED_MARKER) and passphrase is not None:
        from attachjournal.storage import encryption

        conn = encryption.connect(path, passphrase)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
        _refuse_newer(int(version))


def is_sound(conn: Connection) -> bool:
    """SQLite's quick_check: every page and index readable and consistent (O(size), cheap)."""
    from sqlalchemy.exc import DBAPIError

    try:
        rows = conn.exec_driver_sql("PRAGMA quick_check(1)").scalars().all()
    except DBAPIError:
        return False
    return rows == ["ok"]


def open_journal(path: Path, *, create: bool) -> Journal | None:
    """Open (and migrate) the journal at path; None when it does not exist and create is False."""
    state = inspect_path(path)
    passphrase = None
    if state == "encrypted":
        from attachjournal.storage import encryption

        passphrase = encryption.unlock(path)  # asks or reads it; a wrong one stops here
        state = "journal"
    if state in ("missing", "empty") and not create:
        return None
    created = state != "journal"
    if state == "missing":
        try:
            ensure_private_dir(path.parent)
            # FileExistsError: another attach created it a moment ago; migrate() copes with either.
            with contextlib.suppress(FileExistsError):
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except OSError as exc:
            # e.g. a file sits where the journal's folder should be
            where = f"{exc.filename}: " if exc.filename and str(exc.filename) != str(path) else ""
            raise JournalError(
                f"Can't create a journal at {path} ({where}{exc.strerror or type(exc).__name__})."
            ) from None
    tighten_permissions(path)
    repair_side_files(path)
    engine = make_engine(path, passphrase)
    try:
        migrate(engine)
        _tidy(path, engine)
    except BaseException:
        engine.dispose()
        raise
    return Journal(path, engine, created, passphrase)


def _tidy(path: Path, engine: Engine) -> None:
    """Clear what a killed attach left beside the journal, and finish a wipe a reader held up."""
    from attachjournal.storage import leftovers

    leftovers.tidy(path)
    if leftovers.wipe_marker(path).exists():
        with engine.connect() as conn:
            leftovers.finish_wipe(path, conn.connection.dbapi_connection)


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


def make_engine(path: Path, passphrase: str | None = None) -> Engine:
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    # NullPool: a connection whose COMMIT failed is closed, never reused, so an "unsaved"
    # entry cannot ride along with the next save. hide_parameters keeps entry text out of
    # every error message SQLAlchemy builds.
    # An encrypted journal keeps this dialect and these events; only the driver differs.
    keyed = {} if passphrase is None else _encrypted_engine_options(path, passphrase)
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool, hide_parameters=True, **keyed)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control from pysqlite so DDL is transactional (SQLAlchemy recipe).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = FULL")
        # Freed space is overwritten with zeros, so deleted or edited text does not linger.
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def busy_timeout_ms() -> int:
    try:
        return max(0, int(os.environ.get(BUSY_TIMEOUT_ENV, BUSY_TIMEOUT_MS)))
    except ValueError:
        return BUSY_TIMEOUT_MS


def _encrypted_engine_options(path: Path, passphrase: str) -> dict[str, Any]:
    from attachjournal.storage import encryption

    return encryption.engine_options(path, passphrase)


def migrate(engine: Engine) -> int:
    """Bring the schema up to date, one atomic step at a time; refuse a newer journal."""
    from sqlalchemy.exc import DBAPIError

    from attachjournal.storage.migrations import APPLICATION_ID, LATEST, MIGRATIONS

    try:
        with engine.connect() as conn:
            version = conn.exec_driver_sql("PRAGMA user_version").scalar_one()
            _refuse_newer(version)
            if version == LATEST:
                return version
            if version > 0 and not is_sound(conn):
                raise JournalError("The journal looks damaged.", DAMAGED_HINT)
        writer = engine.execution_options(immediate=True)
        with writer.connect() as conn:
            for step in range(version, LATEST):
                with conn.begin():
                    current = conn.exec_driver_sql("PRAGMA user_version").scalar_one()
                    if current > step:
                        continue  # another attach ran this step a moment ago
                    try:
                        MIGRATIONS[step](conn)
                    except DBAPIError:
                        raise
                    except Exception as exc:
                        # The transaction rolls back on the way out: the journal stays as it was.
                        raise JournalError(
                            f"Couldn't bring the journal up to date (step {step + 1}: "
                            f"{type(exc).__name__}). Nothing was changed."
                        ) from None
                    if step == 0:
                        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                    conn.exec_driver_sql(f"PRAGMA user_version = {step + 1}")
            if version == 0:
                # Persistent; set once the schema exists. WAL lets readers and a writer coexist.
                # It cannot run inside a transaction, so it goes to the driver directly.
                raw = conn.connection.dbapi_connection
                assert raw is not None
                raw.execute("PRAGMA journal_mode = WAL")
    except DBAPIError as exc:
        database = engine.url.database
        reason = _failure_reason(exc, Path(database) if database else None)
        raise JournalError(
            f"Couldn't open the journal ({reason}). Nothing was changed.",
            DAMAGED_HINT if reason == _DAMAGED else None,
        ) from None
    return LATEST


_DAMAGED = "the file looks damaged"


def _failure_reason(exc: Exception, where: Path | None = None) -> str:
    text = str(getattr(exc, "orig", exc)).lower()
    if where is not None and ("disk i/o" in text or "unable to open" in text):
        # SQLite often reports a full disk as an I/O error (growing -shm, say): ask the disk.
        with contextlib.suppress(OSError):
            if os.statvfs(where.parent).f_bavail == 0:
                return "the disk is full"
    if "locked" in text or "busy" in text:
        return "it is busy in another attach process; please try again in a moment"
    if "readonly" in text or "read-only" in text:
        return "the journal file is read-only"
    if "full" in text:
        return "the disk is full"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return _DAMAGED
    if "disk i/o" in text:
        return "the disk could not be written (it may be full)"
    return type(getattr(exc, "orig", exc)).__name__


def _write_failure(exc: Exception, failed: str = ENTRY_NOT_SAVED, where: Path | None = None) -> str:
    reason = _failure_reason(exc, where)
    if failed == ENTRY_NOT_SAVED:
        return f"{failed}: {reason}. Nothing of it was written."
    return f"{failed}: {reason}."


def to_db_time(moment: datetime) -> str:
    """Aware datetime -> the naive-UTC text SQLAlchemy's SQLite DateTime stores and sorts by."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to the store")
    return moment.astimezone(timezone.utc).strftime(_DB_TIME)


def from_db_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    if isinstance(text, datetime):
        return text.replace(tzinfo=timezone.utc)
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def _naive_utc(moment: datetime) -> datetime:
    """UTC for the ORM. SQLite stores it without an offset; older SQLModel wants it naive-safe."""
    return moment.astimezone(timezone.utc)


def _as_utc(moment: datetime) -> datetime:
    """A datetime read back through the ORM, which may or may not carry its UTC offset."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


# ----------------------------------------------------------------------------- people


def list_people(conn: Connection) -> list[PersonRecord]:
    from sqlalchemy import text

    rows = conn.execute(
        text(
            "SELECT p.id, p.name, p.role, p.born, "
            "(SELECT count(*) FROM entry e WHERE e.person_id = p.id) "
            "FROM person p ORDER BY p.name_key"
        )
    ).all()
    return [
        PersonRecord(
            id=r[0],
            name=r[1],
            role=r[2],
            born=date.fromisoformat(r[3]) if r[3] else None,
            entry_count=r[4],
        )
        for r in rows
    ]


def people_roles(conn: Connection, person_ids: Sequence[int]) -> dict[str, str]:
    """Name -> role of the given people, by primary key (no pass over the person table)."""
    from sqlalchemy import text

    if not person_ids:
        return {}
    ids = ", ".join(str(int(i)) for i in sorted(set(person_ids)))
    rows = conn.execute(text(f"SELECT name, role FROM person WHERE id IN ({ids})")).all()
    return {r[0]: r[1] for r in rows}


def find_person(conn: Connection | Session, name: str) -> PersonRecord:
    from sqlalchemy import text

    key = person_key(name)
    # Broken UTF-8 from a terminal (lone surrogates) cannot be a stored name, nor be sent to SQLite.
    valid = not any("\ud800" <= ch <= "\udfff" for ch in key)
    row = (
        conn.execute(
            text("SELECT id, name, role, born FROM person WHERE name_key = :k"), {"k": key}
        ).first()
        if valid
        else None
    )
    if row is None:
        raise NotFoundError(f"There is nobody called {name!r} in your people (attach people list).")
    return PersonRecord(row[0], row[1], row[2], date.fromisoformat(row[3]) if row[3] else None)


def person_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UsageError("A name can't be empty; a nickname or initial is fine.")
    if len(cleaned) > 60:
        raise UsageError("Please keep a name under 60 characters; a nickname is fine.")
    if any("\ud800" <= ch <= "\udfff" for ch in cleaned):
        # Bytes that are not valid UTF-8 arrive as lone surrogates: not control characters.
        raise UsageError(
            "A name must be valid text; this one holds bytes that are not UTF-8 "
            "(check the terminal's encoding)."
        )
    if any(not ch.isprintable() for ch in cleaned):
        raise UsageError("A name can't contain control characters.")
    return cleaned


def add_person(
    session: Session, name: str, role: str, born: date | None, now: datetime
) -> PersonRecord:
    from attachjournal.core.questionnaire import ROLES
    from attachjournal.storage.models import Person

    name = clean_name(name)
    if role not in ROLES:
        raise UsageError(f"Role must be one of {', '.join(ROLES)}.")
    _ensure_name_free(session, name)
    person = Person(
        name=name, name_key=person_key(name), role=role, born=born, created_at=_naive_utc(now)
    )
    session.add(person)
    session.flush()
    assert person.id is not None
    return PersonRecord(person.id, person.name, person.role, person.born)


def rename_person(session: Session, old: str, new: str) -> PersonRecord:
    from attachjournal.storage.models import Person

    record = find_person(session, old)
    new = clean_name(new)
    if person_key(new) != person_key(record.name):
        _ensure_name_free(session, new)
    person = session.get(Person, record.id)
    assert person is not None
    person.name, person.name_key = new, person_key(new)
    session.add(person)
    session.flush()
    return PersonRecord(record.id, new, record.role, record.born)


def remove_person(
    session: Session, name: str, *, reassign_to: str | None = None, delete_entries: bool = False
) -> tuple[PersonRecord, int]:
    """Remove a person; their entries must be moved to someone else or deleted explicitly."""
    from sqlalchemy import text

    from attachjournal.storage.models import Person

    record = find_person(session, name)
    # Every entry that names them: as the entry's person or in any other person question.
    naming = (
        "SELECT id FROM entry WHERE person_id = :p UNION "
        "SELECT entry_id FROM answer WHERE kind = 'person' AND value = :pv"
    )
    by_person = {"p": record.id, "pv": json.dumps(record.id)}
    count = session.execute(text(f"SELECT count(*) FROM ({naming})"), by_person).scalar_one()
    if count and reassign_to is None and not delete_entries:
        raise UsageError(
            f"{record.name} appears in {count} entr{'y' if count == 1 else 'ies'}. "
            f"Move them with --reassign-to NAME, or delete them with --delete-entries."
        )
    # Checked even with no entries to move: a mistyped name should never pass silently.
    target = find_person(session, reassign_to) if reassign_to is not None else None
    if target is not None and target.id == record.id:
        raise UsageError("Reassign to someone other than the person being removed.")
    if count and target is not None:
        params = {"old": record.id, "new": target.id}
        session.execute(text("UPDATE entry SET person_id = :new WHERE person_id = :old"), params)
        session.execute(
            text("UPDATE answer SET value = :newv WHERE kind = 'person' AND value = :oldv"),
            {"newv": json.dumps(target.id), "oldv": json.dumps(record.id)},
        )
    elif count:
        # Their own entries go; an entry about someone else only loses the answer naming them
        # (deleting a rupture with Maya because Sam was also there would surprise anyone).
        ids = [
            r[0]
            for r in session.execute(text("SELECT id FROM entry WHERE person_id = :p"), by_person)
        ]
        _delete_entries(session, ids)
        session.execute(text("DELETE FROM answer WHERE kind = 'person' AND value = :pv"), by_person)
        count = len(ids)
    person = session.get(Person, record.id)
    session.delete(person)
    session.flush()
    return record, count


def _delete_entries(session: Session, ids: Sequence[int]) -> None:
    from sqlalchemy import bindparam, text

    if not ids:
        return
    # A repair goes with its rupture: it means nothing without it.
    params = {"ids": list(ids)}
    for sql in (
        "DELETE FROM answer WHERE entry_id IN (SELECT id FROM entry WHERE rupture_id IN :ids)",
        "DELETE FROM entry WHERE rupture_id IN :ids",
        "DELETE FROM answer WHERE entry_id IN :ids",
        "DELETE FROM entry WHERE id IN :ids",
    ):
        session.execute(text(sql).bindparams(bindparam("ids", expanding=True)), params)
    forget_deleted_words(session)


def forget_deleted_words(session: Session | Connection) -> None:
    """Merge the search index so words of deleted answers leave it now, not at some later merge."""
    from sqlalchemy import text

    session.execute(text("INSERT INTO answer_fts (answer_fts) VALUES ('optimize')"))


def _ensure_name_free(session: Session, name: str) -> None:
    from sqlalchemy import text

    taken = session.execute(
        text("SELECT name FROM person WHERE name_key = :k"), {"k": person_key(name)}
    ).first()
    if taken is not None:
        raise UsageError(f"There is already someone called {taken[0]} in your people.")


# ----------------------------------------------------------------------------- writing entries


def add_entry(
    session: Session,
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    *,
    at: datetime,
    now: datetime,
    rupture_id: int | None = None,
) -> int:
    """Insert one entry with all its answers; new people named in answers are added too.

    Plain SQL through the session (the ORM models are only loaded to add a new person), so
    the save path stays light.
    """
    from sqlalchemy import text

    kind = questionnaire.name
    if kind == "repair":
        if rupture_id is None:
            raise UsageError("A repair needs the rupture it belongs to.")
        _check_repairable(session, rupture_id, at)
    person_id = None
    resolved = dict(answers)
    for question in questionnaire.questions:
        value = resolved.get(question.id)
        if question.kind == "person" and isinstance(value, PersonRef):
            ref = value
            if ref.is_new:
                ref = add_person(session, ref.name, ref.role or "other", None, now).ref()
            resolved[question.id] = ref
            person_id = person_id or ref.id
    entry_id = session.execute(
        text(
            "INSERT INTO entry (uid, kind, at, created_at, person_id, rupture_id, "
            "no_repair_needed) VALUES (:uid, :kind, :at, :created, :person, :rupture, 0) "
            "RETURNING id"
        ),
        {
            "uid": uuid.uuid4().hex,
            "kind": kind,
            "at": to_db_time(at),
            "created": to_db_time(now),
            "person": person_id,
            "rupture": rupture_id,
        },
    ).scalar_one()
    _insert_answers(session, entry_id, questionnaire, resolved)
    if rupture_id is not None:
        # A rupture that got its repair after all no longer "needed none".
        session.execute(
            text("UPDATE entry SET no_repair_needed = 0 WHERE id = :r"), {"r": rupture_id}
        )
    return entry_id


def replace_answers(
    session: Session,
    entry_id: int,
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    now: datetime,
) -> None:
    """Swap an entry's answers for a new set (updating today's check-in), in one transaction."""
    from sqlalchemy import text

    from attachjournal.storage.models import Entry

    entry = session.get(Entry, entry_id)
    if entry is None:
        raise NotFoundError(f"There is no entry {entry_id}.")
    session.execute(text("DELETE FROM answer WHERE entry_id = :e"), {"e": entry_id})
    entry.updated_at = _naive_utc(now)
    session.add(entry)
    session.flush()
    _insert_answers(session, entry_id, questionnaire, answers)
    forget_deleted_words(session)


def mark_no_repair_needed(session: Session, rupture_id: int) -> None:
    from attachjournal.storage.models import Entry

    rupture = session.get(Entry, rupture_id)
    if rupture is None or rupture.kind != "rupture":
        raise NotFoundError(f"There is no rupture {rupture_id} (attach log --kind rupture).")
    if _repair_of(session, rupture_id) is not None:
        raise UsageError(f"Rupture {rupture_id} already has a repair.")
    rupture.no_repair_needed = True
    session.add(rupture)


def _insert_answers(
    session: Session, entry_id: int, questionnaire: Questionnaire, answers: Mapping[str, Any]
) -> None:
    from sqlalchemy import text

    rows = []
    for position, question in enumerate(questionnaire.all_questions):
        if question.id not in answers:
            continue
        value = answers[question.id]
        if isinstance(value, PersonRef):
            value = value.id
        rows.append(
            {
                "entry": entry_id,
                "qid": question.id,
                "position": position,
                "qtext": question.text,
                "kind": question.kind,
                "value": json.dumps(value, ensure_ascii=False),
            }
        )
    if rows:
        session.execute(
            text(
                "INSERT INTO answer (entry_id, question_id, position, question_text, kind, value) "
                "VALUES (:entry, :qid, :position, :qtext, :kind, :value)"
            ),
            rows,
        )


def _check_repairable(session: Session, rupture_id: int, at: datetime) -> None:
    from sqlalchemy import text

    rupture = session.execute(
        text("SELECT kind, at FROM entry WHERE id = :id"), {"id": rupture_id}
    ).first()
    if rupture is None or rupture[0] != "rupture":
        raise NotFoundError(f"There is no rupture {rupture_id} (attach log --kind rupture).")
    existing = _repair_of(session, rupture_id)
    if existing is not None:
        raise UsageError(f"Rupture {rupture_id} already has its repair (entry {existing}).")
    if at < from_db_time(rupture[1]):  # type: ignore[operator]
        raise UsageError(f"A repair can't come before its rupture (entry {rupture_id}).")


def _repair_of(session: Session, rupture_id: int) -> int | None:
    from sqlalchemy import text

    return session.execute(
        text("SELECT id FROM entry WHERE rupture_id = :r"), {"r": rupture_id}
    ).scalar()


# ----------------------------------------------------------------------------- reading entries

_ENTRY_COLUMNS = (
    "e.id, e.uid, e.kind, e.at, e.created_at, e.updated_at, e.person_id, p.name, "
    "e.rupture_id, e.no_repair_needed"
)


def get_entry(conn: Connection, entry_id: int) -> EntryRecord:
    records = _query_entries(conn, "e.id = :id", {"id": entry_id})
    if not records:
        raise NotFoundError(f"There is no entry {entry_id} (attach log lists them).")
    return records[0]


def list_entries(
    conn: Connection,
    *,
    kind: str | None = None,
    person_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
) -> list[EntryRecord]:
    """Newest first."""
    where, params = ["1 = 1"], {}
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
    return _query_entries(conn, " AND ".join(where), params, order="DESC", limit=limit)


def entries_between(
    conn: Connection,
    start: datetime,
    end: datetime,
    kinds: Sequence[str] | None = None,
    question_ids: Sequence[str] | None = None,
) -> list[EntryRecord]:
    """Entries with start <= at < end, oldest first: one indexed range query plus its answers.

    With question_ids, only those answers are read (long periods stay lean).
    """
    where = "e.at >= :start AND e.at < :end"
    params: dict[str, Any] = {"start": to_db_time(start), "end": to_db_time(end)}
    if kinds:
        where += " AND e.kind IN (" + ", ".join(f"'{k}'" for k in kinds if k.isidentifier()) + ")"
    return _query_entries(conn, where, params, question_ids=question_ids)


def repairs_for(
    conn: Connection, rupture_ids: Sequence[int], question_ids: Sequence[str] | None = None
) -> dict[int, EntryRecord]:
    """The repair of each given rupture (if any), keyed by rupture id, in one query."""
    if not rupture_ids:
        return {}
    ids = ", ".join(str(int(i)) for i in rupture_ids)
    records = _query_entries(conn, f"e.rupture_id IN ({ids})", {}, question_ids=question_ids)
    return {r.rupture_id: r for r in records if r.rupture_id is not None}


def first_entry_at(conn: Connection) -> datetime | None:
    """When the earliest entry happened (an index lookup, not a scan)."""
    from sqlalchemy import text

    return from_db_time(conn.execute(text("SELECT min(at) FROM entry")).scalar())


def open_ruptures(conn: Connection, limit: int = 20) -> list[EntryRecord]:
    """Ruptures with no repair and not marked 'no repair needed', newest first."""
    return _query_entries(
        conn,
        "e.kind = 'rupture' AND e.no_repair_needed = 0 "
        "AND NOT EXISTS (SELECT 1 FROM entry r WHERE r.rupture_id = e.id)",
        {},
        order="DESC",
        limit=limit,
    )


def _query_entries(
    conn: Connection,
    where: str,
    params: dict[str, Any],
    *,
    order: str = "ASC",
    limit: int | None = None,
    question_ids: Sequence[str] | None = None,
) -> list[EntryRecord]:
    from sqlalchemy import text

    sql = (
        f"SELECT {_ENTRY_COLUMNS} FROM entry e LEFT JOIN person p ON p.id = e.person_id "
        f"WHERE {where} ORDER BY e.at {order}, e.id {order}"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = conn.execute(text(sql), params).all()
    if not rows:
        return []
    answers = _answers_for(conn, [r[0] for r in rows], question_ids)
    return [
        EntryRecord(
            id=r[0],
            uid=r[1],
            kind=r[2],
            at=from_db_time(r[3]),  # type: ignore[arg-type]
            created_at=from_db_time(r[4]),  # type: ignore[arg-type]
            updated_at=from_db_time(r[5]),
            person_id=r[6],
            person=r[7],
            rupture_id=r[8],
            no_repair_needed=bool(r[9]),
            answers=tuple(
                AnswerRecord(qid, qtext, kind, value)
                for qid, qtext, kind, value in answers.get(r[0], ())
            ),
        )
        for r in rows
    ]


def _answers_for(
    conn: Connection, entry_ids: Sequence[int], question_ids: Sequence[str] | None = None
) -> dict[int, list[tuple]]:
    from sqlalchemy import bindparam, text

    out: dict[int, list[tuple]] = {}
    only = ""
    params: dict[str, Any] = {}
    if question_ids:
        only = " AND a.question_id IN :qids"
        params["qids"] = list(question_ids)
    # Chunked so a long `attach log` never exceeds SQLite's variable limit.
    for start in range(0, len(entry_ids), 500):
        chunk = ", ".join(str(int(i)) for i in entry_ids[start : start + 500])
        # A questionnaire may ask about more than one person: each person answer is shown
        # with the name of the one it names (joined here, so no query per entry or person).
        sql = text(
            "SELECT a.entry_id, a.question_id, a.question_text, a.kind, a.value, p.name "
            "FROM answer a LEFT JOIN person p "
            "ON a.kind = 'person' AND p.id = CAST(a.value AS INTEGER) "
            f"WHERE a.entry_id IN ({chunk}){only} "
            "ORDER BY a.entry_id, a.position"
        )
        if question_ids:
            sql = sql.bindparams(bindparam("qids", expanding=True))
        rows = conn.execute(sql, params).all()
        for entry_id, qid, qtext, kind, value, name in rows:
            fitting = name if kind == "person" else _fitting(kind, value)
            if fitting is not _UNFIT:
                out.setdefault(entry_id, []).append((qid, qtext, kind, fitting))
    return out


_UNFIT: Any = object()
UNFIT = _UNFIT  # what fit_value returns for a value no view should be handed


def _fitting(kind: str, stored: str) -> Any:
    """A stored answer in the shape its kind promises every view, or _UNFIT to leave it out.

    Saves and imports are validated; this keeps a value written some other way (an older
    attach, a hand-edited file) from crashing a view that counts or looks up by it.
    """
    try:
        value = json.loads(stored)
    except (TypeError, ValueError, RecursionError):
        return _UNFIT
    return fit_value(kind, value)


def fit_value(kind: str, value: Any) -> Any:
    """The value in its kind's shape (a lone choice becomes a list for a multi), or _UNFIT."""
    if kind == "scale":
        ok = isinstance(value, int) and not isinstance(value, bool) and -(10**6) < value < 10**6
        return value if ok else _UNFIT
    if kind == "yesno":
        return value if isinstance(value, bool) else _UNFIT
    if kind == "multi":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return _UNFIT
        return [v for v in value if isinstance(v, str)]
    if kind == "person":
        return value
    if isinstance(value, str):
        return value
    return _UNFIT if isinstance(value, (dict, list)) or value is None else str(value)


def entries_by_id(conn: Connection, entry_ids: Sequence[int]) -> list[EntryRecord]:
    """The given entries with their answers, in the order of entry_ids."""
    if not entry_ids:
        return []
    ids = ", ".join(str(int(i)) for i in entry_ids)
    found = {r.id: r for r in _query_entries(conn, f"e.id IN ({ids})", {})}
    return [found[i] for i in entry_ids if i in found]
