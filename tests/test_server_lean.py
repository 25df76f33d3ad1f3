"""The server's driver stays out of everything else: the file journal's commands, help and
shell completion never load psycopg (it is imported inside storage/server/'s functions)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys
from attachjournal.cli.entry import main
sys.argv = ["attach", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
print("@@" + json.dumps("psycopg" in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["review"],
        ["log"],
        ["reflect", "--no-input", "-a", "resourced=3"],
        ["--help"],
        ["server", "--help"],
    ],
    ids=" ".join,
)
def test_no_file_command_loads_the_servers_driver(args):
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "@@" in proc.stderr, proc.stderr
    assert json.loads(proc.stderr.rsplit("@@", 1)[1]) is False
