"""Everything that speaks Typer besides cli/app.py: the declarations handed over, and how the
command list is drawn.

Commands declare their options with cli/declare.py's records, so that the everyday commands
can run without loading Typer (cli/fast.py). When the full command line is built, each
command is handed to Typer through `for_typer`, which swaps the records for the
`typer.Option`/`typer.Argument` objects they describe.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any, get_args, get_origin

import typer

from attachjournal.cli.declare import Declared


def for_typer(func: Callable[..., Any]) -> Callable[..., Any]:
    """The same command, with a signature Typer reads: declarations become Typer's objects."""
    signature = inspect.signature(func, eval_str=True)
    parameters = [
        parameter.replace(annotation=_translated(parameter.annotation))
        for parameter in signature.parameters.values()
    ]

    def command(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    translated = signature.replace(parameters=parameters)
    command.__signature__ = translated  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    if translated.return_annotation is not inspect.Signature.empty:
        command.__annotations__["return"] = translated.return_annotation
    for attribute in ("__name__", "__qualname__", "__doc__", "__module__"):
        setattr(command, attribute, getattr(func, attribute))
    return command


def _translated(annotation: Any) -> Any:
    if get_origin(annotation) is not Annotated:
        return annotation
    base, *extras = get_args(annotation)
    extras = [e.for_typer() if isinstance(e, Declared) else e for e in extras]
    return Annotated.__class_getitem__((base, *extras))


class Commands(typer.Typer):
    """A Typer app whose commands may be declared with cli/declare.py's records."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        register = super().command(*args, **kwargs)

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            register(for_typer(func))
            return func  # the module keeps the plain function (the fast path calls it)

        return decorator

    def callback(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        register = super().callback(*args, **kwargs)

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            register(for_typer(func))
            return func

        return decorator


class WholeLines(typer.core.TyperGroup):
    """Lists commands with the whole first paragraph of their help, wrapped, never cut off."""

    # Typer hands in its own click Context (not typer.Context): typed loosely on purpose.
    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            text = command.short_help or (command.help or "").split("\n\n")[0]
            rows.append((name, " ".join(text.replace("\b", "").split())))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
