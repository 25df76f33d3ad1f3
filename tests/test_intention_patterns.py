"""`attach patterns` lists the period's intentions with how each went, in the person's own
words: in the terminal, as JSON and on the page (names hidden on a page for others)."""

from __future__ import annotations

import json
from datetime import timedelta

from test_intention import WEEK1, run


def two_weeks(journal) -> None:
    """Week 1: an intention about Maya; week 2: it went partly ("twice"), changed; week 3's
    follow-up is still to come."""
    assert run(journal, "people", "add", "Maya", "--role", "child")[0].exit_code == 0
    assert run(journal, "reflect", "--no-input", "-a", "resourced=3")[0].exit_code == 0
    set_it = ["review", "--intention", "-a", "when=bedtime gets loud", "-a", "will=whisper"]
    assert run(journal, *set_it, "-a", "who=Maya")[0].exit_code == 0
    follow = ["review", "-a", "how_it_went=partly", "-a", "went_note=twice, Maya laughed"]
    change = ["-a", "next=change", "-a", "when=we leave the house", "-a", "will=sing"]
    done = run(journal, *follow, *change, now=WEEK1 + timedelta(days=7))[0]
    assert done.exit_code == 0, done.output


def test_patterns_list_each_intention_with_how_it_went(db_path):
    two_weeks(db_path)
    result, out = run(db_path, "patterns", now=WEEK1 + timedelta(days=8))
    assert result.exit_code == 0, result.output
    section = out.split("My weekly intentions, and how each went")[1]
    lines = [line for line in section.splitlines() if line.strip()][:2]
    assert lines == [
        "Fri 20 Nov: When bedtime gets loud, I will whisper. (about Maya) How it went: partly, "
        '"twice, Maya laughed". Then: change it.',
        "Fri 27 Nov: When we leave the house, I will sing. How it went: not looked back on yet.",
    ]
    assert "%" not in section and "score" not in section.lower()


def test_patterns_json_and_the_page_hold_the_same_intentions(db_path, tmp_path):
    two_weeks(db_path)
    later = WEEK1 + timedelta(days=8)
    result, _ = run(db_path, "patterns", "--json", now=later)
    listed = json.loads(result.stdout)["intentions"]
    assert [(i["when"], i["how_it_went"], i["next"]) for i in listed] == [
        ("bedtime gets loud", "partly", "change"),
        ("we leave the house", None, None),
    ]
    assert listed[0]["who"] == "Maya" and listed[0]["went_note"] == "twice, Maya laughed"
    page = tmp_path / "patterns.html"
    assert run(db_path, "patterns", "--html", str(page), now=later)[0].exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "My weekly intentions, and how each went" in html
    assert "When bedtime gets loud, I will whisper. (about Maya)" in html
    shared = tmp_path / "shared.html"
    assert run(db_path, "patterns", "--html", str(shared), "--redact", now=later)[0].exit_code == 0
    hidden = shared.read_text(encoding="utf-8")
    assert "Maya" not in hidden and "(about child 1)" in hidden and "child 1 laughed" in hidden


def test_patterns_for_one_person_list_only_their_intentions(db_path):
    two_weeks(db_path)
    result, _ = run(db_path, "patterns", "--who", "Maya", "--json", now=WEEK1 + timedelta(days=8))
    assert [i["will"] for i in json.loads(result.stdout)["intentions"]] == ["whisper"]


def test_no_intentions_no_section(db_path):
    assert run(db_path, "reflect", "--no-input", "-a", "resourced=3")[0].exit_code == 0
    result, out = run(db_path, "patterns")
    assert result.exit_code == 0 and "intentions" not in out
