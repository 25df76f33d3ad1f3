"""Opening a journal: only a regular file is ever opened, and what attach finds is left as it was
unless it is safe and needed to change it."""

from __future__ import annotations

import json
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


def _without_root_override() -> None:
    """Root ignores file modes; drop that power so a 0400 file is read-only for real."""
    import ctypes

    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _side_files_left_read_only(attach, db_path: Path) -> None:
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    os.chmod(db_path, 0o400)
    # Reading while it is read-only leaves -wal and -shm read-only behind it.
    looked = _run(["log"], db_path, preexec_fn=_without_root_override)
    assert looked.returncode == 0, looked.stderr
    assert stat.S_IMODE(os.stat(f"{db_path}-shm").st_mode) == 0o400
    os.chmod(db_path, 0o600)


def test_saves_work_again_once_a_read_only_journal_is_writable(attach, db_path):
    _side_files_left_read_only(attach, db_path)
    saved = _run(
        ["reflect", "--no-input", "-a", "resourced=2"], db_path, preexec_fn=_without_root_override
    )
    assert saved.returncode == 0, saved.stderr
    assert "Saved check-in #2" in saved.stdout


def test_doctor_names_a_side_file_saves_cannot_write_and_the_fix(attach, db_path):
    _side_files_left_read_only(attach, db_path)
    shm = Path(f"{db_path}-shm")
    # Without root's override, as the journal's owner sees it (root could write any file).
    result = _run(["doctor", "--json"], db_path, preexec_fn=_without_root_override)
    data = json.loads(result.stdout)
    assert str(shm) in data["side_files_not_writable"]
    _side_files_left_read_only(attach, db_path)
    result = _run(["doctor"], db_path, preexec_fn=_without_root_override)
    said = " ".join(result.stdout.split())
    assert "The shared memory (0400) is not writable, so saves fail as read-only" in said
    assert f"chmod 600 {shm}" in said


@pytest.mark.parametrize("args", [["encrypt"], ["decrypt"], ["backup"], ["restore", "BACKUP"]])
def test_run_as_another_user_the_safekeeping_commands_refuse_and_leave_no_files(
    attach, db_path, monkeypatch, tmp_path, args
):
    if os.geteuid() != 0:
        pytest.skip("giving the journal to another user needs root")
    monkeypatch.setenv("ATTACH_PASSPHRASE", "Sesame-7f3a-tulip")
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    made = attach("backup", str(tmp_path / "elsewhere"))
    assert made.exit_code == 0, made.output
    backup = next((tmp_path / "elsewhere").iterdir())
    for path in (db_path.parent, db_path):
        os.chown(path, 65534, 65534)  # the journal's owner is now "nobody"; we are root
    before = (db_path.read_bytes(), sorted(p.name for p in db_path.parent.iterdir()))
    result = attach(*[str(backup) if a == "BACKUP" else a for a in args])
    assert result.exit_code == 1, result.output
    said = " ".join(result.stderr.split())
    assert "This journal belongs to" in said and "running as root" in said, said
    assert "nothing was changed" in said
    assert (db_path.read_bytes(), sorted(p.name for p in db_path.parent.iterdir())) == before
    assert all(p.stat().st_uid == 65534 for p in db_path.parent.iterdir())
