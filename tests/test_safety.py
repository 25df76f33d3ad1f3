"""A kind word when it matters: shown for clear phrases, never for ordinary venting, never blocking."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from attachjournal import safety

CLEAR = [
    "Honestly I want to die some days.",
    "I keep thinking about killing myself.",
    "Sometimes I think everyone would be better off without me.",
    "I don’t want to be alive anymore",  # curly apostrophe, as phones type it
    "I was so scared I might hurt the baby tonight.",
    "I shook my baby when she wouldn't stop crying.",
    "I had thoughts of hurting my son.",
    "I'm feeling suicidal again.",
]
VENTING = [
    "I could have screamed",
    "this is killing me",
    "I'm dying to sleep",
    "I wanted to scream into a pillow",
    "I nearly died laughing at her joke",
    "Bedtime was murder tonight",
    "I would never hurt my baby, but I was so tired.",
    "I wanted to die of embarrassment at the shop",
    "We played a game where he pretended to shake the tree",
]
HELP_LINE = "findahelpline.com"


@pytest.mark.parametrize("text", CLEAR)
def test_clear_phrases_are_noticed(text):
    assert safety.needs_care([text])


@pytest.mark.parametrize("text", VENTING)
def test_ordinary_venting_is_left_alone(text):
    assert not safety.needs_care([text])


def test_reflect_shows_help_on_stderr_and_saves_as_usual(attach, db_path):
    phrase = "I want to die, zebra-quartz-17"
    answers = json.dumps({"resourced": 1, "note": phrase})
    result = attach("reflect", "--no-input", "--json", "--answers", "-", input=answers)
    assert result.exit_code == 0, result.output
    assert HELP_LINE in result.stderr
    assert "emergency number" in result.stderr
    assert result.stderr.count(HELP_LINE) == 1
    # stdout is the saved entry as JSON alone; the message never repeats the person's words.
    saved = json.loads(result.stdout)
    assert saved["answers"]["note"]["value"] == phrase
    assert "zebra-quartz-17" not in result.stderr
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT count(*) FROM entry").fetchone()[0] == 1


def test_repair_texts_are_checked_once_across_rupture_and_repair(attach, db_path):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    answers = json.dumps(
        {
            "who": "Maya",
            "intensity": 4,
            "what": "I shook my baby and I am scared I might hurt her again",
            "next_time": "I want to die when I think about it",
            "moves": ["sorry"],
        }
    )
    result = attach("repair", "--new", "--no-input", "--answers", "-", input=answers)
    assert result.exit_code == 0, result.output
    assert result.stderr.count(HELP_LINE) == 1
    assert "Saved rupture #1" in result.stdout
    assert "Saved repair #2" in result.stdout


def test_ordinary_entry_shows_no_help_message(attach):
    answers = json.dumps({"resourced": 2, "note": "this is killing me, I could have screamed"})
    result = attach("reflect", "--no-input", "--answers", "-", input=answers)
    assert result.exit_code == 0, result.output
    assert HELP_LINE not in result.output
    assert result.stderr == ""


def test_typed_answers_are_checked_through_the_asker():
    shown = []

    class Scripted:
        def ask(self, question, **kwargs):
            if question.kind == "text":
                return "I want to end it all"
            return 3 if question.kind == "scale" else None

        def choose(self, message, options, default=None):
            return default

        def text(self, message, default=""):
            return default

    from attachjournal import prompts
    from attachjournal.questionnaire import collect

    watch = safety.CareWatch(lambda groups: shown.append(sorted(groups)))
    answers = collect(prompts.load()["reflect"], {}, watch.watching(Scripted()))
    assert answers["note"] == "I want to end it all"  # saved exactly as typed
    assert shown == [["self"]]  # once, though several text answers matched


def test_help_now_lists_the_resources(attach, monkeypatch):
    monkeypatch.delenv("ATTACH_COUNTRY", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    result = attach("help-now")
    assert result.exit_code == 0, result.output
    assert HELP_LINE in result.stdout
    assert "emergency number" in result.stdout


def test_resources_live_in_the_shipped_data_file():
    text = " ".join(safety.DATA_FILE.read_text(encoding="utf-8").split())
    guide = safety.guide()
    assert guide.resources and all(line in text for line in guide.resources)
    assert guide.detector.phrases


def test_editing_an_entry_is_checked_too(attach):
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    answers = json.dumps({"note": "I don't want to be here anymore"})
    result = attach("edit", "1", "--no-input", "--answers", "-", input=answers)
    assert result.exit_code == 0, result.output
    assert result.stderr.count(HELP_LINE) == 1
    assert "Updated" in result.stdout
