"""The conversation behind `attach repair`: a new rupture, the repair of an open one, or a
rupture that needed none. Reads what it needs, collects every answer (asking only what is
missing), and only then writes, one transaction per entry."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
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
from attachjournal.paths import Location
from attachjournal.usecases.flow_parts import (
    STOPPED_NOTE,
    FlowResult,
    introduce,
    last_hope,
    open_label,
    reading,
    role_of,
    store_time,
    to_outbox,
)
from attachjournal.usecases.sharing import repair_follows, share_or_not


@dataclass(frozen=True)
class RepairRequest:
    """What `attach repair` was asked for: a new rupture, a repair, or none needed, and when."""

    of: int | None = None
    new: bool = False
    no_repair_needed: bool = False
    repaired_at: datetime | None = None
    at: datetime | None = None
    # Shared with the household's other members (a server only); None: share_by_default.
    share: bool | None = None


def repair(
    path: Location,
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
    share_or_not(path, request.share)  # --share on a file: said before any question
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
            options = [(str(r.id), open_label(r)) for r in waiting]
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
    with reading(journal) as conn:
        people = [p.ref() for p in conn.list_people()] if conn is not None else []
    introduce(asker, rupture_q, on_start)
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
    share, uids = share_or_not(path, request.share), (storage.new_uid(), storage.new_uid())
    try:
        journal = journal or storage.open_journal(path, create=True)
        assert journal is not None
        with journal.write() as session:
            rupture_id = session.add_entry(
                rupture_q, rupture_answers, at=rupture_at, now=now, shared=share, uid=uids[0]
            )
            if status == "none":
                session.mark_no_repair_needed(rupture_id)
            if repaired_at is not None:
                repair_id = session.add_entry(
                    repair_q,
                    repair_answers,
                    at=repaired_at,
                    now=now,
                    rupture_id=rupture_id,
                    shared=share,
                    uid=uids[1],
                )
    except (NotSavedError, JournalError) as exc:
        none = status == "none"
        kept = [storage.outbox_parcel(rupture_q, rupture_answers, uid=uids[0], at=rupture_at,
                                      now=now, shared=share, no_repair_needed=none)]  # fmt: skip
        if repaired_at is not None:
            kept.append(storage.outbox_parcel(repair_q, repair_answers, uid=uids[1],
                        at=repaired_at, now=now, shared=share, rupture_uid=uids[0]))  # fmt: skip
        to_outbox(exc, path, "rupture" if len(kept) == 1 else "rupture and repair", *kept,
                  draft=draft)  # fmt: skip
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
        introduce(asker, repair_q, on_start)
        repair_answers = collect(repair_q, repair_given, asker, command="attach repair")
    except Cancelled:
        raise Cancelled(
            f"Your rupture is saved as #{rupture_id}; the repair was cancelled and nothing of it "
            f"was saved. Come back to it with: attach repair --of {rupture_id}"
        ) from None
    try:
        with journal.write() as session:
            repair_id = session.add_entry(repair_q, repair_answers, at=when, now=now,
                                          rupture_id=rupture_id, shared=share, uid=uids[1])  # fmt: skip
    except (NotSavedError, JournalError) as exc:
        kept_repair = storage.outbox_parcel(repair_q, repair_answers, uid=uids[1], at=when,
                                            now=now, shared=share, rupture_id=rupture_id)  # fmt: skip
        to_outbox(exc, path, "repair", kept_repair)
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
        mine = conn.is_mine(of)
    if not mine:  # said before any question: another member's shared rupture
        raise UsageError(storage.not_my_rupture(of))
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
    introduce(asker, repair_q, on_start)
    answers = collect(repair_q, repair_given, asker, command=f"attach repair --of {of}")
    share, moved = repair_follows(journal.path, request.share, rupture)
    uid = storage.new_uid()
    try:
        with journal.write() as session:
            repair_id = session.add_entry(
                repair_q,
                answers,
                at=at,
                now=now,
                rupture_id=of,
                shared=share,
                uid=uid,
            )
    except (NotSavedError, JournalError) as exc:
        kept = storage.outbox_parcel(
            repair_q, answers, uid=uid, at=at, now=now, rupture_id=of, shared=share
        )
        to_outbox(exc, journal.path, "repair", kept)
        if asker is not None:
            storage.keep_draft(exc, journal.path, "repair", answers, journal, at=at, of=of)
        raise
    with journal.read() as conn:
        return FlowResult(saved=[conn.get_entry(repair_id)], notes=moved)


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
