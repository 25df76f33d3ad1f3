"""`attach patterns`: the longer arc, over weeks and months."""

from typing import Annotated

from attachjournal.cli.common import day_start, journal_path, load_prompts
from attachjournal.cli.context import current
from attachjournal.cli.declare import Option
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import (
    DbOption,
    HtmlOption,
    JsonOption,
    PromptsOption,
    UntilDayOption,
)


@guarded
def patterns(
    since: Annotated[
        str | None,
        Option(
            "--since",
            metavar="DATE",
            help="First day to include, or 'all' (default: 12 weeks before --until).",
            show_default=False,
        ),
    ] = None,
    until: UntilDayOption = None,
    who: Annotated[
        str | None,
        Option("--who", metavar="NAME", help="Only ruptures with this person.", show_default=False),
    ] = None,
    json_out: JsonOption = False,
    html: HtmlOption = None,
    redact: Annotated[
        bool,
        Option(
            "--redact",
            help="With --html, a page for someone else (a therapist, a partner): names become "
            "their role and a number (child 1, partner 1), also inside your notes, and the "
            "commands meant for you are left out. Read it through before you share it.",
        ),
    ] = False,
    db: DbOption = None,
    prompts_file: PromptsOption = None,
) -> None:
    """Patterns over months: repair week by week, contexts, resourced days, echoes.

    Covers the last 12 weeks (today included) unless --since/--until say otherwise;
    --since all goes back to the first entry. Days before the journal's first entry and
    days still to come are never counted. It only reads; nothing is stored.
    """
    from attachjournal.usecases import patterns as usecase
    from attachjournal.views import patterns_out

    result = usecase.patterns(
        journal_path(db),
        now=current().local_now(),
        day_start=day_start(),
        since=since,
        until=until,
        who=who,
        redact=redact,
        for_page=html is not None,
        prompts=lambda: load_prompts(prompts_file),
    )
    patterns_out.shown(result, json_out, html)
