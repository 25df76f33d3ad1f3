"""Run the real `attach` with a fault injected where the answers are written.

Stands in for a bug we don't know about yet: the person must get a kind line, no traceback,
and none of their words. usage: python fault_on_answer.py ATTACH-ARGS...
"""

from __future__ import annotations

import sqlite3
import sys


class _Faulty(sqlite3.Connection):
    """A connection that fails where a save writes its answers, naming the values it got."""

    def _check(self, statement, parameters):
        if statement.startswith("INSERT INTO answer (") and parameters:  # a save, not a migration
            raise RuntimeError(f"unexpected fault with {parameters!r}")

    def execute(self, statement, parameters=(), /):
        self._check(statement, parameters)
        return super().execute(statement, parameters)

    def executemany(self, statement, parameters, /):
        parameters = list(parameters)
        self._check(statement, parameters)
        return super().executemany(statement, parameters)


_connect = sqlite3.connect


def _faulty_connect(*args, **kwargs):
    return _connect(*args, factory=_Faulty, **kwargs)


if __name__ == "__main__":
    from attachjournal.cli.entry import main

    sqlite3.connect = _faulty_connect

    sys.argv = ["attach", *sys.argv[1:]]
    main()
