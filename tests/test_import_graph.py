"""The architecture tests read imports right: checked on a small package made for the purpose."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from import_graph import SourceTree, patched_modules

FILES = {
    "__init__.py": "",
    "storage/__init__.py": """
        from typing import TYPE_CHECKING

        _EXPORTS = {"open_journal": ("store", "open_journal")}
        __all__ = ["open_journal"]

        if not TYPE_CHECKING:
            def __getattr__(name):
                import importlib

                return importlib.import_module(f"{__name__}.store")

        else:
            from kit.storage.store import open_journal
        """,
    "storage/store.py": """
        import sqlite3

        from kit.core import words


        def open_journal():
            return sqlite3, words
        """,
    "core/__init__.py": "",
    "core/words.py": """
        from __future__ import annotations

        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from kit.storage import open_journal


        def spoken():
            from . import tally

            return tally
        """,
    "core/tally.py": "from kit.core.words import spoken\n",
    "cli/__init__.py": "",
    "cli/show.py": """
        from kit import storage
        from ..storage.store import open_journal as raw


        def main():
            return storage.open_journal(), raw
        """,
    "cli/save.py": "from kit.storage import open_journal\n",
}


@pytest.fixture
def tree(tmp_path: Path) -> SourceTree:
    for name, text in FILES.items():
        path = tmp_path / "kit" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return SourceTree(tmp_path / "kit")


def _targets(tree: SourceTree, module: str) -> dict[str, bool]:
    return {found.target: found.type_only for found in tree.imports_of(module)}


def test_modules_are_named_by_their_dotted_path(tree):
    assert set(tree.modules) == {
        "kit",
        "kit.storage",
        "kit.storage.store",
        "kit.core",
        "kit.core.words",
        "kit.core.tally",
        "kit.cli",
        "kit.cli.show",
        "kit.cli.save",
    }


def test_relative_and_in_function_imports_resolve_to_modules(tree):
    assert _targets(tree, "kit.cli.show") == {"kit.storage": False, "kit.storage.store": False}
    assert _targets(tree, "kit.core.words")["kit.core.tally"] is False


def test_imports_for_the_type_checker_are_marked(tree):
    assert _targets(tree, "kit.core.words")["kit.storage"] is True
    assert _targets(tree, "kit.storage")["kit.storage.store"] is True
    assert "kit.storage" not in tree.runtime_graph["kit.core.words"]


def test_a_name_from_the_door_leads_to_the_module_that_defines_it(tree):
    assert set(tree.runtime_graph["kit.cli.save"]) == {"kit.storage", "kit.storage.store"}
    # `storage.open_journal` after `from kit import storage`
    assert "kit.storage.store" in tree.runtime_graph["kit.cli.show"]
    # The door's lazy loading is not an import of its own.
    assert tree.runtime_graph["kit.storage"] == {}


def test_circles_count_imports_inside_functions(tree):
    assert tree.circles() == [("kit.core.tally", "kit.core.words")]
    way = tree.one_circle(("kit.core.tally", "kit.core.words"))
    assert [step.importer for step in way] == ["kit.core.tally", "kit.core.words"]
    assert way[1].statement == "from . import tally"


def test_what_a_module_loads_through_others(tree):
    ways = tree.ways_out("kit.cli.save", lambda module: module.startswith("kit.core"))
    assert set(ways) == {"kit.core.words", "kit.core.tally"}
    assert [step.importer for step in ways["kit.core.words"]] == [
        "kit.cli.save",
        "kit.storage.store",
    ]


def test_the_door_is_read_three_ways(tree):
    assert tree.door_table == {"open_journal": "kit.storage.store.open_journal"}
    assert tree.door_declared() == (
        {"open_journal"},
        {"open_journal": "kit.storage.store.open_journal"},
    )


def test_patching_our_modules_is_found(tmp_path):
    test = tmp_path / "test_x.py"
    test.write_text(
        dedent("""
        import getpass
        from kit.storage import store
        import kit.core.words as words

        def test_a(monkeypatch):
            monkeypatch.setattr(store, "LIMIT", 1)
            monkeypatch.setattr("kit.core.tally.spoken", None)
            monkeypatch.setattr(getpass, "getpass", None)
            monkeypatch.delattr(words, "spoken")
        """),
        encoding="utf-8",
    )
    assert sorted(patched_modules(test, "kit")) == [
        ("kit.core.tally.spoken", 8),
        ("kit.core.words.spoken", 10),
        ("kit.storage.store.LIMIT", 7),
    ]
