"""The check-in marker the nudge reads: written on every saved check-in, the journal day only,
private, never moved back by a back-dated check-in, recounted when a check-in goes.

The clock is Europe/Berlin (conftest): Wednesday 25 November 2026, CET = UTC+1.
"""

from __future__ import annotations

import json
import shutil
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attachjournal.cli.app import app
from attachjournal.cli.context import Context
from attachjournal.paths import checkin_marker, nudge_folder

# 20:30 in Berlin on Wednesday 25 November is 19:30 UTC.
WED_EVENING = datetime(2026, 11, 25, 19, 30, tzinfo=timezone.utc)


def run(*args: str, at: datetime = WED_EVENING, input: str | None = None):
    result = CliRunner().invoke(
        app, list(args), obj=Context(clock=lambda: at), input=input, catch_exceptions=False
    )
    return result


def check_in(*extra: str, at: datetime = WED_EVENING):
    result = run("reflect", "--no-input", "-a", "resourced=3", *extra, at=at)
    assert result.exit_code == 0, result.output
    return result


def marker_text(db: Path) -> str:
    return checkin_marker(db).read_text()


def test_a_check_in_leaves_the_journal_day_and_nothing_else(db_path, tmp_path):
    check_in("-a", "note=a quiet evening with Maya")
    marker = checkin_marker(db_path)
    # In the user state folder (XDG_STATE_HOME, set by conftest), one folder per journal.
    assert marker.parent.parent == tmp_path / "state" / "attachjournal" / "nudge"
    assert marker.parent == nudge_folder(db_path) and marker.name == "last-checkin"
    assert marker_text(db_path) == "2026-11-25\n"
    assert stat.S_IMODE(marker.stat().st_mode) == 0o600
    assert stat.S_IMODE(marker.parent.stat().st_mode) == 0o700
    # The journal's own folder keeps only the journal: no readable date beside it.
    names = {p.name for p in db_path.parent.iterdir()} - {"journal.db-wal", "journal.db-shm"}
    assert names == {"journal.db"}


def test_the_same_journal_through_a_link_shares_its_marker_folder(db_path, tmp_path):
    check_in()
    link = tmp_path / "link.db"
    link.symlink_to(db_path)
    assert nudge_folder(link) == nudge_folder(db_path)
    assert nudge_folder(tmp_path / "other.db") != nudge_folder(db_path)


def test_after_midnight_the_marker_names_the_evening_before(db_path):
    # 00:30 Thursday in Berlin (23:30 UTC Wednesday) is before day_starts_at 04:00: the
    # check-in belongs to Wednesday's journal day, and so does the marker.
    check_in(at=datetime(2026, 11, 25, 23, 30, tzinfo=timezone.utc))
    assert marker_text(db_path) == "2026-11-25\n"


def test_day_starts_at_midnight_makes_it_the_calendar_day(db_path, monkeypatch):
    monkeypatch.setenv("ATTACH_DAY_STARTS_AT", "00:00")
    check_in(at=datetime(2026, 11, 25, 23, 30, tzinfo=timezone.utc))
    assert marker_text(db_path) == "2026-11-26\n"


def test_a_back_dated_check_in_never_moves_it_back(db_path):
    check_in()
    check_in("--at", "yesterday 19:30")
    assert marker_text(db_path) == "2026-11-25\n"


def test_a_back_dated_check_in_moves_it_forward_from_an_older_day(db_path):
    check_in(at=WED_EVENING - timedelta(days=3))  # Sunday 22nd
    assert marker_text(db_path) == "2026-11-22\n"
    check_in("--at", "yesterday 19:30")  # Tuesday 24th: later than Sunday
    assert marker_text(db_path) == "2026-11-24\n"


def test_json_and_quick_check_ins_leave_it_too(db_path):
    result = run("reflect", "--no-input", "--json", "-a", "resourced=2")
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)  # the marker adds nothing to the JSON
    assert marker_text(db_path) == "2026-11-25\n"


