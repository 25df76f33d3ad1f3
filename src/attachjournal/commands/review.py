"""`attach review`: the weekly summary."""

from typing import Annotated

import typer

from attachjournal.commands.common import (
    DbOption,
    HtmlOption,
    JsonOption,
    PromptsOption,
    UntilDayOption,
    care_in_period,
    guarded,
    journal_path,
    period_care_html,
    show_period_care,
)


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
    db: DbOption = None,
    prompts_file: PromptsOption = None,
) -> None:
    """A weekly look back: check-ins, ruptures and repairs, patterns, questions to sit with.

    Covers the last 7 days (today included) unless --week or --since/--until say otherwise.
    It only reads; nothing is stored.
    """
    from datetime import datetime

    from attachjournal import render, store
    from attachjournal import review as core
    from attachjournal.commands.common import load_prompts
    from attachjournal.render_review import review_view

    today = datetime.now().astimezone().date()
    period = core.choose_period(today, week=week, since=since, until=until)
    prompts = load_prompts(prompts_file)
    journal = store.open_journal(journal_path(db), create=False)
    data = core.load(journal, period) if journal is not None else core.ReviewData.empty()
    summary = core.summarize(period, data, now=datetime.now().astimezone(), prompts=prompts)
    # Someone may read this days after writing something heavy: the notice once, at the top.
    concern = care_in_period(journal, *period.bounds(), prompts)
    if html is not None:
        from attachjournal import html_report
        from attachjournal.private_files import write_private

        page = html_report.review_page(summary, prompts, care=period_care_html(concern))
        write_private(html, page, what="the page, e.g. week.html")
        if not json_out:
            render.stdout().print(
                render.safe_text(f"Wrote the page to {html} (only you can read it).")
            )
            return
    show_period_care(concern)
    if json_out:
        render.print_json(core.to_json(summary))
        return
    render.stdout().print(review_view(summary, prompts))
