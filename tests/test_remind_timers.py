"""`attach remind --systemd` / `--launchd`: the printed install script, run in a real sh with
stand-ins for systemctl, launchctl, date, notify-send and osascript on PATH, writes the
units (or the LaunchAgent) and switches them on; the check they run notifies only when it
should, with a fixed line and nothing from the journal.
"""

from __future__ import annotations

import os
import plistlib
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attachjournal.cli.app import app
from attachjournal.cli.context import Context
from attachjournal.core.nudge import LINE
from attachjournal.paths import checkin_marker, nudge_folder

FAKE_DATE = """#!/bin/sh
case "$*" in
  "+%H%M") echo "$FAKE_HM" ;;
  "+%Y-%m-%d") echo "$FAKE_DAY" ;;
  "-d yesterday +%Y-%m-%d") echo "$FAKE_YESTERDAY" ;;
  *) echo "unexpected date $*" >&2; exit 1 ;;
esac
"""
RECORD = '#!/bin/sh\nprintf \'%s\\n\' "$(basename "$0")" "$@" >> "$FAKE_LOG"\n'


@pytest.fixture
def tools(tmp_path: Path) -> Path:
    place = tmp_path / "bin"
    place.mkdir()
    (place / "date").write_text(FAKE_DATE)
    for name in ("notify-send", "osascript", "systemctl", "launchctl"):
        (place / name).write_text(RECORD)
    for tool in place.iterdir():
        tool.chmod(0o755)
    return place


def printed(*args: str) -> str:
    result = CliRunner().invoke(app, ["remind", *args], obj=Context(), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def env_for(tmp_path: Path, tools: Path, **fake: str) -> dict[str, str]:
    return {
        "HOME": str(tmp_path / "home"),
        "PATH": f"{tools}:{os.environ['PATH']}",
        "FAKE_LOG": str(tmp_path / "log"),
        **{f"FAKE_{k.upper()}": v for k, v in fake.items()},
    }


def calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "log"
    return log.read_text().splitlines() if log.exists() else []


def install(text: str, tmp_path: Path, tools: Path) -> None:
    (tmp_path / "home").mkdir(exist_ok=True)
    done = subprocess.run(
        ["sh"], input=text, env=env_for(tmp_path, tools), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def systemd_word(line: str) -> str:
    """ExecStart's last double-quoted word as systemd reads it: %% is %, $$ is $, \\n is a
    newline and \\x is x."""
    quoted = line[line.index('"') + 1 : line.rindex('"')]
    out, i = [], 0
    while i < len(quoted):
        pair = quoted[i : i + 2]
        if pair in ("%%", "$$") or pair[:1] == "\\":
            out.append("\n" if pair == "\\n" else pair[1])
            i += 2
        else:
            assert quoted[i] not in '%$"', f"unescaped {quoted[i]!r} at {i}"
            out.append(quoted[i])
            i += 1
    return "".join(out)


def run_check(argv: list[str], tmp_path: Path, tools: Path, hm: str) -> list[str]:
    """The check at clock time `hm` on Wednesday 25 November 2026; returns what it called."""
    (tmp_path / "log").unlink(missing_ok=True)
    env = env_for(tmp_path, tools, hm=hm, day="2026-11-25", yesterday="2026-11-24")
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return calls(tmp_path)


# ----------------------------------------------------------------------------- systemd


def test_the_systemd_script_writes_two_private_units_and_starts_the_timer(tmp_path, tools):
    install(printed("--systemd", "--at", "20:15"), tmp_path, tools)
    units = tmp_path / "home" / ".config" / "systemd" / "user"
    service, timer = units / "attach-nudge.service", units / "attach-nudge.timer"
    assert "OnCalendar=*-*-* 20:15:00" in timer.read_text()
    assert "ExecStart=/bin/sh -c " in service.read_text()
    for unit in (service, timer):
        assert stat.S_IMODE(unit.stat().st_mode) == 0o600
    assert calls(tmp_path) == [
        "systemctl",
        "--user",
        "daemon-reload",
        "systemctl",
        "--user",
        "enable",
        "--now",
        "attach-nudge.timer",
    ]
    verify(tmp_path, service, timer)


def verify(tmp_path: Path, *units: Path) -> None:
    """systemd's own reading of the units (specifiers, quotes, paths), where it is installed;
    elsewhere the stand-in run of the check below is the test."""
    analyze = shutil.which("systemd-analyze")
    if analyze is not None:
        env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path)}
        done = subprocess.run(
            [analyze, "verify", "--user", *map(str, units)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("marker", "hm", "notified"),
    [
        ("2026-11-24", "2015", True),  # evening, last check-in yesterday
        (None, "2015", True),  # no check-in ever
        ("2026-11-25", "2015", False),  # today has one
        ("2026-11-24", "0800", False),  # woken up the next morning: not evening
        ("2026-11-24", "0030", False),  # 00:30 belongs to the 24th, which has one
        ("2026-11-23", "0030", True),  # ... and here it has none
    ],
)
def test_the_systemd_check_notifies_only_when_it_should(
    tmp_path, tools, db_path, marker, hm, notified
):
    nudge_folder(db_path).mkdir(parents=True)
    if marker:
        checkin_marker(db_path).write_text(marker + "\n")
    install(printed("--systemd", "--at", "20:15"), tmp_path, tools)
    service = tmp_path / "home" / ".config" / "systemd" / "user" / "attach-nudge.service"
    line = next(x for x in service.read_text().splitlines() if x.startswith("ExecStart="))
    script = systemd_word(line)
    said = run_check(["/bin/sh", "-c", script], tmp_path, tools, hm)
    assert said == (["notify-send", "--app-name=attach", "attach", LINE] if notified else [])


def test_without_the_marker_folder_the_check_does_nothing(tmp_path, tools, db_path):
    install(printed("--systemd"), tmp_path, tools)
    shutil.rmtree(nudge_folder(db_path))  # the journal was removed, say
    service = tmp_path / "home" / ".config" / "systemd" / "user" / "attach-nudge.service"
    line = next(x for x in service.read_text().splitlines() if x.startswith("ExecStart="))
    assert run_check(["/bin/sh", "-c", systemd_word(line)], tmp_path, tools, "2015") == []


def test_an_odd_journal_path_survives_systemds_quoting(tmp_path, tools, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / '50% "it\'s" $HOME \\ new\nline'))
    odd = tmp_path / '50% "it\'s" $HOME \\ dir' / "journal.db"
    nudge_folder(odd).mkdir(parents=True)
    checkin_marker(odd).write_text("2026-11-25\n")
    install(printed("--systemd", "--db", str(odd)), tmp_path, tools)
    service = tmp_path / "home" / ".config" / "systemd" / "user" / "attach-nudge.service"
    verify(tmp_path, service)
    line = next(x for x in service.read_text().splitlines() if x.startswith("ExecStart="))
    assert run_check(["/bin/sh", "-c", systemd_word(line)], tmp_path, tools, "2015") == []
    checkin_marker(odd).write_text("2026-11-24\n")
    assert run_check(["/bin/sh", "-c", systemd_word(line)], tmp_path, tools, "2015") != []


