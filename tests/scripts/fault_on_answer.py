"""Run the real `attach` with a fault injected where the answers are written.

Stands in for a bug we don't know about yet: the person must get a kind line, no traceback,
and none of their words. usage: python fault_on_answer.py ATTACH-ARGS...
"""

from __future__ import annotations

import sys

from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "before_cursor_execute")
def _fault(conn, cursor, statement, parameters, context, executemany):
    if statement.startswith("INSERT INTO answer (") and parameters:  # a save, not a migration
        raise RuntimeError(f"unexpected fault with {parameters!r}")


if __name__ == "__main__":
    from attachjournal.cli.app import main

    sys.argv = ["attach", *sys.argv[1:]]
    main()
