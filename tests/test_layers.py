"""The layers hold: the core imports no storage, views, Rich or Typer (not even for a type
hint), and the HTML pages and the export formats draw text without loading Rich."""

from __future__ import annotations

import ast
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
