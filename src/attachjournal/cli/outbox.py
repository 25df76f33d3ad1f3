"""`attach outbox`: what waits on this device for the journal's server, and a way out for an
entry the server refused."""

from typing import Annotated, Any

import typer

from attachjournal.cli.common import journal_path, load_prompts, make_asker
from attachjournal.cli.declare import Argument, Option
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import DbOption, JsonOption, NoInputOption, PromptsOption
from attachjournal.cli.typer_bridge import Commands, WholeLines

app = Commands(
    cls=WholeLines,
    help="What waits on this device for your journal's server. An entry answered while the "
    "server was away is kept here (privately) and delivered by the next command that reaches "
    "the server. One the server refused (its rupture got a repair on another device meanwhile, "
    "or its person was removed) stays until you read it (attach outbox show N) and let it go "
    "(attach outbox discard N); copy any words you want to keep into a new entry first. A "
    "journal file has no outbox: it saves at once.",
    invoke_without_command=True,
)

Number = Annotated[
    int, Argument(metavar="N", help="The number attach outbox lists it under (1: oldest).")
]


@app.callback()
@guarded
def list_(ctx: typer.Context, json_out: JsonOption = False, db: DbOption = None) -> None:
    """List what waits, oldest first, numbered: its kind, when, and whether it waits or the
    server refused it (and why). Never the words: attach outbox show N reads one."""
    if ctx.invoked_subcommand is not None:
        return
    from attachjournal.usecases import outbox
    from attachjournal.views import outbox_out

    outbox_out.listed(outbox.listing(journal_path(db)), json_out)


@app.command("show")
@guarded
def show(
    number: Number,
    json_out: JsonOption = False,
    prompts_file: PromptsOption = None,
    db: DbOption = None,
) -> None:
    """Read one waiting entry in your own words, as attach show prints an entry."""
    from attachjournal.usecases import outbox
    from attachjournal.views import outbox_out

    entry = outbox.show(journal_path(db), number)
    outbox_out.shown(entry, json_out, lambda: load_prompts(prompts_file))


@app.command("discard")
@guarded
def discard(
    number: Number,
    yes: Annotated[bool, Option("--yes", "-y", help="Discard without asking first.")] = False,
    no_input: NoInputOption = False,
    db: DbOption = None,
) -> None:
    """Let one waiting entry go for good: it is never delivered, and its file is removed (a
    kept rupture takes its kept repair with it). Asks first, unless --yes."""
    from attachjournal.usecases import outbox
    from attachjournal.views import outbox_out

    asker = make_asker(no_input)
    result = outbox.discard(
        journal_path(db), number, confirm=None if yes else (lambda e, n: _confirm(asker, n))
    )
    outbox_out.discarded(result)


def _confirm(asker: Any, how_many: int) -> bool:
    from attachjournal.errors import UsageError

    if asker is None:
        raise UsageError("Add --yes to discard it without a question.")
    what = "it" if how_many == 1 else "it and its repair"
    answer = asker.choose(
        f"Discard {what} for good? It will never reach the server.",
        [("no", "no, keep it"), ("yes", "yes, discard")],
        default="no",
    )
    return bool(answer == "yes")
