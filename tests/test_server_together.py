"""`attach review --together --who Maya`: the household's shared ruptures and repairs with
Maya, both parents', each with its author, counted as honestly as the ordinary review."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta

import pytest

from data_helpers import said

SERVER = pytest.mark.parametrize("backend", ["server"], indirect=True)


def _at(days_ago: int, clock: str) -> str:
    """A local time a few days back, inside the review's last 7 days (TZ is fixed by conftest)."""
    return f"{date.today() - timedelta(days=days_ago)}T{clock}"


def _id(result) -> int:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["id"]


@pytest.fixture
def written(backend, attach, monkeypatch):
    """Mum and dad each write about Maya (and one about Sam), some shared, some not."""
    mum, dad = os.environ["ATTACH_DB"], backend.member("dad")
    for name in ("Maya", "Sam"):
        assert attach("people", "add", name, "--role", "child").exit_code == 0

    def rupture(at: str, who: str = "Maya", *share: str) -> int:
        args = ["repair", "--new", "--no-input", "--json", "--at", at, "-a", f"who={who}"]
        return _id(attach(*args, "-a", "intensity=2", *share))

    def repair(of: int, at: str) -> None:
        args = ["repair", "--of", str(of), "--no-input", "--json", "--at", at]
        _id(attach(*args, "-a", "connected=4"))  # shared with its shared rupture

    # mum: a shared rupture repaired 30 minutes later, a shared one still open, a private
    # one repaired 10 minutes later (never counted together), and a check-in (nor that).
    first = rupture(_at(4, "10:00"), "Maya", "--share")
    repair(first, _at(4, "10:30"))
    rupture(_at(2, "18:00"), "Maya", "--share")
    private = rupture(_at(3, "09:00"))
    repair(private, _at(3, "09:10"))
    assert attach("reflect", "--no-input", "-a", "resourced=2").exit_code == 0
    # dad: a shared rupture repaired 90 minutes later, and a shared one with Sam.
    monkeypatch.setenv("ATTACH_DB", dad)
    second = rupture(_at(3, "20:00"), "Maya", "--share")
    repair(second, _at(3, "21:30"))
    rupture(_at(3, "12:00"), "Sam", "--share")
    monkeypatch.setenv("ATTACH_DB", mum)
    return f"mum_{backend.database}", f"dad_{backend.database}"


@SERVER
def test_together_counts_both_parents_shared_ruptures_with_maya(attach, written):
    mum, dad = written
    data = json.loads(attach("review", "--together", "--who", "Maya", "--json").stdout)
    assert data["together"] is True and data["who"] == "Maya"
    # Shared with Maya: mum's two and dad's one = 3 ruptures from two authors (mum's private
    # one and dad's with Sam are not here), oldest first.
    assert [r["author"] for r in data["ruptures"]] == [mum, dad, mum]
    assert data["rupture_count"] == 3
    assert data["repair_count"] == 2 and data["open_rupture_count"] == 1
    # Repaired after 30 and 90 minutes: the median of the two is (30 + 90) / 2 = 60.
    assert [r["minutes_to_repair"] for r in data["ruptures"]] == [30, 90, None]
    assert data["median_minutes_to_repair"] == 60
    assert data["repair_rate"] == 0.6667  # 2 of 3 repaired, to four places as the review keeps
    assert data["checkin_count"] == 0  # check-ins are never shared


@SERVER
def test_together_reads_the_same_for_each_parent_and_names_the_authors(attach, written):
    mum, dad = written
    shown = said(attach("review", "--together", "--who", "Maya").output)
    assert "Together with Maya" in shown.splitlines()[0]
    assert "What the household shares with Maya: every member's shared ruptures" in shown
    # In the timeline: mum's two and dad's one. Mum reads: her open one is hers to come back
    # to, invited as in her own review, with its command.
    assert shown.count(f"written by {mum}") == 2 and shown.count(f"written by {dad}") == 1
    opened = [r["id"] for r in json.loads(attach("review", "--together", "--who", "Maya",
                                                 "--json").stdout)["ruptures"]
              if r["status"] == "open"]  # fmt: skip
    assert "Still open; it is not too late to come back to these:" in shown
    assert f"attach repair --of {opened[0]}" in shown
    assert "The median time to come back: 1 h (over 2 repairs)" in shown  # (30 + 90) / 2 min
    assert "Check-ins" not in shown and "in my own words" not in shown  # one writer's own
    assert "Resourced on rupture days" not in shown  # read from check-ins, never shared
    os.environ["ATTACH_DB"] = os.environ["ATTACH_DB"].replace(mum, dad)
    try:
        seen_by_dad = json.loads(attach("review", "--together", "--who", "Maya", "--json").stdout)
    finally:
        os.environ["ATTACH_DB"] = os.environ["ATTACH_DB"].replace(dad, mum)
    assert [r["author"] for r in seen_by_dad["ruptures"]] == [mum, dad, mum]
    assert seen_by_dad["median_minutes_to_repair"] == 60


