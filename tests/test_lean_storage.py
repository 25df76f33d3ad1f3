"""The local journal runs on the standard library's sqlite3: no daily command imports
SQLAlchemy, SQLModel or pydantic, and only the storage package talks to a database driver."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import attachjournal

ORM = ("sqlalchemy", "sqlmodel", "pydantic")
DRIVERS = ("sqlite3", "sqlcipher3", "sqlalchemy", "sqlmodel")
PACKAGE = Path(attachjournal.__file__).parent

PROBE = """
import json, sys
from attachjournal.cli.entry import main
wanted = set(json.loads(sys.argv[2]))
sys.argv = ["attach", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
loaded = sorted({m.split(".")[0] for m in sys.modules} & wanted)
print("@@" + json.dumps({"orm": loaded, "sqlite3": "sqlite3" in sys.modules}), file=sys.stderr)
"""


def _probe(args: list[str], stdin: str = "", wanted: tuple[str, ...] = ORM) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(wanted)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "@@" in proc.stderr, proc.stderr
    return json.loads(proc.stderr.rsplit("@@", 1)[1])


DAILY = [
    ["review"],
    ["review", "--json"],
    ["log"],
    ["show", "1"],
    ["search", "fjord"],
    ["patterns"],
    ["export", "--format", "json"],
    ["reflect", "--no-input", "-a", "resourced=3"],
    ["repair", "--new", "--no-input", "-a", "who=Maya", "-a", "intensity=2"],
    ["repair", "--no-input"],
]


@pytest.mark.parametrize("args", DAILY, ids=" ".join)
def test_daily_commands_load_neither_sqlalchemy_nor_typer(attach, args):
    """The everyday commands read the file with sqlite3 and run from their own declarations
    (cli/fast.py), never through SQLAlchemy or Typer's app."""
    assert attach("people", "add", "Maya").exit_code == 0
    assert attach("reflect", "--no-input", "-a", "resourced=2", "-a", "note=fjord").exit_code == 0
    report = _probe(args, wanted=(*ORM, "typer"))
    assert report["sqlite3"], report  # the journal was really opened
    assert report["orm"] == [], report


@pytest.mark.parametrize(
    "args", [["review", "--json"], ["log", "--json"], ["show", "1", "--json"]], ids=" ".join
)
def test_json_for_scripts_never_loads_rich(attach, args):
    # A script reading JSON pays for no terminal drawing library.
    assert attach("reflect", "--no-input", "-a", "resourced=2").exit_code == 0
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(["rich"])],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(proc.stdout), proc.stderr  # the JSON itself came out
    report = json.loads(proc.stderr.rsplit("@@", 1)[1])
    assert report["orm"] == [], report


def test_help_imports_no_driver_at_all():
    report = _probe(["--help"])
    assert report == {"orm": [], "sqlite3": False}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_only_storage_imports_a_database_driver():
    outside = {
        str(path.relative_to(PACKAGE)): sorted(_imports(path) & set(DRIVERS))
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] != "storage"
    }
    assert {name: found for name, found in outside.items() if found} == {}


def test_only_the_schema_module_imports_sqlalchemy_or_sqlmodel():
    """The typed schema (models.py) is SQLModel's job; nothing else in storage needs it."""
    users = sorted(
        path.name
        for path in (PACKAGE / "storage").rglob("*.py")
        if _imports(path) & {"sqlalchemy", "sqlmodel"}
    )
    assert users == ["models.py"]


def _storage_imports(path: Path) -> set[str]:
    """The storage modules a module imports, also inside functions (not for type checking)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(sub)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for sub in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only or not isinstance(node, ast.ImportFrom) or not node.module:
            continue
        if node.module == "attachjournal.storage":
            found |= {alias.name for alias in node.names}
        elif node.module.startswith("attachjournal.storage."):
            found.add(node.module.split(".")[2])
    return found - {path.stem}


def test_no_import_circle_inside_storage():
    modules = {path.stem: path for path in (PACKAGE / "storage").glob("*.py")}
    graph = {name: _storage_imports(path) & set(modules) for name, path in modules.items()}
    circles = []

    def walk(name: str, trail: list[str]) -> None:
        for nxt in sorted(graph[name]):
            if nxt in trail:
                circles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif len(trail) < len(graph):
                walk(nxt, [*trail, nxt])

    for name in sorted(graph):
        walk(name, [name])
    assert circles == []


def test_every_storage_module_is_small():
    sizes = {
        path.name: len(path.read_text(encoding="utf-8").splitlines())
        for path in (PACKAGE / "storage").glob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n >= 400} == {}


@pytest.mark.parametrize(
    "args",
    [
        ["reflect", "--no-input", "-a", "resourced=3", "-a", "note=a quiet evening"],
        ["repair", "--new", "--no-input", "-a", "who=Maya", "-a", "intensity=2"],
    ],
    ids=" ".join,
)
def test_a_scripted_save_to_a_pipe_loads_no_drawing_library(attach, args):
    # Saving from a script ends with one plain line; Rich would write the same characters
    # to a pipe, so it is not loaded for them (views/lines.py), nor platformdirs, nor OpenSSL.
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    assert attach("reflect", "--no-input", "-a", "resourced=2").exit_code == 0
    wanted = ["rich", "platformdirs", "_hashlib", "uuid"]
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(wanted)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stdout.startswith("✓ Saved "), proc.stdout + proc.stderr
    assert "\x1b" not in proc.stdout
    report = json.loads(proc.stderr.rsplit("@@", 1)[1])
    assert report["orm"] == [], report


def test_colour_asked_for_on_a_pipe_is_drawn_by_rich(attach):
    # FORCE_COLOR means "draw as for a terminal": the saved line then comes through Rich.
    env = {**os.environ, "FORCE_COLOR": "1"}
    env.pop("NO_COLOR", None)
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(["reflect", "--no-input", "-a", "resourced=3"]),
         json.dumps(["rich"])],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )  # fmt: skip
    assert "\x1b[" in proc.stdout and "Saved check-in #1" in proc.stdout, proc.stdout
    report = json.loads(proc.stderr.rsplit("@@", 1)[1])
    assert report["orm"] == ["rich"], report
