"""The conversations behind `attach reflect` and `attach repair`.

Each flow reads what it needs, collects every answer (asking only what is missing), and only
then writes, in one transaction per entry. Time comes in from the caller; the asker may be
None, in which case nothing is ever asked and missing required answers are an error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any

from attachjournal import storage
from attachjournal.core.prompts import Prompts, Questionnaire
from attachjournal.core.questionnaire import (
    STOP_OPTIONS,
    STOP_QUESTION,
    Asker,
    PersonRef,
    StoppedEarly,
    collect,
    role_in,
    split_given,
)
from attachjournal.core.records import EntryRecord
from attachjournal.core.when import When
from attachjournal.errors import Cancelled, JournalError, NotFoundError, NotSavedError, UsageError
from attachjournal.usecases.flow_parts import last_hope, role_of

# Where "the small hours" end, for the check-in menu when day_starts_at is earlier than this.
SMALL_HOURS_END = time(5)


@dataclass(frozen=True)
class FlowResult:
    saved: list[EntryRecord] = field(default_factory=list)
    updated: bool = False
    notes: list[str] = field(default_factory=list)
    announced: int = 0  # how many of `saved` were already shown to the person along the way


# ----------------------------------------------------------------------------- reflect


def reflect(
    path: Path,
    prompts: Prompts,
    given: Mapping[str, Any],
    asker: Asker | None,
    *,
    at: datetime,
    now: datetime,
    on_start: Callable[[Questionnaire], None] | None = None,
    day_start: time | None = None,
    quick: bool = False,
) -> FlowResult:
    """One check-in; a second one on the same journal day may update the first instead.

    `day_start` is the person's `day_starts_at` (None: read it from their settings): a
    check-in at 00:30 belongs to the evening before. A back-dated check-in (for an earlier
    journal day) is asked in the past tense where prompts.yaml has a `past_text`.
    quick: only the questions under `quick:` in prompts.yaml (one feeling, one line), and
    always a check-in of its own.
    """
    from attachjournal.core.stats import journal_day_bounds, local_day

    day_start = _day_start(day_start)
    questionnaire = prompts["reflect"]
    if quick and asker is not None:
        from attachjournal.usecases.flow_parts import quick_reflect

        _start(asker, questionnaire, on_start)
        asked, answers, notes = quick_reflect(questionnaire, given, asker, STOPPED_NOTE)
        return _save_check_in(path, None, asked, answers, None, at, now, notes, asker=asker)
    day = local_day(at, day_start)
    if day != local_day(now, day_start) and asker is not None:
        # Asked about an earlier day: never "right now". (Answers given with -a were not
        # asked, so they keep the usual wording.)
        questionnaire = questionnaire.in_past()
    journal = storage.open_journal(path, create=False)
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
    _start(asker, questionnaire, on_start)
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
        answers = stopped.answers
        notes.append(STOPPED_NOTE)
    # Updating an older check-in: answers to questions no longer asked are kept, not dropped.
    kept = {q.id: defaults[q.id] for q in questionnaire.retired if q.id in defaults}
    answers = {**kept, **answers}
    return _save_check_in(
        path, journal, questionnaire, answers, target, at, now, notes, asker=asker, draft=draft
    )


STOPPED_NOTE = "Saved what you had; the questions after it were left blank."


def _save_check_in(
    path: Path,
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
) -> FlowResult:
    """Save a check-in; typed answers that could not be saved wait in a private draft."""
    try:
        journal = journal or storage.open_journal(path, create=True)
        assert journal is not None
        with journal.write() as session:
            if target is not None:
                session.replace_answers(target.id, questionnaire, answers, now)
                entry_id = target.id
            else:
                entry_id = session.add_entry(questionnaire, answers, at=at, now=now)
    except (NotSavedError, JournalError) as exc:
        if asker is not None:
            storage.keep_draft(exc, path, "reflect", dict(answers), journal, at=at)
        raise
    if draft is not None:
        storage.discard_draft(draft.path)
    with journal.read() as conn:
        saved = conn.get_entry(entry_id)
    if asker is None and storage.draft_waiting(path, "reflect"):
        notes.append(
            "Answers from an earlier check-in that could not be saved still wait in a draft; "
            "attach reflect in a terminal offers them back."
        )
    return FlowResult(saved=[saved], updated=target is not None, notes=notes)


def _small_hours(moment: datetime, day_start: time) -> bool:
    """Written after midnight and before the journal day starts (or before 05:00, when the
    day starts earlier): the end of a late evening, not the start of a new day."""
    clock = moment.astimezone().time().replace(tzinfo=None)
    return clock < max(day_start, SMALL_HOURS_END)


# ----------------------------------------------------------------------------- repair


@dataclass(frozen=True)
class RepairRequest:
    of: int | None = None
    new: bool = False
    no_repair_needed: bool = False
    repaired_at: datetime | None = None
    at: datetime | None = None


def repair(
    path: Path,
    prompts: Prompts,
    given: Mapping[str, Any],
    asker: Asker | None,
    request: RepairRequest,
    *,
    now: datetime,
    parse_when: Callable[[str], When],
    on_saved: Callable[[EntryRecord], None] | None = None,
    on_start: Callable[[Questionnaire], None] | None = None,
    on_note: Callable[[str], None] | None = None,
    remind: Callable[[str], None] | None = None,
) -> FlowResult:
    """Log a rupture, its repair, or both; or mark a rupture as needing no repair.

    Times: a new rupture is asked when it happened (Enter: just now); its repair may be
    anything from the rupture's time up to now. `on_note` hears how a typed time was read.
    remind: shown, once, the person's own "next time" from the last repair with the same
    person, as soon as a new rupture names them.
    """
    rupture_q, repair_q = prompts["rupture"], prompts["repair"]
    rupture_given, repair_given = split_given([rupture_q, repair_q], given)
    journal = storage.open_journal(path, create=False)

    of = request.of
    draft = None
    if of is None and not request.new and not given:
        draft = storage.offer_draft(path, "repair", asker, journal)
    if draft is not None:
        rupture_given, repair_given = split_given([rupture_q, repair_q], draft.answers)
        of = draft.of
        if of is None:
            request = RepairRequest(new=True, at=draft.at)
    if of is None and not request.new and asker is not None and journal is not None:
        with journal.read() as conn:
            waiting = conn.open_ruptures(limit=9)
        if waiting and not rupture_given:
            options = [(str(r.id), _open_label(r)) for r in waiting]
            options.append(("new", "log a new rupture"))
            picked = asker.choose(
                "Come back to one of these, or log a new rupture?", options, default=options[0][0]
            )
            if picked != "new":
                of = int(picked)
                action = asker.choose(
                    "What would you like to note?",
                    [
                        ("repair", "how we came back together"),
                        ("none", "it needed no repair after all"),
                    ],
                    default="repair",
                )
                if action == "none":
                    request = RepairRequest(of=of, no_repair_needed=True)

    if of is not None:
        if rupture_given:
            raise UsageError(
                f"--of {of} records a repair; these are rupture questions: "
                f"{', '.join(rupture_given)}."
            )
        result = _repair_existing(
            journal, prompts, repair_given, asker, request, of, now, parse_when, on_start, on_note
        )
        if draft is not None:
            storage.discard_draft(draft.path)
        return result

    # A new rupture: when it happened comes first, so every figure describes the moment
    # itself rather than when it was written down.
    with _reading(journal) as conn:
        people = [p.ref() for p in conn.list_people()] if conn is not None else []
    _start(asker, rupture_q, on_start)
    if request.at is not None:
        rupture_at = request.at
    elif asker is not None:
        rupture_at = _ask_when(asker, parse_when, None, on_note, RUPTURE_WHEN)
    else:
        rupture_at = now
    if request.repaired_at is not None and request.repaired_at < rupture_at:
        raise UsageError(
            "A repair can't come before its rupture: --repaired-at is earlier than when the "
            "rupture happened."
        )

    def hoped(question: Any, value: Any) -> None:
        if remind is not None and isinstance(value, PersonRef) and value.id is not None:
            text = last_hope(journal, value.id)
            if text:
                remind(text)

    stopped = False
    try:
        rupture_answers = collect(
            rupture_q,
            rupture_given,
            asker,
            people=people,
            command="attach repair --new",
            offer_save=True,
            on_answer=hoped,
        )
    except StoppedEarly as early:
        rupture_answers, stopped = early.answers, True
    role = role_in(rupture_answers, people)
    rupture_q, repair_q = rupture_q.worded_for(role), repair_q.worded_for(role)
    status = "open" if stopped else _repair_status(request, repair_given, asker)
    repair_answers: dict[str, Any] = {}
    repaired_at: datetime | None = None
    if status == "repaired" and asker is None:
        # Nobody to ask: gather everything first and write both entries together.
        repair_answers = collect(repair_q, repair_given, None, command="attach repair --new")
        repaired_at = request.repaired_at or now
    try:
        journal = journal or storage.open_journal(path, create=True)
        assert journal is not None
        with journal.write() as session:
            rupture_id = session.add_entry(rupture_q, rupture_answers, at=rupture_at, now=now)
            if status == "none":
                session.mark_no_repair_needed(rupture_id)
            if repaired_at is not None:
                repair_id = session.add_entry(
                    repair_q,
                    repair_answers,
                    at=repaired_at,
                    now=now,
                    rupture_id=rupture_id,
                )
    except (NotSavedError, JournalError) as exc:
        if asker is not None:
            typed = {**rupture_answers, **repair_answers}
            storage.keep_draft(exc, path, "repair", typed, journal, at=rupture_at)
        raise
    if draft is not None:
        storage.discard_draft(draft.path)
    with journal.read() as conn:
        saved = [conn.get_entry(rupture_id)]
        if repaired_at is not None:
            saved.append(conn.get_entry(repair_id))
    if status != "repaired" or asker is None:
        notes = [STOPPED_NOTE] if stopped else []
        if status == "open":
            notes.append(
                f"Whenever you are ready, come back to it with: attach repair --of {rupture_id}"
            )
        return FlowResult(saved=saved, notes=notes)

    # Interactive: the rupture is safe on disk before the repair questions begin, so a
    # cancel now loses nothing that was already written.
    if on_saved is not None:
        on_saved(saved[0])
    try:
        when = request.repaired_at or _ask_when(asker, parse_when, rupture_at, on_note, REPAIR_WHEN)
        _start(asker, repair_q, on_start)
        repair_answers = collect(repair_q, repair_given, asker, command="attach repair")
    except Cancelled:
        raise Cancelled(
            f"Your rupture is saved as #{rupture_id}; the repair was cancelled and nothing of it "
            f"was saved. Come back to it with: attach repair --of {rupture_id}"
        ) from None
    try:
        with journal.write() as session:
            repair_id = session.add_entry(
                repair_q, repair_answers, at=when, now=now, rupture_id=rupture_id
            )
    except (NotSavedError, JournalError) as exc:
        storage.keep_draft(exc, path, "repair", repair_answers, journal, at=when, of=rupture_id)
        raise
    with journal.read() as conn:
        return FlowResult(saved=[saved[0], conn.get_entry(repair_id)], announced=1)


def _repair_existing(
    journal: storage.Journal | None,
    prompts: Prompts,
    repair_given: Mapping[str, Any],
    asker: Asker | None,
    request: RepairRequest,
    of: int,
    now: datetime,
    parse_when: Callable[[str], When],
    on_start: Callable[[Questionnaire], None] | None,
    on_note: Callable[[str], None] | None,
) -> FlowResult:
    if journal is None:
        raise NotFoundError(f"There is no rupture {of}: the journal is still empty.")
    with journal.read() as conn:
        rupture = conn.get_entry(of)
        existing = conn.repairs_for([of]).get(of)
    if rupture.kind != "rupture":
        from attachjournal.views.render import kind_label

        raise UsageError(f"Entry #{of} is a {kind_label(rupture.kind)}, not a rupture.")
    if existing is not None:
        raise UsageError(f"Rupture #{of} already has its repair (#{existing.id}).")
    if request.no_repair_needed:
        if repair_given:
            raise UsageError("--no-repair-needed takes no repair answers.")
        with journal.write() as session:
            session.mark_no_repair_needed(of)
        with journal.read() as conn:
            # announced=1: the rupture is not new, so no "Saved rupture" line, only the note.
            return FlowResult(
                saved=[conn.get_entry(of)],
                notes=[f"Rupture #{of} is marked as needing no repair."],
                announced=1,
            )
    if rupture.no_repair_needed:
        # It was marked as needing none: a repair now changes that, so it is asked, never assumed.
        if asker is None:
            raise UsageError(
                f"Rupture #{of} is marked as needing no repair, so no repair was saved.",
                f"Run attach repair --of {of} in a terminal to be asked whether to add one anyway.",
            )
        answer = asker.choose(
            f"Rupture #{of} was marked as needing no repair. Add a repair to it anyway?",
            [("no", "no, leave it as it is"), ("yes", "yes, we came back to it")],
            default="no",
        )
        if answer != "yes":
            raise Cancelled(f"Nothing was changed; rupture #{of} still needs no repair.")
    # Coming back to a rupture later: the repair may well have happened before this moment,
    # and time to repair is what the review measures, so ask when (as for a new rupture).
    if request.at is not None:
        at = request.at
    elif asker is not None:
        at = _ask_when(asker, parse_when, rupture.at, on_note, REPAIR_WHEN)
    else:
        at = now
    repair_q = prompts["repair"].worded_for(role_of(journal, rupture.person_id))
    _start(asker, repair_q, on_start)
    answers = collect(repair_q, repair_given, asker, command=f"attach repair --of {of}")
    try:
        with journal.write() as session:
            repair_id = session.add_entry(repair_q, answers, at=at, now=now, rupture_id=of)
    except (NotSavedError, JournalError) as exc:
        if asker is not None:
            storage.keep_draft(exc, journal.path, "repair", answers, journal, at=at, of=of)
        raise
    with journal.read() as conn:
        return FlowResult(saved=[conn.get_entry(repair_id)])


def _repair_status(
    request: RepairRequest, repair_given: Mapping[str, Any], asker: Asker | None
) -> str:
    """'repaired', 'open' or 'none' (no repair needed) for a rupture just logged."""
    if request.no_repair_needed:
        if repair_given or request.repaired_at:
            raise UsageError("--no-repair-needed can't go with repair answers or --repaired-at.")
        return "none"
    if repair_given or request.repaired_at:
        return "repaired"
    if asker is None:
        return "open"
    while True:
        try:
            answer = asker.choose(
                "Has it been repaired yet?",
                [
                    ("yes", "yes, we've come back together"),
                    ("no", "not yet"),
                    ("none", "it doesn't need a repair"),
                ],
                default="no",
            )
            return {"yes": "repaired", "no": "open", "none": "none"}[answer]
        except Cancelled:
            # Every rupture question is answered by now: Ctrl-C need not lose them.
            stop = asker.choose(STOP_QUESTION, STOP_OPTIONS, default="save")
            if stop == "save":
                return "open"
            if stop == "discard":
                raise


RUPTURE_WHEN = "When did it happen?"
REPAIR_WHEN = "When did you come back together?"
_WHEN_HINT = "(Enter for just now, or e.g. '19:30', 'last night', '2h ago', 'mon 19:00')"


def _ask_when(
    asker: Asker,
    parse_when: Callable[[str], When],
    not_before: datetime | None,
    on_note: Callable[[str], None] | None,
    question: str,
) -> datetime:
    """Ask until the answer is a moment that has passed (and, for a repair, is not before
    its rupture); say how a loose phrase was read."""
    message = f"{question} {_WHEN_HINT}"
    while True:
        text = asker.text(message, default="")
        try:
            when = parse_when(text)
        except UsageError as exc:
            # The error already names the accepted forms; repeat only the question itself.
            message = f"{exc.message} {question}"
            continue
        if not_before is not None and when.moment < not_before:
            message = f"That is before the rupture ({store_time(not_before)}). {question}"
            continue
        if when.reading and on_note is not None:
            on_note(when.reading)
        return when.moment


def _start(
    asker: Asker | None,
    questionnaire: Questionnaire,
    on_start: Callable[[Questionnaire], None] | None,
) -> None:
    """Let the caller introduce a questionnaire just before its questions are put to a person."""
    if asker is not None and on_start is not None:
        on_start(questionnaire)


def _open_label(rupture: EntryRecord) -> str:
    from attachjournal.views.render import one_line

    who = rupture.person or "someone"
    what = rupture.answer("what")
    label = f"#{rupture.id} {store_time(rupture.at)} with {one_line(who, 20)}"
    return label + (f": {one_line(what, 40)}" if what else "")


def store_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%a %d %b %H:%M")


def _day_start(day_start: time | None) -> time:
    if day_start is not None:
        return day_start
    from attachjournal import settings

    return settings.load().day_starts_at


class _NoJournal:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _reading(journal: storage.Journal | None) -> Any:
    return journal.read() if journal is not None else _NoJournal()


__all__ = ["FlowResult", "PersonRef", "RepairRequest", "reflect", "repair"]