def test_a_rupture_is_not_a_check_in(db_path):
    assert run("people", "add", "Maya", "--role", "child").exit_code == 0
    result = run("repair", "--new", "--no-input", "-a", "who=Maya", "-a", "intensity=2")
    assert result.exit_code == 0, result.output
    assert not checkin_marker(db_path).exists()


def test_a_marker_that_cannot_be_written_never_fails_the_save(db_path):
    check_in(at=WED_EVENING - timedelta(days=1))
    # A folder where the marker should be: writing it fails, the save must not.
    checkin_marker(db_path).unlink()
    checkin_marker(db_path).mkdir()
    result = check_in("-a", "note=still saved")
    assert "Traceback" not in result.output and "marker" not in result.output
    log = run("log", "--json")
    assert log.exit_code == 0 and len(json.loads(log.stdout)) == 2


def test_deleting_the_only_check_in_of_today_brings_the_day_before_back(db_path):
    check_in(at=WED_EVENING - timedelta(days=1))  # Tuesday 24th, id 1
    check_in()  # Wednesday 25th, id 2
    assert marker_text(db_path) == "2026-11-25\n"
    result = run("delete", "2", "--yes")
    assert result.exit_code == 0, result.output
    assert marker_text(db_path) == "2026-11-24\n"


def test_deleting_the_last_check_in_of_all_removes_the_marker(db_path):
    check_in()
    assert run("delete", "1", "--yes").exit_code == 0
    assert not checkin_marker(db_path).exists()


def test_moving_a_check_in_to_another_day_recounts(db_path):
    check_in()
    result = run("edit", "1", "--at", "yesterday 19:30")
    assert result.exit_code == 0, result.output
    assert marker_text(db_path) == "2026-11-24\n"


def test_importing_a_check_in_moves_it_forward(db_path, tmp_path):
    check_in(at=WED_EVENING - timedelta(days=2))
    exported = run("export", "--format", "json")
    assert exported.exit_code == 0, exported.output
    # The same journal exported, then imported into a fresh one: the marker follows.
    other = tmp_path / "other" / "journal.db"
    source = tmp_path / "export.json"
    source.write_text(exported.stdout)
    result = run("import", str(source), "--db", str(other))
    assert result.exit_code == 0, result.output
    assert marker_text(other) == "2026-11-23\n"


def test_restoring_a_backup_from_before_todays_check_in_brings_the_nudge_back(db_path):
    check_in(at=WED_EVENING - timedelta(days=1))  # Tuesday 24th
    backed = run("backup")
    assert backed.exit_code == 0, backed.output
    copy = next((db_path.parent / "backups").iterdir())
    check_in()  # Wednesday 25th, after the backup
    assert marker_text(db_path) == "2026-11-25\n"
    result = run("restore", str(copy))
    assert result.exit_code == 0, result.output
    assert marker_text(db_path) == "2026-11-24\n"  # the restored journal's latest check-in


def test_attach_remind_brings_a_missing_marker_up_to_date(db_path):
    check_in()
    checkin_marker(db_path).unlink()  # say, the state folder was cleared
    assert run("remind", "--shell", "bash").exit_code == 0
    assert marker_text(db_path) == "2026-11-25\n"


def test_an_encrypted_journal_keeps_a_date_only_once_a_nudge_is_set_up(db_path, monkeypatch):
    pytest.importorskip(
        "sqlcipher3.dbapi2",
        reason="sqlcipher3 is not installed (pip install -e '.[test,encrypted]')",
    )
    monkeypatch.setenv("ATTACH_PASSPHRASE", "Sesame-7f3a-tulip")
    check_in(at=WED_EVENING - timedelta(days=1))
    assert run("encrypt").exit_code == 0
    shutil.rmtree(nudge_folder(db_path))  # as if never set up
    check_in()
    # Only the date would be readable without the passphrase: not kept unasked.
    assert not nudge_folder(db_path).exists()
    assert run("remind", "--shell", "zsh").exit_code == 0  # asked for: the folder is made
    check_in()
    assert marker_text(db_path) == "2026-11-25\n"
