"""The layers, as rules a test holds: who may import what, no circles, no module over 400 lines,
and tests that pass parameters instead of patching the package's modules.

Read bottom-up: core (pure) < storage (behind one door) < formats and views < usecases < cli.
Every import counts, inside functions and under `if TYPE_CHECKING:` too; only the circle rule
leaves out type-only imports, since they never run.

Each rule has a KNOWN_TODAY list holding exactly the violations the tree has now, so a rule
fails on any new one; and a known violation that is gone must leave its list (a stale entry
fails too), so the lists only shrink.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from import_graph import Import, SourceTree, is_within, patched_modules

PACKAGE = "attachjournal"
TESTS = Path(__file__).resolve().parent
TREE = SourceTree(TESTS.parent / "src" / PACKAGE)

# ---- the violations the tree has today: (importing module, what it imports) ---------------

KNOWN_TODAY: dict[str, set] = {
    "drivers_only_in_storage": set(),
    "storage_only_through_its_door": set(),
    "core_is_pure": set(),
    "storage_knows_no_outer_layer": set(),
    "usecases_know_no_terminal": set(),
    "views_and_formats_know_no_commands": set(),
    # errors, paths and settings sit below everything (the core reads settings)
    "base_modules_stand_alone": set(),
    # (module, the module that imports Rich which it loads at run time)
    "exports_and_pages_load_no_rich": set(),
    # each circle as the sorted group of modules that import each other round it
    "no_import_circles": set(),
    # (test file, what it patches): a test passes a parameter instead of patching our modules
    "tests_pass_parameters": set(),
    # modules over MAX_LINES
    "modules_are_short": set(),
}

MAX_LINES = 400
DRIVERS = {"sqlite3", "sqlcipher3", "sqlalchemy", "sqlmodel", "psycopg", "psycopg2"}
TERMINAL = {"rich", "typer", "questionary", "prompt_toolkit"}
PROMPTING = {"typer", "questionary", "prompt_toolkit"}
BASE = {f"{PACKAGE}.errors", f"{PACKAGE}.paths", f"{PACKAGE}.settings"}


def _layer(name: str) -> str:
    return f"{PACKAGE}.{name}"


def _imports_any(found: Import, layers: tuple[str, ...]) -> bool:
    return any(is_within(found.target, _layer(layer)) for layer in layers)


# ---- the import rules: (who is bound, what it may not import) -----------------------------

Rule = tuple[Callable[[str], bool], Callable[[Import], bool]]

IMPORT_RULES: dict[str, Rule] = {
    "drivers_only_in_storage": (
        lambda module: not is_within(module, _layer("storage")),
        lambda found: found.top in DRIVERS,
    ),
    "storage_only_through_its_door": (
        lambda module: not is_within(module, _layer("storage")),
        lambda found: found.target.startswith(_layer("storage") + "."),
    ),
    "core_is_pure": (
        lambda module: is_within(module, _layer("core")),
        lambda found: (
            found.top in TERMINAL
            or _imports_any(found, ("storage", "views", "cli", "usecases", "formats"))
        ),
    ),
    "storage_knows_no_outer_layer": (
        lambda module: is_within(module, _layer("storage")),
        lambda found: (
            found.top in TERMINAL or _imports_any(found, ("views", "cli", "usecases", "formats"))
        ),
    ),
    "usecases_know_no_terminal": (
        lambda module: is_within(module, _layer("usecases")),
        lambda found: found.top in TERMINAL or _imports_any(found, ("cli",)),
    ),
    "views_and_formats_know_no_commands": (
        lambda module: is_within(module, _layer("views")) or is_within(module, _layer("formats")),
        # An emitter may name the frozen result it prints (a type-only import), never run a
        # use case.
        lambda found: (
            found.top in PROMPTING
            or _imports_any(found, ("cli",))
            or (_imports_any(found, ("usecases",)) and not found.type_only)
        ),
    ),
    "base_modules_stand_alone": (
        lambda module: module in BASE,
        lambda found: found.top == PACKAGE and found.target not in BASE,
    ),
}

WHY = {
    "drivers_only_in_storage": "only attachjournal.storage may import a database driver",
    "storage_only_through_its_door": (
        "outside storage, import `from attachjournal import storage` or names from "
        "attachjournal.storage (listed in its __init__), never its modules"
    ),
    "core_is_pure": (
        "the core imports no Rich, Typer, questionary or prompt_toolkit, and nothing from "
        "storage, views, cli, usecases or formats (take records or a protocol instead)"
    ),
    "storage_knows_no_outer_layer": (
        "storage imports no Rich, Typer, questionary or prompt_toolkit (it never prompts: a "
        "passphrase comes in as a callable), and nothing from views, cli, usecases or formats"
    ),
    "usecases_know_no_terminal": (
        "use cases import no Rich, Typer, questionary or prompt_toolkit, and nothing from "
        "cli (return a frozen result; the command prints it)"
    ),
    "views_and_formats_know_no_commands": (
        "views and formats import no Typer, questionary or prompt_toolkit, nothing from cli, "
        "and from usecases only the result types they print (under TYPE_CHECKING)"
    ),
    "base_modules_stand_alone": (
        "errors, paths and settings import nothing from the package but each other, since "
        "every layer may use them"
    ),
    "exports_and_pages_load_no_rich": (
        "export formats and the HTML pages load no module that imports Rich, even through "
        "others (text helpers belong in a Rich-free module)"
    ),
}


WHOLE_TREE_RULES = (
    "no_import_circles",
    "modules_are_short",
    "exports_and_pages_load_no_rich",
    "tests_pass_parameters",
)


def violations(rule: str) -> dict:
    """The rule's violations today: key as in KNOWN_TODAY -> a sentence naming where."""
    if rule == "no_import_circles":
        return {
            group: " -> ".join(f"{step.where()}" for step in TREE.one_circle(group))
            for group in TREE.circles()
        }
    if rule == "modules_are_short":
        return {
            module: f"{module} has {count} lines"
            for module, count in TREE.line_counts().items()
            if count > MAX_LINES
        }
    if rule == "exports_and_pages_load_no_rich":
        return {
            (module, reached): " -> ".join(step.where() for step in way)
            for module in TREE.modules
            if is_within(module, _layer("formats")) or module.startswith(_layer("views.html_"))
            for reached, way in TREE.ways_out(module, imports_rich).items()
        }
    if rule == "tests_pass_parameters":
        return {
            (test.stem, target): f"{test.name} (line {line}) patches {target}"
            for test in sorted(TESTS.glob("test_*.py"))
            for target, line in patched_modules(test, PACKAGE)
        }
    bound, forbidden = IMPORT_RULES[rule]
    found_now: dict = {}
    for found in TREE.all_imports():
        if bound(found.importer) and forbidden(found):
            found_now.setdefault((found.importer, found.target), found.where())
    return found_now


