"""The `attach` program. It imports nothing heavy until it knows which of four roads a
command line takes: shell completion (cli/completing.py, on every Tab, a few tens of ms),
`attach --help` alone (cli/root_help.py, the app's help as stored), the everyday commands
(cli/fast.py, without Typer), or the Typer app for everything else (a command's help, errors,
the other commands)."""

import gc
import os
import sys

COMPLETE = "__complete"
# The commands cli/fast.py serves (its COMMANDS; tests/test_fast_path.py keeps the two in
# step): a command line naming none of them (--help, config, doctor ...) goes straight to
# Typer without loading the fast path's parser first.
FAST = frozenset({"reflect", "repair", "review", "patterns", "log", "show", "search", "export"})


def main() -> None:
    if sys.argv[1:2] == [COMPLETE]:
        from attachjournal.cli.completing import main as complete

        sys.exit(complete(sys.argv[2:]))
    # Everything attach creates (journal, -wal, -shm, exports) is for its owner's eyes only.
    os.umask(0o077)
    # A command lives for a fraction of a second and makes few reference cycles, while the
    # libraries it imports make the cyclic collector run again and again (a few percent of
    # every run). Interactive questions switch it back on (cli/context.py's make_asker).
    gc.disable()
    if sys.argv[1:] in (["--help"], ["-h"]):
        from attachjournal.cli.root_help import show

        show(sys.argv[1:])  # exits, unless the stored help cannot be used
    if FAST.isdisjoint(sys.argv[1:]) or _fast_declined(sys.argv[1:]):
        from attachjournal.cli.app import app

        app()


def _fast_declined(argv: list[str]) -> bool:
    from attachjournal.cli import fast

    return fast.run(argv) is None
