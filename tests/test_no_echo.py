"""A refused answer is described by its question and its rule, never by what was typed."""

from __future__ import annotations

import json

import pytest

PHRASE = "I feel like a failure tonight"


def _refused(result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    assert "failure" not in result.output
    return lines[0]


@pytest.mark.parametrize(
    ("answer", "rule"),
    [
        (f"feelings={PHRASE}", "The value given for feelings is not one of its choices"),
        (f"feelings=calm,{PHRASE}", "The 2nd value given for feelings is not one of its choices"),
        (f"serve_return={PHRASE}", "The value given for serve_return is not one of its choices"),
        (f"mood={PHRASE}", "mood takes a whole number from 1 to 5"),
        (f"echo={PHRASE}", "echo takes yes or no."),
        (PHRASE, "-a takes ID=VALUE"),
        (f"={PHRASE}", "-a takes ID=VALUE"),
        (f"{PHRASE}=3", "1 key that is not an id"),
    ],
)
def test_a_refused_reflect_answer_names_the_question_and_the_rule(attach, answer, rule):
    line = _refused(attach("reflect", "--no-input", "-a", "resourced=3", "-a", answer))
    assert rule in line


def test_a_refused_answer_from_a_file_is_not_repeated_either(attach):
    given = json.dumps({"resourced": 3, "feelings": [PHRASE]})
    line = _refused(attach("reflect", "--no-input", "--answers", "-", input=given))
    assert "feelings" in line


def test_an_unknown_person_answer_is_not_repeated(attach):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    line = _refused(attach("repair", "--new", "-a", f"who={PHRASE}", "-a", "intensity=2"))
    assert "The name given for who is not in your people (Maya)" in line


def test_an_unknown_id_that_looks_like_an_id_is_still_named(attach):
    line = _refused(attach("reflect", "--no-input", "-a", "resourced=3", "-a", "weather=sun"))
    assert "Unknown question id for a check-in: weather." in line
