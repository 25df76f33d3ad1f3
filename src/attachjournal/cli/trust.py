"""`attach doctor` (is my journal whole and private?) and `attach help-now`."""

from typing import Annotated

from attachjournal.cli.declare import Option
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import DbOption, JsonOption


@guarded
def doctor(json_out: JsonOption = False, db: DbOption = None) -> None:
    """Check the journal: integrity, schema version, entry counts, privacy, where it lives.

    Reads only (the journal is opened read-only and nothing in it is changed); temporary
    files a killed backup, restore or encryption left beside it are removed. Exits 1 when
    the journal is damaged or is not an attach journal.
    """
    from attachjournal.cli.common import journal_location
    from attachjournal.usecases import checkup
    from attachjournal.views import checkup_out

    # Not the command helper journal_path: doctor looks, it does not tighten anything.
    result = checkup.check(journal_location(db))
    checkup_out.checked(result, json_out)
    trouble = checkup.trouble(result.checkup)
    if trouble is not None:
        raise trouble


@guarded
def help_now(
    country: Annotated[
        str | None,
        Option(
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
