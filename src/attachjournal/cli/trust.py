"""`attach doctor` (is my journal whole and private?) and `attach help-now`."""

from typing import Annotated

import typer

from attachjournal.cli.guard import guarded
from attachjournal.cli.options import DbOption, JsonOption


@guarded
def doctor(json_out: JsonOption = False, db: DbOption = None) -> None:
    """Check the journal: integrity, schema version, entry counts, privacy, where it lives.

    Reads only (the journal is opened read-only and nothing in it is changed); temporary
    files a killed backup, restore or encryption left beside it are removed. Exits 1 when
    the journal is damaged or is not an attach journal.
    """
    from attachjournal import storage
    from attachjournal.errors import JournalError
    from attachjournal.paths import journal_path
    from attachjournal.views import render
    from attachjournal.views.render_checkup import checkup_view

    # paths.journal_path, not the command helper: doctor looks, it does not tighten anything.
    path = journal_path(db)
    # Only beside a real journal file: a FIFO or device is refused by the examination below,
    # and opening one to tidy around it would hang.
    removed = storage.tidy_leftovers(path) if path.is_file() else []
    checkup = storage.examine(path)
    if removed:
        render.note(
            f"Removed {len(removed)} temporary file(s) an interrupted backup, restore or "
            "encryption had left beside the journal."
        )
    if storage.wipe_marker(path).exists():
        render.note(
            "Words of a deleted or edited entry may still be in the journal file (another "
            "attach was reading it then); the next command that opens the journal wipes them."
        )
    if json_out:
        render.print_json(checkup.as_dict())
    else:
        render.stdout().print(checkup_view(checkup))
    if checkup.integrity == "damaged":
        raise JournalError(
            "Your journal is damaged. Please don't save to it until it is sorted out.",
            "attach restore FILE brings back a backup (it keeps this file aside).",
        )
    if checkup.not_checked_because:
        raise JournalError(
            f"The journal could not be checked: {checkup.not_checked_because}. "
            "Nothing was written to it."
        )
    if checkup.disk_full:
        raise JournalError("The disk is full; free some space so saves can land again.")
    if checkup.state == "newer":
        raise JournalError("This journal needs a newer attach; it was left untouched.")
    if not checkup.healthy:
        raise JournalError("This file can't be used as a journal; it was left untouched.")


@guarded
def help_now(
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            metavar="XX",
            help="Two-letter country code, e.g. GB, US, DE (default: the country setting, "
            "else your locale's).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Where to find help right now: the emergency number and helplines, offline.

    Shows the lines for your country (the `country` setting, else the locale in LANG,
    e.g. en_GB.UTF-8 -> GB), each with its source and the date it was checked, and
    findahelpline.com for everywhere else. Nothing is looked up online.
    """
    import re

    from attachjournal.core import safety
    from attachjournal.core.safety import helplines
    from attachjournal.errors import UsageError
    from attachjournal.views import render
    from attachjournal.views.render_care import help_now_view

    wrong = country is not None and not re.fullmatch(r"\s*[A-Za-z]{2}\s*", country)
    code, how = helplines.choose_country(None if wrong else country)
    found = helplines.load().get(code) if code else None
    asked = code if code and found is None else None
    # Help first, always: a mistyped option still shows what works everywhere.
    render.stdout().print(help_now_view(safety.guide(), found, how, asked))
    if wrong:
        raise UsageError("--country takes a two-letter code such as GB, US or DE.")
