"""Run `attach reflect --no-input -a resourced=N` COUNT times in this one process.

Each save goes through the CLI's own entry point, so it opens its own journal and its own
transaction exactly as a separate `attach` process would; only the interpreter start-up is
shared, which keeps the concurrency test fast. Prints each exit code that is not 0 on stderr.

usage: python save_many.py COUNT [TAG]
"""

from __future__ import annotations

import os
import sys

from attachjournal.cli.app import app


def main() -> None:
    count = int(sys.argv[1])
    tag = sys.argv[2] if len(sys.argv) > 2 else "x"
    os.umask(0o077)
    for n in range(count):
        args = ["reflect", "--no-input", "-a", f"resourced={n % 5 + 1}", "-a", f"note={tag}-{n}"]
        try:
            code = app(args, standalone_mode=False, prog_name="attach")
        except SystemExit as exc:
            code = exc.code
        if code not in (0, None):
            print(f"exit {code}", file=sys.stderr, flush=True)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
