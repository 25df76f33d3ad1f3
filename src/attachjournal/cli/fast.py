"""The everyday commands, run without loading Typer.

Loading Typer and building the whole command line costs about a third of a short command's
time, and the commands a person runs every day (review, log, show, search, patterns, export,
and saving a check-in, a rupture or a repair) take a handful of plain options. This module
reads those commands' own declarations (cli/declare.py records in their signatures), parses
the command line the way Typer would, and calls the command. Anything it is not sure of (help,
an unknown or malformed option, a value Typer would refuse, a missing argument, a name it does
not serve) returns None before anything has run, and Typer takes over with its own help and
messages. tests/test_fast_path.py holds the two parsers to the same answers.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, NamedTuple, Union, get_args, get_origin

from attachjournal.cli.declare import Argument, Declared, Option

# The commands served here: name -> (module, function). Each is an ordinary command of the
# Typer app (cli/app.py registers the same functions).
COMMANDS: dict[str, tuple[str, str]] = {
    "reflect": ("attachjournal.cli.journal", "reflect"),
    "repair": ("attachjournal.cli.journal", "repair"),
    "review": ("attachjournal.cli.review", "review"),
    "patterns": ("attachjournal.cli.patterns", "patterns"),
    "log": ("attachjournal.cli.entries", "log"),
    "show": ("attachjournal.cli.entries", "show"),
    "search": ("attachjournal.cli.manage", "search"),
    "export": ("attachjournal.cli.data", "export"),
}

# Settings of a declaration that change only how help looks, never what is parsed.
_LOOKS = frozenset({"help", "metavar", "show_default", "hidden", "rich_help_panel"})
# Settings this parser applies itself; any other setting leaves the command to Typer.
_UNDERSTOOD = _LOOKS | {"min", "max", "callback", "is_eager", "envvar", "dir_okay", "file_okay"}


class NotHere(Exception):
    """This command line is Typer's to read (help, an error, something unusual)."""


class Param(NamedTuple):
    """One parameter a command declares: its name, kind of value, declaration and default."""

    name: str
    kind: str  # "str", "int", "bool", "path" or "list"
    declared: Declared
    default: Any

    @property
    def settings(self) -> dict[str, Any]:
        return self.declared.settings


class Parsed(NamedTuple):
    """A command line read: what Typer would hand the root callback and the command."""

    root_values: dict[str, Any]
    command: Callable[..., Any]
    values: dict[str, Any]

    def run(self) -> None:
        from attachjournal.cli import root

        root.root(**self.root_values)
        self.command(**self.values)


def run(argv: Sequence[str]) -> int | None:
    """Run an everyday command; None when Typer should read this command line instead."""
    try:
        parsed = parse(argv)
    except NotHere:
        return None
    parsed.run()
    return 0


def parse(argv: Sequence[str]) -> Parsed:
    """The command and its arguments, as Typer would call it; raises NotHere."""
    from attachjournal.cli import root

    args = list(argv)
    root_params = params_of(root.root)
    root_values = _read(root_params, _root_part(args, root_params), positional=False)
    if not args or args[0] not in COMMANDS:
        raise NotHere
    module_name, function_name = COMMANDS[args.pop(0)]
    command = _load(module_name, function_name)
    return Parsed(root_values, command, _read(params_of(command), args, positional=True))


def params_of(func: Callable[..., Any]) -> list[Param]:
    """The parameters a command declares, in order; NotHere if one is beyond this parser."""
    params = []
    for parameter in inspect.signature(func).parameters.values():
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            continue  # not from the command line (root's `given`)
        annotation = parameter.annotation
        if get_origin(annotation) is not Annotated:
            raise NotHere
        base, *extras = get_args(annotation)
        declared = [e for e in extras if isinstance(e, Declared)]
        if len(declared) != 1 or set(declared[0].settings) - _UNDERSTOOD:
            raise NotHere
        default = parameter.default
        if default is inspect.Parameter.empty:
            if isinstance(declared[0], Option):
                raise NotHere  # a required option: Typer says what is missing
            default = _REQUIRED
        params.append(Param(parameter.name, _kind(base), declared[0], default))
    return params


def _kind(base: Any) -> str:
    inner = [a for a in get_args(base) if a is not type(None)] if _is_optional(base) else [base]
    if len(inner) != 1:
        raise NotHere
    kind = inner[0]
    if kind is bool:
        return "bool"
    if kind is str:
        return "str"
    if kind is int:
        return "int"
    if kind is Path:
        return "path"
    if get_origin(kind) is list and get_args(kind) == (str,):
        return "list"
    raise NotHere


def _is_optional(base: Any) -> bool:
    import types

    return get_origin(base) in (Union, types.UnionType) and type(None) in get_args(base)


