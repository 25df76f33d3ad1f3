"""`attach people`: the people entries are about (a nickname is fine)."""

from typing import Annotated, Any

from attachjournal.cli.common import journal_path, make_asker, now
from attachjournal.cli.declare import Argument, Option
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import DbOption, JsonOption, NoInputOption
from attachjournal.cli.typer_bridge import Commands, WholeLines

app = Commands(
    cls=WholeLines,
    help="The people your entries are about: children, partner, parents, friends. "
    "Names are labels only; a nickname or initial is fine.",
    no_args_is_help=True,
)

RoleOption = Annotated[
    str,
    Option(
        "--role",
        help="child, partner, parent, friend, self or other.",
        case_sensitive=False,
    ),
]


@app.command("add")
@guarded
def add(
    name: Annotated[str, Argument(help="A name or nickname, e.g. Maya.")],
    role: RoleOption = "child",
    born: Annotated[
        str | None,
        Option(
            "--born", metavar="DATE", help="Birth date (YYYY-MM-DD), optional.", show_default=False
        ),
    ] = None,
    json_out: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Add someone, e.g. attach people add Maya --role child --born 2021-03-14."""
    from datetime import date

    from attachjournal.errors import UsageError
    from attachjournal.usecases import people
    from attachjournal.views import people_out

    born_date = None
    if born:
        try:
            born_date = date.fromisoformat(born)
        except ValueError:
            raise UsageError("--born takes a date like 2021-03-14.") from None
    person = people.add(journal_path(db), name, role, born_date, now())
    people_out.added(person, json_out)


@app.command("list")
@guarded
def list_(json_out: JsonOption = False, db: DbOption = None) -> None:
    """Everyone in your journal, with how many entries are about them."""
    from attachjournal.usecases import people
    from attachjournal.views import people_out

    people_out.listed(people.everyone(journal_path(db)), json_out)


@app.command("rename")
@guarded
def rename(
    old: Annotated[str, Argument(help="The current name (any case).")],
    new: Annotated[str, Argument(help="The new name.")],
    db: DbOption = None,
) -> None:
    """Rename someone; their entries follow the new name."""
    from attachjournal.usecases import people
    from attachjournal.views import people_out

    people_out.renamed(people.rename(journal_path(db), old, new))


@app.command("remove")
@guarded
def remove(
    name: Annotated[str, Argument(help="Who to remove (any case).")],
    reassign_to: Annotated[
        str | None,
        Option(
            "--reassign-to",
            metavar="NAME",
            help="Move their entries to this person first.",
            show_default=False,
        ),
    ] = None,
    delete_entries: Annotated[
        bool, Option("--delete-entries", help="Delete their entries too (asks first).")
    ] = False,
    yes: Annotated[bool, Option("--yes", "-y", help="Don't ask before deleting.")] = False,
    no_input: NoInputOption = False,
    db: DbOption = None,
) -> None:
    """Remove someone. If entries are about them, say where those go: --reassign-to or
    --delete-entries."""
    from attachjournal.usecases import people
    from attachjournal.views import people_out

    result = people.remove(
        journal_path(db),
        name,
        reassign_to=reassign_to,
        delete_entries=delete_entries,
        confirm=None if yes else (lambda person, count: _confirm(person, count, no_input)),
    )
    people_out.removed(result)


def _confirm(person: Any, count: int, no_input: bool) -> None:
    """Ask before deleting someone's entries; without a person to ask, --yes is needed."""
    from attachjournal.errors import Cancelled, UsageError

    entries = f"{count} entr{'y' if count == 1 else 'ies'}"
    asker = make_asker(no_input)
    if asker is None:
        raise UsageError(f"This deletes {entries}; add --yes to confirm.")
    answer = asker.choose(
        f"Delete {person.name} and {entries} (with their repairs)? This can't be undone.",
        [("no", "no, keep everything"), ("yes", "yes, delete them")],
        default="no",
    )
    if answer != "yes":
        raise Cancelled("Cancelled, nothing was deleted.")
