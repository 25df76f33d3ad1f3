"""A very long answer is kept whole but shown bounded: show and search draw a part, with a note."""

from __future__ import annotations

import json

from attachjournal.core import search_text

LONG = 2_000_000  # characters; past render.SHOW_LIMIT and search_text.LONG_TEXT by far


def _save_long_note(attach, tail: str = " zebrafinch at the end") -> str:
    words = ("calm", "river", "bedtime", "lantern")
    body = " ".join(words[n % 4] for n in range(LONG // 6))[: LONG - len(tail)] + tail
    given = json.dumps({"resourced": 3, "note": body})
    saved = attach("reflect", "--no-input", "--json", "--answers", "-", input=given)
    assert saved.exit_code == 0, saved.output
    assert json.loads(saved.stdout)["answers"]["note"]["value"] == body  # kept whole
    return body


def test_show_draws_the_start_of_a_very_long_answer_and_says_it_is_shortened(attach):
    _save_long_note(attach)
    result = attach("show", "1")
    assert result.exit_code == 0, result.output
    assert len(result.stdout) < 40_000
    said = " ".join(result.stdout.split())
    assert f"shortened here: the first 20,000 of {LONG:,} characters" in said
    assert "attach export has every word" in said


def test_search_shows_a_few_stretches_around_the_matches_of_a_long_answer(attach):
    _save_long_note(attach)
    result = attach("search", "zebrafinch")
    assert result.exit_code == 0, result.output
    assert len(result.stdout) < 3_000
    said = " ".join(result.stdout.split())
    assert "zebrafinch at the end" in said
    assert f"a long answer of {LONG:,} characters: only where it matches is shown" in said
    many = attach("search", "calm")
    assert many.exit_code == 0 and len(many.stdout) < 5_000


def test_search_json_still_gives_the_whole_text_and_every_span(attach):
    body = _save_long_note(attach)
    found = json.loads(attach("search", "zebrafinch", "--json").stdout)
    match = found[0]["matches"][0]
    assert match["text"] == body
    start = body.index("zebrafinch")
    assert match["spans"] == [[start, start + len("zebrafinch")]]


def test_the_windows_of_a_long_text_never_cut_a_word_or_overlap():
    text = " ".join(f"w{n}" for n in range(20_000)) + " needle here"
    spans = search_text.windows(text, ["needle", "w1"])
    assert 1 <= len(spans) <= search_text.SNIPPETS
    for (low, high), following in zip(spans, [*spans[1:], None], strict=True):
        assert low == 0 or text[low - 1] == " "
        assert high == len(text) or text[high] == " "
        assert following is None or following[0] > high
