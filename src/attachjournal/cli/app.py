"""The `attach` command line: the only module that builds the Typer app.

Commands live in attachjournal.cli; each parses its options, calls one use case
(attachjournal.usecases) and hands its frozen result to one emitter (views/*_out.py). The
root callback makes the run's Context (cli/context.py), or takes the one a test hands in.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from attachjournal.cli import (
    completion,
    config,
    data,
    encryption,
    entries,
    journal,
    manage,
    outbox,
    patterns,
    people,
    remind,
    review,
    root,
    server,
    sharing,
    trust,
)
from attachjournal.cli.typer_bridge import Commands, WholeLines

HELP = """\
A private reflection journal about connection, rupture and repair.

A few minutes a day: check in with yourself (attach reflect), note a moment you fell out of
step with someone close and how you came back together (attach repair), and once a week read
what the pattern looks like (attach review). Everything stays in one file on this computer.

attachjournal is a journal, not therapy, and it does not diagnose anyone.
If things feel like too much right now: attach help-now.
"""

app = Commands(
    name="attach",
    cls=WholeLines,
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    # A traceback must never print local variables: they can hold what someone wrote.
    pretty_exceptions_show_locals=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    ctx: typer.Context,
    version: root.VersionOption = False,
    passphrase_file: root.PassphraseFileOption = None,
    plain: root.PlainOption = False,
) -> None:
    """A private reflection journal about connection, rupture and repair."""
    root.root(version, passphrase_file, plain, given=ctx.obj)


app.command("reflect")(journal.reflect)
app.command("repair")(journal.repair)
app.command("review")(review.review)
app.command("patterns")(patterns.patterns)
app.command("log")(entries.log)
app.command("show")(entries.show)
app.command("edit")(manage.edit)
app.command("delete")(manage.delete)
app.command("search")(manage.search)
app.command("export")(data.export)
app.command("import")(data.import_)
app.command("backup")(data.backup)
app.command("restore")(data.restore)
app.command("share")(sharing.share)
app.command("unshare")(sharing.unshare)
app.add_typer(people.app, name="people")
app.command("encrypt")(encryption.encrypt)
app.command("decrypt")(encryption.decrypt)
app.add_typer(config.app, name="config")
app.add_typer(server.app, name="server")
app.add_typer(outbox.app, name="outbox")
app.command("doctor")(trust.doctor)
app.command("help-now")(trust.help_now)
app.command("completion")(completion.completion)
app.command("remind")(remind.remind)


@app.command("help", hidden=True)
def _help(
    ctx: typer.Context,
    command: Annotated[
        list[str] | None, typer.Argument(help="A command, e.g. reflect or people add.")
    ] = None,
) -> None:
    """Show this help, or one command's help (attach help reflect)."""
    root = ctx.find_root()
    current: Any = root.command
    context: Any = root
    for name in command or []:
        found = current.get_command(context, name) if hasattr(current, "get_command") else None
        if found is None:
            from attachjournal.views import render

            render.error(f"There is no command '{name}'. attach --help lists them.")
            raise typer.Exit(2)
        context = typer.Context(found, info_name=name, parent=context)
        current = found
    typer.echo(current.get_help(context))
