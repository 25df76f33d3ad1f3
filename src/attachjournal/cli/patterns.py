"""`attach patterns`: the longer arc, over weeks and months."""

from pathlib import Path
from typing import Annotated

import typer

from attachjournal.cli.common import journal_path, load_prompts
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
    redact: Annotated[
        bool,
        typer.Option(
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
    import gc
    from datetime import timedelta

    from attachjournal import storage
    from attachjournal.cli.common import day_start
    from attachjournal.core import patterns as core
    from attachjournal.core.stats import local_day
    from attachjournal.views import render

    now = current().local_now()
    starts = day_start()  # days are journal days: a 00:30 check-in counts for the evening
    today = local_day(now, starts)
    journal = storage.open_journal(journal_path(db), create=False)
    if journal is None and who:
        from attachjournal.errors import NotFoundError

        raise NotFoundError(f"There is nobody called {who!r} yet: the journal is still empty.")
    if redact and html is None:
        from attachjournal.errors import UsageError

        raise UsageError("--redact is for the page: add --html FILE.")
    first = core.first_day(journal, starts) if journal is not None else None
    period = core.choose_period(today, since=since, until=until, first_day=first, day_start=starts)
    if first is None:
        # Nothing written yet: no day before now could have been, so the period is today alone
        # (not twelve weeks of days that look missed).
        period = core.Period(today, today, starts)
    prompts = load_prompts(prompts_file)
    # Ten years are tens of thousands of small objects and hardly a reference cycle: the cycle
    # collector would walk them again and again while they load (a third of the loading time),
    # and once more while the view is drawn. So it pauses while they load, and they are then
    # set aside for good (refcounting still frees them): this command ends soon after.
    gc.disable()
    try:
        data = core.load(journal, period, who) if journal is not None else core.PatternsData()
        summary = core.summarize(
            period, data, now=now, scale=core.resourced_scale(prompts), first_day=first
        )
    finally:
        gc.freeze()
        gc.enable()
    if until and period.end == today:
        from dataclasses import replace

        from attachjournal.core.when import parse_day

        summary = replace(summary, ends_today=parse_day(until, today) > today)
    # Someone may read this days after writing something heavy: the notice once, at the top.
    # Only its last four weeks: the note is for someone reading days after writing, and
    # checking ten years of text again on every run would cost half a second.
    start, end = period.bounds()
    concern = care_in_period(journal, max(start, end - timedelta(weeks=4)), end, prompts)
    if html is not None:
        shared = summary
        if redact and journal is not None:
            from attachjournal.views import html_patterns

            with journal.read() as conn:
                shared = html_patterns.redacted(summary, conn.all_people())
        _write_html(html, shared, prompts, redact=redact, announce=not json_out, concern=concern)
    else:
        show_period_care(concern)
    if json_out:
        render.print_json(core.to_json(summary))
        return
    if html is not None:
        return
    from attachjournal.views.render_patterns import patterns_view

    render.stdout().print(patterns_view(summary, prompts))


def _write_html(
    path: Path,
    summary: object,
    prompts: object,
    redact: bool,
    announce: bool,
    concern: object = None,
) -> None:
    from attachjournal.storage import write_private
    from attachjournal.views import html_patterns, render

    # A page made for someone else carries no notice meant for the writer.
    care = "" if redact else period_care_html(concern)
    page = html_patterns.patterns_page(summary, prompts, redact=redact, care=care)  # type: ignore[arg-type]
    write_private(path, page, what="the page, e.g. patterns.html")
    if announce:
        render.stdout().print(render.safe_text(f"Wrote the page to {path} (only you can read it)."))
