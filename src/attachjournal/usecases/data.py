"""Your data, yours to move: export, import, backup and restore, each returning what it did.

Nothing here prints: the command hands each result to its emitter (views/data_out.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attachjournal.paths import Location

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts


@dataclass
class Tally:
    """Entries an export has written so far; a streamed one counts as it goes."""

    entries: int = 0  # entries written so far


@dataclass(frozen=True)
class Exported:
    """What `attach export` made: the text to print, or the file it went to."""

    chunks: Iterable[str] | None  # the text to print; None when it went to a file
    written_to: Path | None
    tally: Tally
    # On a server: the entries the reader wrote, none of another member's (storage/dump.py).
    own_only: bool = False

    @property
    def count(self) -> int:
        """Entries in the export (of a streamed one: those printed so far, all once done)."""
        return self.tally.entries


@dataclass(frozen=True)
class Imported:
    """What `attach import` added, what was already there, and any concern about the new words."""

    added: int
    already_there: int
    people_added: int
    concern: Any  # safety.PeriodConcern about what was added, or None


@dataclass(frozen=True)
class BackedUp:
    """What `attach backup` wrote, the older backups it removed, and how many it keeps."""

    path: Path
    entries: int
    removed: tuple[Path, ...]
    keep: int


@dataclass(frozen=True)
class Restored:
    """What `attach restore` did: the entries now in the journal, the backup, the old one kept."""

    entries: int
    restored_from: Path
    kept_aside: Path | None


def export(
    journal_at: Location,
    fmt: str,
    *,
    since: datetime | None,
    until: datetime | None,
    who: str | None,
    redact: bool,
    prompts: Callable[[], Prompts],
    output: Path | None,
) -> Exported:
    """The journal (or part of it) as a document in `fmt`, streamed, or written to `output`.

    JSON is written while it is read, a page of entries at a time, inside one snapshot of the
    journal (so it is one moment of it): the text to print holds the snapshot open until it
    has all been consumed. Markdown and CSV are built whole first.
    """
    from attachjournal import storage
    from attachjournal.formats import exchange, export_formats

    tally = Tally()
    if fmt == "json":
        chunks: Iterable[str] = _json_started(journal_at, since, until, who, redact, tally)
    else:
        journal = storage.open_journal(journal_at, create=False)
        if journal is None:
            dump = storage.Dump(people=(), entries=())
        else:
            with journal.read() as conn:
                person_id = conn.find_person(who).id if who else None
                dump = conn.dump(since=since, until=until, person_id=person_id)
        document = exchange.to_document(dump, storage.SCHEMA_VERSION)
        people = dump.all_people
        del dump  # the document holds everything now; ten years of both would double the memory
        if redact:
            document = exchange.redact(document, people)
        chunks = export_formats.render_chunks(document, fmt, prompts())
        tally.entries = len(document["entries"])
    own_only = isinstance(journal_at, str) and storage.is_server_url(journal_at)
    if output is None:
        return Exported(chunks, None, tally, own_only)
    storage.write_private(
        output,
        chunks,
        journal=journal_at if isinstance(journal_at, Path) else None,
        what="the export",
    )
    return Exported(None, output, tally, own_only)


def _json_started(
    journal_at: Location,
    since: datetime | None,
    until: datetime | None,
    who: str | None,
    redact: bool,
    tally: Tally,
) -> Iterator[str]:
    """The JSON export's text, its first piece already made: a person not found, or a journal
    that can't be read, is said before a byte is printed or a file is begun."""
    chunks = _json_chunks(journal_at, since, until, who, redact, tally)
    first = next(chunks)

    def rest() -> Iterator[str]:
        yield first
        yield from chunks  # closing this closes the snapshot too

    return rest()


def _json_chunks(
    journal_at: Location,
    since: datetime | None,
    until: datetime | None,
    who: str | None,
    redact: bool,
    tally: Tally,
) -> Iterator[str]:
    from attachjournal import storage
    from attachjournal.formats import exchange
    from attachjournal.formats.json_stream import iter_json

    def counted(pages: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
        for page in pages:
            tally.entries += len(page)
            yield page

    journal = storage.open_journal(journal_at, create=False)
    if journal is None:
        yield from iter_json((), (), (), storage.SCHEMA_VERSION)
        return
    with journal.read() as conn:
        person_id = conn.find_person(who).id if who else None
        found = conn.export_pages(since=since, until=until, person_id=person_id)
        redaction = exchange.Redaction(found.all_people) if redact else None
        yield from iter_json(
            found.people,
            found.all_people,
            counted(found.pages),
            storage.SCHEMA_VERSION,
            redaction,
        )


def import_entries(
    journal_at: Location,
    raw: str,
    *,
    label: str,
    source: str,
    now: datetime,
    prompts: Callable[[], Prompts],
) -> Imported:
    """Check every record of an export (attach or jrnl), then add them all or nothing."""
    import json

    from attachjournal import storage
    from attachjournal.core import safety
    from attachjournal.formats import exchange

    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # RecursionError: nesting thousands deep
        raise exchange.ImportRefused(
            f"{label} is not valid JSON (line {getattr(exc, 'lineno', '?')}); nothing was imported."
        ) from None
    plan = (
        exchange.parse_jrnl(data, now)
        if source == "jrnl"
        else exchange.parse_document(data, prompts())
    )
    journal = storage.open_journal(journal_at, create=True)
    assert journal is not None
    with journal.write("Nothing was imported") as session:
        result = session.apply_import(plan)
    if result.added:
        from attachjournal.usecases import marker

        marker.recount(journal_at, journal)  # an imported check-in may be today's
    concern = None
    if result.added:
        # One notice for the whole import: how many entries, never their words.
        texts = ([a.value for a in e.answers if a.kind == "text"] for e in plan.entries)
        concern = safety.period_concern(texts)
    return Imported(result.added, result.already_there, result.people_added, concern)


def backup(journal_at: Location, folder: Path | None, now: datetime, keep: int) -> BackedUp:
    """A consistent private copy of the journal; older attach backups beyond `keep` go."""
    from attachjournal import storage
    from attachjournal.errors import NotFoundError

    journal_at = storage.file_only(journal_at, "backup")
    storage.refuse_other_owner(journal_at)
    journal = storage.open_journal(journal_at, create=False)
    if journal is None:
        raise NotFoundError("There is no journal to back up yet. A good first step: attach reflect")
    target = (folder or storage.default_backup_folder(journal_at)).expanduser()
    try:
        result = journal.backup(target, now, keep)
    finally:
        journal.close()
    return BackedUp(result.path, result.entries, tuple(result.removed), keep)


def restore(
    journal_at: Location, backup_file: Path, now: datetime, tell: Callable[[str], None]
) -> Restored:
    """Replace the journal with a whole backup, keeping the current one aside."""
    from attachjournal import storage

    journal_at = storage.file_only(journal_at, "restore")
    storage.refuse_other_owner(journal_at)
    result = storage.restore_backup(journal_at, backup_file, now, tell=tell)
    from attachjournal.usecases import marker

    marker.after_restore(journal_at)  # the nudge's date follows the restored check-ins
    return Restored(result.entries, result.restored_from, result.kept_aside)
