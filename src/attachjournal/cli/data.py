"""`attach export`, `attach import`, `attach backup`, `attach restore`: your data, yours to move."""

from pathlib import Path
from typing import Annotated

import typer

from attachjournal.cli.common import journal_path, load_prompts, now, read_text_source
from attachjournal.cli.context import current
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import (
    DbOption,
    JsonOption,
    PromptsOption,
    SinceDayOption,
    UntilDayOption,
    WhoFilterOption,
)


@guarded
def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="json (complete, can be imported again), markdown (to read or print), "
            "or csv (one row per entry, a column per question; multi answers joined with '; ').",
        ),
    ] = "json",
    since: SinceDayOption = None,
    until: UntilDayOption = None,
    who: WhoFilterOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (private to you, 0600) instead of printing.",
            show_default=False,
        ),
    ] = None,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact",
            help="For sharing: replace each person's name with their role and a number "
            "(child 1, partner 1) everywhere, including where the name is written as a whole "
            "word in free text or a tag; birth dates are left out. Other details you wrote "
            "are not changed, so read it through before you share it.",
        ),
    ] = False,
    db: DbOption = None,
    prompts_file: PromptsOption = None,
) -> None:
    """Export the journal as JSON, Markdown or CSV.

    A repair always travels with its rupture. JSON holds everything (question texts as
    asked, people, links) and `attach import` reads it back.
    """
    from datetime import datetime, timedelta

    from attachjournal import storage
    from attachjournal.cli.common import load_prompts
    from attachjournal.core.when import parse_day
    from attachjournal.errors import UsageError
    from attachjournal.formats import exchange, export_formats
    from attachjournal.storage import SCHEMA_VERSION as LATEST

    fmt = fmt.lower()
    if fmt == "md":
        fmt = "markdown"
    if fmt not in export_formats.FORMATS:
        raise UsageError(f"--format takes {', '.join(export_formats.FORMATS)} (got {fmt[:20]!r}).")
    today = current().local_now().date()

    def midnight(day: object) -> datetime:
        return datetime.combine(day, datetime.min.time()).astimezone()  # type: ignore[arg-type]

    since_at = midnight(parse_day(since, today)) if since else None
    until_at = midnight(parse_day(until, today) + timedelta(days=1)) if until else None
    path = journal_path(db)
    journal = storage.open_journal(path, create=False)
    if journal is None:
        dump = storage.Dump(people=(), entries=())
    else:
        with journal.read() as conn:
            person_id = conn.find_person(who).id if who else None
            dump = conn.dump(since=since_at, until=until_at, person_id=person_id)
    document = exchange.to_document(dump, LATEST)
    people = dump.all_people
    del dump  # the document holds everything now; ten years of both would double the memory
    if redact:
        document = exchange.redact(document, people)
    prompts = load_prompts(prompts_file) if fmt != "json" else None
    chunks = export_formats.render_chunks(document, fmt, prompts)
    if output is None:
        import sys

        sys.stdout.writelines(chunks)
        sys.stdout.flush()
        return
    from attachjournal import storage
    from attachjournal.storage import write_private

    write_private(output, chunks, journal=path, what="the export")
    from attachjournal.views import render

    count = len(document["entries"])
    render.note(
        f"Wrote {count} entr{'y' if count == 1 else 'ies'} to {output} (only you can read it)."
    )


