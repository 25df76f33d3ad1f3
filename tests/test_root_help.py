"""`attach --help` and `attach -h` print the app's help as stored (cli/root_help.json) without
loading Typer: byte for byte what the Typer app prints, at every width, with its exit code."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from typer.main import get_command

import attachjournal
from attachjournal.cli import root_help
from attachjournal.cli.app import app

AGAIN = "a command or a root option changed: python -m attachjournal.cli.root_help"
# The program as installed (cli/entry.py), and the Typer app alone, both named `attach` as the
# console script names them (click takes the usage line's name from argv[0]).
ENTRY = "import sys; from attachjournal.cli.entry import main; sys.argv[0] = 'attach'; main()"
TYPER = "import sys; from attachjournal.cli.app import app; sys.argv[0] = 'attach'; app()"


def _run(code: str, args: list[str], columns: str | None, **env: str) -> tuple[bytes, int]:
    clean = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    if columns is not None:
        clean["COLUMNS"] = columns
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        env={**clean, **env},
        capture_output=True,
        timeout=60,
    )
    assert proc.stderr == b"", proc.stderr
    return proc.stdout, proc.returncode


# ------------------------------------------------------------------------------ the table


def test_the_stored_help_is_the_apps_own():
    built = root_help.build()
    assert root_help.stored() == root_help.render(built), AGAIN


def test_a_new_command_without_writing_the_table_again_fails_the_check():
    group = get_command(app)  # a click group made afresh: the app itself is left as it is
    group.add_command(get_command(app).get_command(None, "log"), "sit-with")
    built = root_help.build(group)
    assert root_help.stored() != root_help.render(built)
    assert all("sit-with" in text for text in built["texts"])


def test_the_table_holds_every_width_click_can_wrap_at():
    table = json.loads(root_help.stored())
    # max(min(columns, 80) - 2, 50): 1 to 52 columns give 50, 80 and more give 78.
    assert sorted(map(int, table["widths"])) == list(range(50, 79))
    assert table["exit_code"] == 0
    assert len(root_help.stored().encode()) < 150_000  # small enough to keep whole


# ---------------------------------------------------------------------- byte for byte


@pytest.mark.parametrize("columns", ["40", "50", "60", "79", "80", "81", "100", "200", None])
def test_the_stored_help_is_what_typer_prints(columns):
    for option in ("--help", "-h"):
        fast = _run(ENTRY, [option], columns)
        assert fast == _run(TYPER, [option], columns), (columns, option)
        assert fast[0].startswith(b"Usage: attach [OPTIONS] COMMAND") and fast[1] == 0


@pytest.mark.parametrize("columns", ["100", "0", "-3", "wide", ""])
def test_the_width_is_the_one_shutil_reports(monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    expected = max(min(shutil.get_terminal_size().columns, 80) - 2, 50)
    assert root_help.formatter_width() == expected


def test_the_width_without_columns_is_the_one_shutil_reports(monkeypatch):
    monkeypatch.delenv("COLUMNS")
    expected = max(min(shutil.get_terminal_size().columns, 80) - 2, 50)
    assert root_help.formatter_width() == expected


@pytest.mark.slow
def test_in_a_real_terminal_the_width_is_the_terminals():
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    shown = []
    for code in (ENTRY, TYPER):
        # 64 columns: click wraps at 62.
        child = pexpect.spawn(
            sys.executable, ["-c", code, "--help"], env=env, dimensions=(40, 64), timeout=30
        )
        shown.append(child.read())
        child.close()
        assert child.exitstatus == 0
    assert shown[0] == shown[1]
    longest = max(len(line) for line in shown[0].decode().splitlines())
    assert 55 <= longest <= 62


def test_a_reader_that_leaves_early_ends_it_as_typer_does():
    # `attach --help | true`, with the reader surely gone first: Typer exits 1, quietly.
    for code in (ENTRY, TYPER):
        read, write = os.pipe()
        os.close(read)
        proc = subprocess.run(
            [sys.executable, "-c", code, "--help"], stdout=write, stderr=subprocess.PIPE
        )
        os.close(write)
        assert (proc.returncode, proc.stderr) == (1, b""), code


def test_without_a_stdout_it_ends_as_typer_does():
    # `attach --help >&-`: Python has no stdout; Typer prints nothing and exits 0.
    for code in (ENTRY, TYPER):
        closed = subprocess.run(
            f'{sys.executable} -c "{code}" --help >&-',
            shell=True,
            capture_output=True,
            timeout=60,
        )
        assert (closed.returncode, closed.stderr) == (0, b""), code


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_one_line_not_a_traceback():
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-c", ENTRY, "--help"], stdout=full, stderr=subprocess.PIPE
        )
    assert proc.returncode == 1
    (line,) = proc.stderr.decode().splitlines()  # where Typer would print a traceback
    assert line.startswith("✗ Could not print the help: ") and line.endswith(".")


# ---------------------------------------------------------------------- what it loads

PROBE = """
import sys
from attachjournal.cli.entry import main
sys.argv = ["attach", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    code = exit.code
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"typer", "click", "rich", "shutil"})
print("@@", code, loaded, file=sys.stderr)
"""


@pytest.mark.parametrize("option", ["--help", "-h"])
def test_the_help_loads_neither_typer_nor_rich(option):
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, option], capture_output=True, text=True, timeout=60
    )
    assert proc.stderr.rsplit("@@", 1)[1].split() == ["0", "[]"], proc.stderr


@pytest.mark.parametrize("args", [["--help", "log"], ["log", "--help"], ["--version"], []])
def test_anything_else_goes_to_typer(args):
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60
    )
    assert "'typer'" in proc.stderr.rsplit("@@", 1)[1], proc.stderr


def _copy_of_the_package(tmp_path: Path) -> Path:
    """A copy of attachjournal to spoil the table of; its folder goes first on PYTHONPATH."""
    copy = tmp_path / "attachjournal"
    shutil.copytree(
        Path(attachjournal.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__")
    )
    return copy / "cli" / "root_help.json"


def _run_copy(tmp_path: Path, **env: str) -> tuple[bytes, int]:
    where = "import attachjournal, sys; print(attachjournal.__file__, file=sys.stderr); "
    proc = subprocess.run(
        [sys.executable, "-c", where + ENTRY, "--help"],
        env={**os.environ, "COLUMNS": "70", "PYTHONPATH": str(tmp_path), **env},
        capture_output=True,
        timeout=60,
    )
    assert str(tmp_path / "attachjournal") in proc.stderr.decode()  # the copy ran
    return proc.stdout, proc.returncode


def test_without_the_stored_help_typer_answers(tmp_path: Path):
    table = _copy_of_the_package(tmp_path)
    expected = _run(TYPER, ["--help"], "70")
    table.unlink()
    assert _run_copy(tmp_path) == expected
    table.write_text("{not json", encoding="utf-8")
    assert _run_copy(tmp_path) == expected
    table.write_text('{"texts": ["Usage"], "widths": {}, "exit_code": 0}', encoding="utf-8")
    assert _run_copy(tmp_path) == expected  # no text for this width (68)


def test_a_help_an_ascii_stdout_cannot_take_is_left_to_typer(tmp_path: Path):
    # Click re-encodes for such a stdout; a stored text with a dash it cannot take is left
    # to Typer there, and printed as stored everywhere else.
    table = _copy_of_the_package(tmp_path)
    widths = {str(width): 0 for width in range(50, 79)}
    stored = {"texts": ["Usage: attach \u2014 stored\n"], "widths": widths, "exit_code": 0}
    table.write_text(json.dumps(stored), encoding="utf-8")
    assert _run_copy(tmp_path, PYTHONIOENCODING="utf-8") == (
        "Usage: attach \u2014 stored\n".encode(),
        0,
    )
    assert _run_copy(tmp_path, PYTHONIOENCODING="ascii") == _run(TYPER, ["--help"], "70")
