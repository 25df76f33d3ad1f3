"""The conversations behind `attach reflect` (here) and `attach repair` (repair_flow.py).

Each flow reads what it needs, collects every answer (asking only what is missing), and only
then writes, in one transaction per entry. Time comes in from the caller; the asker may be
None, in which case nothing is ever asked and missing required answers are an error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from attachjournal import storage
from attachjournal.core.prompts import Prompts, Questionnaire
from attachjournal.core.questionnaire import (
    Asker,
    PersonRef,
    StoppedEarly,
    collect,
)
from attachjournal.core.records import EntryRecord
from attachjournal.errors import JournalError, NotSavedError
from attachjournal.paths import Location
from attachjournal.usecases import marker
from attachjournal.usecases.flow_parts import (
    STOPPED_NOTE,
    STOPPED_UPDATE_NOTE,
    FlowResult,
    introduce,
    store_time,
    to_outbox,
)

# The repair conversation lives in repair_flow.py; both are reached from here.
from attachjournal.usecases.repair_flow import RepairRequest, repair

if TYPE_CHECKING:
    from attachjournal.core.intention import Intention

# Where "the small hours" end, for the check-in menu when day_starts_at is earlier than this.
SMALL_HOURS_END = time(5)


# ----------------------------------------------------------------------------- reflect


def reflect(
    path: Location,
    prompts: Prompts,
    given: Mapping[str, Any],
    asker: Asker | None,
    *,
    at: datetime,
    now: datetime,
    on_start: Callable[[Questionnaire], None] | None = None,
    day_start: time | None = None,
    quick: bool = False,
    on_intention: Callable[[Intention], None] | None = None,
) -> FlowResult:
    """One check-in; a second one on the same journal day may update the first instead.

    `day_start` is the person's `day_starts_at` (None: read it from their settings): a
    check-in at 00:30 belongs to the evening before. A back-dated check-in (for an earlier
    journal day) is asked in the past tense where prompts.yaml has a `past_text`.
    quick: only the questions under `quick:` in prompts.yaml (one feeling, one line), and
    always a check-in of its own. on_intention: shown the week's intention first, while one
    is current.
    """
    from attachjournal.core.stats import journal_day_bounds, local_day

    day_start = _day_start(day_start)
    questionnaire = prompts["reflect"]
    journal = storage.open_journal(path, create=False)
    if (
        journal is not None
        and on_intention is not None
        and local_day(at, day_start) == local_day(now, day_start)
    ):
        # "This week: ..." belongs to today's check-in, not one written for an earlier day.
        _show_intention(journal, now, day_start, on_intention)
    if quick and asker is not None:
        from attachjournal.usecases.flow_parts import quick_reflect

        introduce(asker, questionnaire, on_start)
        asked, answers, notes = quick_reflect(questionnaire, given, asker, STOPPED_NOTE)
        return _save_check_in(
            path, journal, asked, answers, None, at, now, notes, asker=asker, day_start=day_start
        )
    day = local_day(at, day_start)
    if day != local_day(now, day_start) and asker is not None:
        # Asked about an earlier day: never "right now". (Answers given with -a were not
        # asked, so they keep the usual wording.)
        questionnaire = questionnaire.in_past()
    today: list[EntryRecord] = []
    if journal is not None:
        start, end = journal_day_bounds(day, day_start)
        with journal.read() as conn:
            today = conn.entries_between(start, end, kinds=["reflect"])
    target: EntryRecord | None = None
    defaults: dict[str, Any] = {}
    if today and asker is not None:
        latest = today[-1]
        label = "today" if day == local_day(now, day_start) else day.strftime("%a %d %b")
        # After midnight, a second check-in is far more often a new evening's thoughts than a
        # correction: Enter must never overwrite what was written before going to bed. That
        # holds on either side: the new one or the one already there written in the small
        # hours (with day_starts_at 00:00 a 00:30 check-in opens the day of the next evening).
        after_midnight = _small_hours(at, day_start) or _small_hours(latest.at, day_start)
        choice = asker.choose(
            f"There is already a check-in for {label} ({store_time(latest.at)}). "
            "What would you like?",
            [("update", "update that check-in"), ("add", "add another check-in")],
            default="add" if after_midnight else "update",
        )
        if choice == "update":
            target = latest
            defaults = {a.question_id: a.value for a in latest.answers}
    draft = storage.offer_draft(path, "reflect", asker, journal)
    if draft is not None:
        defaults = {**defaults, **draft.answers}
    introduce(asker, questionnaire, on_start)
    notes = []
    try:
        answers = collect(
            questionnaire,
            given,
            asker,
            defaults=defaults,
            command="attach reflect",
            offer_save=True,
        )
    except StoppedEarly as stopped:
        if target is None:
            answers = stopped.answers
            notes.append(STOPPED_NOTE)
        else:
            # Stopping an update keeps what the check-in held for the questions not reached.
            earlier = {qid: defaults[qid] for qid in stopped.unreached if qid in defaults}
            answers = {q.id: v for q in questionnaire.all_questions
                       if (v := {**earlier, **stopped.answers}.get(q.id)) is not None}  # fmt: skip
            notes.append(STOPPED_UPDATE_NOTE)
    # Updating an older check-in: answers to questions no longer asked are kept, not dropped.
    kept = {q.id: defaults[q.id] for q in questionnaire.retired if q.id in defaults}
    answers = {**kept, **answers}
    return _save_check_in(
        path,
        journal,
        questionnaire,
        answers,
        target,
        at,
        now,
        notes,
        asker=asker,
        draft=draft,
        day_start=day_start,
    )


def _save_check_in(
    path: Location,
    journal: storage.Journal | None,
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    target: EntryRecord | None,
    at: datetime,
    now: datetime,
    notes: list[str],
    *,
    asker: Asker | None = None,
    draft: Any = None,
    day_start: time,
) -> FlowResult:
    """Save a check-in; typed answers that could not be saved wait in a private draft."""
    from attachjournal.core.stats import local_day

    uid = storage.new_uid()  # kept with it in the outbox, should the server be away
    try:
        journal = journal or storage.open_journal(path, create=True)
        assert journal is not None
        with journal.write() as session:
            if target is not None:
                session.replace_answers(target.id, questionnaire, answers, now)
                entry_id = target.id
            else:
                entry_id = session.add_entry(questionnaire, answers, at=at, now=now, uid=uid)
    except (NotSavedError, JournalError) as exc:
        if target is None:
            kept = storage.outbox_parcel(questionnaire, answers, uid=uid, at=at, now=now)
            # For the nudge, today has its check-in: written, and on its way to the server.
            noted = lambda: marker.note_check_in(path, local_day(at, day_start))  # noqa: E731
            to_outbox(exc, path, "check-in", kept, draft=draft, kept=noted)
        else:  # answered again: the new answers replace the check-in's once delivered
            kept = storage.outbox_parcel(
                questionnaire, answers, uid=uid, at=target.at, now=now,
                changes_uid=target.uid, replace=True,
            )  # fmt: skip
            to_outbox(exc, path, f"change to check-in #{target.id}", kept, draft=draft)
        if asker is not None:
            storage.keep_draft(exc, path, "reflect", dict(answers), journal, at=at)
        raise
    if draft is not None:
        storage.discard_draft(draft.path)
    with journal.read() as conn:
        saved = conn.get_entry(entry_id)
    # For the nudge (attach remind): today has a check-in now. Never fails the save.
    marker.note_check_in(path, local_day(saved.at, day_start))
    if asker is None and storage.draft_waiting(path, "reflect"):
        notes.append(
            "Answers from an earlier check-in that could not be saved still wait in a draft; "
            "attach reflect in a terminal offers them back."
        )
    return FlowResult(saved=[saved], updated=target is not None, notes=notes)


def _show_intention(
    journal: storage.Journal, now: datetime, day_start: time, show: Callable[[Intention], None]
) -> None:
    with journal.read() as reader:
        newest = reader.list_entries(kind="intention", limit=1)
    if not newest:
        return  # most journals: no intention, and nothing more to load
    from attachjournal.core.intention import from_entry, is_current
    from attachjournal.core.stats import local_day

    found = from_entry(newest[0], day_start)
    if is_current(found, local_day(now, day_start)):
        show(found)


def _small_hours(moment: datetime, day_start: time) -> bool:
    """Written after midnight and before the journal day starts (or before 05:00, when the
    day starts earlier): the end of a late evening, not the start of a new day."""
    clock = moment.astimezone().time().replace(tzinfo=None)
    return clock < max(day_start, SMALL_HOURS_END)


# ----------------------------------------------------------------------------- repair


def _day_start(day_start: time | None) -> time:
    if day_start is not None:
        return day_start
    from attachjournal import settings

    return settings.load().day_starts_at


__all__ = ["FlowResult", "PersonRef", "RepairRequest", "reflect", "repair"]
