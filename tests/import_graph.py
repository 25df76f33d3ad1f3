"""A package's imports read from its source (never by importing it), for the architecture tests.

Every import counts, at module level or inside a function, because a newcomer reads both; an
import under `if TYPE_CHECKING:` (or the `else` of `if not TYPE_CHECKING:`) is kept too but
marked, since it never runs.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True)
class Import:
    """One import statement's target, as the module that wrote it sees it."""

    importer: str  # the module holding the statement
    target: str  # dotted name: a module of the package, or an outside module as written
    line: int
    statement: str  # the source text, for messages
    type_only: bool  # never runs: for the type checker only
    names: tuple[str, ...] = ()  # for `from X import a, b`: a and b when X is the target

    @property
    def top(self) -> str:
        return self.target.split(".")[0]

    def where(self) -> str:
        return f"{self.importer} (line {self.line}: {self.statement})"


def is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(nodes: list[ast.AST], type_only: bool = False) -> Iterator[tuple[ast.stmt, bool]]:
    """Every import statement among the nodes, with whether it runs only for the type checker."""
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


def _literal(tree: ast.Module, name: str) -> object:
    """The value of a module-level `name = <literal>`, or None."""
    for node in tree.body:
        targets = [node.target] if isinstance(node, ast.AnnAssign) else []
        targets += node.targets if isinstance(node, ast.Assign) else []
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            assert isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None
            return ast.literal_eval(node.value)
    return None


