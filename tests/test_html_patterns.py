"""`attach patterns --html`: the same sections as the terminal, one neutral colour scale, and a
page made for sharing (--redact) that carries no names and no commands meant for the writer."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest

from attachjournal.core import prompts

# The answer ids the newer questions use; added to a copy of the shipped prompts where the
# shipped file does not have them yet, so this runs before and after those questions land.
NEWER = {
    "reflect": [
        {"id": "serve_noticed", "kind": "yesno", "text": "Did I notice a serve and return today?"},
        {"id": "serve_steps", "kind": "multi", "text": "Which steps did it hold?",
         "choices": {"focus": "shared their focus", "name": "named it", "wait": "waited"}},
        {"id": "echo_about", "kind": "multi", "text": "What did the echo say something about?",
         "choices": {"me": "about me", "others": "about others", "feelings": "about feelings"}},
        {"id": "echo_keep", "kind": "choice", "text": "Is it one I want to keep?",
         "choices": {"keep": "keep", "change": "change", "not_sure": "not sure"}},
    ],
    "repair": [
        {"id": "settled_by", "kind": "multi", "text": "What helped me settle?",
         "choices": {"breathing": "breathing", "stepped_away": "stepping away"}},
    ],
}  # fmt: skip


def _day(offset: int, clock: str = "20:00") -> str:
    return f"{(datetime.now().date() - timedelta(days=offset)).isoformat()}T{clock}"


@pytest.fixture
def journal(attach, tmp_path, monkeypatch):
    import yaml

    data = yaml.safe_load(prompts.packaged_path().read_text(encoding="utf-8"))
    for kind, extra in NEWER.items():
        questions = data["questionnaires"][kind]["questions"]
        have = {q["id"] for q in questions}
        questions += [q for q in extra if q["id"] not in have]
    path = tmp_path / "prompts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("ATTACH_PROMPTS", str(path))

    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    assert attach("people", "add", "Sam", "--role", "partner").exit_code == 0
    for offset, level in ((6, 1), (5, 2), (4, 4), (3, 5), (2, 4), (1, 1)):
        args = ["reflect", "-a", f"resourced={level}", "-a", "drain=no_break",
                "-a", "serve_noticed=yes", "-a", "serve_steps=focus,name",
                "--at", _day(offset), "--no-input"]  # fmt: skip
        if offset in (5, 2):
            args += ["-a", "echo=yes", "-a", "echo_about=me", "-a", "echo_keep=keep",
                     "--answers", "-"]  # fmt: skip
        note = json.dumps({"echo_note": "Maya laughed like my sister did"})
        result = attach(*args, input=note if offset in (5, 2) else None)
        assert result.exit_code == 0, result.output
    # Three evening ruptures with Maya (6, 5 and 1 days ago), rated low at the time; two
    # repaired, one still open.
    for offset, repaired in ((6, True), (5, True), (1, False)):
        args = ["repair", "--new", "-a", "who=Maya", "-a", "intensity=3", "-a",
                "context=rushing", "-a", "resourced_then=1", "--at", _day(offset, "18:00"),
                "--no-input"]  # fmt: skip
        if repaired:
            args += ["--repaired-at", _day(offset, "19:00"), "-a", "moves=named,sorry",
                     "-a", "connected=4", "-a", "settled_by=breathing"]  # fmt: skip
        result = attach(*args)
        assert result.exit_code == 0, result.output
    return attach


def _page(journal, tmp_path, *extra) -> str:
    page = tmp_path / "patterns.html"
    result = journal("patterns", "--html", str(page), *extra)
    assert result.exit_code == 0, result.output
    return page.read_text(encoding="utf-8")


def _text(html: str) -> str:
    body = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def test_the_page_has_the_terminal_sections(journal, tmp_path):
    html = _page(journal, tmp_path)
    text = _text(html)
    terminal = " ".join(journal("patterns").stdout.split())
    for heading in (
        "Check-ins, shaded by how resourced I felt",
        "Ruptures and repair, week by week",
        "When in the week",
        "How resourced I was, and ruptures that day",
        "What filled and drained me, low days and high days",
        "Repair moves, by how often I used them",
        "What helped me settle",
        "Serve and return",
        "Echoes of my own upbringing",
    ):
        assert heading in text and heading in terminal
    # 3 ruptures, 2 repaired, 1 open: in words, on both.
    line = "In all, 3 ruptures: 2 came back together, 1 still open"
    assert line in text and line in terminal
    # All three at 18:00: evening 3 of 3 is a clear lead; weekdays depend on today, so only
    # the time of day is named here.
    assert "Most often in the evening (3 of 3 ruptures)." in text
    assert "Most often in the evening (3 of 3 ruptures)." in terminal
    # resourced_then 1 on all three: running low just before, 3 of 3.
    assert "Running low just before (1-2 of 1-5, as rated at the rupture): 3 of 3" in text
    assert "Themes: something about me (2)." in text
    assert "Whether I want to keep them: one to keep (2)." in text
    assert "slower breaths" in text  # the label from prompts.yaml
    assert "Maya laughed like my sister did" in text
    # No rates and no bars to fill: repair is counted, not scored.
    assert "repair rate" not in text.lower() and "%" not in text


def test_resourced_shades_are_neutral(journal, tmp_path):
    html = _page(journal, tmp_path)
    # The old red-to-green scale is gone; the day cells use the one light-to-deep scale.
    for old in ("#d73027", "#fc8d59", "#fee08b", "#91cf60", "#1a9850", "rgba(200,80,60"):
        assert old not in html
    fills = set(re.findall(r'class="day"[^>]*fill="(#[0-9a-f]{6})"', html))
    # Levels 1, 2, 4, 5 were used, each with its own shade (plus grey for no check-in).
    assert {"#eef2f7", "#cdd9e7", "#6b8cb5", "#36587f"} <= fills


def test_redacted_page_has_no_names_and_no_commands(journal, tmp_path):
    html = _page(journal, tmp_path, "--redact")
    text = _text(html)
    assert "Maya" not in html and "Sam" not in html
    assert "child 1" in text  # who the ruptures were with, and inside the echo note
    assert "child 1 laughed like my sister did" in text
    assert not re.search(r"\battach [a-z]", text)
    # The writer's own page does point to the commands.
    assert re.search(r"\battach show\b", _text(_page(journal, tmp_path)))


def test_redact_without_html_is_a_usage_error(journal):
    result = journal("patterns", "--redact")
    assert result.exit_code == 2
    assert "--html" in result.stderr
