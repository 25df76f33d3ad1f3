"""The `attach` program: the everyday commands run straight away (cli/fast.py); everything
else, and anything unusual on the command line, goes to the Typer app (cli/app.py)."""

import gc
import os
import sys


def main() -> None:
    # Everything attach creates (journal, -wal, -shm, exports) is for its owner's eyes only.
    os.umask(0o077)
    # A command lives for a fraction of a second and makes few reference cycles, while the
    # libraries it imports make the cyclic collector run again and again (a few percent of
    # every run). Interactive questions switch it back on (cli/context.py's make_asker).
    gc.disable()
    from attachjournal.cli import fast

    if fast.run(sys.argv[1:]) is None:
        from attachjournal.cli.app import app

        app()
