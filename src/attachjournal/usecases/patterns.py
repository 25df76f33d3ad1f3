"""`attach patterns`: the longer arc over weeks and months. Nothing here prints;
views/patterns_out.py shows it (terminal, JSON or a page)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from attachjournal.paths import Location

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts


@dataclass(frozen=True)
class Patterns:
    """What `attach patterns` hands its emitter: the summary, as shown and as shared, and any
    concern about words of harm in the period's last four weeks."""

    summary: Any  # core.patterns' summary of the period
    shared: Any  # the summary as the page shows it (names redacted when it is for others)
    prompts: Prompts
    concern: Any  # safety.PeriodConcern for the period's last four weeks, or None
    redacted: bool


def patterns(
    journal_at: Location,
    *,
    now: datetime,
    day_start: time,
    since: str | None,
    until: str | None,
    who: str | None,
    redact: bool,
    for_page: bool,
    prompts: Callable[[], Prompts],
) -> Patterns:
    """`now` is local and aware; days are journal days (a 00:30 check-in counts for the
    evening). Covers 12 weeks unless since/until say otherwise."""
    import gc

    from attachjournal import storage
    from attachjournal.core import patterns as core
    from attachjournal.core.stats import local_day
    from attachjournal.errors import NotFoundError, UsageError
    from attachjournal.usecases.care import care_in_period

    today = local_day(now, day_start)
    journal = storage.open_journal(journal_at, create=False)
    if journal is None and who:
        raise NotFoundError("There is nobody by that name yet: the journal is still empty.")
    if redact and not for_page:
        raise UsageError("--redact is for the page: add --html FILE.")
    first = None
    if journal is not None:
        with journal.read() as reader:
            # Your patterns rest on what you wrote: from your own first entry, your entries.
            first = core.first_day(reader.my_own(), day_start)
    period = core.choose_period(
        today, since=since, until=until, first_day=first, day_start=day_start
    )
    if first is None:
        # Nothing written yet: no day before now could have been, so the period is today alone
        # (not twelve weeks of days that look missed).
        period = core.Period(today, today, day_start)
    questions = prompts()
    # Ten years are tens of thousands of small objects and hardly a reference cycle: the cycle
    # collector would walk them again and again while they load (a third of the loading time),
    # and once more while the view is drawn. So it pauses while they load, and they are then
    # set aside for good (refcounting still frees them): this command ends soon after.
    gc.disable()
    try:
        data = core.PatternsData()
        if journal is not None:
            with journal.read() as reader:
                data = core.load(reader.my_own(), period, who)
        summary = core.summarize(
            period, data, now=now, scale=core.resourced_scale(questions), first_day=first
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
    concern = care_in_period(journal, max(start, end - timedelta(weeks=4)), end, questions)
    shared = summary
    if for_page and redact and journal is not None:
        from attachjournal.views import html_patterns

        with journal.read() as conn:
            shared = html_patterns.redacted(summary, conn.all_people())
    return Patterns(summary, shared, questions, concern, redact)
