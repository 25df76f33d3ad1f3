"""Which two consoles the views write to: the running command's (its context hands them in).

Kept apart from render.py, and free of Rich, so a command can name its consoles before
anything is drawn without paying for importing Rich.
"""

from __future__ import annotations

from typing import Any, Protocol


class ConsoleSource(Protocol):
    def stdout(self) -> Any: ...

    def stderr(self) -> Any: ...


# One slot, set by the command line once per run (a thread the asker starts must see it too).
_source: list[ConsoleSource] = []


def use(source: ConsoleSource) -> ConsoleSource:
    _source[:] = [source]
    return source


def current() -> ConsoleSource | None:
    return _source[0] if _source else None
