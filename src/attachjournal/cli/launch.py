"""The `attach` program's first step: shell completion goes straight to its lean path; every
other command to the Typer app.

Completion runs on each Tab and must answer in a few tens of milliseconds, while importing the
app (Typer and its Click) costs about as much again as all the completing does; so this module
imports nothing until it knows which of the two it is.
"""

import sys

COMPLETE = "__complete"


def main() -> None:
    if sys.argv[1:2] == [COMPLETE]:
        from attachjournal.cli.completing import main as complete

        sys.exit(complete(sys.argv[2:]))
    from attachjournal.cli.app import main as run

    run()