class SourceTree:
    """The modules of one package under `root` (the package's own folder) and their imports."""

    def __init__(self, root: Path, door: str = "storage") -> None:
        self.root = root
        self.package = root.name
        self.door = f"{self.package}.{door}"  # the one package reached through its __init__
        self._imports: dict[str, tuple[Import, ...]] = {}

    @cached_property
    def modules(self) -> dict[str, Path]:
        """Dotted module name -> file, for every module of the package."""
        found = {}
        for path in sorted(self.root.rglob("*.py")):
            parts = list(path.relative_to(self.root.parent).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
        return found

    def _tree(self, module: str) -> tuple[str, ast.Module]:
        path = self.modules[module]
        source = path.read_text(encoding="utf-8")
        return source, ast.parse(source, filename=str(path))

    def _absolute(self, module: str, node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        is_package = self.modules[module].name == "__init__.py"
        base = module.split(".")
        base = base[: len(base) - node.level + (1 if is_package else 0)]
        return ".".join([*base, *([node.module] if node.module else [])])

    def imports_of(self, module: str) -> tuple[Import, ...]:
        if module not in self._imports:
            self._imports[module] = tuple(self._read_imports(module))
        return self._imports[module]

    def _read_imports(self, module: str) -> Iterator[Import]:
        source, tree = self._tree(module)
        for node, type_only in _statements([tree]):
            text = " ".join((ast.get_source_segment(source, node) or "").split())
            here = dict(importer=module, line=node.lineno, statement=text, type_only=type_only)
            if isinstance(node, ast.Import):
                yield from (Import(target=alias.name, **here) for alias in node.names)
                continue
            origin = self._absolute(module, node)
            if origin == "__future__":
                continue
            plain = []
            for alias in node.names:
                submodule = f"{origin}.{alias.name}"
                if submodule in self.modules:
                    yield Import(target=submodule, **here)
                else:
                    plain.append(alias.name)
            if plain:
                yield Import(target=origin, names=tuple(plain), **here)

    def all_imports(self) -> list[Import]:
        return [found for module in self.modules for found in self.imports_of(module)]

    @cached_property
    def door_table(self) -> dict[str, str]:
        """Name the door hands out -> "package.door.module.attribute" it loads on first use."""
        table = _literal(self._tree(self.door)[1], "_EXPORTS")
        assert isinstance(table, dict), f"{self.door} has no _EXPORTS table"
        return {name: f"{self.door}.{module}.{attr}" for name, (module, attr) in table.items()}

    def door_declared(self) -> tuple[set[str], dict[str, str]]:
        """The door's `__all__`, and name -> "module.attribute" as its type-only imports bind."""
        tree = self._tree(self.door)[1]
        listed = set(_literal(tree, "__all__") or ())
        typed = {}
        for node, type_only in _statements([tree]):
            if type_only and isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    typed[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        return listed, typed

    def _door_names_used(self, module: str) -> set[str]:
        """Names read as `storage.NAME` in a module that imported the door as `storage`."""
        alias = self.door.rsplit(".", 1)[1]
        return {
            node.attr
            for node in ast.walk(self._tree(module)[1])
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == alias
        }

    @cached_property
    def runtime_graph(self) -> dict[str, dict[str, Import]]:
        """Module -> modules of the package it imports when it runs, with one statement for each.

        The door loads its modules lazily, so a name taken from it (`from package.storage
        import X`, or `storage.X`) leads to the module that defines X, as it does when it runs.
        """
        provider = {name: where.rsplit(".", 1)[0] for name, where in self.door_table.items()}
        graph: dict[str, dict[str, Import]] = {module: {} for module in self.modules}
        for module in self.modules:
            for found in self.imports_of(module):
                if found.type_only or found.target not in graph or found.target == module:
                    continue
                graph[module].setdefault(found.target, found)
                if found.target != self.door or module == self.door:
                    continue
                names = set(found.names) or (self._door_names_used(module) & provider.keys())
                for name in sorted(names & provider.keys()):
                    graph[module].setdefault(provider[name], found)
        return graph

    def circles(self) -> list[tuple[str, ...]]:
        """The groups of modules that import each other round a circle (strongly connected)."""
        graph = self.runtime_graph
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

    def one_circle(self, group: tuple[str, ...]) -> list[Import]:
        """The shortest way from the group's first module back to it, statement by statement."""
        start = group[0]
        paths: dict[str, list[Import]] = {start: []}
        queue = [start]
        for module in queue:
            for other, found in sorted(self.runtime_graph[module].items()):
                if other == start:
                    return [*paths[module], found]
                if other in group and other not in paths:
                    paths[other] = [*paths[module], found]
                    queue.append(other)
        raise AssertionError(f"no way round {group}")

    def ways_out(self, start: str, arrive: Callable[[str], bool]) -> dict[str, list[Import]]:
        """Every module `arrive` accepts that `start` loads when it runs, with the shortest way."""
        paths: dict[str, list[Import]] = {start: []}
        queue = [start]
        for module in queue:
            for other, found in sorted(self.runtime_graph[module].items()):
                if other not in paths:
                    paths[other] = [*paths[module], found]
                    queue.append(other)
        return {module: way for module, way in paths.items() if module != start and arrive(module)}

    def line_counts(self) -> dict[str, int]:
        return {
            module: len(path.read_text(encoding="utf-8").splitlines())
            for module, path in self.modules.items()
        }


def patched_modules(test_file: Path, package: str) -> Iterator[tuple[str, int]]:
    """ "module.NAME" for every `setattr`/`delattr` (monkeypatch's, or unittest.mock's `patch`
    and `patch.object`) a test file aims at one of the package's modules, with its line."""
    tree = ast.parse(test_file.read_text(encoding="utf-8"))
    bound: dict[str, str] = {}  # local name -> module of the package
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if is_within(alias.name, package):
                    bound[alias.asname or alias.name.split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and is_within(node.module, package):
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        called = node.func.attr if isinstance(node.func, ast.Attribute) else None
        called = called or (node.func.id if isinstance(node.func, ast.Name) else None)
        if called not in ("setattr", "delattr", "patch", "object"):
            continue
        first, rest = node.args[0], node.args[1:]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            if is_within(first.value, package):
                yield first.value, node.lineno
        elif isinstance(first, ast.Name) and first.id in bound:
            name = rest[0].value if rest and isinstance(rest[0], ast.Constant) else "?"
            yield f"{bound[first.id]}.{name}", node.lineno
