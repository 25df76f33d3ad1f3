"""`attach review`: a period's summary, and whether it holds words about harm. Nothing here
prints; views/review_out.py shows it (terminal, JSON or a page)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import TYPE_CHECKING, Any, NamedTuple

from attachjournal.paths import Location

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts


class Reviewed(NamedTuple):
    """What `attach review` hands its emitter: the summary, its prompts, and any concern about
    words of harm in the period."""

    summary: Any  # core.review's summary of the period
    prompts: Prompts
    concern: Any  # safety.PeriodConcern for the period, or None
    redacted: bool  # names replaced by a role and a number, for sharing
    # How --week was read when that is not obvious (W50 typed in January: last December's).
    week_reading: str | None = None
    # The weekly intention now (usecases/intention_state.py); None on a redacted review.
    intention: Any = None


def review(
    journal_at: Location,
    *,
    now: datetime,
    day_start: time,
    week: str | None,
    since: str | None,
    until: str | None,
    redact: bool,
    prompts: Callable[[], Prompts],
    who: str | None = None,
    together: bool = False,
) -> Reviewed:
    """`now` is local and aware; days are journal days (`day_start`). The prompts are loaded
    once the period is known to be right (a mistyped --week is said first).

    together: the household's shared ruptures and repairs with `who` (needed), every
    member's, each with its author: a journal on a server only."""
    from attachjournal import storage
    from attachjournal.core import review as core
    from attachjournal.core.stats import local_day
    from attachjournal.usecases.care import care_in_period

    if together:
        _check_together(journal_at, who, redact)
    # Days are journal days: at 00:30 "today" is still the evening that just ended.
    today = local_day(now, day_start)
    period = core.choose_period(today, week=week, since=since, until=until, day_start=day_start)
    reading = None
    if week:
        from attachjournal.core.weeks import read_week

        reading = read_week(week, today).reading
    questions = prompts()
    journal = storage.open_journal(journal_at, create=False)
    if journal is None and who:
        from attachjournal.errors import NotFoundError

        raise NotFoundError("There is nobody by that name yet: the journal is still empty.")
    data = core.ReviewData.empty()
    name = None
    intention = None
    me = None
    if journal is not None:
        with journal.read() as reader:
            person = reader.find_person(who) if who else None
            me = reader.me() if together else None
            # My week is what I wrote (on a server the others' shared entries are theirs);
            # --together reads every member's shared ones.
            mine = reader if together else reader.my_own()
            data = core.load(mine, period, everyone=redact)
            if not redact:
                from attachjournal.usecases.intention_state import IntentionState

                intention = None if together else IntentionState()
                if intention is not None and mine.list_entries(kind="intention", limit=1):
                    from attachjournal.usecases.intentions import state

                    intention = state(mine, now, day_start)
        if together:
            data = core.shared_only(data)
        if person is not None:
            data, name = core.about(data, person.id), person.name
    if redact:
        from attachjournal.views.review_json import redacted, redacted_name

        name = redacted_name(data, name) if name else None
        data = redacted(data)
    summary = core.summarize(period, data, now=now, prompts=questions, who=name)
    summary = summary._replace(together=together, reader=me)
    # Someone may read this days after writing something heavy: the notice once, at the top.
    # It speaks to whoever wrote the words, so it rests on the reader's own entries only.
    if together:
        concern = _care_together(data, period, me)
    else:
        concern = care_in_period(journal, *period.bounds(), questions)
    return Reviewed(summary, questions, concern, redact, reading, intention)


def _care_together(data: Any, period: Any, me: str | None) -> Any:
    """The notice in a review read together: only for the reader's own words among the
    shared entries it shows. Another member's heavy words are theirs (their own review
    speaks to them; the words themselves are on the page); the reader's private entries stay
    out of a view that may be read side by side (their own review names them)."""
    from attachjournal.usecases.care import care_in

    start, end = period.bounds()
    shown = (*data.ruptures, *data.repairs.values())
    return care_in(e for e in shown if e.author == me and start <= e.at < end)


def _check_together(journal_at: Location, who: str | None, redact: bool) -> None:
    """--together reads what a household shares: only a server has one, and it is read
    about one person (whose ruptures and repairs the parents look at together)."""
    from attachjournal import storage
    from attachjournal.errors import UsageError

    if not (isinstance(journal_at, str) and storage.is_server_url(journal_at)):
        raise UsageError(
            "--together reads what a household shares, which needs a journal on a server "
            "(see the README: a journal for two)."
        )
    if not who:
        raise UsageError(
            "--together needs --who NAME: the person whose ruptures and repairs to read "
            "together, e.g. attach review --together --who Maya."
        )
    if redact:
        raise UsageError("--together can't go with --redact: it names who wrote each rupture.")
