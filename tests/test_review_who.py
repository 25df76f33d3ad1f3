"""`attach review --who` and `attach log --week`, on the hand-worked fixture week of
test_review.py (ISO week 2026-W47, Monday 16 to Sunday 22 November 2026, Berlin time)."""

from __future__ import annotations

import json

from data_helpers import said
from test_review import fixture_week as fixture_week  # the fixture itself
from test_review import review_json


def test_review_about_maya_counts_only_her_ruptures_and_keeps_every_check_in(attach, fixture_week):
    r1, _, r3, _, r5 = fixture_week[:5]
    data = review_json(attach, "--week", "2026-W47", "--who", "maya")
    assert data["who"] == "Maya"  # the stored spelling, whatever case was typed
    # With Maya: R1 (repaired after 45 min), R3 (open), R5 (repaired after 660 min).
    assert [r["id"] for r in data["ruptures"]] == [r1, r3, r5]
    assert data["rupture_count"] == 3
    assert data["repair_count"] == 2
    assert data["open_rupture_count"] == 1
    assert data["no_repair_needed_count"] == 0
    assert data["repair_rate"] == 0.6667  # 2 repaired of the 3 that wanted one, to 4 places
    # the median of 45 and 660 minutes is their mean: (45 + 660) / 2 = 352.5
    assert data["median_minutes_to_repair"] == 352.5
    assert data["ruptures_by_person"] == {"Maya": 3}
    # i_tired: R1, R5; rushing: R1; transition: R3; they_tired_hungry: R5.
    assert data["contexts"] == {
        "i_tired": 2,
        "rushing": 1,
        "transition": 1,
        "they_tired_hungry": 1,
    }
    # Check-ins name nobody: all six are still there, on the same five days.
    assert data["checkin_days"] == 5
    assert data["checkin_count"] == 6
    # The week before, with Maya: P1 only, repaired after 30 minutes (P2 was with Leo).
    assert data["previous"]["rupture_count"] == 1
    assert data["previous"]["repair_count"] == 1
    assert data["previous"]["median_minutes_to_repair"] == 30


def test_review_about_someone_whose_rupture_needed_no_repair(attach, fixture_week):
    data = review_json(attach, "--week", "2026-W47", "--who", "Sam")
    # R4 only: marked "no repair needed", so it is neither open nor a missed repair.
    assert data["rupture_count"] == 1
    assert data["no_repair_needed_count"] == 1
    assert data["open_rupture_count"] == 0
    assert data["repair_rate"] is None  # nothing wanted a repair: no rate to give


def test_the_heading_says_whom_the_review_is_about(attach, fixture_week):
    result = attach("review", "--week", "2026-W47", "--who", "Leo")
    assert result.exit_code == 0, result.output
    text = said(result.stdout)
    assert "Your week with Leo" in text
    assert "Ruptures and repairs with Leo only; every check-in stays, as context." in text
    assert "Maya" not in text.split("To sit with")[0].split("Ruptures")[-1]


def test_an_unknown_name_is_the_same_kind_message_as_patterns_and_not_echoed(attach, fixture_week):
    review = attach("review", "--who", "Zed-not-here")
    patterns = attach("patterns", "--who", "Zed-not-here")
    assert review.exit_code == patterns.exit_code != 0
    assert review.stderr == patterns.stderr
    assert "Zed-not-here" not in review.output
    assert "attach people list" in review.stderr


def test_who_on_an_empty_journal_says_so_and_creates_nothing(attach, db_path):
    result = attach("review", "--who", "Maya")
    assert result.exit_code != 0
    assert "journal is still empty" in result.stderr
    assert not db_path.exists()


def test_who_with_redact_names_the_role_not_the_person(attach, fixture_week):
    data = review_json(attach, "--week", "2026-W47", "--who", "Maya", "--redact")
    # Sorted names Leo, Maya are children 1 and 2 (Sam is partner 1).
    assert data["who"] == "child 2"
    assert "Maya" not in json.dumps(data)


def test_log_week_lists_that_week_only(attach, fixture_week):
    def ids(*args):
        result = attach("log", "--json", "-n", "100", *args)
        assert result.exit_code == 0, result.output
        return sorted(e["id"] for e in json.loads(result.stdout))

    week = ids("--week", "2026-W47")
    # Six check-ins and five ruptures of W47, and repairs of R1, R2, R5 dated in W47
    # (R5's on Sun 22 at 09:00 still belongs to it); not W46's P1 and its repair, nor
    # P2 (Sun 15 at 23:30), nor Monday 23's rupture.
    assert len(week) == 6 + 5 + 3
    assert ids("--week", "2026-11-18") == week  # a day inside the week
    assert ids("--week", "47") == week
    maya = ids("--week", "2026-W47", "--who", "Maya", "--kind", "rupture")
    assert maya == sorted(fixture_week[i] for i in (0, 2, 4))


def test_log_week_and_since_together_is_a_usage_error(attach):
    result = attach("log", "--week", "last", "--since", "2026-11-01")
    assert result.exit_code == 2
    assert "not both" in result.stderr
    assert "not both" in attach("export", "--week", "last", "--until", "2026-11-01").stderr


def test_a_bad_week_is_one_line_without_what_was_typed(attach):
    for command in ("review", "log"):
        result = attach(command, "--week", "fortnight<x>")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.strip().count("\n") == 0
        assert "fortnight" not in result.stderr
        assert "this, last, -2, 2026-W47, W47, 47" in result.stderr


def test_help_lists_the_week_forms(attach):
    for command in ("review", "log"):
        text = " ".join(attach(command, "--help").stdout.split())
        assert "this, last, -2 (two weeks ago), 2026-W47, W47 or 47" in text


def test_a_week_number_still_ahead_is_read_as_last_years_and_says_so(tmp_path):
    from datetime import datetime, timezone

    from typer.testing import CliRunner

    from attachjournal.cli.app import app
    from attachjournal.cli.context import Context

    # Wed 25 Nov 2026 is in W48: W49 of 2026 is still ahead, so 2025-W49 (Mon 1 - Sun 7 Dec).
    context = Context(clock=lambda: datetime(2026, 11, 25, 12, tzinfo=timezone.utc))
    result = CliRunner().invoke(app, ["review", "--week", "49", "--json"], obj=context)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["period"] == {"start": "2025-12-01", "end": "2025-12-07"}
    assert "Week 49 of 2026 hasn't begun yet: read as week 49 of 2025." in said(result.stderr)
    # log and export say it the same way (stdout stays the listing or the document)
    for command in (["log", "--week", "49"], ["export", "--week", "49"]):
        result = CliRunner().invoke(app, command, obj=context)
        assert result.exit_code == 0, result.output
        assert "read as week 49 of 2025" in said(result.stderr)


def test_export_week_holds_that_week_only(attach, fixture_week):
    result = attach("export", "--week", "2026-W47")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)["entries"]
    # The same 14 entries as attach log --week 2026-W47 (a repair travels with its rupture).
    assert len(entries) == 6 + 5 + 3


def test_a_quiet_week_still_sits_beside_the_week_before(attach):
    from datetime import timedelta

    from journal_days import journal_today

    nine_days_ago = (journal_today() - timedelta(days=9)).isoformat()
    made = attach("reflect", "--no-input", "-a", "resourced=3", "--at", f"{nine_days_ago}T20:00")
    assert made.exit_code == 0, made.output
    result = attach("review")
    assert result.exit_code == 0, result.output
    out = said(result.stdout)
    assert "Nothing written in this period yet" in out
    assert "Beside the week before" in out  # the week before had a check-in: shown, not hidden
