"""How a command declares its options and arguments, without loading Typer.

A command's signature says what it takes, as Typer reads it: `Annotated[str | None,
Option("--week", help=...)]`. These records hold exactly what `typer.Option` and
`typer.Argument` would be given. cli/typer_bridge.py hands them to Typer when the full
command line is built (for --help, errors and every command), and cli/fast.py reads the same
records to run the everyday commands without loading Typer at all: one declaration, two
readers, and a test (tests/test_fast_path.py) that holds them to the same answers.
"""

from __future__ import annotations

from typing import Any


class Declared:
    """What one `typer.Option(...)` or `typer.Argument(...)` call would be given."""

    __slots__ = ("names", "settings")
    maker = ""  # the typer function the subclass stands for

    def __init__(self, *names: str, **settings: Any) -> None:
        self.names = names
        self.settings = settings

    def for_typer(self) -> Any:
        """The typer object these stand for (Typer is loaded only here)."""
        import typer

        return getattr(typer, self.maker)(*self.names, **self.settings)

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self.names!r}"


class Option(Declared):
    """An option, declared as `typer.Option("--name", "-n", help=...)` would be."""

    __slots__ = ()
    maker = "Option"


class Argument(Declared):
    """A positional argument, declared as `typer.Argument(metavar=..., help=...)` would be."""

    __slots__ = ()
    maker = "Argument"
