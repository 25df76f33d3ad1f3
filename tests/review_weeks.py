"""Weeks for the review tests, built in memory (records as the store returns them).

Times are local Europe/Berlin (UTC+1 in November 2026, as conftest sets). The week under
review is ISO week 2026-W47: Monday 16 to Sunday 22 November 2026.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import count
from zoneinfo import ZoneInfo

from rich.console import Console

from attachjournal.core import prompts as prompts_module
from attachjournal.core.records import AnswerRecord, EntryRecord
from attachjournal.core.review import Period, ReviewData, summarize

BERLIN = ZoneInfo("Europe/Berlin")
W47 = Period(date(2026, 11, 16), date(2026, 11, 22))
ROLES = {"Maya": "child", "Leo": "child", "Sam": "partner"}
_ids = count(1)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A local November 2026 time, stored as the store does: aware UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN).astimezone(ZoneInfo("UTC"))


def entry(kind, moment, answers, person=None, rupture_id=None, no_repair_needed=False):
    kinds = {bool: "yesno", int: "scale", list: "multi", str: "text"}
    entry_id = next(_ids)
    return EntryRecord(
        id=entry_id,
        uid=f"u{entry_id}",
        kind=kind,
        at=moment,
        created_at=moment,
        updated_at=None,
        person_id=1 if person else None,
        person=person,
        rupture_id=rupture_id,
        no_repair_needed=no_repair_needed,
        answers=tuple(
            AnswerRecord(k, k, kinds.get(type(v), "choice"), v) for k, v in answers.items()
        ),
    )


def checkin(moment, **answers):
    return entry("reflect", moment, answers)


class Week:
    """Collects check-ins, ruptures and their repairs, then summarizes them."""

    def __init__(self, first_day: date | None = None, roles=None):
        self.checkins: list[EntryRecord] = []
        self.ruptures: list[EntryRecord] = []
        self.repairs: dict[int, EntryRecord] = {}
        self.first_day = first_day
        self.roles = ROLES if roles is None else roles

    def checkin(self, moment, **answers) -> Week:
        self.checkins.append(checkin(moment, **answers))
        return self

    def rupture(self, moment, who, answers, repaired_at=None, repair=None, no_repair=False):
        r = entry("rupture", moment, answers, person=who, no_repair_needed=no_repair)
        self.ruptures.append(r)
        if repaired_at is not None:
            self.repairs[r.id] = entry("repair", repaired_at, repair or {}, who, rupture_id=r.id)
        return r

    def data(self) -> ReviewData:
        first = self.first_day
        if first is None:
            moments = [e.at for e in self.checkins + self.ruptures]
            first = min(moments).astimezone().date() if moments else None
        return ReviewData(
            checkins=tuple(sorted(self.checkins, key=lambda e: e.at)),
            ruptures=tuple(sorted(self.ruptures, key=lambda e: e.at)),
            repairs=self.repairs,
            first_day=first,
            roles=self.roles,
        )

    def review(self, now: datetime, period: Period = W47, prompts=None):
        return summarize(period, self.data(), now=now, prompts=prompts or prompts_module.load())


def label(kind: str, qid: str, value: str) -> str:
    """A choice's label in the shipped prompts.yaml (ids it does not list read as themselves)."""
    question = prompts_module.load()[kind].get(qid)
    return question.label_for(value) if question else value.replace("_", " ")


def rendered(review, width: int = 100, prompts=None, for_others: bool = False) -> str:
    from attachjournal.views.render_review import review_view

    console = Console(record=True, width=width, color_system=None, force_terminal=False)
    console.print(review_view(review, prompts or prompts_module.load(), for_others=for_others))
    return console.export_text()


def said(text: str) -> str:
    return " ".join(text.split())


# ----------------------------------------------------------------------------- the weeks