_REQUIRED = object()


def _root_part(args: list[str], root_params: list[Param]) -> list[str]:
    """Take the options before the command's name off the front of `args`."""
    taken: list[str] = []
    takes_value = {name for p in root_params if p.kind != "bool" for name in _names(p.declared)}
    while args and args[0].startswith("-"):
        token = args.pop(0)
        taken.append(token)
        if token in takes_value:
            if not args:
                raise NotHere
            taken.append(args.pop(0))
    return taken


def _read(params: list[Param], args: list[str], *, positional: bool) -> dict[str, Any]:
    by_name = {
        name: p for p in params if isinstance(p.declared, Option) for name in _names(p.declared)
    }
    arguments = [p for p in params if isinstance(p.declared, Argument)]
    given: dict[str, Any] = {}
    seen_positional: list[str] = []
    while args:
        token = args.pop(0)
        if token == "--" or token in ("-h", "--help"):
            raise NotHere
        if token.startswith("-") and token != "-":
            name, value = _split(token, by_name)
            param = by_name[name]
            if param.kind == "bool":
                if value is not None:
                    raise NotHere  # --json=yes: Typer explains
                given[param.name] = True
                continue
            if value is None:
                if not args:
                    raise NotHere  # the value is missing: Typer says so
                value = args.pop(0)
            if param.kind == "list":
                given.setdefault(param.name, []).append(value)
            else:
                given[param.name] = value
        elif positional:
            seen_positional.append(token)
        else:
            raise NotHere
    if len(seen_positional) > len(arguments):
        raise NotHere
    for param, token in zip(arguments, seen_positional, strict=False):
        given[param.name] = token
    values: dict[str, Any] = {}
    for param in params:
        if param.name in given:
            values[param.name] = _converted(param, given[param.name])
        elif _from_environment(param) is not None:
            values[param.name] = _converted(param, _from_environment(param))
        elif param.default is _REQUIRED:
            raise NotHere  # a missing argument: Typer says which
        else:
            values[param.name] = param.default
        callback = param.settings.get("callback")
        if callback is not None:
            values[param.name] = _called(callback, values[param.name])
    return values


def _names(declared: Declared) -> list[str]:
    names = []
    for name in declared.names:
        if "/" in name or " " in name or not name.startswith("-"):
            raise NotHere  # --x/--no-x pairs and the like: Typer's to read
        names.append(name)
    return names


def _split(token: str, by_name: dict[str, Param]) -> tuple[str, str | None]:
    """An option token and its attached value: --since=DATE, -n5, or --json alone."""
    if token in by_name:
        return token, None
    if token.startswith("--"):
        name, sep, value = token.partition("=")
        if sep and name in by_name:
            return name, value
        raise NotHere
    short = token[:2]
    if short in by_name and by_name[short].kind != "bool":
        return short, token[2:]
    raise NotHere


def _from_environment(param: Param) -> str | None:
    variable = param.settings.get("envvar")
    if variable and param.kind == "bool":
        raise NotHere  # a flag set from the environment: Typer reads what counts as yes
    if not variable:
        return None
    value = os.environ.get(variable)
    return value if value else None


def _converted(param: Param, value: Any) -> Any:
    if param.kind in ("str", "list", "bool"):
        return value  # a flag is True once given; an environment variable never sets one
    if param.kind == "int":
        try:
            number = int(value)
        except ValueError:
            raise NotHere from None
        low, high = param.settings.get("min"), param.settings.get("max")
        if (low is not None and number < low) or (high is not None and number > high):
            raise NotHere
        return number
    if param.kind == "path":
        return Path(_checked_path(value, param.settings))
    raise NotHere


def _checked_path(value: str, settings: dict[str, Any]) -> str:
    """What Typer's path check lets through, the same way: a path that does not exist yet as
    it is; one that does must be readable, and a file or folder where the option allows."""
    import stat

    try:
        found = os.stat(value)
    except OSError:
        return value
    if settings.get("file_okay", True) is False and stat.S_ISREG(found.st_mode):
        raise NotHere  # Typer says a file won't do here
    if settings.get("dir_okay", True) is False and stat.S_ISDIR(found.st_mode):
        raise NotHere
    if not os.access(value, os.R_OK):
        raise NotHere
    return value


def _called(callback: Callable[[Any], Any], value: Any) -> Any:
    if len(inspect.signature(callback).parameters) != 1:
        raise NotHere
    return callback(value)


def _load(module_name: str, function_name: str) -> Callable[..., Any]:
    import importlib

    command: Callable[..., Any] = getattr(importlib.import_module(module_name), function_name)
    return command
