"""A person's own prompts.yaml with a 0-10 resourced scale works in log, show and patterns."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from attachjournal.core import prompts
from journal_days import journal_today


def _day(offset: int, clock: str = "20:00") -> str:
    return f"{(journal_today() - timedelta(days=offset)).isoformat()}T{clock}"


@pytest.fixture
def ten_point(tmp_path):
    """The shipped prompts with `resourced` asked from 0 to 10."""
    text = prompts.packaged_path().read_text(encoding="utf-8")
    before = "      - id: resourced\n        kind: scale\n"
    start = text.index(before) + len(before)
    block_end = text.index("      - id: mood")
    block = text[start:block_end].replace("min: 1", "min: 0").replace("max: 5", "max: 10")
    assert "max: 10" in block
    path = tmp_path / "my-prompts.yaml"
    path.write_text(text[:start] + block + text[block_end:], encoding="utf-8")
    return path


@pytest.fixture
def journal(attach, ten_point, monkeypatch):
    monkeypatch.setenv("ATTACH_PROMPTS", str(ten_point))
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    # Four days ago 9, then 0, then 10 (the top of the scale), yesterday 5.
    for offset, level in ((4, 9), (3, 0), (2, 10), (1, 5)):
        result = attach(
            "reflect", "-a", f"resourced={level}", "-a", "drain=no_break",
            "--at", _day(offset), "--no-input",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    result = attach(
        "repair", "--new", "-a", "who=Maya", "-a", "intensity=2", "-a", "resourced_then=1",
        "--at", _day(3, "18:00"), "--no-input",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return attach


def test_log_shows_the_persons_own_scale(journal):
    out = journal("log").stdout
    assert "resourced 9/10" in out and "resourced 10/10" in out and "resourced 0/10" in out
    assert "/5" not in out.replace("intensity 2/5", "")


def test_log_with_the_prompts_option(journal, ten_point, monkeypatch):
    monkeypatch.delenv("ATTACH_PROMPTS")
    assert "resourced 9/5" not in journal("log", "--prompts", str(ten_point)).stdout
    assert "resourced 9/10" in journal("log", "--prompts", str(ten_point)).stdout


def test_show_reads_the_scale(journal):
    first = json.loads(journal("log", "--json").stdout)[-1]  # the oldest: resourced 9
    out = journal("show", str(first["id"])).stdout
    assert "9/10" in out
    assert "9/5" not in out


def test_a_value_off_the_current_scale_is_shown_bare(journal, monkeypatch):
    # Back to the shipped 1-5 prompts: a stored 9 is shown as 9, not "9/5".
    monkeypatch.delenv("ATTACH_PROMPTS")
    out = journal("log").stdout
    assert "resourced 9" in out and "9/5" not in out and "10/5" not in out
    assert "resourced 5/5" in out  # yesterday's 5 sits on both scales


def test_patterns_on_a_zero_to_ten_scale(journal):
    result = journal("patterns")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "resourced (0-10)" in out
    # The legend runs 0 to 10; the calendar holds 9, 0 and 10 (two characters wide) and 5.
    assert "running on empty 0 1 2 3 4 5 6 7 8 9 10 well resourced" in out
    # Rows joined with a space: when the journal began this week the calendar is one column
    # wide, and Thursday's " 0" would run into Friday's "10" ("010") had they been glued.
    cells = " ".join(
        line[4:]
        for line in out.splitlines()
        if line[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    )
    # ... and today, not yet written, is a dot.
    assert sorted(cells.split()) == sorted(["9", "0", "10", "5", "·"])
    data = json.loads(journal("patterns", "--json").stdout)
    assert data["scale"] == {"min": 0, "max": 10}
    levels = {lv["level"]: lv["checkin_days"] for lv in data["resourced_levels"]}
    assert list(levels) == list(range(11))
    assert (levels[0], levels[5], levels[9], levels[10]) == (1, 1, 1, 1)
    # Low end of 0-10 is 0-2 (one day: the 0); high end 8-10 (two days: 9 and 10).
    bands = {b["band"]: b for b in data["refill_drain_by_resourced"]}
    assert (bands["low"]["days"], bands["high"]["days"]) == (1, 2)
    assert bands["high"]["drain"] == {"no_break": 2}
    # resourced_then 1 on 0-10 is in the low end (0-2).
    assert data["resourced_on_rupture_days"]["ruptures_running_low_just_before"] == 1


def test_patterns_html_on_a_zero_to_ten_scale(journal, tmp_path):
    page = tmp_path / "p.html"
    result = journal("patterns", "--html", str(page))
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "Resourced, 0-10" in html
    assert ">10</text>" in html
