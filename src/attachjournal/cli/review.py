"""`attach review`: the weekly summary."""

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
    WeekOption,
)


@guarded
def review(
    week: WeekOption = None,
    since: Annotated[
        str | None,
        Option(
            "--since",
            metavar="DATE",
            help="First day to include (with --until).",
            show_default=False,
        ),
    ] = None,
    until: UntilDayOption = None,
    who: Annotated[
        str | None,
        Option(
            "--who",
            metavar="NAME",
            help="Only ruptures and repairs with this person (check-ins stay, as context).",
            show_default=False,
        ),
    ] = None,
    json_out: JsonOption = False,
    html: HtmlOption = None,
    redact: Annotated[
        bool,
        Option(
            "--redact",
            help="For a page or review to share (say, with a therapist): names become a role "
            "and number ('child 1'), also inside what I wrote, and no commands are shown.",
        ),
    ] = False,
    db: DbOption = None,
    prompts_file: PromptsOption = None,
) -> None:
    """A weekly look back: check-ins, ruptures and repairs, patterns, questions to sit with.

    Covers the last 7 days (today included) unless --week or --since/--until say otherwise;
    days before the journal's first entry and days still to come are not counted.
    It only reads; nothing is stored.
    """

    from attachjournal.usecases import review as usecase
    from attachjournal.views import review_out

    result = usecase.review(
        journal_path(db),
        now=current().local_now(),
        day_start=day_start(),
        week=week,
        since=since,
        until=until,
        redact=redact,
        prompts=lambda: load_prompts(prompts_file),
        who=who,
    )
    review_out.reviewed(result, json_out, html)