def imports_rich(module: str) -> bool:
    return any(found.top == "rich" and not found.type_only for found in TREE.imports_of(module))


def _new(rule: str) -> list[str]:
    return [
        where for key, where in sorted(violations(rule).items()) if key not in KNOWN_TODAY[rule]
    ]


def test_the_source_is_found():
    # Guards every rule below against passing on an empty tree.
    assert f"{PACKAGE}.storage" in TREE.modules
    assert len(TREE.all_imports()) > 100


def test_only_storage_imports_database_drivers():
    new = _new("drivers_only_in_storage")
    assert not new, f"{WHY['drivers_only_in_storage']}:\n" + "\n".join(new)


def test_storage_is_reached_only_through_its_door():
    new = _new("storage_only_through_its_door")
    assert not new, f"{WHY['storage_only_through_its_door']}:\n" + "\n".join(new)


def test_the_core_imports_no_terminal_and_no_outer_layer():
    new = _new("core_is_pure")
    assert not new, f"{WHY['core_is_pure']}:\n" + "\n".join(new)


def test_use_cases_import_no_terminal_and_no_commands():
    new = _new("usecases_know_no_terminal")
    assert not new, f"{WHY['usecases_know_no_terminal']}:\n" + "\n".join(new)


def test_storage_imports_no_terminal_and_no_outer_layer():
    new = _new("storage_knows_no_outer_layer")
    assert not new, f"{WHY['storage_knows_no_outer_layer']}:\n" + "\n".join(new)


def test_errors_paths_and_settings_stand_alone():
    new = _new("base_modules_stand_alone")
    assert not new, f"{WHY['base_modules_stand_alone']}:\n" + "\n".join(new)


def test_exports_and_pages_load_no_rich():
    new = _new("exports_and_pages_load_no_rich")
    assert not new, f"{WHY['exports_and_pages_load_no_rich']}:\n" + "\n".join(new)


def test_tests_pass_parameters_instead_of_patching_our_modules():
    new = _new("tests_pass_parameters")
    assert not new, (
        "a test that patches one of our modules marks a missing parameter (a context, a "
        "clock, a step list); pass it instead:\n" + "\n".join(new)
    )


def test_views_and_formats_import_no_prompts_and_no_commands():
    new = _new("views_and_formats_know_no_commands")
    assert not new, f"{WHY['views_and_formats_know_no_commands']}:\n" + "\n".join(new)


def test_no_import_circle():
    new = _new("no_import_circles")
    assert not new, (
        "modules import each other round a circle (inside functions too); move what both "
        "need into a module below them:\n" + "\n".join(new)
    )


def test_no_module_over_the_line_limit():
    new = _new("modules_are_short")
    assert not new, f"split modules over {MAX_LINES} lines by job:\n" + "\n".join(new)


@pytest.mark.parametrize("rule", sorted(KNOWN_TODAY))
def test_every_known_violation_still_exists(rule):
    gone = sorted(KNOWN_TODAY[rule] - violations(rule).keys())
    assert not gone, f"fixed, so take these out of KNOWN_TODAY[{rule!r}] in {__name__}: {gone}"


def test_every_rule_has_its_list():
    assert set(KNOWN_TODAY) == {*IMPORT_RULES, *WHOLE_TREE_RULES}


def test_the_door_lists_each_name_once_for_code_and_for_the_type_checker():
    # storage/__init__ names what it hands out three times: the table it loads names from
    # at run time, __all__, and the imports the type checker reads. They must agree.
    table = TREE.door_table
    listed, typed = TREE.door_declared()
    assert listed == table.keys(), f"__all__ and _EXPORTS differ: {listed ^ table.keys()}"
    assert typed == table, {
        name: (typed.get(name), table.get(name))
        for name in typed.keys() | table.keys()
        if typed.get(name) != table.get(name)
    }
