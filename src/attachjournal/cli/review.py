"""`attach review`: the weekly summary."""

from typing import Annotated

import typer

from attachjournal.cli.common import journal_path
from attachjournal.cli.context import current
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import (
    DbOption,
    HtmlOption,
    JsonOption,
    PromptsOption,
    UntilDayOption,
)
from attachjournal.usecases.care import care_in_period
from attachjournal.views.care_out import period_care_html, show_period_care


@guarded
def review(
    week: Annotated[
        str | None,
        typer.Option(
            "--week",
            metavar="YYYY-Www",
            help="An ISO week in local time, e.g. 2026-W47.",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="First day to include (with --until).",
            show_default=False,
        ),
    ] = None,
    until: UntilDayOption = None,
    json_out: JsonOption = False,
    html: HtmlOption = None,
    redact: Annotated[
        bool,
        typer.Option(
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

    from attachjournal import storage
    from attachjournal.cli.common import day_start, load_prompts
    from attachjournal.core import review as core
    from attachjournal.core.stats import local_day
    from attachjournal.views import render
    from attachjournal.views.render_review import review_view

    now = current().local_now()
    # Days are journal days: at 00:30 "today" is still the evening that just ended.
    starts = day_start()
    today = local_day(now, starts)
    period = core.choose_period(today, week=week, since=since, until=until, day_start=starts)
    prompts = load_prompts(prompts_file)
    journal = storage.open_journal(journal_path(db), create=False)
    data = (
        core.load(journal, period, everyone=redact)
        if journal is not None
        else core.ReviewData.empty()
    )
    if redact:
        from attachjournal.views.review_json import redacted

        data = redacted(data)
    summary = core.summarize(period, data, now=now, prompts=prompts)
    # Someone may read this days after writing something heavy: the notice once, at the top.
    concern = care_in_period(journal, *period.bounds(), prompts)
    if html is not None:
        from attachjournal import storage
        from attachjournal.storage import write_private
        from attachjournal.views.html_review import review_page

        # A page made for someone else carries no notice meant for the writer.
        care = "" if redact else period_care_html(concern)
        page = review_page(summary, prompts, for_others=redact, care=care)
        write_private(html, page, what="the page, e.g. week.html")
        if not json_out:
            render.stdout().print(
                render.safe_text(f"Wrote the page to {html} (only you can read it).")
            )
            return
    show_period_care(concern)
    if json_out:
        from attachjournal.views.review_json import to_json

        render.print_json(to_json(summary))
        return
    render.stdout().print(review_view(summary, prompts, for_others=redact))
