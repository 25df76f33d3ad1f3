"""patterns, read as a careful parent would read their own figures: periods that end before the
journal began, a "most often" that rests on a lead of one among hundreds, month names over the
right weeks, and messages that never speak as "I".

Local time is Europe/Berlin (conftest).
"""

from __future__ import annotations

import colorsys
import json
import re
from datetime import date, datetime, time, timedelta

import pytest
from rich.console import Console

from attachjournal.core import patterns, when
from attachjournal.core.patterns_parts import lead
from attachjournal.core.patterns_results import CalendarDay
from attachjournal.core.review import Counts
from attachjournal.errors import UsageError
from attachjournal.storage import store
from attachjournal.views import html_calendar, html_report, render
from attachjournal.views.patterns_words import bucket_label, counts_sentence, own_numbers
from attachjournal.views.render_calendar import calendar_view
from attachjournal.views.render_patterns import sparkline


def test_a_period_ending_before_the_first_entry_is_refused_not_counted():
    # The journal begins Wed 21 Oct 2026. --until 1 Oct would otherwise be 12 weeks of days
    # (10 Jul - 1 Oct, 84 days) that could not have been written, shown as an empty period.
    with pytest.raises(UsageError) as caught:
        patterns.choose_period(date(2026, 11, 25), until="2026-10-01", first_day=date(2026, 10, 21))
    assert "Wed 21 Oct 2026" in str(caught.value)
    # The first entry's own day is still a period of one day.
    one = patterns.choose_period(
        date(2026, 11, 25), since="all", until="2026-10-21", first_day=date(2026, 10, 21)
    )
    assert (one.start, one.end) == (date(2026, 10, 21), date(2026, 10, 21))


@pytest.mark.parametrize("typed", ["7x", "next blue moon"])
def test_an_unreadable_date_is_refused_without_the_tool_saying_i(typed):
    with pytest.raises(UsageError) as caught:
        when.parse_day(typed, date(2026, 11, 25))
    message = str(caught.value)
    assert not message.startswith("I ") and " I " not in message
    assert typed not in message
    assert "2026-11-16" in message  # still shows the forms it takes


@pytest.mark.parametrize("typed", ["25:99", "13pm", "next blue moon"])
def test_an_unreadable_time_is_refused_without_the_tool_saying_i(typed):
    now = datetime(2026, 11, 25, 21, 0).astimezone()
    with pytest.raises(UsageError) as caught:
        when.read_when(typed, now, time(4))
    message = str(caught.value)
    assert not message.startswith("I ") and " I " not in message
    assert typed not in message


def _calendar_text(days: list[CalendarDay], scale=(1, 5), width: int = 100) -> list[str]:
    console = Console(width=width, record=True, no_color=True)
    console.print(calendar_view(days, scale=scale, width=width))
    return console.export_text().splitlines()


def test_a_month_name_stands_over_the_first_week_that_starts_in_it():
    # Wed 21 Oct - Wed 25 Nov 2026: the columns are the weeks of Mon 19 Oct, 26 Oct, 2 Nov,
    # 9 Nov, 16 Nov, 23 Nov. The week of 26 Oct holds six October days and Sun 1 Nov, so "Nov"
    # belongs over the week of Mon 2 Nov (the third column), as on the HTML page.
    start = date(2026, 10, 21)
    days = [CalendarDay(start + timedelta(days=i), 1, 3) for i in range(36)]
    months, monday = _calendar_text(days)[1:3]
    assert monday.startswith("Mon ")
    assert months.index("Nov") == 4 + 2  # column w starts at 4 + w (cells one wide)
    # With two-wide cells (a 0-10 scale) October fits over the first column as well.
    wide = [CalendarDay(d.day, 1, 10) for d in days]
    months = _calendar_text(wide, scale=(0, 10))[1]
    assert (months.index("Oct"), months.index("Nov")) == (4, 4 + 2 * 2)