@SERVER
def test_together_invites_only_the_reader_to_come_back_to_their_own(attach, written, backend):
    mum, dad = written
    os.environ["ATTACH_DB"] = os.environ["ATTACH_DB"].replace(mum, dad)
    try:
        shown = said(attach("review", "--together", "--who", "Maya").output)
        found = json.loads(attach("review", "--together", "--who", "Maya", "--json").stdout)
    finally:
        os.environ["ATTACH_DB"] = os.environ["ATTACH_DB"].replace(dad, mum)
    # Dad reads: the one open rupture is mum's. It is listed as open, with who wrote it, and
    # no invitation or command is put to dad, who could not repair it.
    assert found["open_rupture_count"] == 1  # the count is as honest as before
    assert "it is not too late" not in shown and "attach repair --of" not in shown
    assert "Still open, each for the one who wrote it to come back to:" in shown
    # 2 in the timeline and 1 under "Still open".
    assert shown.count(f"written by {mum}") == 3


@SERVER
def test_together_needs_who(attach, written):
    result = attach("review", "--together")
    assert result.exit_code == 2
    assert said(result.output).startswith("✗ --together needs --who NAME")


@pytest.mark.parametrize("backend", ["file"], indirect=True)
def test_together_on_a_file_says_it_needs_a_server(attach, backend):
    result = attach("review", "--together", "--who", "Maya")
    assert result.exit_code == 2
    assert said(result.output).startswith(
        "✗ --together reads what a household shares, which needs a journal on a server"
    )


@SERVER
def test_the_together_page_names_each_ruptures_author(attach, written, tmp_path):
    # The HTML page is built from the terminal view's sections, so it carries the same
    # authors: each rupture in the timeline (its repair is its author's too: only a rupture's
    # author records its repair). Mum reads it: her own open one is hers to come back to.
    mum, dad = written
    together = tmp_path / "together.html"
    made = attach("review", "--together", "--who", "Maya", "--html", str(together))
    assert made.exit_code == 0, made.output
    page = together.read_text()
    assert "<h1>Together with Maya</h1>" in page
    # Mum 2 in the timeline, dad 1; mum's open one is listed as hers, with the command.
    assert page.count(f"written by {mum}") == 2 and page.count(f"written by {dad}") == 1
    assert f"· intensity 2/5 · written by {dad}</p>" in page
    assert "Still open; it is not too late to come back to these:" in page
    assert "attach repair --of" in page
    # My own page of the same week: my ruptures only, no one named as their author.
    mine = tmp_path / "mine.html"
    assert attach("review", "--html", str(mine)).exit_code == 0
    own = mine.read_text()
    assert "⚡ Maya" in own and "written by" not in own and dad not in own


@SERVER
def test_together_says_whose_voice_the_first_person_answers_are(attach, backend, monkeypatch):
    # Mum's shared rupture and repair, answered in her own voice ("I said sorry", "What I
    # felt"); dad reads them together: the "I"s are hers, and the view says so.
    mum, dad = os.environ["ATTACH_DB"], backend.member("dad")
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    rupture = {"who": "Maya", "intensity": 3, "my_feelings": ["angry"], "sure": 3}
    saved = attach(
        "repair", "--new", "--no-input", "--share", "--json", "--answers", "-",
        input=json.dumps(rupture),
    )  # fmt: skip
    repair = {"moves": ["sorry"], "connected": 4, "next_time": "kneel down first"}
    of = str(_id(saved))
    assert attach("repair", "--of", of, "--answers", "-", input=json.dumps(repair)).exit_code == 0
    monkeypatch.setenv("ATTACH_DB", dad)
    shown = said(attach("review", "--together", "--who", "Maya").output)
    found = json.loads(attach("review", "--together", "--who", "Maya", "--json").stdout)
    monkeypatch.setenv("ATTACH_DB", mum)
    voices = "Every writer's shared answers, counted together; each “I” is whoever wrote it."
    # Once above the tallies under the ruptures, once above the repair moves.
    assert shown.count(voices) == 2
    assert "What each would like to try next time" in shown
    assert f"with Maya, written by mum_{backend.database}: “kneel down first”" in shown
    assert "What I'd like to try next time" not in shown and "By how often I used" not in shown
    assert [h["author"] for h in found["next_time"]] == [f"mum_{backend.database}"]
    # Mum's own review is in her voice, as ever.
    mine = said(attach("review").output)
    assert "What I'd like to try next time" in mine and voices not in mine
