"""patterns: which days count, "most often" only with a clear lead, and the sections that give a
person's own answers back. Every figure is worked out by hand in the comments.

Local time is Europe/Berlin (conftest).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from itertools import count

import pytest
from rich.console import Console

from attachjournal.core import patterns, prompts
from attachjournal.core.patterns_parts import lead
from attachjournal.core.records import AnswerRecord, EntryRecord
from attachjournal.core.review import Period
from attachjournal.views.render_patterns import patterns_view

_ids = count(1000)
NOW = datetime(2026, 11, 25, 21, 0).astimezone()  # a Wednesday evening


def entry(kind, when, answers=None, person=None, rupture_id=None):
    at = datetime.fromisoformat(when).astimezone()
    return EntryRecord(
        id=next(_ids),
        uid="x",
        kind=kind,
        at=at,
        created_at=at,
        updated_at=None,
        person_id=1 if person else None,
        person=person,
        rupture_id=rupture_id,
        no_repair_needed=False,
        answers=tuple(AnswerRecord(k, k, "x", v) for k, v in (answers or {}).items()),
    )


def render(p: patterns.Patterns, width: int) -> str:
    console = Console(width=width, record=True, no_color=True)
    console.print(patterns_view(p, prompts.load()))
    return console.export_text()


# ----------------------------------------------------------------------------- which days count


def test_a_five_week_journal_counts_its_own_days_not_twelve_weeks():
    # First entry Wed 21 Oct 2026; today Wed 25 Nov. 12 weeks would start Thu 3 Sep (84 days);
    # the journal exists from 21 Oct: 11 days of October (21-31) + 25 of November = 36 days.
    period = patterns.choose_period(date(2026, 11, 25), first_day=date(2026, 10, 21))
    assert (period.start, period.end, period.length) == (date(2026, 10, 21), date(2026, 11, 25), 36)
    # --since before the journal began starts at its first entry too; a later --since is kept.
    early = patterns.choose_period(
        date(2026, 11, 25), since="2026-09-01", first_day=date(2026, 10, 21)
    )
    assert early.start == date(2026, 10, 21)
    later = patterns.choose_period(
        date(2026, 11, 25), since="2026-11-02", first_day=date(2026, 10, 21)
    )
    assert later.start == date(2026, 11, 2)
    # Days still to come never count: --until next month ends today.
    ahead = patterns.choose_period(
        date(2026, 11, 25), until="2026-12-20", first_day=date(2026, 10, 21)
    )
    assert ahead.end == date(2026, 11, 25)


@pytest.fixture
def wednesday_journal() -> patterns.Patterns:
    # Check-ins at 20:00 on Wed 21 Oct (the first entry), Thu 22 Oct, Mon 2 Nov, Wed 25 Nov.
    checkins = tuple(
        entry("reflect", f"2026-{d} 20:00", {"resourced": r})
        for d, r in (("10-21", 3), ("10-22", 4), ("11-02", 2), ("11-25", 5))
    )
    period = patterns.choose_period(date(2026, 11, 25), first_day=date(2026, 10, 21))
    data = patterns.PatternsData(checkins=checkins)
    return patterns.summarize(period, data, now=NOW, first_day=date(2026, 10, 21))


def test_a_journal_that_began_on_a_wednesday(wednesday_journal):
    p = wednesday_journal
    assert p.began == date(2026, 10, 21)
    # Weeks: W43 from Wed 21 Oct (5 days, not 7), W44 .. W47, and W48 Mon 23 - Wed 25 (3 days).
    assert [b.label for b in p.buckets] == [f"2026-W{w}" for w in range(43, 49)]
    first, last = p.buckets[0], p.buckets[-1]
    assert (first.start, first.end) == (date(2026, 10, 21), date(2026, 10, 25))
    assert (last.start, last.end) == (date(2026, 11, 23), date(2026, 11, 25))
    assert len(p.calendar) == 36 and p.calendar[0].day == date(2026, 10, 21)
    assert p.counts.checkin_days == 4


def test_the_calendar_has_no_empty_weeks_before_the_first_entry(wednesday_journal):
    out = render(wednesday_journal, 100)
    assert "Checked in on 4 of 36 days." in out
    assert "Starts at the journal's first entry (Wed 21 Oct 2026)." in out
    rows = {line[:3]: line[4:] for line in out.splitlines() if line[:3] in ("Mon", "Wed", "Thu")}
    # Six week columns (W43..W48): Monday 19 Oct is before the journal, so it is blank, not a
    # dot; Wed 21 Oct shows its level 3 in the first column, Thu 22 Oct its 4.
    assert rows["Wed"].rstrip() == "3····5"
    assert rows["Thu"].rstrip() == "4····"
    assert rows["Mon"] == " ·2···"


# ----------------------------------------------------------------------------- most often


def test_lead_needs_three_and_no_tie():
    assert lead([("evening", 3), ("night", 2)]) == ("evening", 3)
    assert lead([("evening", 2), ("night", 1)]) is None  # fewer than 3
    assert lead([("evening", 3), ("night", 3)]) is None  # a tie has no winner
    assert lead([]) is None


@pytest.fixture
def five_way_tie() -> patterns.Patterns:
    # 15 ruptures: three each on Mon 2, Tue 3, Wed 4, Thu 5, Fri 6 Nov 2026, all at 19:00
    # (evening). Contexts: the five values three times each, one per weekday.
    contexts = ["rushing", "i_tired", "transition", "noise", "screens"]
    ruptures = tuple(
        entry("rupture", f"2026-11-0{day} 19:0{k}", {"context": [contexts[day - 2]]}, "Maya")
        for day in range(2, 7)
        for k in range(3)
    )
    data = patterns.PatternsData(ruptures=ruptures)
    return patterns.summarize(Period(date(2026, 11, 2), date(2026, 11, 8)), data, now=NOW)


def test_a_five_way_tie_names_no_weekday_and_no_context(five_way_tie):
    p = five_way_tie
    # Weekdays Mon-Fri 3 each: five-way tie -> no winner. Contexts 3 each -> no winner.
    assert dict(p.weekday_counts) == {
        "Monday": 3, "Tuesday": 3, "Wednesday": 3, "Thursday": 3, "Friday": 3,
        "Saturday": 0, "Sunday": 0,
    }  # fmt: skip
    assert p.weekday_lead is None
    assert p.context_lead is None
    # All 15 in the evening: a clear lead of 15 (>= 3).
    assert p.time_of_day_lead == ("evening", 15)
    out = render(p, 100)
    assert "Most often in the evening (15 of 15 ruptures)." in out
    assert "No one day of the week stands out; the counts are above." in out
    assert "No one context stands out." in out
    assert "Most often on" not in out and "Most often:" not in out


def test_one_more_monday_breaks_the_tie():
    # The same 15 plus one on Monday 9 Nov at 19:00: Monday 4, the others 3 -> Monday leads.
    ruptures = tuple(
        entry("rupture", f"2026-11-{day:02d} 19:0{k}", {}, "Maya")
        for day in (2, 3, 4, 5, 6, 9)
        for k in range(1 if day == 9 else 3)
    )
    data = patterns.PatternsData(ruptures=ruptures)
    p = patterns.summarize(Period(date(2026, 11, 2), date(2026, 11, 15)), data, now=NOW)
    assert p.weekday_lead == ("Monday", 4)
    assert "Most often on Mondays (4 of 16 ruptures)." in render(p, 100)


# ----------------------------------------------------------------------------- shown back


@pytest.fixture
def week() -> patterns.Patterns:
    """Mon 2 - Sun 8 Nov 2026.

    Check-ins (20:00)                                   Ruptures
      Mon 2  resourced 2  refill sleep, drain no_break, alone_with_it
                                                        R1 Mon 2 18:00 resourced_then 1
      Tue 3  resourced 4  refill listened_to
      Wed 4  resourced 1  drain no_break                R2 Wed 4 18:00 (no resourced_then)
      Wed 4  resourced 1  drain no_break (same day: counts once)
      Thu 5  resourced 5  refill listened_to
      Fri 6  resourced 3                                R3 Fri 6 08:00 resourced_then 2
                                                        R4 Fri 6 18:00 resourced_then 4
      Sat 7  resourced 4  refill own_time
    """
    checkins = (
        entry("reflect", "2026-11-02 20:00", {"resourced": 2, "refill": ["sleep"],
              "drain": ["no_break", "alone_with_it"], "serve_noticed": True,
              "serve_steps": ["focus", "name"]}),
        entry("reflect", "2026-11-03 20:00", {"resourced": 4, "refill": ["listened_to"],
              "serve_return": "none"}),
        entry("reflect", "2026-11-04 09:00", {"resourced": 1, "drain": ["no_break"]}),
        entry("reflect", "2026-11-04 20:00", {"resourced": 1, "drain": ["no_break"],
              "echo": True, "echo_about": ["me", "feelings"], "echo_keep": "change",
              "echo_note": "my father's silence"}),
        entry("reflect", "2026-11-05 20:00", {"resourced": 5, "refill": ["listened_to"],
              "serve_noticed": True, "serve_steps": ["focus", "wait"], "echo": True,
              "echo_about": ["me"], "echo_keep": "keep"}),
        entry("reflect", "2026-11-06 20:00", {"resourced": 3, "serve_return": "1-2"}),
        entry("reflect", "2026-11-07 20:00", {"resourced": 4, "refill": ["own_time"]}),
    )  # fmt: skip
    r1 = entry("rupture", "2026-11-02 18:00", {"resourced_then": 1}, "Maya")
    r2 = entry("rupture", "2026-11-04 18:00", {}, "Maya")
    r3 = entry("rupture", "2026-11-06 08:00", {"resourced_then": 2}, "Maya")
    r4 = entry("rupture", "2026-11-06 18:00", {"resourced_then": 4}, "Maya")
    repairs = {
        r1.id: entry("repair", "2026-11-02 19:00", {"settled_by": ["breathing"],
                     "moves": ["named", "touch"], "connected": 4}, rupture_id=r1.id),
        r2.id: entry("repair", "2026-11-04 19:00", {"calmed_first": True, "moves": ["touch"],
                     "connected": 3}, rupture_id=r2.id),
        r4.id: entry("repair", "2026-11-06 19:00", {"settled_by": ["breathing", "stepped_away"],
                     "moves": ["touch", "self_repair"]}, rupture_id=r4.id),
    }  # fmt: skip
    data = patterns.PatternsData(checkins=checkins, ruptures=(r1, r2, r3, r4), repairs=repairs)
    return patterns.summarize(Period(date(2026, 11, 2), date(2026, 11, 8)), data, now=NOW)


def test_resourced_on_rupture_days_prefers_resourced_then(week):
    c = week.comparison
    # Rupture days: Mon 2 -> resourced_then 1; Wed 4 -> no resourced_then, check-ins 1 and 1 -> 1;
    # Fri 6 -> resourced_then 2 and 4 -> 3. Mean (1 + 1 + 3) / 3 = 1.67 -> 1.7 over 3 days,
    # 2 of them (Mon, Fri) rated at the rupture.
    assert (c.rupture_days, c.rupture_days_mean, c.from_then) == (3, 1.7, 2)
    # Other check-in days: Tue 4, Thu 5, Sat 4 -> 13 / 3 = 4.33 -> 4.3 over 3 days.
    assert (c.other_days, c.other_days_mean) == (3, 4.3)
    assert c.enough  # 3 on each side
    # resourced_then 1, 2, 4: the low end of 1-5 is 1-2 -> 2 of 3 rated ruptures.
    assert (c.low_then, c.then_answered) == (2, 3)
    out = render(week, 100)
    assert "Resourced on days with a rupture: 1.7 on average (3 days, 2 of them as rated" in out
    assert "on other check-in days: 4.3 (3 days)." in " ".join(out.split())


def test_too_few_days_to_compare_says_how_many():
    checkins = (
        entry("reflect", "2026-11-02 20:00", {"resourced": 2}),
        entry("reflect", "2026-11-03 20:00", {"resourced": 4}),
    )
    ruptures = (entry("rupture", "2026-11-02 18:00", {}, "Maya"),)
    data = patterns.PatternsData(checkins=checkins, ruptures=ruptures)
    p = patterns.summarize(Period(date(2026, 11, 2), date(2026, 11, 8)), data, now=NOW)
    # 1 rupture day (Mon 2, rated 2 by its check-in), 1 other day (Tue 3).
    assert not p.comparison.enough
    assert "(1 rupture day and 1 other day; 3 of each are needed)" in " ".join(
        render(p, 100).split()
    )


def test_refill_and_drain_on_low_and_high_days(week):
    low, high = week.bands
    # Low (1-2): Mon 2 (2) and Wed 4 (1, 1 -> 1) = 2 days. no_break on both days -> 2 (Wed's two
    # check-ins count once); alone_with_it Mon -> 1; sleep Mon -> 1.
    assert (low.band, low.days) == ("low", 2)
    assert low.drain == (("no_break", 2), ("alone_with_it", 1))
    assert low.refill == (("sleep", 1),)
    # High (4-5): Tue 3 (4), Thu 5 (5), Sat 7 (4) = 3 days; listened_to Tue, Thu -> 2; own_time 1.
    assert (high.band, high.days) == ("high", 3)
    assert high.refill == (("listened_to", 2), ("own_time", 1))
    assert high.drain == ()
    out = " ".join(render(week, 100).split())
    assert "On the 2 days at 1-2 (the “running on empty” end), these showed up together:" in out
    assert "because" not in out


def test_moves_by_use_toolkit_and_serve_steps(week):
    # touch: R1, R2, R4 -> 3 (connected 4, 3; R4 has none) ; named: R1 -> 1 (4);
    # self_repair: R4 -> 1 (none). By use; the 1-1 tie is listed alphabetically, not ranked.
    assert [(m.move, m.used, m.connected) for m in week.moves] == [
        ("touch", 3, (3, 4)),
        ("named", 1, (4,)),
        ("self_repair", 1, ()),
    ]
    # What helped me settle: breathing R1, R4 -> 2; stepped_away R4 -> 1. 7 days: halves are
    # Mon 2 - Wed 4 and Thu 5 - Sun 8: breathing 1 + 1, stepped_away 0 + 1.
    assert [(c.value, c.total, c.first_half, c.second_half) for c in week.settled_by] == [
        ("breathing", 2, 1, 1),
        ("stepped_away", 1, 0, 1),
    ]
    assert week.calmed_first == (1, 1)  # the older yes/no question, on R2 only
    # Serve steps: focus Mon, Thu -> 2 (1 + 1); name Mon -> 1; wait Thu -> 1.
    assert [(c.value, c.total) for c in week.serve_steps] == [
        ("focus", 2), ("name", 1), ("wait", 1)
    ]  # fmt: skip
    # Serve days: Mon yes (new), Tue none (old), Thu yes (new), Fri 1-2 (old) -> 3 of 4.
    assert (week.serve_return_days, week.serve_return_answered) == (3, 4)
    out = render(week, 100)
    assert "How connected I felt afterwards".lower() in out.lower()
    assert "3, 4" in out


def test_echo_counts(week):
    # Echoes on Wed 4 (about me, feelings; change) and Thu 5 (about me; keep).
    assert week.checkin_echoes == 2
    assert week.echo_about == (("me", 2), ("feelings", 1))
    assert week.echo_keep == (("change", 1), ("keep", 1))
    out = render(week, 100)
    assert "my father's silence" in out


@pytest.mark.parametrize("width", [60, 100])
def test_every_line_fits_the_terminal(week, five_way_tie, wednesday_journal, width):
    for p in (week, five_way_tie, wednesday_journal):
        out = render(p, width)
        assert max(len(line) for line in out.splitlines()) <= width
        assert "These are things that showed up together, not causes." in out
        assert "%" not in out


def test_a_since_after_today_is_a_clear_usage_error():
    from attachjournal.errors import UsageError

    with pytest.raises(UsageError, match="--since is after today"):
        patterns.choose_period(date(2026, 11, 25), since="2026-11-30")


def test_the_terminal_and_the_page_show_the_same_sections_in_the_same_order():
    from attachjournal.views.html_patterns import patterns_page
    from attachjournal.views.patterns_words import headings

    p = patterns.summarize(
        Period(date(2026, 11, 2), date(2026, 11, 25)),
        patterns.PatternsData(
            checkins=(entry("reflect", "2026-11-03T20:00", {"resourced": 2}),),
            ruptures=(entry("rupture", "2026-11-04T08:00", {"intensity": 3}, person="Maya"),),
        ),
        now=NOW,
    )
    titles = [h.title for h in headings(p, prompts.load())]
    assert "Who the ruptures were with" in titles
    page = patterns_page(p, prompts.load())
    assert re.findall(r"<h2>(.*?)</h2>", page) == titles
    shown = render(p, 100)
    assert [t for t in titles if t in shown] == titles
    assert sorted(shown.index(t) for t in titles) == [shown.index(t) for t in titles]
