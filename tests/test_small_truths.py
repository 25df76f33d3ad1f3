"""Small things said or shown exactly as they are."""

from __future__ import annotations

import json


def test_search_shows_an_answer_past_a_nul_character_made_visible(attach):
    given = json.dumps({"resourced": 3, "note": "before\u0000after the storm"})
    assert attach("reflect", "--no-input", "--answers", "-", input=given).exit_code == 0
    shown = attach("search", "before")
    assert shown.exit_code == 0, shown.output
    assert "before\\x00after the storm" in shown.stdout
    found = json.loads(attach("search", "before", "--json").stdout)
    assert found[0]["matches"][0]["text"] == "before\u0000after the storm"