@guarded
def import_(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="The file to import; '-' reads stdin.")
    ],
    source: Annotated[
        str,
        typer.Option(
            "--from",
            help="attach (a JSON export of attach) or jrnl (jrnl --export json): each jrnl "
            "entry becomes a note with its date, time and tags.",
        ),
    ] = "attach",
    json_out: JsonOption = False,
    prompts_file: PromptsOption = None,
    db: DbOption = None,
) -> None:
    """Import an attach JSON export, or a jrnl JSON export, into this journal.

    Entries already in the journal (same id) are skipped, so importing twice adds nothing.
    Every record is checked first, every answer against its question as a save is (your
    prompts: --prompts names another file); if any is wrong, nothing is imported and the
    message says which.
    jrnl entries become notes: they show in log, show and search, but never count as a
    check-in in the review.
    """
    import json

    from attachjournal import storage
    from attachjournal.errors import UsageError
    from attachjournal.formats import exchange
    from attachjournal.views import render

    if source not in ("attach", "jrnl"):
        raise UsageError("--from takes attach or jrnl.")
    raw = read_text_source(file, "an export file")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # RecursionError: nesting thousands deep
        raise exchange.ImportRefused(
            f"{file} is not valid JSON (line {getattr(exc, 'lineno', '?')}); nothing was imported."
        ) from None
    current = now()
    plan = (
        exchange.parse_jrnl(data, current)
        if source == "jrnl"
        else exchange.parse_document(data, load_prompts(prompts_file))
    )
    journal = storage.open_journal(journal_path(db), create=True)
    assert journal is not None
    with journal.write("Nothing was imported") as session:
        result = session.apply_import(plan)
    if result.added:
        # One notice for the whole import: how many entries, never their words.
        from attachjournal.cli.care import show_period_care
        from attachjournal.core import safety

        texts = ([a.value for a in e.answers if a.kind == "text"] for e in plan.entries)
        show_period_care(safety.period_concern(texts), "import_opening")
    if json_out:
        render.print_json(
            {
                "added": result.added,
                "already_there": result.already_there,
                "people_added": result.people_added,
            }
        )
        return
    line = f"✓ Imported {result.added} entr{'y' if result.added == 1 else 'ies'}"
    if result.people_added:
        line += f" and {result.people_added} {'person' if result.people_added == 1 else 'people'}"
    line += "."
    if result.already_there:
        line += f" {result.already_there} were already in the journal and stayed as they are."
    render.stdout().print(line)


@guarded
def backup(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="[DIR]",
            help="Where to put it (default: a 'backups' folder next to the journal).",
            show_default=False,
        ),
    ] = None,
    keep: Annotated[
        int, typer.Option("--keep", min=1, help="Keep only the newest N backups in DIR.")
    ] = 10,
    json_out: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Make a consistent copy of the journal (SQLite's VACUUM INTO), private to you.

    Safe while another attach is writing. Named with the date and time; older attach
    backups in the same folder beyond --keep are removed (other files are never touched).
    """
    from attachjournal import storage
    from attachjournal.errors import NotFoundError
    from attachjournal.views import render

    path = journal_path(db)
    storage.refuse_other_owner(path)
    journal = storage.open_journal(path, create=False)
    if journal is None:
        raise NotFoundError("There is no journal to back up yet. A good first step: attach reflect")
    target = (folder or storage.default_backup_folder(path)).expanduser()
    try:
        result = journal.backup(target, now(), keep)
    finally:
        journal.close()
    if json_out:
        render.print_json(
            {
                "path": str(result.path),
                "entries": result.entries,
                "removed": [str(p) for p in result.removed],
            }
        )
        return
    render.stdout().print(render.Text(f"✓ Backed up {_entries(result.entries)} to {result.path}"))
    if result.removed:
        render.note(f"Removed {len(result.removed)} older backup(s), keeping the newest {keep}.")


@guarded
def restore(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A backup made by attach backup.")],
    db: DbOption = None,
) -> None:
    """Replace the journal with a backup, after checking the backup is whole.

    Your current journal is kept aside first, next to it, named with the date and time.
    Saves made meanwhile in another attach wait for the restore, then go into the restored
    journal. An encrypted journal stays encrypted, even with a backup from before.
    """
    from attachjournal import storage
    from attachjournal.views import render

    path = journal_path(db)
    storage.refuse_other_owner(path)
    result = storage.restore_backup(path, file, now(), tell=render.note)
    render.stdout().print(
        render.Text(f"✓ Restored {_entries(result.entries)} from {result.restored_from}.")
    )
    if result.kept_aside is not None:
        render.stdout().print(
            render.Text(f"  Your journal as it was is kept at {result.kept_aside}")
        )


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"