def test_most_often_needs_more_than_a_lead_of_one_among_hundreds():
    # 283 ruptures over the weekdays: Wed 44, Sun 43, Tue 42, Mon 41, Thu 39, Sat 38, Fri 36.
    # Wednesday is one ahead of Sunday: "most often on Wednesdays" would read as a pattern.
    weekdays = [("Mon", 41), ("Tue", 42), ("Wed", 44), ("Thu", 39), ("Fri", 36), ("Sat", 38)]
    assert lead([*weekdays, ("Sun", 43)]) is None
    # 44 against 40: ahead by 4, a tenth of 44 (4.4, so 4): clear enough to name, counts beside it.
    assert lead([("Mon", 40), ("Wed", 44), ("Sun", 40)]) == ("Wed", 44)
    # Evening 117 against morning 83: a lead of 34.
    times = [("morning", 83), ("afternoon", 44), ("evening", 117), ("night", 39)]
    assert lead(times) == ("evening", 117)
    # Small counts keep the rule of the issue: at least 3 and alone on top (3 against 2).
    assert lead([("rushing", 3), ("noise", 2)]) == ("rushing", 3)
    assert lead([("rushing", 2), ("noise", 1)]) is None
    assert lead([("a", 3), ("b", 3), ("c", 3), ("d", 3), ("e", 3)]) is None


def test_a_sparkline_never_draws_some_as_none():
    # Tallest 20 in a month: one rupture is 1/20 of the height, which would round to the lowest
    # mark, the one that means none. It gets the next mark up; none keeps the lowest.
    line = sparkline([0, 1, 20, 10], 20).plain
    assert line[0] == "▁" and line[1] == "▂" and line[2] == "█"
    # 10 of 20 is half way: index round(0.5 * 7) = 4, the fifth mark.
    assert line[3] == "▅"


def _hue(colour: str) -> tuple[float, float]:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, _, saturation = colorsys.rgb_to_hls(r, g, b)
    return hue * 360, saturation


def test_people_on_the_page_are_never_told_apart_by_red_or_green():
    # A child drawn in red (hue near 0) or green (75-165) would read as bad or good.
    for colour in html_report.PERSON_COLOURS:
        hue, saturation = _hue(colour)
        if saturation > 0.1:
            assert 15 < hue < 345, colour
            assert not 75 <= hue <= 165, colour
    assert len(set(html_report.PERSON_COLOURS)) == 6


def test_an_until_still_to_come_ends_today_and_says_so(attach, tmp_path):
    assert attach("reflect", "-a", "resourced=3").exit_code == 0
    ahead = (date.today() + timedelta(days=40)).isoformat()
    result = attach("patterns", "--until", ahead)
    assert result.exit_code == 0
    assert "Ends today: days still to come are not counted." in result.stdout
    page = tmp_path / "p.html"
    assert attach("patterns", "--until", ahead, "--html", str(page)).exit_code == 0
    assert "Ends today: days still to come are not counted." in page.read_text()
    # Without --until, or with today, nothing was cut short.
    assert "Ends today" not in attach("patterns").stdout
    assert "Ends today" not in attach("patterns", "--until", "today").stdout


def test_month_labels_under_the_stacked_bars_do_not_run_together():
    # 27 months (Sep 2024 - Nov 2026) at 840 / 27 = 31 px each: "Sep 24" at 10 px is wider
    # than that, so every second month is named (round(27 / 14) = 2): 14 of the 27.
    months = [f"M{i:02d} 24" for i in range(27)]
    svg = html_report.stacked_chart("Ruptures per month", months, [("child 1", [1] * 27)])
    named = [m for m in months if f">{m}<" in svg]
    assert named == months[::2] and len(named) == 14
    # Twelve weeks keep a name under every bar.
    weeks = [f"W{i}" for i in range(12)]
    svg = html_report.stacked_chart("Ruptures per week", weeks, [("child 1", [1] * 12)])
    assert all(f">{w}<" in svg for w in weeks)


