"""The review's HTML page: the same sections as the terminal, neutral colours, safe to share."""

from __future__ import annotations

import json
import re

from attachjournal.core import prompts as prompts_module
from attachjournal.views.html_review import SHADES, review_page
from attachjournal.views.review_text import sections
from review_weeks import at, hard_week, ordinary_week, rendered, said

MONDAY_AFTER = at(23, 12)


def _page_text(page: str) -> str:
    """The page's words, without tags (SVG digits and titles included)."""
    from html import unescape

    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.DOTALL)
    return said(unescape(re.sub(r"<[^>]+>", " ", page)))


def test_the_page_carries_every_section_and_sentence_of_the_terminal_view():
    prompts = prompts_module.load()
    for week in (ordinary_week(), hard_week()):
        review = week.review(MONDAY_AFTER)
        page = _page_text(review_page(review, prompts))
        terminal = said(rendered(review))
        for section in sections(review, prompts):
            assert section.title in page and section.title in terminal
            for line in section.lines:
                assert said(line.text) in page, line.text
                assert said(line.text) in terminal, line.text


def test_the_page_has_time_of_day_weekdays_running_low_and_echoes():
    page = _page_text(review_page(ordinary_week().review(MONDAY_AFTER), prompts_module.load()))
    assert "Time of day: morning 1, evening 3." in page
    assert "Days: Tuesday 1, Thursday 1, Saturday 1, Sunday 1." in page
    assert "Running low just before (resourced 1-2)" in page
    assert "Echoes of my own upbringing" in page
    assert "Good moments, in my own words" in page


def test_levels_use_one_neutral_scale_with_the_digit():
    page = review_page(ordinary_week().review(MONDAY_AFTER), prompts_module.load())
    fills = set(re.findall(r'class="day"[^>]*fill="(#[0-9a-f]{6})"', page))
    assert fills - {"#f2f2f2", "#e3e3e3"} <= set(SHADES)
    # The red-to-green ramp is gone.
    for colour in ("#d73027", "#fc8d59", "#fee08b", "#91cf60", "#1a9850"):
        assert colour not in page
    # Monday's resourced 4 of 1-5 is written in its cell.
    assert re.search(r'font-weight="600">4</text>', page)
    assert "%" not in _page_text(page)


def test_a_page_for_others_names_roles_and_shows_no_commands(attach, tmp_path):
    for name, role in (("Maya", "child"), ("Sam", "partner")):
        assert attach("people", "add", name, "--role", role).exit_code == 0
    reflect = {"resourced": 2, "connection": "Maya and Sam laughed at the dog"}
    result = attach(
        "reflect", "--no-input", "--at", "2026-11-17T20:00", "--answers", "-",
        input=json.dumps(reflect),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    result = attach(
        "repair", "--new", "--no-input", "--at", "2026-11-18T08:00", "-a", "who=Maya",
        "-a", "intensity=3", "--answers", "-", input=json.dumps({"what": "MAYA cried at the gate"}),
    )  # fmt: skip
    assert result.exit_code == 0, result.output

    mine = tmp_path / "mine.html"
    assert attach("review", "--week", "2026-W47", "--html", str(mine)).exit_code == 0
    assert "attach repair --of" in mine.read_text()

    shared = tmp_path / "shared.html"
    result = attach("review", "--week", "2026-W47", "--html", str(shared), "--redact")
    assert result.exit_code == 0, result.output
    page = shared.read_text()
    assert "attach " not in _page_text(page)
    assert "Maya" not in page and "MAYA" not in page and "Sam" not in page
    assert "child 1 and partner 1 laughed at the dog" in _page_text(page)
    assert "child 1 cried at the gate" in _page_text(page)
    # The terminal view made for sharing leaves the commands out too.
    result = attach("review", "--week", "2026-W47", "--redact")
    assert "attach " not in result.stdout and "Maya" not in result.stdout
    data = attach("review", "--week", "2026-W47", "--json", "--redact").stdout
    assert "Maya" not in data and "MAYA" not in data
    assert json.loads(data)["ruptures_by_person"] == {"child 1": 1}


def test_an_empty_cell_says_what_is_missing_that_day():
    page = review_page(ordinary_week().review(MONDAY_AFTER), prompts_module.load())
    tips = re.findall(r"<title>([^<]*)</title>", page)
    # Sunday 22 had no check-in but a rupture (with Sam); Monday 16 a check-in but no rupture.
    assert "Sun 22 Nov: no check-in" in tips
    assert "Mon 16 Nov: no rupture" in tips
    assert not any("no entry" in tip for tip in tips)
