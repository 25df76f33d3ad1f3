"""The layers hold: the core imports no storage, views, Rich or Typer (not even for a type
hint), and the HTML pages and the export formats draw text without loading Rich."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import attachjournal

PACKAGE = Path(attachjournal.__file__).parent


def _imports(path: Path, *, names: bool = True) -> set[str]:
    """Every module a file imports, wherever the import sits (functions and TYPE_CHECKING too);
    with names, also `package.name` for each name taken from a package (it may be a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if names:
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _reaches(module: str, banned: tuple[str, ...]) -> bool:
    return any(module == b or module.startswith(b + ".") for b in banned)


def test_the_core_imports_no_storage_views_cli_rich_or_typer():
    banned = (
        "rich",
        "typer",
        "click",
        "sqlite3",
        "sqlalchemy",
        "sqlmodel",
        "questionary",
        "attachjournal.storage",
        "attachjournal.views",
        "attachjournal.cli",
        "attachjournal.usecases",
        "attachjournal.formats",
    )
    crossing = {
        f"{path.relative_to(PACKAGE)}: {module}"
        for path in sorted((PACKAGE / "core").rglob("*.py"))
        for module in _imports(path)
        if _reaches(module, banned)
    }
    assert not crossing


def test_views_and_formats_reach_storage_only_through_its_door():
    # `from attachjournal.storage import Checkup` is the door; `storage.store` is not.
    banned = (
        "attachjournal.storage.",
        "attachjournal.cli",
        "attachjournal.usecases",
        "typer",
        "questionary",
        "sqlalchemy",
        "sqlmodel",
        "sqlite3",
    )
    crossing = {
        f"{path.relative_to(PACKAGE)}: {module}"
        for folder in ("views", "formats")
        for path in sorted((PACKAGE / folder).rglob("*.py"))
        for module in _imports(path, names=False)
        if module.startswith(banned[0]) or _reaches(module, banned[1:])
    }
    assert not crossing


# A week with a check-in, a rupture and its repair, drawn as both pages and every export
# format, in a fresh interpreter that then reports whether Rich was loaded.
NO_RICH_PROBE = """
import sys
from datetime import date, datetime, timezone
from attachjournal.core import patterns, prompts, review
from attachjournal.core.records import AnswerRecord, EntryRecord
from attachjournal.formats import export_formats
from attachjournal.views.html_patterns import patterns_page
from attachjournal.views.html_review import review_page

def entry(i, kind, day, rupture_id=None, **answers):
    at = datetime(2026, 11, day, 18, tzinfo=timezone.utc)
    kinds = {int: "scale", str: "text", list: "multi"}
    return EntryRecord(i, f"u{i}", kind, at, at, None, 1, "Maya", rupture_id, False,
        tuple(AnswerRecord(k, k, kinds[type(v)], v) for k, v in answers.items()))

shipped = prompts.load()
checkin = entry(1, "reflect", 17, resourced=2, mood=3, note="tired")
rupture = entry(2, "rupture", 18, intensity=4, what="shouted", context=["rushing"])
repair = entry(3, "repair", 18, rupture_id=2, connected=4, moves=["named_it"])
now = datetime(2026, 11, 23, 9, tzinfo=timezone.utc)
week = review.Period(date(2026, 11, 17), date(2026, 11, 23))
data = review.ReviewData(checkins=(checkin,), ruptures=(rupture,), repairs={2: repair},
    roles={"Maya": "child"})
assert "Maya" in review_page(review.summarize(week, data, now=now, prompts=shipped), shipped)
found = patterns.summarize(week, patterns.PatternsData(data.checkins, data.ruptures,
    data.repairs), now=now)
assert "<html" in patterns_page(found, shipped)
document = {"format": "attachjournal-export", "format_version": 1, "schema_version": 3,
    "people": [{"key": "p1", "name": "Maya", "role": "child", "born": None,
                "created_at": "2026-11-01T00:00:00+00:00"}],
    "entries": [{"uid": "u2", "kind": "rupture", "at": "2026-11-18T18:00:00+00:00",
                 "created_at": "2026-11-18T18:00:00+00:00", "updated_at": None,
                 "person": "p1", "rupture": None, "no_repair_needed": False,
                 "answers": [{"id": "what", "question": "What happened?", "kind": "text",
                              "value": "shouted"}]}]}
for fmt in export_formats.FORMATS:
    assert export_formats.render(document, fmt, shipped)
print("rich" in sys.modules)
"""


def test_the_html_pages_and_the_export_formats_do_not_load_rich():
    proc = subprocess.run(
        [sys.executable, "-c", NO_RICH_PROBE], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().lower()) is False


def test_the_core_views_and_formats_never_read_the_clock():
    # Time is passed in (now=, today=): a review of last week reads the same at any hour.
    reads = ("datetime.now(", "date.today(", "time.time(", "datetime.utcnow(")
    found = {
        f"{path.relative_to(PACKAGE)}: {read}"
        for folder in ("core", "views", "formats")
        for path in sorted((PACKAGE / folder).rglob("*.py"))
        for read in reads
        if read in path.read_text(encoding="utf-8")
    }
    assert not found


def test_no_module_of_the_core_views_or_formats_runs_over_400_lines():
    long = {
        f"{path.relative_to(PACKAGE)}: {lines}"
        for folder in ("core", "views", "formats")
        for path in sorted((PACKAGE / folder).rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not long
