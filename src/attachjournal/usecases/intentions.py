"""The weekly intention at the end of `attach review`: how last week's went (keep, change or
let it go), then one for the coming week, "When ___, I will ___". Prints nothing; the
callers' callbacks introduce each step and views/intention_out.py reports what was saved.

Answers given with -a (how_it_went, went_note, next, when, will, who) are used as they are;
with an asker, only what is missing is asked, and Enter at the first question of a step
skips it. Everything is written in one transaction at the end, or nothing is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from attachjournal import storage
from attachjournal.core import intention as core
from attachjournal.core.intention import Intention
from attachjournal.core.prompts import Prompts, Questionnaire
from attachjournal.core.questionnaire import Asker, PersonRef, check_known, collect
from attachjournal.core.stats import local_day, local_midnight
from attachjournal.errors import UsageError
from attachjournal.paths import Location

# What the review shows as data lives apart, so a week with no intention never loads this.
from attachjournal.usecases.intention_state import IntentionState as IntentionState

FOLLOW_UP_IDS = ("how_it_went", "went_note", "next")
PLAN_IDS = ("when", "will", "who")


@dataclass(frozen=True)
class IntentionDone:
    """What the intention step of a review did: followed, saved, kept or left waiting."""

    followed: Intention | None = None  # last week's, with how it went
    saved: Intention | None = None  # the one for the coming week
    kept: bool = False  # saved is last week's, kept for another week
    awaiting: Intention | None = None  # still waiting for how it went (skipped)
    current: Intention | None = None  # nothing changed: the plan on the check-ins now
    half: bool = False  # a "when" was written with no "I will": nothing saved, and said so


def latest(reader: Any, day_start: time) -> Intention | None:
    found = reader.list_entries(kind="intention", limit=1)
    return core.from_entry(found[0], day_start) if found else None


def state(reader: Any, now: datetime, day_start: time) -> IntentionState:
    """The current intention and the one awaiting follow-up, from one small query."""
    last = latest(reader, day_start)
    today = local_day(now, day_start)
    return IntentionState(
        current=last if core.is_current(last, today) else None,
        awaiting=last if core.awaits_follow_up(last, today) else None,
    )


def close_the_week(
    path: Location,
    prompts: Prompts,
    given: Mapping[str, Any],
    asker: Asker | None,
    *,
    now: datetime,
    day_start: time,
    on_follow_up: Callable[[Intention], None] | None = None,
    on_new: Callable[[], None] | None = None,
) -> IntentionDone:
    """Follow up last week's intention (when one waits) and set one for the coming week.

    on_follow_up(last) and on_new() let the caller introduce each step just before its
    questions are put to a person.
    """
    questionnaire = prompts["intention"]
    check_known(questionnaire, given)
    today = local_day(now, day_start)
    journal = storage.open_journal(path, create=False)
    last: Intention | None = None
    people: list[PersonRef] = []
    examples = list(core.FALLBACK_WHENS)
    if journal is not None:
        with journal.read() as everyone:
            # My own intentions and my own ruptures' contexts (a server's shared ones are
            # the others').
            reader = everyone.my_own()
            last = latest(reader, day_start)
            people = [p.ref() for p in reader.list_people()]
            # The last seven journal days, today included: the week just looked back on.
            start = local_midnight(today - timedelta(days=core.CURRENT_DAYS - 1), day_start)
            end = local_midnight(today + timedelta(days=1), day_start)
            week = reader.entries_between(start, end, ["rupture"], ["context"])
            examples = core.example_whens(week)
    follow_given = _pick(given, *FOLLOW_UP_IDS)
    plan_given = _pick(given, *PLAN_IDS)
    follow: dict[str, Any] = {}
    if follow_given or (asker is not None and core.awaits_follow_up(last, today)):
        if last is None or last.how_it_went is not None:
            raise UsageError(
                "There is no intention waiting to hear how it went; -a when=... -a will=... "
                "sets a new one."
            )
        if "how_it_went" not in follow_given and asker is None:
            raise UsageError("The follow-up needs -a how_it_went=happened|partly|... too.")
        if asker is not None and on_follow_up is not None and not follow_given:
            on_follow_up(last)
        follow = collect(_only(questionnaire, FOLLOW_UP_IDS), follow_given, asker)
    decided = follow.get("next")
    plan: dict[str, Any] = {}
    half = False
    if plan_given:
        plan = _new_plan(questionnaire, plan_given, asker, people, examples, None)
        half = plan.pop(HALF, False)
    elif decided == "keep":
        plan = _same_plan(last, people)
    elif decided == "change" or (decided is None and _offer_new(asker, last, today)):
        if asker is not None and on_new is not None:
            on_new()
        plan = _new_plan(questionnaire, {}, asker, people, examples, last if decided else None)
        half = plan.pop(HALF, False)
        if decided == "change" and not plan:
            follow["next"] = "let_go"  # nothing new written: the old plan is let go
    if not follow and not plan:
        return IntentionDone(
            awaiting=last if core.awaits_follow_up(last, today) else None,
            current=last if core.is_current(last, today) else None,
            half=half,
        )
    kept = decided == "keep" and not plan_given
    return _save(path, journal, questionnaire, last, follow, plan, now, day_start, kept)


def _offer_new(asker: Asker | None, last: Intention | None, today: Any) -> bool:
    """A person at the terminal is offered a new plan when none is on the check-ins now."""
    return asker is not None and not core.is_current(last, today)


HALF = "_half"  # in _new_plan's answer: only the "when" was written


def _new_plan(
    q: Questionnaire,
    given: Mapping[str, Any],
    asker: Asker | None,
    people: list[PersonRef],
    examples: list[str],
    old: Intention | None,
) -> dict[str, Any]:
    """When / I will / who; changing an old plan starts from its words (and keeps its who)."""
    if asker is None and not {"when", "will"} <= given.keys():
        raise UsageError(
            "An intention needs both halves: -a when=... -a will=... (and -a who=NAME if it "
            "is about someone)."
        )
    plan_q = _only(q, PLAN_IDS if old is None else ("when", "will"))
    if old is None and examples:
        # The examples are asked, not stored: the answer keeps the question's own wording.
        asked = plan_q._replace(
            questions=tuple(
                x._replace(text=f"{x.text}  (e.g. {'; '.join(examples)})") if x.id == "when" else x
                for x in plan_q.questions
            ),
        )
    else:
        asked = plan_q
    defaults = {"when": old.when, "will": old.will} if old else None
    answers = collect(asked, given, asker, people=people, defaults=defaults)
    if not (answers.get("when") and answers.get("will")):
        # Enter: no intention this week (a "when" alone is said to have been left, not lost)
        return {HALF: True} if answers.get("when") else {}
    # "When bedtime," typed in full keeps the person's words without the question's own.
    answers["when"] = core.plain_part(answers["when"], "when")
    answers["will"] = core.plain_part(answers["will"], "i will")
    if old is not None:
        answers.update(_pick(_same_plan(old, people), "who"))
    return answers


def _same_plan(old: Intention | None, people: list[PersonRef]) -> dict[str, Any]:
    """Last week's plan again, about the same person (when they are still in the journal)."""
    assert old is not None
    plan: dict[str, Any] = {"when": old.when, "will": old.will}
    person = next((p for p in people if old.who and p.name == old.who), None)
    if person is not None:
        plan["who"] = person
    return plan


def _save(
    path: Location,
    journal: storage.Journal | None,
    q: Questionnaire,
    last: Intention | None,
    follow: Mapping[str, Any],
    plan: Mapping[str, Any],
    now: datetime,
    day_start: time,
    kept: bool,
) -> IntentionDone:
    journal = journal or storage.open_journal(path, create=True)
    assert journal is not None
    followed = saved = None
    with journal.write() as session:
        if follow and last is not None:
            session.update_entry(last.id, q, dict(follow), at=None, now=now)
            followed = core.from_entry(session.get_entry(last.id), day_start)
        if plan:
            new_id = session.add_entry(q, plan, at=now, now=now)
            saved = core.from_entry(session.get_entry(new_id), day_start)
    return IntentionDone(followed=followed, saved=saved, kept=kept)


def _only(q: Questionnaire, ids: tuple[str, ...]) -> Questionnaire:
    return q._replace(questions=tuple(x for x in q.questions if x.id in ids), retired=())


def _pick(given: Mapping[str, Any], *ids: str) -> dict[str, Any]:
    return {k: given[k] for k in ids if k in given}
