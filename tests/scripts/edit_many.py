"""Edit one entry COUNT times, each edit its own journal and transaction (store.replace_answers).

Each edit writes resourced=k and mood=k together, so a torn edit would show up as two
different numbers. Prints each edit that was not saved on stderr.

usage: python edit_many.py DB ENTRY_ID COUNT
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from attachjournal.core import prompts
from attachjournal.errors import AttachError
from attachjournal.storage import store


def main() -> None:
    path, entry_id, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    questionnaire = prompts.load()["reflect"]
    for n in range(count):
        value = n % 5 + 1
        try:
            journal = store.open_journal(path, create=False)
            assert journal is not None
            with journal.write() as session:
                session.replace_answers(
                    entry_id,
                    questionnaire,
                    {"resourced": value, "mood": value},
                    datetime.now(timezone.utc),
                )
            journal.close()
        except AttachError as exc:
            print(f"edit {n}: {exc.message}", file=sys.stderr, flush=True)
        else:
            print(f"edited {n}", flush=True)


if __name__ == "__main__":
    main()
