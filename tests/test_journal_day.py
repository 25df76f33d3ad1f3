"""The journal day (day_starts_at, 04:00 by default) and times of events in the conversations.

Flows are driven with a scripted asker and a fixed clock (Europe/Berlin, CET = UTC+1 in
November): Tuesday 24 November 2026 evening, then 00:30 on Wednesday 25th.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from attachjournal.core import prompts as prompts_module
from attachjournal.core.questionnaire import PersonRef
from attachjournal.core.records import AnswerRecord, EntryRecord
from attachjournal.core.stats import journal_day_bounds, local_day, local_midnight
from attachjournal.core.when import read_when
from attachjournal.storage import store
from attachjournal.usecases import flows

BERLIN = ZoneInfo("Europe/Berlin")
FOUR = time(4)


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


TUE_21 = berlin(2026, 11, 24, 21, 0)
WED_0030 = berlin(2026, 11, 25, 0, 30)


# ----------------------------------------------------------------------------- stats


@pytest.mark.parametrize(
    ("moment", "day_start", "day"),
    [
        (WED_0030, FOUR, date(2026, 11, 24)),  # after midnight: still Tuesday's journal day
        (berlin(2026, 11, 25, 3, 59), FOUR, date(2026, 11, 24)),
        (berlin(2026, 11, 25, 4, 0), FOUR, date(2026, 11, 25)),
        (WED_0030, time(0), date(2026, 11, 25)),  # midnight: plain calendar days
        (WED_0030, time(0, 15), date(2026, 11, 25)),
        # A UTC moment is placed in local time first: 23:30 UTC Tuesday is 00:30 Wednesday.
        (datetime(2026, 11, 24, 23, 30, tzinfo=timezone.utc), FOUR, date(2026, 11, 24)),
        # Sunday 00:30 after a Saturday evening belongs to Saturday, so to the week before.
        (berlin(2026, 11, 29, 0, 30), FOUR, date(2026, 11, 28)),
    ],
)
def test_local_day_is_the_journal_day(moment, day_start, day):
    assert local_day(moment, day_start) == day


def test_without_a_day_start_local_day_is_the_calendar_day():
    assert local_day(WED_0030) == date(2026, 11, 25)
    assert local_midnight(date(2026, 11, 25)) == berlin(2026, 11, 25, 0, 0)


def test_a_journal_day_runs_from_day_start_to_day_start():
    start, end = journal_day_bounds(date(2026, 11, 24), FOUR)
    assert (start, end) == (berlin(2026, 11, 24, 4, 0), berlin(2026, 11, 25, 4, 0))


def test_the_journal_day_of_a_clock_change_is_23_or_25_real_hours():
    start, end = journal_day_bounds(date(2026, 3, 28), FOUR)  # night of 28/29 March: spring
    assert end - start == timedelta(hours=23)
    start, end = journal_day_bounds(date(2026, 10, 24), FOUR)  # night of 24/25 October: autumn
    assert end - start == timedelta(hours=25)


def test_a_day_start_the_clocks_skip_begins_right_after_the_gap():
    # 02:30 did not exist on 29 March 2026 in Berlin; that day begins at 03:00 CEST (01:00 UTC).
    start = local_midnight(date(2026, 3, 29), time(2, 30))
    assert start.astimezone(timezone.utc) == datetime(2026, 3, 29, 1, 0, tzinfo=timezone.utc)
    assert local_day(start, time(2, 30)) == date(2026, 3, 29)
    assert local_day(start - timedelta(minutes=1), time(2, 30)) == date(2026, 3, 28)


# ----------------------------------------------------------------------------- flows


class Asker:
    """Answers by question id; records every menu (message, default) and every typed prompt."""

    def __init__(self, answers: dict[str, Any], choices=(), typed=()) -> None:
        self.answers = answers
        self.choices = list(choices)
        self.typed = list(typed)
        self.menus: list[tuple[str, str | None]] = []
        self.prompts: list[str] = []
        self.asked: list[str] = []

    def ask(self, question, *, position, total, default=None, people=()):
        self.asked.append(question.text)
        return self.answers.get(question.id, default)

    def choose(self, message, options, default=None):
        self.menus.append((message, default))
        return self.choices.pop(0) if self.choices else default

    def text(self, message, default=""):
        self.prompts.append(message)
        return self.typed.pop(0)


@pytest.fixture
def shipped():
    return prompts_module.load(None)


def check_in(path: Path, shipped, asker, at: datetime, now: datetime) -> flows.FlowResult:
    return flows.reflect(path, shipped, {}, asker, at=at, now=now, day_start=FOUR)


def reflects(path: Path) -> list[EntryRecord]:
    journal = store.open_journal(path, create=False)
    with journal.read() as conn:
        return conn.entries_between(
            berlin(2000, 1, 1, 0, 0), berlin(2100, 1, 1, 0, 0), kinds=["reflect"]
        )


def test_after_midnight_the_evenings_check_in_is_offered_but_enter_adds_another(tmp_path, shipped):
    path = tmp_path / "journal.db"
    check_in(path, shipped, Asker({"resourced": 2}), TUE_21, TUE_21)
    asker = Asker({"resourced": 4})  # Enter at the menu: its default
    result = check_in(path, shipped, asker, WED_0030, WED_0030)
    assert asker.menus == [
        ("There is already a check-in for today (Tue 24 Nov 21:00). What would you like?", "add")
    ]
    assert result.updated is False
    assert [e.answer("resourced") for e in reflects(path)] == [2, 4]


def test_in_the_evening_a_second_check_in_still_defaults_to_update(tmp_path, shipped):
    path = tmp_path / "journal.db"
    check_in(path, shipped, Asker({"resourced": 2}), berlin(2026, 11, 24, 8, 0), TUE_21)
    asker = Asker({"resourced": 4})
    assert check_in(path, shipped, asker, TUE_21, TUE_21).updated is True
    assert asker.menus[0][1] == "update"


def test_with_days_from_midnight_the_next_evening_never_overwrites_a_00_30_check_in(
    tmp_path, shipped
):
    # day_starts_at 00:00: the 00:30 check-in opens Wednesday's calendar day, so Wednesday
    # evening finds it "today"; it was still last night's, and Enter must add, not replace.
    path = tmp_path / "journal.db"
    flows.reflect(
        path, shipped, {}, Asker({"resourced": 2}), at=WED_0030, now=WED_0030, day_start=time(0)
    )
    wed_evening = berlin(2026, 11, 25, 20, 0)
    asker = Asker({"resourced": 4})  # Enter at the menu
    result = flows.reflect(
        path, shipped, {}, asker, at=wed_evening, now=wed_evening, day_start=time(0)
    )
    assert asker.menus == [
        ("There is already a check-in for today (Wed 25 Nov 00:30). What would you like?", "add")
    ]
    assert result.updated is False
    assert [e.answer("resourced") for e in reflects(path)] == [2, 4]


def test_a_check_in_after_midnight_does_not_count_as_the_next_days(tmp_path, shipped):
    path = tmp_path / "journal.db"
    check_in(path, shipped, Asker({"resourced": 2}), WED_0030, WED_0030)
    asker = Asker({"resourced": 3})
    wed_evening = berlin(2026, 11, 25, 20, 0)
    check_in(path, shipped, asker, wed_evening, wed_evening)
    assert asker.menus == []  # Wednesday's journal day had no check-in yet
    assert len(reflects(path)) == 2


def test_a_back_dated_check_in_names_its_day_and_is_asked_in_the_past_tense(tmp_path, shipped):
    path = tmp_path / "journal.db"
    sunday = berlin(2026, 11, 22, 20, 0)
    check_in(path, shipped, Asker({"resourced": 2}), sunday, sunday)
    asker = Asker({"resourced": 3}, choices=["add"])
    result = check_in(path, shipped, asker, sunday, WED_0030 + timedelta(hours=10))
    assert asker.menus[0][0].startswith("There is already a check-in for Sun 22 Nov (")
    assert "right now" not in " ".join(asker.asked)
    # Nor "today": the check-in is about Sunday, written on Wednesday.
    assert not [text for text in asker.asked if "today" in text]
    stored = result.saved[0].answers[0]
    assert stored.question_text == "How resourced did I feel that day?"


def rupture_answers() -> dict[str, Any]:
    return {"who": PersonRef(name="Maya", role="child"), "intensity": 3}


def say(when: str, now: datetime):
    return read_when(when, now, FOUR)


def test_a_rupture_is_stored_at_when_it_happened_and_its_repair_may_come_in_between(
    tmp_path, shipped
):
    # Typed at 22:00: the rupture was at 19:00, they came back together at 20:00.
    now = berlin(2026, 11, 24, 22, 0)
    asker = Asker(rupture_answers(), choices=["yes"], typed=["19:00", "20:00"])
    notes: list[str] = []
    result = flows.repair(
        tmp_path / "journal.db",
        shipped,
        {},
        asker,
        flows.RepairRequest(new=True),
        now=now,
        parse_when=lambda text: say(text, now),
        on_note=notes.append,
    )
    rupture, repair = result.saved
    assert asker.prompts[0].startswith("When did it happen? (Enter for just now")
    assert rupture.at == berlin(2026, 11, 24, 19, 0)
    assert repair.at == berlin(2026, 11, 24, 20, 0)
    assert rupture.created_at == repair.created_at == now
    assert notes == []  # plain clock times today need no explanation


def test_a_repair_before_the_rupture_is_asked_again_and_names_the_rupture_time(tmp_path, shipped):
    now = berlin(2026, 11, 24, 22, 0)
    asker = Asker(
        rupture_answers(), choices=["yes"], typed=["19:00", "18:30", "last night", "21:15"]
    )
    notes: list[str] = []
    result = flows.repair(
        tmp_path / "journal.db",
        shipped,
        {},
        asker,
        flows.RepairRequest(new=True),
        now=now,
        parse_when=lambda text: say(text, now),
        on_note=notes.append,
    )
    # 18:30 is before the rupture; 'last night' (Monday 21:00) is too: both asked again.
    for again in asker.prompts[2:]:
        assert again.startswith("That is before the rupture (Tue 24 Nov 19:00).")
    assert len(asker.prompts) == 4 and not asker.typed
    assert result.saved[1].at == berlin(2026, 11, 24, 21, 15)
    assert notes == []  # a refused answer's reading is never shown


def test_a_phrase_is_read_back_to_the_person(tmp_path, shipped):
    now = berlin(2026, 11, 25, 10, 0)
    asker = Asker(rupture_answers(), choices=["no"], typed=["last night"])
    notes: list[str] = []
    result = flows.repair(
        tmp_path / "journal.db",
        shipped,
        {},
        asker,
        flows.RepairRequest(new=True),
        now=now,
        parse_when=lambda text: say(text, now),
        on_note=notes.append,
    )
    assert result.saved[0].at == TUE_21
    assert notes[0].startswith("Read as 21:00 on Tue 24 Nov.")


# ----------------------------------------------------------------------------- review, patterns


def record(id: int, kind: str, at: datetime, **answers: Any) -> EntryRecord:
    return EntryRecord(
        id=id,
        uid=f"u{id}",
        kind=kind,
        at=at,
        created_at=at,
        updated_at=None,
        person_id=None,
        person=None,
        rupture_id=None,
        no_repair_needed=False,
        answers=tuple(AnswerRecord(k, k, "scale", v) for k, v in answers.items()),
    )


def test_the_review_counts_a_00_30_check_in_for_the_evening_before():
    from attachjournal.core import review

    # Week Mon 23 - Sun 29 November. Check-ins Tue 21:00 and Wed 00:30 (still Tuesday's
    # journal day), and Sun 29 at 00:30 after Saturday evening (Saturday's), plus a rupture
    # at Mon 30 00:30 (Sunday night: still this week).
    sun_0030, mon_0030 = berlin(2026, 11, 29, 0, 30), berlin(2026, 11, 30, 0, 30)
    period = review.choose_period(date(2026, 11, 29), week="2026-W48", day_start=FOUR)
    data = review.ReviewData(
        checkins=(
            record(1, "reflect", TUE_21, resourced=2),
            record(2, "reflect", WED_0030, resourced=4),
            record(3, "reflect", sun_0030, resourced=3),
        ),
        ruptures=(record(4, "rupture", mon_0030),),
    )
    start, end = period.bounds()
    assert (start, end) == (berlin(2026, 11, 23, 4, 0), berlin(2026, 11, 30, 4, 0))
    summary = review.summarize(period, data, now=berlin(2026, 11, 30, 1, 0))
    # Days with a check-in: Tuesday and Saturday = 2 (not Tue, Wed and Sun = 3).
    assert summary.counts.checkin_days == 2
    by_day = {line.day: line for line in summary.days}
    assert by_day[date(2026, 11, 24)].checkins == 2
    assert by_day[date(2026, 11, 24)].resourced == 3  # (2 + 4) / 2
    assert by_day[date(2026, 11, 25)].checkins == 0
    assert by_day[date(2026, 11, 28)].checkins == 1
    assert by_day[date(2026, 11, 29)].ruptures == 1  # Sunday night, after midnight
    assert dict(summary.weekdays) == {"Sunday": 1}


def test_with_the_day_starting_at_midnight_the_review_uses_calendar_days():
    from attachjournal.core import review

    period = review.choose_period(date(2026, 11, 29), week="2026-W48", day_start=time(0))
    data = review.ReviewData(
        checkins=(record(1, "reflect", TUE_21), record(2, "reflect", WED_0030))
    )
    summary = review.summarize(period, data, now=berlin(2026, 11, 30, 1, 0))
    assert summary.counts.checkin_days == 2  # Tuesday and Wednesday


def test_the_patterns_calendar_and_grid_use_journal_days():
    from attachjournal.core import patterns

    period = patterns.choose_period(
        date(2026, 11, 29), since="2026-11-23", until="2026-11-29", day_start=FOUR
    )
    data = patterns.PatternsData(
        checkins=(record(1, "reflect", TUE_21, resourced=2), record(2, "reflect", WED_0030)),
        ruptures=(record(3, "rupture", berlin(2026, 11, 29, 0, 30)),),
    )
    summary = patterns.summarize(period, data, now=berlin(2026, 11, 30, 1, 0))
    calendar = {c.day: c.checkins for c in summary.calendar if c.checkins}
    assert calendar == {date(2026, 11, 24): 2}
    night = summary.grid_rows.index("night")
    assert summary.grid[night][5] == 1  # Saturday night, though written on Sunday at 00:30


def test_the_review_timeline_lists_a_rupture_after_midnight_under_the_evening_before():
    from rich.console import Console

    from attachjournal.core import review
    from attachjournal.views.render_review import review_view

    period = review.choose_period(date(2026, 11, 29), week="2026-W48", day_start=FOUR)
    data = review.ReviewData(ruptures=(record(1, "rupture", berlin(2026, 11, 30, 0, 30)),))
    summary = review.summarize(period, data, now=berlin(2026, 11, 30, 1, 0))
    console = Console(record=True, width=100, color_system=None, force_terminal=False)
    console.print(review_view(summary, prompts_module.load(None)))
    lines = console.export_text().splitlines()
    # Listed in Sunday's week and named as Sunday's, with the clock time as it was.
    assert any("Sun 29 Nov, 00:30 after midnight ⚡ someone" in line for line in lines)


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (berlin(2026, 11, 24, 18, 0), None),  # within the hour: nothing to say
        (berlin(2026, 11, 24, 22, 10), "written later that evening (Tue 24 Nov 22:10)"),
        (berlin(2026, 11, 25, 0, 40), "written later that night (Wed 25 Nov 00:40)"),
        (berlin(2026, 11, 25, 9, 0), "written the next day (Wed 25 Nov 09:00)"),
        (berlin(2026, 11, 26, 20, 0), "written 2 days later (Thu 26 Nov 20:00)"),
    ],
)
def test_show_says_how_much_later_an_entry_was_written(written, said):
    from attachjournal.views.render import written_later

    assert written_later(berlin(2026, 11, 24, 17, 30), written) == said


def test_written_later_that_day_before_the_evening():
    from attachjournal.views.render import written_later

    said = written_later(berlin(2026, 11, 24, 8, 0), berlin(2026, 11, 24, 12, 0))
    assert said == "written later that day (Tue 24 Nov 12:00)"


def test_a_repaired_at_before_the_typed_rupture_time_saves_nothing(tmp_path, shipped):
    from attachjournal.errors import UsageError

    now = berlin(2026, 11, 24, 22, 0)
    asker = Asker(rupture_answers(), typed=["20:00"])
    request = flows.RepairRequest(new=True, repaired_at=berlin(2026, 11, 24, 19, 0))
    with pytest.raises(UsageError, match="can't come before its rupture"):
        flows.repair(
            tmp_path / "journal.db",
            shipped,
            {},
            asker,
            request,
            now=now,
            parse_when=lambda text: say(text, now),
        )
    assert store.open_journal(tmp_path / "journal.db", create=False) is None