def test_an_empty_journal_counts_no_days_that_could_not_have_been_written(attach):
    # Nothing written yet: twelve weeks (84 days) in the heading would look like 84 days
    # missed. The period is today alone, whatever --since and --until ask.
    for args in ((), ("--since", "all"), ("--since", "2026-01-01"), ("--until", "2020-01-01")):
        data = json.loads(attach("patterns", "--json", *args).stdout)
        assert data["period"]["start"] == data["period"]["end"], args
        assert "84 days" not in attach("patterns", *args).stdout


def test_show_says_which_journal_day_an_after_midnight_entry_counts_for(attach):
    # 00:30 on Thu 12 Nov belongs to Wed 11 Nov (a journal day runs until 04:00), as in the
    # calendar and the review; the log's clock time alone would not say so.
    late = json.loads(
        attach("reflect", "-a", "resourced=2", "--at", "2026-11-12T00:30", "--json").stdout
    )
    evening = json.loads(
        attach("reflect", "-a", "resourced=3", "--at", "2026-11-12T21:00", "--json").stdout
    )
    shown = attach("show", str(late["id"])).stdout
    assert "counts for Wed 11 Nov (a journal day runs until 04:00)" in shown
    assert "counts for" not in attach("show", str(evening["id"])).stdout


def test_show_tells_repaired_from_open_in_words_not_green_and_yellow(attach, db_path):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    new = ("repair", "--new", "-a", "who=Maya", "-a", "intensity=3", "--json")
    done = json.loads(attach(*new, "--at", "2026-11-12T18:00").stdout)
    attach("repair", "--of", str(done["id"]), "-a", "connected=4", "--at", "2026-11-12T18:30")
    still = json.loads(attach(*new, "--at", "2026-11-13T18:00").stdout)
    with store.open_journal(db_path, create=False).read() as conn:
        entries = [conn.get_entry(done["id"]), conn.get_entry(still["id"])]
        repair = conn.repairs_for([done["id"]])[done["id"]]
    for entry, repaired in zip(entries, (repair, None), strict=True):
        console = Console(width=100, record=True, force_terminal=True, color_system="truecolor")
        console.print(render.entry_detail(entry, None, repaired))
        coloured = console.export_text(styles=True)
        lines = coloured.splitlines()
        status = next(line for line in lines if "repaired in" in line or "still open" in line)
        # No foreground colour at all on the status line (dim is fine): 32 green, 33 yellow.
        assert "\x1b[32m" not in status and "\x1b[33m" not in status and "38;2;" not in status


def test_a_move_says_how_many_of_its_repairs_gave_no_closeness_number():
    # "I said sorry" in 3 repairs, closeness answered in two (2 and 5): "2, 5" alone would
    # leave the third repair unaccounted for.
    assert own_numbers([2, 5], of=3) == "2, 5; 1 not answered"
    assert own_numbers([], of=2) == "not answered"
    assert own_numbers([4], of=1) == "4"
    # Many answers are counted per value: 4 ×2 and 5 ×5 of 8 repairs.
    assert own_numbers([4, 5, 5, 4, 5, 5, 5], of=8) == "4 ×2, 5 ×5; 1 not answered"


def test_a_page_that_cannot_be_written_is_refused_without_the_tool_saying_i(attach, tmp_path):
    assert attach("reflect", "-a", "resourced=3").exit_code == 0
    result = attach("patterns", "--html", str(tmp_path / "no-such-folder" / "p.html"))
    assert result.exit_code == 2
    assert "could not be written" in result.stderr
    assert not result.stderr.lstrip("✗ ").startswith("I ")
    # A --answers file that isn't text: the same, without "I".
    bad = tmp_path / "answers.yaml"
    bad.write_bytes(b"\xff\xfe\x00bad")
    result = attach("reflect", "--answers", str(bad))
    assert "could not be read" in result.stderr and " I " not in result.stderr


