"""On a server the care notice of a review speaks to the person who wrote the heavy words.

Mum shares a rupture whose words speak of not wanting to live. Her own review, read days
later, says once at the top that something written sounded heavy, with where help is. Dad
reads the same shared rupture in his log and in `review --together`, but no notice addresses
him with "If you are thinking about ... hurting yourself": the words are hers (DOMAIN's
safety section: the note is for the writer, never a diagnosis of anyone).
"""

from __future__ import annotations

import json
import os

import pytest

from data_helpers import said

SERVER = pytest.mark.parametrize("backend", ["server"], indirect=True)

NOTICE = "sounded really heavy"
ADDRESSED = "If you are thinking about not being alive, or about hurting yourself"


@pytest.fixture
def heavy(backend, attach, monkeypatch):
    """Mum's shared rupture with Maya holding heavy words; dad a member who wrote nothing
    heavy (one light shared rupture of his own). Returns a way to run attach as dad."""
    mum, dad = os.environ["ATTACH_DB"], backend.member("dad")
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    words = json.dumps({"who": "Maya", "intensity": 4, "what": "I want to die"})
    saved = attach("repair", "--new", "--no-input", "--share", "--answers", "-", input=words)
    assert saved.exit_code == 0, saved.output
    assert NOTICE in said(saved.output) or "sounds really heavy" in said(saved.output)
    monkeypatch.setenv("ATTACH_DB", dad)
    light = json.dumps({"who": "Maya", "intensity": 2, "what": "shoes at the door"})
    assert (
        attach("repair", "--new", "--no-input", "--share", "--answers", "-", input=light).exit_code
        == 0
    )
    monkeypatch.setenv("ATTACH_DB", mum)

    def as_dad(*args: str):
        monkeypatch.setenv("ATTACH_DB", dad)
        try:
            return attach(*args)
        finally:
            monkeypatch.setenv("ATTACH_DB", mum)

    return as_dad


@SERVER
def test_the_writer_of_the_heavy_words_gets_the_notice_in_her_review(attach, heavy):
    mums = said(attach("review").output)
    assert NOTICE in mums and "(1 entry)" in mums and ADDRESSED in mums
    assert "attach help-now" in mums


@SERVER
def test_the_other_parents_review_and_patterns_do_not_address_him(attach, heavy):
    for args in (("review",), ("review", "--json"), ("patterns",)):
        dads = heavy(*args)
        assert dads.exit_code == 0, dads.output
        assert NOTICE not in said(dads.output) and ADDRESSED not in said(dads.output)


@SERVER
def test_together_shows_the_shared_words_but_addresses_no_one_who_did_not_write_them(attach, heavy):
    dads = heavy("review", "--together", "--who", "Maya")
    assert dads.exit_code == 0, dads.output
    shown = said(dads.output)
    # The entries themselves are there, as shared: mum's words, labelled with her name.
    assert "I want to die" in shown and "written by mum_" in shown
    # No notice, no diagnosis of her, nothing addressed to dad.
    assert NOTICE not in shown and ADDRESSED not in shown
    # Mum reading together: the heavy words on the page are her own, so the notice is hers.
    mums = said(attach("review", "--together", "--who", "Maya").output)
    assert NOTICE in mums and "(1 entry)" in mums


@SERVER
def test_together_leaves_out_the_readers_private_heavy_words(attach, backend):
    # Dad's private check-in with heavy words; nothing heavy is shared. His own review names
    # it; the view read together (perhaps side by side with mum) does not hint at it.
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    note = json.dumps({"resourced": 1, "note": "I want to die"})
    assert attach("reflect", "--no-input", "--answers", "-", input=note).exit_code == 0
    light = json.dumps({"who": "Maya", "intensity": 2, "what": "shoes at the door"})
    assert (
        attach("repair", "--new", "--no-input", "--share", "--answers", "-", input=light).exit_code
        == 0
    )
    assert NOTICE in said(attach("review").output)
    together = attach("review", "--together", "--who", "Maya")
    assert together.exit_code == 0, together.output
    assert NOTICE not in said(together.output)
