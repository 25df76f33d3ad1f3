"""The everyday commands are read twice: by Typer (the whole command line, help and errors)
and by cli/fast.py (without loading Typer). Both read the same declarations; these tests hold
them to the same answers: whatever the fast path accepts, Typer accepts too and hands the
command exactly the same values; whatever Typer refuses, the fast path leaves to Typer."""

from __future__ import annotations

import contextlib
import inspect
import io
from collections.abc import Callable
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attachjournal.cli import fast, root
from attachjournal.cli.declare import Declared, Option
from attachjournal.cli.typer_bridge import Commands


def _command(name: str) -> Callable[..., Any]:
    return fast._load(*fast.COMMANDS[name])


class TyperReading:
    """A Typer app with the same root options and command signature, recording the values
    Typer hands over instead of running anything."""

    def __init__(self, name: str) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        app = Commands(add_completion=False)
        app.callback()(self._recorder("root", root.root))
        app.command(name)(self._recorder(name, _command(name)))
        self.click = typer.main.get_command(app)

    def _recorder(self, label: str, func: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(func, eval_str=True)
        kept = [p for p in signature.parameters.values() if p.kind != p.KEYWORD_ONLY]

        def record(**values: Any) -> None:
            self.calls.append((label, values))

        record.__signature__ = signature.replace(parameters=kept)  # type: ignore[attr-defined]
        record.__doc__ = func.__doc__
        return record

    def read(self, argv: list[str]) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """(root values, command values), or None when Typer refuses or only shows help."""
        self.calls.clear()
        quiet = io.StringIO()
        try:
            with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
                self.click.main(args=argv, prog_name="attach", standalone_mode=False)
        except (typer.Exit, SystemExit, Exception):
            return None
        found = dict(self.calls)
        if set(found) != {"root", argv_command(argv)}:
            return None  # help was shown
        return found["root"], found[argv_command(argv)]


def argv_command(argv: list[str]) -> str:
    return next(token for token in argv if token in fast.COMMANDS)


def _option_names(func: Callable[..., Any]) -> list[str]:
    names = []
    for parameter in inspect.signature(func).parameters.values():
        for extra in getattr(parameter.annotation, "__metadata__", ()):
            if isinstance(extra, Declared) and isinstance(extra, Option):
                names.extend(extra.names)
    return names


def _tokens(name: str, places: Any) -> st.SearchStrategy[list[str]]:
    options = _option_names(_command(name))
    values = [
        "3",
        "0",
        "-1",
        "07",
        " 4",
        "x",
        "",
        "a=b",
        "resourced=2",
        "Maya",
        "2026-W47",
        "all",
        "json",
        "markdown",
        "ruptures",
        "-",
        "--",
        "-h",
        "--help",
        "--json",
        "--nonsense",
        "-z",
        str(places["folder"]),
        str(places["file"]),
        str(places["missing"]),
    ]
    glued = [f"{o}={v}" for o in options if o.startswith("--") for v in ("2", "x")]
    glued += [f"{o}{v}" for o in options if len(o) == 2 for v in ("5", "0", "x")]
    chunk = st.one_of(
        st.tuples(st.sampled_from(options), st.sampled_from(values)).map(list),  # --opt value
        st.sampled_from(options + glued).map(lambda token: [token]),  # --flag, --opt=value
        st.sampled_from(values).map(lambda token: [token]),  # anything, anywhere
    )
    return st.lists(chunk, max_size=4).map(lambda chunks: [t for c in chunks for t in c])


@st.composite
def _command_lines(draw: Any, name: str, places: Any) -> list[str]:
    """Tokens after the command's name, often with one positional word somewhere in them."""
    tokens = draw(_tokens(name, places))
    if draw(st.booleans()):
        word = draw(st.sampled_from(["7", "12", "bedtime", "x y"]))
        tokens.insert(draw(st.integers(0, len(tokens))), word)
    return tokens


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("places")
    (base / "file.txt").write_text("x\n")
    (base / "folder").mkdir()
    return {"folder": base / "folder", "file": base / "file.txt", "missing": base / "nope.html"}


@pytest.mark.parametrize("name", sorted(fast.COMMANDS))
def test_whatever_the_fast_path_reads_typer_reads_the_same(name, places):
    typer_reading = TyperReading(name)
    compared = []

    @settings(
        max_examples=500,
        derandomize=True,  # the same command lines every run: the count below cannot flicker
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        before=st.lists(
            st.sampled_from(["--passphrase-file", "pw.txt", "--version", "-h"]), max_size=2
        ),
        after=_command_lines(name, places),
    )
    def check(before: list[str], after: list[str]) -> None:
        argv = [*before, name, *after]
        try:
            parsed = fast.parse(argv)
        except fast.NotHere:
            return  # Typer reads it: nothing to compare
        except SystemExit:
            # --version answered while reading; Typer answers it the same way
            assert typer_reading.read(argv) is None
            return
        assert typer_reading.read(argv) == (parsed.root_values, parsed.values), argv
        compared.append(argv)

    check()
    # Enough command lines were read by both for the comparison to mean something.
    assert len(compared) >= 10, compared


EVERYDAY = [
    ["review"],
    ["review", "--json"],
    ["review", "--week", "2026-W47"],
    ["review", "--since", "2026-11-01", "--until", "2026-11-20"],
    ["log"],
    ["log", "-n", "5", "--kind", "ruptures"],
    ["log", "--who", "Maya", "--json"],
    ["show", "12"],
    ["show", "12", "--json"],
    ["search", "bedtime"],
    ["search", "bedtime", "--since", "7d ago", "-n3"],
    ["patterns"],
    ["patterns", "--since", "all", "--json"],
    ["export", "--format", "json"],
    ["reflect"],
    ["reflect", "--quick"],
    ["reflect", "--no-input", "-a", "resourced=3", "-a", "feelings=tired,calm"],
    ["repair", "--new", "--no-input", "-a", "who=Maya", "-a", "intensity=2"],
    ["--passphrase-file", "pw.txt", "review"],
    ["log", "--db", "EXISTING_FILE"],  # a journal that exists: read as Typer would
    ["review", "--html", "EXISTING_FILE"],
]


@pytest.mark.parametrize("argv", EVERYDAY, ids=" ".join)
def test_the_everyday_command_lines_take_the_fast_path_and_mean_the_same(argv, places):
    argv = [str(places["file"]) if token == "EXISTING_FILE" else token for token in argv]
    parsed = fast.parse(argv)  # raises if the fast path would leave it to Typer
    assert TyperReading(argv_command(argv)).read(argv) == (parsed.root_values, parsed.values)


@pytest.mark.parametrize(
    "argv",
    [
        ["review", "--help"],
        ["log", "-n", "0"],  # Typer explains the range
        ["show"],  # Typer says which argument is missing
        ["show", "twelve"],
        ["log", "--kind"],
        ["review", "--wek", "47"],
        ["people", "list"],  # not an everyday command
        ["--version"],
        ["review", "--html", "FOLDER"],  # a page can't be a folder: Typer says so
        [],
    ],
    ids=lambda argv: " ".join(argv) or "nothing",
)
def test_help_errors_and_other_commands_are_left_to_typer(argv, places):
    argv = [str(places["folder"]) if token == "FOLDER" else token for token in argv]
    with pytest.raises((fast.NotHere, SystemExit)):
        fast.parse(argv)


def test_the_passphrase_file_comes_from_the_environment_as_typer_takes_it(monkeypatch, tmp_path):
    monkeypatch.setenv("ATTACH_PASSPHRASE_FILE", str(tmp_path / "pw.txt"))
    parsed = fast.parse(["review"])
    assert parsed.root_values["passphrase_file"] == tmp_path / "pw.txt"
    assert TyperReading("review").read(["review"]) == (parsed.root_values, parsed.values)


def test_version_to_a_reader_already_gone_ends_quietly_as_typer_does():
    import os
    import subprocess
    import sys
    from pathlib import Path

    attach = Path(sys.executable).with_name("attach")
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before anything is written
    try:
        done = subprocess.run(
            [str(attach), "--version"], stdout=write_end, stderr=subprocess.PIPE, timeout=60
        )
    finally:
        os.close(write_end)
    assert done.returncode == 1 and done.stderr == b""


def test_the_program_knows_which_command_lines_may_take_the_fast_path():
    # entry.py skips loading the fast path for a command line naming none of its commands
    # (--help, config, doctor): the two lists must name the same commands.
    from attachjournal.cli import entry

    assert set(fast.COMMANDS) == entry.FAST
