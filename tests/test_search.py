"""attach search: safe queries, newest first, filters like log, highlights that stay plain text."""

from __future__ import annotations

import json
import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from attachjournal.core import search_text
from attachjournal.views.render_data import MATCH_STYLE, highlighted
from data_helpers import fill, run, said


def test_match_query_quotes_every_word():
    assert (
        search_text.match_query('Maya "AND" NEAR(x) col:*') == '"maya"* "and"* "near"* "x"* "col"*'
    )
    assert search_text.match_query("Ömer's self-care") == '"omer"* "s"* "self"* "care"*'
    assert search_text.match_query('" * ( ) : ^ -') is None
    assert search_text.match_query("🐌🐌") is None


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=30))
def test_no_query_a_person_types_is_an_fts_syntax_error(query):
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')"
    )
    conn.execute("INSERT INTO t (body) VALUES ('a quiet walk with Maya')")
    match = search_text.match_query(query)
    if match is not None:
        conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,)).fetchall()


def test_spans_find_words_that_begin_with_a_searched_word():
    text = "Calmer now. CALM at last; recalm no, Ça va calmly"
    words = search_text.terms("calm ca")
    found = [text[s:e] for s, e in search_text.spans(text, words)]
    assert found == ["Calmer", "CALM", "Ça", "calmly"]


def test_highlight_styles_the_match_and_keeps_markup_and_escapes_literal():
    text = "[bold]calm[/bold] \x1b[31mred calm"
    rendered = highlighted(text, ["calm"])
    console = Console(record=True, width=80, color_system="truecolor", force_terminal=True)
    console.print(rendered)
    assert console.export_text() == "[bold]calm[/bold] \\x1b[31mred calm\n"
    styled = [rendered.plain[s.start : s.end] for s in rendered.spans if s.style == MATCH_STYLE]
    assert styled == ["calm", "calm"]


def test_search_finds_text_answers_newest_first_with_filters(attach):
    fill(attach)
    run(
        attach,
        "reflect",
        "--at",
        "2026-11-19T20:00",
        "--answers",
        "-",
        stdin={"resourced": 4, "note": "Shoes went on calmly"},
    )
    result = attach("search", "shoe", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert [hit["id"] for hit in found] == [5, 2]  # the 19th before the 17th
    assert found[1]["matches"] == [
        {
            "question_id": "what",
            "question": "What happened, as a camera would have seen it?",
            "text": "Shouted about the shoes",
            "spans": [[18, 23]],
        }
    ]
    only_ruptures = json.loads(attach("search", "shoes", "--kind", "rupture", "--json").stdout)
    assert [hit["id"] for hit in only_ruptures] == [2]
    with_maya = json.loads(attach("search", "shoes", "--who", "maya", "--json").stdout)
    assert [hit["id"] for hit in with_maya] == [2]
    recent = json.loads(attach("search", "shoes", "--since", "2026-11-18", "--json").stdout)
    assert [hit["id"] for hit in recent] == [5]
    newest = json.loads(attach("search", "shoes", "-n", "1", "--json").stdout)
    assert [hit["id"] for hit in newest] == [5]


def test_search_every_word_must_appear_and_accents_do_not_matter(attach):
    run(attach, "reflect", "--answers", "-", stdin={"resourced": 3, "note": "Déjà vu at the café"})
    assert [h["id"] for h in json.loads(attach("search", "deja CAFE", "--json").stdout)] == [1]
    assert json.loads(attach("search", "deja tea", "--json").stdout) == []


def test_search_shows_results_and_survives_hostile_queries(attach):
    fill(attach)
    shown = attach("search", "snails")
    assert shown.exit_code == 0, shown.output
    assert "#1 " in shown.stdout and "we counted 7 snails" in shown.stdout
    assert "[bold]quiet[/bold]" in shown.stdout
    for query in ('"', "NEAR(", "a OR", "*", "col:", "AND NOT"):
        result = attach("search", query)
        assert result.exit_code in (0, 2), result.output
        assert "Traceback" not in result.output
    empty = attach("search", "?!")
    assert empty.exit_code == 2 and "a word or two" in said(empty.stderr)


def test_search_on_a_missing_journal_creates_nothing(attach, db_path):
    result = attach("search", "anything")
    assert result.exit_code == 0 and "No entries yet." in result.stdout
    assert not db_path.exists()
