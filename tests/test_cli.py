"""The `attach` command line, command by command, including every way it can go wrong."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.main import get_command

from attachjournal import __version__
from attachjournal.cli.app import app

UTC = timezone.utc


def rows(db: Path, table: str = "entry") -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def ok(result) -> None:
    assert result.exit_code == 0, result.output


def saved(result) -> dict | list:
    """The JSON a command printed, checking stdout holds nothing else."""
    ok(result)
    return json.loads(result.stdout)


def one_line_error(result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture
def maya(attach) -> str:
    ok(attach("people", "add", "Maya", "--role", "child"))
    return "Maya"


@pytest.fixture
def rupture_id(attach, maya) -> int:
    data = saved(attach("repair", "--new", "-a", "who=maya", "-a", "intensity=3", "--json"))
    return data["id"]


# ----------------------------------------------------------------------------- help and version


def _all_commands(group, path=()):
    for name, command in group.commands.items():
        yield (*path, name)
        if hasattr(command, "commands"):
            yield from _all_commands(command, (*path, name))


ALL_COMMANDS = sorted(_all_commands(get_command(app)))


def test_the_app_has_the_commands_the_issue_promises():
    assert set(ALL_COMMANDS) >= {
        ("reflect",),
        ("repair",),
        ("review",),
        ("log",),
        ("show",),
        ("people",),
        ("people", "add"),
        ("people", "list"),
        ("people", "rename"),
        ("people", "remove"),
    }


@pytest.mark.parametrize("path", [(), *ALL_COMMANDS], ids=lambda p: " ".join(p) or "attach")
def test_every_command_has_help(attach, path):
    result = attach(*path, "--help")
    ok(result)
    assert "Usage:" in result.stdout
    assert len(result.stdout.splitlines()) > 3


def test_the_main_help_says_it_is_not_therapy(attach):
    result = attach("--help")
    ok(result)
    assert "not therapy" in result.stdout
    for command in ("reflect", "repair", "review"):
        assert command in result.stdout


def test_version(attach):
    result = attach("--version")
    ok(result)
    assert result.stdout.strip() == f"attach {__version__}"


def test_python_dash_m_works(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "attachjournal", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "reflect" in result.stdout


def test_an_unknown_command_is_a_usage_error(attach):
    assert attach("journal").exit_code == 2


# ----------------------------------------------------------------------------- reflect answers


def test_reflect_with_answers_on_the_command_line(attach, db_path):
    data = saved(
        attach(
            "reflect",
            "-a", "resourced=2",
            "-a", "mood=4",
            "-a", "feelings=TIRED,calm,tired",
            "-a", "serve_return=one or two",
            "-a", "echo=yes",
            "--json",
        )
    )  # fmt: skip
    answers = {k: v["value"] for k, v in data["answers"].items()}
    assert answers == {
        "resourced": 2,
        "mood": 4,
        "feelings": ["calm", "tired"],
        "serve_return": "1-2",
        "echo": True,
    }
    assert data["kind"] == "reflect"
    assert rows(db_path) == 1


def test_reflect_says_what_it_saved(attach):
    result = attach("reflect", "-a", "resourced=3")
    ok(result)
    assert "✓ Saved check-in #1" in result.stdout


def test_reflect_reads_a_yaml_answers_file(attach, tmp_path):
    answers = tmp_path / "today.yaml"
    answers.write_text(
        "resourced: 2\nfeelings: [tired, grateful]\nnote: |\n  A long day.\n  Bedtime was sweet.\n",
        encoding="utf-8",
    )
    data = saved(attach("reflect", "--answers", str(answers), "--json"))
    assert data["answers"]["feelings"]["value"] == ["grateful", "tired"]  # questionnaire order
    assert data["answers"]["note"]["value"] == "A long day.\nBedtime was sweet."


def test_reflect_reads_a_json_answers_file(attach, tmp_path):
    answers = tmp_path / "today.json"
    answers.write_text(json.dumps({"resourced": 4, "echo": False}), encoding="utf-8")
    data = saved(attach("reflect", "--answers", str(answers), "--json"))
    assert data["answers"]["resourced"]["value"] == 4
    assert data["answers"]["echo"]["value"] is False


def test_reflect_reads_answers_from_stdin(attach):
    data = saved(
        attach("reflect", "--answers", "-", "--json", input='{"resourced": 1, "note": "tired"}')
    )
    assert data["answers"]["resourced"]["value"] == 1
    assert data["answers"]["note"]["value"] == "tired"


def test_command_line_answers_win_over_the_file(attach, tmp_path):
    answers = tmp_path / "today.yaml"
    answers.write_text("resourced: 2\nmood: 2\n", encoding="utf-8")
    data = saved(attach("reflect", "--answers", str(answers), "-a", "resourced=5", "--json"))
    assert data["answers"]["resourced"]["value"] == 5
    assert data["answers"]["mood"]["value"] == 2


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("- just\n- a list\n", "must be a mapping"),
        ("resourced: [unclosed\n", "neither valid YAML nor JSON"),
    ],
)
def test_an_answers_file_that_is_not_a_mapping_is_refused(
    attach, tmp_path, db_path, content, problem
):
    answers = tmp_path / "answers.yaml"
    answers.write_text(content, encoding="utf-8")
    assert problem in one_line_error(attach("reflect", "--answers", str(answers)))
    assert rows(db_path) == 0


def test_a_missing_answers_file_is_named(attach, tmp_path):
    line = one_line_error(attach("reflect", "--answers", str(tmp_path / "nope.yaml")))
    assert f"There is no file at {tmp_path / 'nope.yaml'} (expected an answers file)." in line


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["-a", "resourced=7"], "resourced takes a whole number from 1 to 5"),
        (
            ["-a", "resourced=3", "-a", "serve_return=heaps"],
            "value given for serve_return is not one of its choices",
        ),
        (
            ["-a", "resourced=3", "-a", "feelings=calm,bored"],
            "2nd value given for feelings is not one of its choices",
        ),
        (
            ["-a", "resourced=3", "-a", "weather=sunny"],
            "Unknown question id for a check-in: weather",
        ),
        (["-a", "resourced=3", "-a", "echo=perhaps"], "echo takes yes or no"),
        (["-a", "resourced"], "-a takes ID=VALUE"),
        (["--answers", "-"], "resourced takes a whole number"),
    ],
)
def test_an_invalid_answer_is_refused_in_one_line_and_nothing_is_saved(
    attach, db_path, args, problem
):
    ok(attach("reflect", "-a", "resourced=3"))
    result = attach("reflect", *args, input='{"resourced": 9}')
    assert problem in one_line_error(result)
    assert rows(db_path) == 1
    assert rows(db_path, "answer") == 1


@pytest.mark.parametrize("flags", [["--no-input"], []])
def test_missing_required_answers_exit_at_once_listing_them(attach, db_path, flags):
    # CliRunner's stdin is not a terminal: piped text must never be taken as keystrokes.
    result = attach("reflect", *flags, input="3\n3\n")
    line = one_line_error(result)
    assert "Missing required answer: resourced" in line
    assert "attach reflect -a resourced=3" in line
    assert not db_path.exists()


@pytest.mark.parametrize(
    ("command", "missing"),
    [
        (["reflect", "-a", "resourced="], "resourced"),
        (["reflect", "--answers", "-"], "resourced"),
        (["repair", "--new", "-a", "who=", "-a", "intensity=2"], "who"),
    ],
)
def test_an_empty_value_does_not_answer_a_required_question(
    attach, maya, db_path, command, missing
):
    line = one_line_error(attach(*command, input='{"resourced": null}'))
    assert f"Missing required answer: {missing}" in line
    assert rows(db_path) == 0


def test_an_empty_value_skips_an_optional_question(attach):
    data = saved(attach("reflect", "-a", "resourced=3", "-a", "note=", "-a", "feelings=", "--json"))
    assert list(data["answers"]) == ["resourced"]


def test_missing_rupture_answers_are_listed_together(attach, maya, db_path):
    line = one_line_error(attach("repair", "--new", "-a", "what=shouting", "--no-input"))
    assert "Missing required answers: who, intensity" in line
    assert rows(db_path) == 0


def test_a_second_checkin_on_the_same_day_without_prompts_adds_another(attach, db_path):
    first = saved(attach("reflect", "-a", "resourced=2", "--json"))
    second = saved(attach("reflect", "-a", "resourced=4", "--json"))
    assert second["id"] != first["id"]
    assert rows(db_path) == 2


# ----------------------------------------------------------------------------- --at and --json


def _at(data: dict) -> datetime:
    return datetime.fromisoformat(data["at"])


def test_at_with_an_iso_time_is_local_and_stored_as_utc(attach, db_path):
    data = saved(attach("reflect", "-a", "resourced=3", "--at", "2026-11-18T19:30", "--json"))
    # Berlin in November is UTC+1.
    assert _at(data) == datetime(2026, 11, 18, 18, 30, tzinfo=UTC)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT at FROM entry").fetchone()[0] == "2026-11-18 18:30:00.000000"
    conn.close()


def test_at_with_an_explicit_offset(attach):
    data = saved(attach("reflect", "-a", "resourced=3", "--at", "2026-07-01T09:00+02:00", "--json"))
    assert _at(data) == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)


def test_at_yesterday_evening(attach):
    before = datetime.now().astimezone()
    data = saved(attach("reflect", "-a", "resourced=3", "--at", "yesterday 19:30", "--json"))
    after = datetime.now().astimezone()
    expected = {
        datetime.combine(moment.date() - timedelta(days=1), datetime.min.time())
        .replace(hour=19, minute=30)
        .astimezone()
        for moment in (before, after)
    }
    assert _at(data) in expected


@pytest.mark.parametrize(
    ("clock", "day"),
    [
        # Typed in the evening: this morning.
        ("2026-11-25T21:00:00+01:00", "2026-11-25"),
        # Typed at 01:00: "today" is the journal day, still the evening of the 25th until 04:00.
        ("2026-11-26T01:00:00+01:00", "2026-11-25"),
    ],
)
def test_at_today_in_the_morning(runner, clock, day):
    from attachjournal.cli.context import Context

    typed = datetime.fromisoformat(clock)
    result = runner.invoke(
        app,
        ["reflect", "-a", "resourced=3", "--at", "today 08:10", "--json"],
        obj=Context(clock=lambda: typed),
    )
    local = _at(saved(result)).astimezone()
    assert (local.hour, local.minute) == (8, 10)
    assert local.date().isoformat() == day


def test_at_today_later_than_now_is_refused(runner):
    from attachjournal.cli.context import Context

    typed = datetime.fromisoformat("2026-11-26T05:00:00+01:00")  # the journal day has begun
    result = runner.invoke(
        app,
        ["reflect", "-a", "resourced=3", "--at", "today 08:10"],
        obj=Context(clock=lambda: typed),
    )
    assert result.exit_code == 2
    assert "hasn't come yet" in result.output


def test_at_two_hours_ago(attach):
    before = datetime.now(UTC)
    data = saved(attach("reflect", "-a", "resourced=3", "--at", "2h ago", "--json"))
    after = datetime.now(UTC)
    assert before - timedelta(hours=2, seconds=1) <= _at(data) <= after - timedelta(hours=2)


def test_without_at_the_entry_is_now(attach):
    before = datetime.now(UTC)
    data = saved(attach("reflect", "-a", "resourced=3", "--json"))
    assert before - timedelta(seconds=1) <= _at(data) <= datetime.now(UTC)


def test_an_unreadable_at_is_refused_and_nothing_saved(attach, db_path):
    line = one_line_error(attach("reflect", "-a", "resourced=3", "--at", "next blue moon"))
    assert "doesn't read as a time" in line
    assert "blue moon" not in line  # nothing typed is echoed back
    assert rows(db_path) == 0


def test_json_prints_only_the_saved_entry_with_its_id(attach, db_path):
    result = attach("reflect", "-a", "resourced=3", "-a", "note=hello", "--json")
    data = saved(result)
    assert result.stderr == ""
    conn = sqlite3.connect(db_path)
    ((stored_id, uid),) = conn.execute("SELECT id, uid FROM entry").fetchall()
    conn.close()
    assert (data["id"], data["uid"]) == (stored_id, uid)
    assert data["answers"]["note"] == {
        "question": "Anything else I want to remember about today?",
        "kind": "text",
        "value": "hello",
    }


# ----------------------------------------------------------------------------- repair


def test_a_new_rupture_without_repair_answers_stays_open(attach, maya, db_path):
    result = attach(
        "repair", "--new", "-a", "who=MAYA", "-a", "intensity=4", "-a", "context=rushing,transition"
    )
    ok(result)
    assert "✓ Saved rupture #1" in result.stdout
    assert "with Maya" in result.stdout
    assert "attach repair --of 1" in result.stdout
    shown = saved(attach("show", "1", "--json"))
    assert shown["who"] == "Maya"
    assert shown["repair_id"] is None
    assert shown["no_repair_needed"] is False
    assert shown["answers"]["context"]["value"] == ["rushing", "transition"]


def test_a_rupture_with_someone_unknown_says_how_to_add_them(attach, db_path):
    line = one_line_error(attach("repair", "--new", "-a", "who=Noor", "-a", "intensity=2"))
    assert "attach people add NAME --role child" in line and "Noor" not in line
    assert rows(db_path) == 0


def test_repair_of_an_open_rupture_links_to_it(attach, rupture_id, db_path):
    data = saved(
        attach(
            "repair", "--of", str(rupture_id), "-a", "moves=sorry,named", "-a", "connected=4",
            "-a", "reached_first=me", "--json",
        )
    )  # fmt: skip
    assert data["kind"] == "repair"
    assert data["rupture_id"] == rupture_id
    assert data["answers"]["moves"]["value"] == ["named", "sorry"]
    assert saved(attach("show", str(rupture_id), "--json"))["repair_id"] == data["id"]
    assert rows(db_path) == 2


def test_repair_at_sets_the_repair_time(attach, maya):
    rupture = saved(
        attach(
            "repair",
            "--new",
            "-a",
            "who=maya",
            "-a",
            "intensity=3",
            "--at",
            "2026-11-19T17:40",
            "--json",
        )
    )
    repair = saved(
        attach(
            "repair",
            "--of",
            str(rupture["id"]),
            "--at",
            "2026-11-19 19:55",
            "-a",
            "connected=5",
            "--json",
        )
    )
    assert _at(repair) - _at(rupture) == timedelta(hours=2, minutes=15)
    assert _at(repair) == datetime(2026, 11, 19, 18, 55, tzinfo=UTC)


def test_repaired_at_with_of_sets_the_repair_time_too(attach, maya):
    rupture = saved(
        attach(
            "repair",
            "--new",
            "-a",
            "who=maya",
            "-a",
            "intensity=3",
            "--at",
            "2026-11-19T17:40",
            "--json",
        )
    )
    repair = saved(
        attach("repair", "--of", str(rupture["id"]), "--repaired-at", "2026-11-19T18:10", "--json")
    )
    assert _at(repair) - _at(rupture) == timedelta(minutes=30)
    line = one_line_error(
        attach(
            "repair", "--of", "1", "--at", "2026-11-19T18:10", "--repaired-at", "2026-11-19T18:20"
        )
    )
    assert "give the repair time once" in line


def test_a_new_rupture_already_repaired_saves_both(attach, maya, db_path):
    data = saved(
        attach(
            "repair", "--new", "-a", "who=maya", "-a", "intensity=2", "--at", "3h ago",
            "--repaired-at", "1h ago", "-a", "moves=sorry", "--json",
        )
    )  # fmt: skip
    rupture, repair = data
    assert (rupture["kind"], repair["kind"]) == ("rupture", "repair")
    assert repair["rupture_id"] == rupture["id"]
    assert _at(repair) - _at(rupture) == timedelta(hours=2)
    assert rows(db_path) == 2


def test_repair_answers_with_a_new_rupture_mean_it_is_repaired_now(attach, maya):
    result = attach("repair", "--new", "-a", "who=maya", "-a", "intensity=2", "-a", "connected=4")
    ok(result)
    assert "Saved rupture #1" in result.stdout
    assert "Saved repair #2" in result.stdout
    assert saved(attach("show", "1", "--json"))["repair_id"] == 2


def test_repair_reads_rupture_and_repair_answers_from_one_file(attach, maya, tmp_path):
    answers = tmp_path / "rupture.yaml"
    answers.write_text(
        "who: maya\nintensity: 4\ncontext: [rushing, I was tired]\nolder_echo: no\n"
        "moves: [sorry, listened]\nconnected: 4\n",
        encoding="utf-8",
    )
    rupture, repair = saved(
        attach("repair", "--new", "--answers", str(answers), "-a", "intensity=2", "--json")
    )
    assert rupture["answers"]["intensity"]["value"] == 2  # -a wins over the file
    assert rupture["answers"]["context"]["value"] == ["i_tired", "rushing"]
    assert rupture["answers"]["older_echo"]["value"] is False
    assert repair["answers"]["moves"]["value"] == ["sorry", "listened"]
    assert repair["rupture_id"] == rupture["id"]


def test_repair_of_reads_answers_from_stdin(attach, rupture_id):
    data = saved(
        attach("repair", "--of", str(rupture_id), "--answers", "-", "--json",
               input='{"connected": 5, "next_time": "breathe first"}')
    )  # fmt: skip
    assert data["answers"]["next_time"]["value"] == "breathe first"


def test_a_repair_before_its_rupture_saves_neither(attach, maya, db_path):
    result = attach(
        "repair", "--new", "-a", "who=maya", "-a", "intensity=2", "--at", "1h ago",
        "--repaired-at", "2h ago",
    )  # fmt: skip
    assert "can't come before its rupture" in one_line_error(result)
    assert rows(db_path) == 0


def test_a_repair_of_an_earlier_rupture_cannot_come_before_it(attach, rupture_id, db_path):
    result = attach("repair", "--of", str(rupture_id), "--at", "2020-01-01T10:00")
    assert "can't come before its rupture" in one_line_error(result)
    assert rows(db_path) == 1


def test_no_repair_needed_for_a_new_rupture(attach, maya):
    data = saved(
        attach(
            "repair", "--new", "-a", "who=maya", "-a", "intensity=1", "--no-repair-needed", "--json"
        )
    )
    assert data["no_repair_needed"] is True


def test_no_repair_needed_for_an_earlier_rupture(attach, rupture_id):
    result = attach("repair", "--of", str(rupture_id), "--no-repair-needed")
    ok(result)
    assert "needing no repair" in result.stdout
    assert saved(attach("show", str(rupture_id), "--json"))["no_repair_needed"] is True
    listing = attach("log")
    assert "no repair needed" in listing.stdout


def test_no_repair_needed_with_repair_answers_is_refused(attach, maya, db_path):
    result = attach(
        "repair", "--new", "-a", "who=maya", "-a", "intensity=1", "-a", "connected=3",
        "--no-repair-needed",
    )  # fmt: skip
    assert "--no-repair-needed" in one_line_error(result)
    assert rows(db_path) == 0


def test_a_rupture_already_repaired_is_not_repaired_twice(attach, rupture_id, db_path):
    ok(attach("repair", "--of", str(rupture_id), "-a", "connected=4"))
    line = one_line_error(attach("repair", "--of", str(rupture_id), "-a", "connected=5"))
    assert f"Rupture #{rupture_id} already has its repair" in line
    assert rows(db_path) == 2


def test_repair_of_something_that_is_not_a_rupture(attach, db_path):
    checkin = saved(attach("reflect", "-a", "resourced=3", "--json"))["id"]
    line = one_line_error(attach("repair", "--of", str(checkin), "-a", "connected=4"))
    assert f"Entry #{checkin} is a check-in, not a rupture" in line
    assert rows(db_path) == 1


def test_repair_of_an_entry_that_does_not_exist(attach, rupture_id):
    line = one_line_error(attach("repair", "--of", "999", "-a", "connected=4"), code=1)
    assert "There is no entry 999" in line


def test_repair_of_on_an_empty_journal(attach, db_path):
    line = one_line_error(attach("repair", "--of", "1", "-a", "connected=4"), code=1)
    assert "journal is still empty" in line
    assert not db_path.exists()


def test_repair_of_with_rupture_answers_is_refused(attach, rupture_id):
    line = one_line_error(attach("repair", "--of", str(rupture_id), "-a", "intensity=4"))
    assert "these are rupture questions: intensity" in line


def test_of_and_new_together_are_refused(attach, rupture_id):
    assert "not both" in one_line_error(attach("repair", "--of", str(rupture_id), "--new"))


def test_an_invalid_repair_answer_is_refused_and_nothing_saved(attach, maya, db_path):
    result = attach("repair", "--new", "-a", "who=maya", "-a", "intensity=3", "-a", "moves=hugged")
    assert "value given for moves is not one of its choices" in one_line_error(result)
    assert rows(db_path) == 0


# ----------------------------------------------------------------------------- people


def test_people_add_and_list(attach):
    ok(attach("people", "add", "Maya", "--role", "child", "--born", "2021-03-14"))
    result = attach("people", "add", "Sam", "--role", "PARTNER")
    ok(result)
    assert "Added Sam (partner)" in result.stdout
    listing = attach("people", "list")
    ok(listing)
    assert "Maya" in listing.stdout and "2021-03-14" in listing.stdout
    assert saved(attach("people", "list", "--json")) == [
        {"id": 1, "name": "Maya", "role": "child", "born": "2021-03-14", "entries": 0},
        {"id": 2, "name": "Sam", "role": "partner", "born": None, "entries": 0},
    ]


def test_people_list_counts_entries(attach, rupture_id):
    assert saved(attach("people", "list", "--json"))[0]["entries"] == 1


def test_people_list_when_nobody_is_there_yet(attach, db_path):
    result = attach("people", "list")
    ok(result)
    assert "attach people add" in result.stdout
    assert saved(attach("people", "list", "--json")) == []
    assert not db_path.exists()


@pytest.mark.parametrize("name", ["Maya", "maya", "MAYA", "  maya  "])
def test_people_add_refuses_a_name_already_there_in_any_case(attach, maya, db_path, name):
    assert "already someone called Maya" in one_line_error(attach("people", "add", name))
    assert rows(db_path, "person") == 1


def test_people_add_refuses_an_unknown_role(attach, db_path):
    line = one_line_error(attach("people", "add", "Boss", "--role", "boss"))
    assert "--role must be one of child, partner, parent, friend, self, other" in line
    assert rows(db_path, "person") == 0


@pytest.mark.parametrize("born", ["2021-02-30", "14.03.2021", "soon"])
def test_people_add_refuses_a_birth_date_it_cannot_read(attach, db_path, born):
    assert "--born takes a date" in one_line_error(attach("people", "add", "Maya", "--born", born))
    assert rows(db_path, "person") == 0


def test_people_add_with_an_empty_name_creates_nothing(attach, db_path):
    assert "can't be empty" in one_line_error(attach("people", "add", "   "))
    assert not db_path.exists()


def test_people_add_refuses_control_characters_in_a_name(attach):
    assert "control characters" in one_line_error(attach("people", "add", "Ma\x1b[31mya"))
    assert "control characters" in one_line_error(attach("people", "add", "evil\u202eayam"))


def test_people_rename(attach, rupture_id):
    result = attach("people", "rename", "maya", "Mimi")
    ok(result)
    assert "Renamed to Mimi" in result.stdout
    assert saved(attach("show", str(rupture_id), "--json"))["who"] == "Mimi"


def test_people_rename_errors(attach, maya):
    ok(attach("people", "add", "Sam", "--role", "partner"))
    assert "already someone called Sam" in one_line_error(attach("people", "rename", "Maya", "SAM"))
    line = one_line_error(attach("people", "rename", "Noor", "N"), code=1)
    assert "nobody by that name" in line and "Noor" not in line


def test_people_rename_on_an_empty_journal(attach, db_path):
    one_line_error(attach("people", "rename", "Maya", "Mimi"), code=1)
    assert not db_path.exists()


def test_people_remove_someone_without_entries(attach, maya, db_path):
    result = attach("people", "remove", "MAYA")
    ok(result)
    assert "Removed Maya" in result.stdout
    assert rows(db_path, "person") == 0


def test_people_remove_refuses_while_entries_refer_to_them(attach, rupture_id, db_path):
    line = one_line_error(attach("people", "remove", "Maya"))
    assert "Maya appears in 1 entry" in line
    assert "--reassign-to" in line
    assert rows(db_path, "person") == 1


def test_people_remove_with_reassign_to(attach, rupture_id, db_path):
    ok(attach("people", "add", "Mimi", "--role", "child"))
    result = attach("people", "remove", "Maya", "--reassign-to", "mimi")
    ok(result)
    assert "1 entry moved to mimi" in result.stdout
    assert saved(attach("show", str(rupture_id), "--json"))["who"] == "Mimi"
    assert rows(db_path, "person") == 1


def test_people_remove_with_delete_entries_asks_for_yes_without_a_terminal(
    attach, rupture_id, db_path
):
    ok(attach("repair", "--of", str(rupture_id), "-a", "connected=3"))
    assert "add --yes" in one_line_error(attach("people", "remove", "Maya", "--delete-entries"))
    assert (rows(db_path), rows(db_path, "person")) == (2, 1)

    result = attach("people", "remove", "Maya", "--delete-entries", "--yes")
    ok(result)
    assert "Removed Maya and 1 entry" in result.stdout
    assert (rows(db_path), rows(db_path, "person"), rows(db_path, "answer")) == (0, 0, 0)


def test_people_remove_with_both_choices_is_refused(attach, rupture_id):
    result = attach("people", "remove", "Maya", "--reassign-to", "Sam", "--delete-entries")
    assert "Choose one" in one_line_error(result)


# ----------------------------------------------------------------------------- log and show


@pytest.fixture
def history(attach, maya) -> dict[str, int]:
    ok(attach("people", "add", "Sam", "--role", "partner"))
    ids = {}
    ids["old_checkin"] = saved(
        attach("reflect", "-a", "resourced=2", "--at", "2026-01-10T09:00", "--json")
    )["id"]
    ids["maya"] = saved(
        attach("repair", "--new", "-a", "who=Maya", "-a", "intensity=3", "--at", "2h ago", "--json")
    )["id"]
    ids["sam"] = saved(
        attach("repair", "--new", "-a", "who=Sam", "-a", "intensity=2", "--at", "1h ago", "--json")
    )["id"]
    ids["checkin"] = saved(attach("reflect", "-a", "resourced=4", "-a", "mood=5", "--json"))["id"]
    return ids


def _log_ids(attach, *args: str) -> list[int]:
    return [e["id"] for e in saved(attach("log", "--json", *args))]


def test_log_lists_newest_first(attach, history):
    assert _log_ids(attach) == [
        history["checkin"],
        history["sam"],
        history["maya"],
        history["old_checkin"],
    ]
    result = attach("log")
    ok(result)
    assert "resourced 4/5 · mood 5/5" in result.stdout
    assert "intensity 3/5 · open" in result.stdout


def test_log_filters(attach, history):
    assert _log_ids(attach, "--kind", "rupture") == [history["sam"], history["maya"]]
    assert _log_ids(attach, "--who", "MAYA") == [history["maya"]]
    assert _log_ids(attach, "--since", "7d ago") == [
        history["checkin"],
        history["sam"],
        history["maya"],
    ]
    assert _log_ids(attach, "--since", "2026-01-10") == _log_ids(attach)
    assert _log_ids(attach, "-n", "2") == [history["checkin"], history["sam"]]
    assert _log_ids(attach, "--kind", "reflect", "-n", "1") == [history["checkin"]]
    # The log calls them check-ins, so --kind takes the name it shows (and plurals).
    checkins = [history["checkin"], history["old_checkin"]]
    assert _log_ids(attach, "--kind", "check-in") == checkins
    assert _log_ids(attach, "--kind", "Check-ins") == checkins
    assert _log_ids(attach, "--kind", "ruptures") == [history["sam"], history["maya"]]


def test_log_json_is_a_list_of_entries(attach, history):
    entries = saved(attach("log", "--json"))
    assert isinstance(entries, list)
    assert {"id", "uid", "kind", "at", "who", "answers"} <= set(entries[0])


def test_log_with_a_filter_that_matches_nothing(attach, history):
    result = attach("log", "--kind", "repair")
    ok(result)
    assert "No entries match." in result.stdout
    assert saved(attach("log", "--kind", "repair", "--json")) == []


def test_log_on_a_new_journal_suggests_a_first_step(attach):
    result = attach("log")
    ok(result)
    assert "No entries yet." in result.stdout
    assert "attach reflect" in result.stdout


def test_log_option_errors(attach, history):
    line = one_line_error(attach("log", "--kind", "diary"))
    assert "--kind must be one of check-in," in line and "reflect" not in line
    line = one_line_error(attach("log", "--who", "Noor"), code=1)
    assert "nobody by that name" in line and "Noor" not in line
    assert "as a date" in one_line_error(attach("log", "--since", "someday"))
    assert attach("log", "-n", "0").exit_code == 2


def test_show_an_entry_with_all_its_answers(attach, history):
    result = attach("show", str(history["checkin"]))
    ok(result)
    assert f"Check-in #{history['checkin']}" in result.stdout
    assert "How resourced do I feel right now?" in result.stdout
    assert "4/5 (running on empty 1 ... 5 well resourced)" in result.stdout
    rupture = attach("show", str(history["maya"]))
    ok(rupture)
    assert "with Maya" in rupture.stdout
    assert f"still open: attach repair --of {history['maya']}" in rupture.stdout


def test_show_json(attach, history):
    data = saved(attach("show", str(history["maya"]), "--json"))
    assert data["id"] == history["maya"]
    assert data["kind"] == "rupture"
    assert data["answers"]["intensity"]["value"] == 3


def test_show_a_repaired_rupture_says_how_long_it_took(attach, maya):
    ok(
        attach(
            "repair",
            "--new",
            "-a",
            "who=maya",
            "-a",
            "intensity=3",
            "--at",
            "3h ago",
            "--repaired-at",
            "1h ago",
            "-a",
            "connected=4",
        )
    )
    result = attach("show", "1")
    ok(result)
    assert "repaired in #2, 2 h later" in result.stdout
    assert "repair of rupture #1" in attach("show", "2").stdout


def test_show_a_missing_entry(attach, history):
    assert "There is no entry 99" in one_line_error(attach("show", "99"), code=1)


def test_show_on_an_empty_journal(attach, db_path):
    one_line_error(attach("show", "1"), code=1)
    assert not db_path.exists()


# ----------------------------------------------------------------------------- review


def test_review_of_an_empty_week_is_kind(attach, db_path):
    result = attach("review")
    ok(result)
    assert "attach reflect" in result.stdout
    assert not db_path.exists()


def test_review_json_has_the_promised_keys(attach, history):
    data = saved(attach("review", "--json"))
    assert {
        "period",
        "checkin_days",
        "rupture_count",
        "repair_count",
        "open_rupture_count",
        "repair_rate",
        "median_minutes_to_repair",
        "ruptures",
        "contexts",
        "resourced_by_day",
        "previous",
    } <= set(data)
    assert data["rupture_count"] == 2
    assert data["open_rupture_count"] == 2


def test_review_option_errors(attach):
    assert "2026-W47" in one_line_error(attach("review", "--week", "2026-47"))
    assert "not both" in one_line_error(
        attach("review", "--week", "2026-W47", "--since", "2026-11-01")
    )


# ----------------------------------------------------------------------------- what people type is shown literally

TRICKY = [
    "[bold]loud[/bold]",
    "[/sigh] long day",
    "[link=http://x]click[/link]",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07 x",
    "😀 שלום עולם",
    "ab\u202ecd",
]
# What each looks like on screen: markup as typed, escapes and bidi overrides made visible.
SHOWN = [
    "[bold]loud[/bold]",
    "[/sigh] long day",
    "[link=http://x]click[/link]",
    "\\x1b[31mred\\x1b[0m",
    "\\x1b]0;title\\x07 x",
    "😀 שלום עולם",
    "ab<U+202E>cd",
]
NAME = "[bold]Mia[/] 😀 מאיה"


def _no_raw_control(output: str) -> None:
    assert "\x1b" not in output
    assert "\x07" not in output
    assert "\u202e" not in output


def test_text_a_person_typed_is_shown_literally_in_show_and_log(attach):
    ids = []
    for note in TRICKY:
        data = saved(
            attach(
                "reflect",
                "--answers",
                "-",
                "--json",
                input=json.dumps({"resourced": 3, "note": note}),
            )
        )
        assert data["answers"]["note"]["value"] == note  # stored exactly as typed
        ids.append(data["id"])
    listing = attach("log")
    ok(listing)
    _no_raw_control(listing.output)
    for entry_id, shown in zip(ids, SHOWN, strict=True):
        assert shown in listing.stdout
        detail = attach("show", str(entry_id))
        ok(detail)
        _no_raw_control(detail.output)
        assert shown in detail.stdout


def test_a_tricky_name_is_shown_literally_everywhere(attach):
    ok(attach("people", "add", NAME, "--role", "child"))
    what = "[bold]shouted[/bold] \x1b[2J\x1b]8;;http://x\x07"
    rupture = saved(
        attach("repair", "--new", "--answers", "-", "--json",
               input=json.dumps({"who": NAME.upper(), "intensity": 3, "what": what}))
    )  # fmt: skip
    assert rupture["who"] == NAME
    ok(
        attach(
            "repair",
            "--of",
            str(rupture["id"]),
            "--answers",
            "-",
            input='{"next_time": "[i]pause[/i]"}',
        )
    )
    for args in (
        ["people", "list"],
        ["log"],
        ["show", str(rupture["id"])],
        ["show", "2"],
        ["review"],
        ["repair", "--new", "-a", f"who={NAME}", "-a", "intensity=1"],
    ):
        result = attach(*args)
        ok(result)
        _no_raw_control(result.output)
        if args[0] != "show" or args[1] != "2":
            assert "[bold]Mia[/]" in result.stdout, args
    shown = attach("show", str(rupture["id"])).stdout
    assert "[bold]shouted[/bold] \\x1b[2J\\x1b]8;;http://x\\x07" in shown
    assert "[i]pause[/i]" in attach("show", "2").stdout


def test_errors_never_repeat_what_was_typed(attach):
    result = attach("reflect", "-a", "serve_return=[bold]\x1b[31mx")
    line = one_line_error(result)
    _no_raw_control(result.output)
    assert "value given for serve_return is not one of its choices" in line
    assert "bold" not in line  # what was typed is never repeated back


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["reflect", "-a", "resourced=3", "-a", "note=caf\udce9"], None),  # Latin-1 bytes in argv
        (["reflect", "--answers", "-"], '{"resourced": 3, "note": "a\\ud800b"}'),
    ],
)
def test_text_that_is_not_valid_unicode_keeps_every_other_character(attach, db_path, args, stdin):
    # Broken bytes become U+FFFD; the rest of what was written is kept, never refused.
    result = attach(*args, "--json", input=stdin)
    assert result.exit_code == 0, result.output
    note = json.loads(result.stdout)["answers"]["note"]["value"]
    assert "\ufffd" in note and note.replace("\ufffd", "") in ("caf", "ab")
    assert rows(db_path) == 1


def test_a_name_that_is_not_valid_unicode_is_nobody(attach, maya):
    for args in (["log", "--who", "\udcff"], ["people", "rename", "\udcff", "X"]):
        assert "nobody by that name" in one_line_error(attach(*args), code=1)
    assert "name given for who is not in your people" in one_line_error(
        attach("repair", "--new", "-a", "who=\udcff", "-a", "intensity=2")
    )


def test_people_remove_with_reassign_to_someone_unknown_removes_nobody(attach, maya, db_path):
    line = one_line_error(attach("people", "remove", "Maya", "--reassign-to", "Mimi"), code=1)
    assert "nobody by that name" in line and "Mimi" not in line  # what was typed, not echoed
    assert rows(db_path, "person") == 1
