"""`attach export`, `attach import`, `attach backup`, `attach restore`: your data, yours to move."""

from pathlib import Path
from typing import Annotated

from attachjournal.cli.common import (
    journal_path,
    load_prompts,
    now,
    read_text_source,
    week_filter,
)
from attachjournal.cli.context import current
from attachjournal.cli.declare import Argument, Option
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import (
    DbOption,
    JsonOption,
    PromptsOption,
    SinceDayOption,
    UntilDayOption,
    WeekOption,
    WhoFilterOption,
)


@guarded
def export(
    fmt: Annotated[
        str,
        Option(
            "--format",
            "-f",
            help="json (complete, can be imported again), markdown (to read or print), "
            "or csv (one row per entry, a column per question; multi answers joined with '; ').",
        ),
    ] = "json",
    since: SinceDayOption = None,
    until: UntilDayOption = None,
    week: WeekOption = None,
    who: WhoFilterOption = None,
    output: Annotated[
        Path | None,
        Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (private to you, 0600) instead of printing.",
            show_default=False,
        ),
    ] = None,
    redact: Annotated[
        bool,
        Option(
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
    asked, people, links) and `attach import` reads it back. On a server it holds the
    entries you wrote (the shared ones marked shared), never another member's.
    """
    from datetime import timedelta

    from attachjournal.core.stats import local_midnight
    from attachjournal.core.when import parse_day
    from attachjournal.errors import UsageError
    from attachjournal.formats import export_formats
    from attachjournal.usecases import data
    from attachjournal.views import data_out

    fmt = fmt.lower()
    if fmt == "md":
        fmt = "markdown"
    if fmt not in export_formats.FORMATS:
        raise UsageError(f"--format takes {', '.join(export_formats.FORMATS)} (got {fmt[:20]!r}).")
    today = current().local_now().date()
    since_at, until_at = week_filter(week, since, until) or (
        local_midnight(parse_day(since, today)) if since else None,
        local_midnight(parse_day(until, today) + timedelta(days=1)) if until else None,
    )

    result = data.export(
        journal_path(db),
        fmt,
        since=since_at,
        until=until_at,
        who=who,
        redact=redact,
        prompts=lambda: load_prompts(prompts_file),
        output=output,
    )
    data_out.exported(result)


@guarded
def import_(
    file: Annotated[str, Argument(metavar="FILE", help="The file to import; '-' reads stdin.")],
    source: Annotated[
        str,
        Option(
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
    from attachjournal.errors import UsageError
    from attachjournal.usecases import data
    from attachjournal.views import data_out

    if source not in ("attach", "jrnl"):
        raise UsageError("--from takes attach or jrnl.")
    raw = read_text_source(file, "an export file")
    result = data.import_entries(
        journal_path(db),
        raw,
        label=file,
        source=source,
        now=now(),
        prompts=lambda: load_prompts(prompts_file),
    )
    from attachjournal.views.care_out import show_period_care

    show_period_care(result.concern, "import_opening")
    data_out.imported(result, json_out)


@guarded
def backup(
    folder: Annotated[
        Path | None,
        Argument(
            metavar="[DIR]",
            help="Where to put it (default: a 'backups' folder next to the journal).",
            show_default=False,
        ),
    ] = None,
    keep: Annotated[
        int, Option("--keep", min=1, help="Keep only the newest N backups in DIR.")
    ] = 10,
    json_out: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Make a consistent copy of the journal (SQLite's VACUUM INTO), private to you.

    Safe while another attach is writing. Named with the date and time; older attach
    backups in the same folder beyond --keep are removed (other files are never touched).
    """
    from attachjournal.usecases import data
    from attachjournal.views import data_out

    data_out.backed_up(data.backup(journal_path(db), folder, now(), keep), json_out)


@guarded
def restore(
    file: Annotated[Path, Argument(metavar="FILE", help="A backup made by attach backup.")],
    db: DbOption = None,
) -> None:
    """Replace the journal with a backup, after checking the backup is whole.

    Your current journal is kept aside first, next to it, named with the date and time.
    Saves made meanwhile in another attach wait for the restore, then go into the restored
    journal. An encrypted journal stays encrypted, even with a backup from before.
    """
    from attachjournal.usecases import data
    from attachjournal.views import data_out, render

    data_out.restored(data.restore(journal_path(db), file, now(), tell=render.note))
