"""The everyday commands stay light: SQLModel (with pydantic), questionary and PyYAML cost
tens to hundreds of milliseconds to import, so reading, and saving without prompts, never load
them once the prompts have been read before."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("sqlmodel", "pydantic", "questionary", "prompt_toolkit", "yaml")

PROBE = """
import json, sys
from attachjournal.cli.app import app
heavy = json.loads(sys.argv[2])
sys.argv = ["attach", *json.loads(sys.argv[1])]
try:
    app()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in heavy)), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["review"],
        ["review", "--json"],
        ["patterns"],
        ["log", "-n", "5"],
        ["reflect", "-a", "resourced=3", "--no-input"],
    ],
)
def test_command_does_not_import_heavy_modules(attach, args):
    assert attach("reflect", "-a", "resourced=2", "--no-input").exit_code == 0
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    loaded = json.loads(proc.stderr.strip().splitlines()[-1])
    assert loaded == [], proc.stderr
