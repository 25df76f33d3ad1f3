"""`attach patterns`: the longer arc, over weeks and months."""

from pathlib import Path
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
    load_prompts,
    period_care_html,
    show_period_care,
)


@guarded
def patterns(
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="First day to include, or 'all' (default: 12 weeks before --until).",
            show_default=False,
        ),
    ] = None,
    until: UntilDayOption = None,
    who: Annotated[
        str | None,
        typer.Option(
            "--who", metavar="NAME", help="Only ruptures with this person.", show_default=False
        ),
    ] = None,
    json_out: JsonOption = False,
    html: HtmlOption = None,
    db: DbOption = None,
    prompts_file: PromptsOption = None,
) -> None:
    """Patterns over months: repair week by week, contexts, resourced days, echoes.

    Covers the last 12 weeks (today included) unless --since/--until say otherwise;
    --since all goes back to the first entry. It only reads; nothing is stored.
    """
    from datetime import datetime

    from attachjournal import patterns as core
    from attachjournal import render, store

    today = datetime.now().astimezone().date()
    journal = store.open_journal(journal_path(db), create=False)
    if journal is None and who:
        from attachjournal.errors import NotFoundError

        raise NotFoundError(f"There is nobody called {who!r} yet: the journal is still empty.")
    wants_all = since is not None and since.strip().lower() == "all"
    first = core.first_day(journal) if journal is not None and wants_all else None
    period = core.choose_period(today, since=since, until=until, first_day=first)
    data = core.load(journal, period, who) if journal is not None else core.PatternsData()
    summary = core.summarize(period, data, now=datetime.now().astimezone())
    # Someone may read this days after writing something heavy: the notice once, at the top.
    concern = care_in_period(journal, *period.bounds(), load_prompts(prompts_file))
    if html is not None:
        _write_html(html, summary, prompts_file, announce=not json_out, concern=concern)
    else:
        show_period_care(concern)
    if json_out:
        render.print_json(core.to_json(summary))
        return
    if html is not None:
        return
    from attachjournal.render_patterns import patterns_view

    render.stdout().print(patterns_view(summary, load_prompts(prompts_file)))


def _write_html(
    path: Path, summary: object, prompts_file: Path | None, announce: bool, concern: object = None
) -> None:
    from attachjournal import html_report, render
    from attachjournal.private_files import write_private

    care = period_care_html(concern)
    page = html_report.patterns_page(summary, load_prompts(prompts_file), care)  # type: ignore[arg-type]
    write_private(path, page, what="the page, e.g. patterns.html")
    if announce:
        render.stdout().print(render.safe_text(f"Wrote the page to {path} (only you can read it)."))
