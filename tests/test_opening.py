"""Opening a journal: only a regular file is ever opened, and what attach finds is left as it was
unless it is safe and needed to change it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest


def _run(args: list[str], db: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "ATTACH_DB": str(db), **kwargs.pop("env", {})}
    # The timeout only stops a hang from stalling the suite; a working attach answers at once.
    return subprocess.run(
        [sys.executable, "-m", "attachjournal", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=30,
        **kwargs,
    )


COMMANDS = [
    ["reflect", "--no-input", "-a", "resourced=3"],
    ["log"],
    ["doctor"],
    ["backup"],
    ["encrypt"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_a_fifo_as_the_journal_is_refused_in_one_line_without_hanging(tmp_path, args):
    fifo = tmp_path / "journal.db"
    os.mkfifo(fifo, 0o600)
    try:
        result = _run(args, fifo)
    except subprocess.TimeoutExpired:
        pytest.fail(f"attach {args[0]} hung on a FIFO")
    assert result.returncode == 1, result.stderr
    # doctor shows it in its report; every other command says it as its one error line
    said = " ".join((result.stdout + result.stderr).split())
    assert "is a named pipe (FIFO), not a journal file" in said, said
    assert "Traceback" not in result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.fixture
def char_device(tmp_path) -> Path:
    node = tmp_path / "journal.db"
    try:
        # Our own node for the null device (major 1, minor 3), so nothing system-wide is at risk.
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    os.chmod(node, 0o666)
    return node


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_a_device_as_the_journal_is_refused_and_never_chmoded(
    attach, monkeypatch, char_device, args
):
    monkeypatch.setenv("ATTACH_DB", str(char_device))
    result = attach(*args)
    assert result.exit_code == 1, result.output
    assert "is a device, not a journal file" in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert stat.S_IMODE(os.stat(char_device).st_mode) == 0o666