def ordinary_week() -> Week:
    """An ordinary week with a week before it; numbers worked out in test_review_weeks.py."""
    w = Week()
    # The week before (W46): the journal's first entry is Monday 9 November.
    w.checkin(at(9, 20), resourced=3)
    w.checkin(at(11, 20), resourced=4)
    w.rupture(at(11, 18), "Maya", {"intensity": 2}, at(11, 18, 20), {"moves": ["sorry"]})
    # W47
    w.checkin(
        at(16, 20),
        resourced=4,
        mood=4,
        feelings=["calm", "grateful"],
        refill=["sleep", "outdoors"],
        drain=["work"],
        serve_noticed=True,
        serve_steps=["focus", "name"],
        serve_return_note="Maya pointed at the crane and we counted its lights",
        connection="Sam made tea without asking",
        kind_to_self=4,
    )
    w.checkin(
        at(17, 21),
        resourced=3,
        mood=3,
        feelings=["tired"],
        refill=["sleep"],
        drain=["work", "chores"],
        serve_noticed=True,
        serve_steps=["focus", "wait"],
        kind_to_self=3,
        echo=True,
        echo_note="My dad's joke about the rain",
        echo_about=["others"],
        echo_keep="keep",
    )
    w.checkin(at(18, 20), resourced=5, mood=4)
    w.checkin(
        at(19, 20, 30),
        resourced=2,
        mood=3,
        feelings=["tired", "irritable"],
        drain=["poor_sleep", "no_break"],
        serve_noticed=False,
        note="Leo's cough kept us up",
    )
    w.checkin(
        at(20, 21),
        resourced=4,
        mood=5,
        feelings=["calm", "joyful"],
        refill=["friends", "play"],
        serve_return="1-2",
        kind_to_self=5,
    )
    w.checkin(at(21, 10), resourced=3, mood=4, refill=["outdoors"])
    w.rupture(
        at(17, 7, 40),
        "Maya",
        {
            "what": "I raised my voice at the door",
            "intensity": 3,
            "context": ["i_tired", "rushing"],
            "my_feelings": ["frustrated"],
            "my_need": ["cooperation"],
            "their_needs": ["help"],
            "their_inner_world": "She didn't want to leave her tower",
            "sure": 3,
            "resourced_then": 2,
        },
        at(17, 8, 10),
        {
            "reached_first": "me",
            "settled_by": ["breathing"],
            "moves": ["named", "sorry"],
            "connected": 4,
            "next_time": "Give her a two-minute warning",
            "kind_to_self": 3,
        },
    )
    w.rupture(
        at(19, 18, 30),
        "Leo",
        {
            "intensity": 2,
            "context": ["i_tired", "transition"],
            "my_feelings": ["overwhelmed"],
            "my_need": ["rest"],
            "resourced_then": 2,
        },
        at(19, 20, 30),
        {
            "reached_first": "them",
            "calmed_first": True,
            "moves": ["touch", "soft_voice"],
            "connected": 5,
        },
    )
    w.rupture(
        at(21, 17, 15),
        "Maya",
        {
            "intensity": 2,
            "context": ["transition"],
            "my_feelings": ["frustrated", "flooded"],
            "my_need": ["cooperation", "rest"],
            "their_needs": ["comfort"],
            "sure": 4,
        },
        at(22, 9, 15),
        {
            "reached_first": "together",
            "settled_by": ["time", "breathing"],
            "moves": ["named", "next_time"],
            "connected": 4,
        },
    )
    w.rupture(at(22, 19), "Sam", {"intensity": 2, "context": ["work_stress"]}, no_repair=True)
    return w


def hard_week() -> Week:
    """Low on most days and four ruptures still open; the journal began the week before."""
    w = Week(first_day=date(2026, 11, 9))
    w.checkin(at(16, 21), resourced=1, mood=2, drain=["no_break", "poor_sleep"], feelings=["numb"])
    w.checkin(at(17, 21), resourced=2, mood=1, drain=["no_break", "alone_with_it"])
    w.checkin(at(18, 22), resourced=1, mood=2, drain=["no_break"], refill=["nothing"])
    w.checkin(at(19, 21), resourced=3, mood=2, drain=["no_break", "illness"])
    w.checkin(
        at(21, 12),
        resourced=4,
        mood=3,
        refill=["support"],
        connection="Gran took both kids to the park",
    )
    w.checkin(at(22, 21), resourced=1, mood=1, feelings=["touched_out"])
    w.rupture(at(16, 17), "Maya", {"intensity": 4, "what": "I snapped about the bath"})
    w.rupture(at(17, 18), "Leo", {"intensity": 3})
    w.rupture(at(18, 19), "Maya", {"intensity": 3})
    w.rupture(at(19, 7, 30), "Maya", {"intensity": 2})
    return w