def test_ruptures_still_open_are_not_counted_as_a_zero():
    # One rupture with Sam, still open: "1 rupture: 1 still open.", not "0 came back together".
    open_one = Counts(
        checkin_days=0,
        rupture_count=1,
        repair_count=0,
        open_rupture_count=1,
        no_repair_needed_count=0,
        repair_rate=None,
        median_minutes_to_repair=None,
    )
    assert counts_sentence(open_one) == "1 rupture: 1 still open."
    # 4 ruptures: 2 back (40 and 60 min: median 50), 1 open, 1 needing none.
    mixed = open_one._replace(
        rupture_count=4,
        repair_count=2,
        no_repair_needed_count=1,
        median_minutes_to_repair=50.0,
    )
    assert counts_sentence(mixed) == (
        "4 ruptures: 2 came back together, 1 still open, 1 marked no repair needed; "
        "median time to repair 50 min (n=2)."
    )


def test_an_unexpected_failure_is_told_without_the_tool_saying_i(capsys):
    from attachjournal.cli import guard

    guard._unexpected(TypeError("what someone wrote"))
    said = capsys.readouterr().err
    assert "went wrong inside attach (TypeError), so it stopped" in said
    assert " I " not in said and "what someone wrote" not in said


def test_a_check_in_without_a_resourced_answer_has_its_mark_explained():
    # Mon 2 Nov rated 3; Tue 3 Nov checked in without rating (the ○); Wed 4 Nov nothing.
    days = [
        CalendarDay(date(2026, 11, 2), 1, 3),
        CalendarDay(date(2026, 11, 3), 1, None),
        CalendarDay(date(2026, 11, 4), 0, None),
    ]
    text = "\n".join(_calendar_text(days))
    assert "○" in text and "○ checked in, resourced not answered" in text
    assert "○ checked in" in html_calendar.calendar_chart(days)
    # Without such a day the legend stays short.
    rated = [days[0], days[2]]
    assert "not answered" not in "\n".join(_calendar_text(rated))
    assert "not answered" not in html_calendar.calendar_chart(rated)


def test_a_shared_page_hides_a_first_name_written_alone_in_a_note(attach, tmp_path):
    # "Anna Lee" (child) and "Rose Lee" (partner): a note saying "Anna" alone is still Anna;
    # "Lee" is in both names: whose can't be told, but it is hidden; "a rose" is a flower.
    for name, role in (("Anna Lee", "child"), ("Rose Lee", "partner")):
        assert attach("people", "add", name, "--role", role).exit_code == 0
    note = tmp_path / "answers.json"
    note.write_text(
        json.dumps({"echo": True, "echo_note": "Anna cried; Rose sighed; a rose; the Lee family"})
    )
    assert attach("reflect", "-a", "resourced=3", "--answers", str(note)).exit_code == 0
    page = tmp_path / "shared.html"
    assert attach("patterns", "--html", str(page), "--redact").exit_code == 0
    html = page.read_text()
    assert "Anna" not in html and "Rose sighed" not in html
    assert "Lee" not in html
    assert "child 1 cried; partner 1 sighed; a rose; the (a name) family" in html


def test_weeks_are_named_by_the_monday_they_began_not_an_iso_number():
    # "2026-W43" means little to most people; the week of Monday 19 Oct does. A week clipped
    # to the journal's first day (Wed 21 Oct) is still the week of 19 Oct.
    assert bucket_label(date(2026, 10, 21), "week") == "19 Oct"
    assert bucket_label(date(2026, 11, 2), "week") == "02 Nov"
    assert bucket_label(date(2026, 11, 1), "month") == "Nov 2026"
    assert bucket_label(date(2026, 11, 1), "month", short=True) == "Nov 26"
    assert bucket_label(date(2026, 1, 1), "year") == "2026"


def test_the_weekly_table_and_the_page_use_those_names(attach, tmp_path):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    assert attach("repair", "--new", "-a", "who=Maya", "-a", "intensity=2").exit_code == 0
    shown = attach("patterns").stdout
    assert "week of" in shown and "-W" not in shown
    page = tmp_path / "p.html"
    assert attach("patterns", "--html", str(page)).exit_code == 0
    html = page.read_text()
    assert not re.search(r">W\d\d<", html)
    # This week's Monday (or last week's, run on a Monday before 04:00: still Sunday's day).
    monday = date.today() - timedelta(days=date.today().weekday())
    assert f"{monday:%d %b}" in html or f"{monday - timedelta(weeks=1):%d %b}" in html
