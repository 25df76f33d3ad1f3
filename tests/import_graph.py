"""The package's imports read from its source (never by importing it), for the architecture tests.

Every import counts, at module level or inside a function, because a newcomer reads both; an
import under `if TYPE_CHECKING:` is kept too but marked, since it never runs.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = "attachjournal"
SOURCE = Path(__file__).resolve().parent.parent / "src" / PACKAGE
DOOR = f"{PACKAGE}.storage"


@dataclass(frozen=True)
class Import:
    """One import statement's target, as the module that wrote it sees it."""

    importer: str  # the module holding the statement
    target: str  # dotted name: a module of the package, or an outside module as written
    line: int
    statement: str  # the source text, for messages
    type_only: bool  # under `if TYPE_CHECKING:`
    names: tuple[str, ...] = ()  # for `from X import a, b`: a and b when X is the target

    @property
    def top(self) -> str:
        return self.target.split(".")[0]

    def where(self) -> str:
        return f"{self.importer} (line {self.line}: {self.statement})"


@cache
def module_files() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(nodes: list[ast.AST], type_only: bool = False) -> Iterator[tuple[ast.stmt, bool]]:
    """Every import statement among the nodes, with whether it sits under `if TYPE_CHECKING:`."""
    for node in nodes:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, type_only
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _statements(list(node.body), True)
            yield from _statements(list(node.orelse), type_only)
        elif (
            isinstance(node, ast.If)
            and isinstance(node.test, ast.UnaryOp)
            and isinstance(node.test.op, ast.Not)
            and _is_type_checking(node.test.operand)
        ):
            yield from _statements(list(node.body), type_only)
            yield from _statements(list(node.orelse), True)
        else:
            yield from _statements(list(ast.iter_child_nodes(node)), type_only)


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_package = module_files()[module].name == "__init__.py"
    base = module.split(".")
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join([*base, *([node.module] if node.module else [])])


@cache
def imports_of(module: str) -> tuple[Import, ...]:
    path = module_files()[module]
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    modules = module_files()
    found: list[Import] = []
    for node, type_only in _statements([tree]):
        text = " ".join(ast.get_source_segment(source, node).split())
        here = dict(importer=module, line=node.lineno, statement=text, type_only=type_only)
        if isinstance(node, ast.Import):
            found += [Import(target=alias.name, **here) for alias in node.names]
            continue
        origin = _absolute(module, node)
        if origin == "__future__":
            continue
        plain = []
        for alias in node.names:
            submodule = f"{origin}.{alias.name}"
            if submodule in modules:
                found.append(Import(target=submodule, **here))
            else:
                plain.append(alias.name)
        if plain:
            found.append(Import(target=origin, names=tuple(plain), **here))
    return tuple(found)


def all_imports() -> list[Import]:
    return [found for module in module_files() for found in imports_of(module)]


@cache
def door_table() -> dict[str, str]:
    """Name the storage door hands out -> "attachjournal.storage.module.attribute" it loads."""
    tree = ast.parse(module_files()[DOOR].read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "_EXPORTS" for t in targets):
                table = ast.literal_eval(node.value)
                return {name: f"{DOOR}.{module}.{attr}" for name, (module, attr) in table.items()}
    raise AssertionError(f"{DOOR} has no _EXPORTS table")


def door_exports() -> dict[str, str]:
    """Name the storage door hands out -> the storage module it loads it from on first use."""
    return {name: where.rsplit(".", 1)[0] for name, where in door_table().items()}


@cache
def door_declared() -> tuple[set[str], dict[str, str]]:
    """The door's `__all__`, and name -> "module.attribute" as its type-only imports bind them."""
    source = module_files()[DOOR].read_text(encoding="utf-8")
    tree = ast.parse(source)
    listed: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            listed = set(ast.literal_eval(node.value))
    typed = {}
    for node, type_only in _statements([tree]):
        if type_only and isinstance(node, ast.ImportFrom):
            for alias in node.names:
                typed[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return listed, typed


def _door_names_used(module: str) -> set[str]:
    """Names read as `storage.NAME` in a module that imported the door as `storage`."""
    tree = ast.parse(module_files()[module].read_text(encoding="utf-8"))
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "storage"
    }


@cache
def runtime_graph() -> dict[str, dict[str, Import]]:
    """Module -> modules of the package it imports when it runs, with one statement for each.

    The door loads its modules lazily, so a name taken from it (`from attachjournal.storage
    import X`, or `storage.X`) leads to the module that defines X, as it does when it runs.
    """
    exports = door_exports()
    graph: dict[str, dict[str, Import]] = {module: {} for module in module_files()}
    for module in module_files():
        for found in imports_of(module):
            if found.type_only or found.target not in graph or found.target == module:
                continue
            graph[module].setdefault(found.target, found)
            if found.target != DOOR or is_within(module, DOOR):
                continue
            names = set(found.names) or (_door_names_used(module) & exports.keys())
            for name in sorted(names & exports.keys()):
                graph[module].setdefault(exports[name], found)
    return graph


def circles() -> list[tuple[str, ...]]:
    """The groups of modules that import each other round a circle (strongly connected)."""
    graph = runtime_graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[tuple[str, ...]] = []

    def visit(module: str) -> None:  # Tarjan's algorithm; the graph is small
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in graph[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(tuple(sorted(group)))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(groups)


def one_circle(group: tuple[str, ...]) -> list[Import]:
    """The shortest way round from the group's first module back to it, statement by statement."""
    graph = runtime_graph()
    start = group[0]
    paths: dict[str, list[Import]] = {start: []}
    queue = [start]
    for module in queue:
        for other, found in sorted(graph[module].items()):
            if other == start:
                return [*paths[module], found]
            if other in group and other not in paths:
                paths[other] = [*paths[module], found]
                queue.append(other)
    raise AssertionError(f"no way round {group}")


def ways_out(start: str, arrive: Callable[[str], bool]) -> dict[str, list[Import]]:
    """Every module `arrive` accepts that `start` loads when it runs, with the shortest way."""
    graph = runtime_graph()
    paths: dict[str, list[Import]] = {start: []}
    queue = [start]
    for module in queue:
        for other, found in sorted(graph[module].items()):
            if other not in paths:
                paths[other] = [*paths[module], found]
                queue.append(other)
    return {module: way for module, way in paths.items() if module != start and arrive(module)}


def line_counts() -> dict[str, int]:
    return {
        module: len(path.read_text(encoding="utf-8").splitlines())
        for module, path in module_files().items()
    }
