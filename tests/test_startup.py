"""`attach --help` stays quick: the heavy libraries load only for commands that use them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("sqlmodel", "sqlalchemy", "questionary", "prompt_toolkit", "yaml")

# Build the app, run it with ARGS, and report which heavy modules it imported along the way.
PROBE = f"""
import json, sys
from attachjournal.cli.app import app
try:
    app(sys.argv[1:], prog_name="attach")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
heavy = sorted({{name.split(".")[0] for name in sys.modules}} & {set(HEAVY)!r})
print("\\n@@" + json.dumps({{"code": code, "heavy": heavy, "sqlite3": "sqlite3" in sys.modules}}))
"""


def run_probe(*args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    report = result.stdout.rsplit("@@", 1)[1]
    return json.loads(report) | {"stdout": result.stdout}


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("--version",),
        ("reflect", "--help"),
        ("repair", "--help"),
        ("review", "--help"),
        ("log", "--help"),
        ("people", "--help"),
        ("people", "add", "--help"),
    ],
    ids=" ".join,
)
def test_help_and_version_import_no_heavy_library(args):
    report = run_probe(*args)
    assert report["code"] == 0, report["stdout"]
    assert report["heavy"] == []


def test_a_save_loads_the_standard_library_driver_only():
    # The probe does see what a command imports: a save needs sqlite3, and nothing heavier.
    report = run_probe("reflect", "-a", "resourced=3", "--no-input")
    assert report["code"] == 0, report["stdout"]
    assert report["sqlite3"]
    assert "sqlalchemy" not in report["heavy"]


@pytest.mark.parametrize(
    "args", [("log",), ("show", "1"), ("review",), ("people", "list")], ids=" ".join
)
def test_commands_that_only_read_never_import_sqlmodel(attach, args):
    assert attach("reflect", "-a", "resourced=3").exit_code == 0
    report = run_probe(*args)
    assert report["code"] == 0, report["stdout"]
    assert report["sqlite3"]  # the journal was really read
    assert "sqlalchemy" not in report["heavy"]
    assert "sqlmodel" not in report["heavy"]
    assert "questionary" not in report["heavy"]


def test_a_read_on_a_journal_that_does_not_exist_yet_stays_light():
    report = run_probe("log")
    assert report["code"] == 0, report["stdout"]
    assert "sqlalchemy" not in report["heavy"]
    assert not report["sqlite3"]


def test_importing_the_package_is_free():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, attachjournal; print(sorted(m for m in sys.modules if m.startswith(('typer', 'rich', 'sqlalchemy'))))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_real_entry_point_imports_no_heavy_library_for_help():
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "attachjournal", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    imported = {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "attachjournal" in imported  # the probe sees our own imports
    assert imported.isdisjoint(HEAVY), sorted(imported & set(HEAVY))