# ----------------------------------------------------------------------------- launchd


def test_the_launchd_script_writes_a_private_agent_and_loads_it(tmp_path, tools, db_path):
    nudge_folder(db_path).mkdir(parents=True)
    checkin_marker(db_path).write_text("2026-11-24\n")
    install(printed("--launchd", "--at", "21:05"), tmp_path, tools)
    plist = tmp_path / "home" / "Library" / "LaunchAgents" / "org.attachjournal.nudge.plist"
    assert stat.S_IMODE(plist.stat().st_mode) == 0o600
    job = plistlib.loads(plist.read_bytes())
    assert job["Label"] == "org.attachjournal.nudge"
    assert job["StartCalendarInterval"] == {"Hour": 21, "Minute": 5}
    # An unload first (a reinstall replaces the old one), then the load.
    assert calls(tmp_path)[-3:] == ["launchctl", "load", str(plist)]
    said = run_check(job["ProgramArguments"], tmp_path, tools, "2110")
    assert said == [
        "osascript",
        "-e",
        f'display notification "{LINE}" with title "attach"',
    ]
    assert run_check(job["ProgramArguments"], tmp_path, tools, "2100") == []  # before 21:05


# ----------------------------------------------------------------------------- the command


def test_the_notification_never_carries_anything_from_the_journal(db_path):
    done = CliRunner().invoke(
        app, ["reflect", "--no-input", "-a", "resourced=2", "-a", "note=Maya's secret"]
    )
    assert done.exit_code == 0, done.output
    for kind in ("--systemd", "--launchd"):
        text = printed(kind)
        assert "secret" not in text and "Maya" not in text


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ([], "Choose one kind of nudge"),
        (["--shell", "bash", "--systemd"], "Choose one kind of nudge"),
        (["--shell", "tcsh"], "--shell takes bash, zsh or fish."),
        (["--shell", "bash", "--after", "7pm"], "--after takes a time of day as HH:MM"),
        (["--shell", "bash", "--after", "24:00"], "--after takes a time of day as HH:MM"),
        (["--systemd", "--at", "19:5"], "--at takes a time of day as HH:MM"),
        (["--shell", "zsh", "--at", "20:00"], "give the hour as --after HH:MM"),
        (["--launchd", "--after", "20:00"], "give it as --at HH:MM"),
    ],
)
def test_a_wrong_choice_is_one_line_with_exit_2_and_nothing_printed(args, says):
    result = CliRunner().invoke(app, ["remind", *args], obj=Context())
    assert result.exit_code == 2
    assert result.stdout == ""
    assert says in result.stderr and "Traceback" not in result.stderr
    assert "7pm" not in result.stderr and "tcsh" not in result.stderr  # never echoed


def test_help_teaches_how_to_install_and_remove(db_path):
    result = CliRunner().invoke(app, ["remind", "--help"], obj=Context())
    assert result.exit_code == 0
    for words in ("~/.bashrc", "<<< attach", "attach remind --systemd", "--launchd", "| sh"):
        assert words in result.stdout


def test_before_the_first_check_in_it_says_so_on_stderr_only(db_path):
    result = CliRunner().invoke(app, ["remind", "--shell", "bash"], obj=Context())
    assert result.exit_code == 0
    assert result.stdout.startswith("# >>> attach") and result.stdout.endswith("# <<< attach <<<\n")
    assert "invite you to the first check-in" in result.stderr
    assert not db_path.exists() and not db_path.parent.exists()  # no journal is created
    assert nudge_folder(db_path).is_dir()  # only the marker folder, for tonight's nudge
