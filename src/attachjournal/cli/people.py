"""`attach people`: the people entries are about (a nickname is fine)."""

from typing import Annotated

import typer

from attachjournal.cli.common import interactive, journal_path, now
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import DbOption, JsonOption, NoInputOption, WholeLines

app = typer.Typer(
    cls=WholeLines,
    help="The people your entries are about: children, partner, parents, friends. "
    "Names are labels only; a nickname or initial is fine.",
    no_args_is_help=True,
)

RoleOption = Annotated[
    str,
    typer.Option(
        "--role",
        help="child, partner, parent, friend, self or other.",
        case_sensitive=False,
    ),
]


@app.command("add")
@guarded
def add(
    name: Annotated[str, typer.Argument(help="A name or nickname, e.g. Maya.")],
    role: RoleOption = "child",
    born: Annotated[
        str | None,
        typer.Option(
            "--born", metavar="DATE", help="Birth date (YYYY-MM-DD), optional.", show_default=False
        ),
    ] = None,
    json_out: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Add someone, e.g. attach people add Maya --role child --born 2021-03-14."""
    from datetime import date

    from attachjournal import storage
    from attachjournal.core.vocabulary import ROLES
    from attachjournal.errors import UsageError
    from attachjournal.views import render

    name = storage.clean_name(name)  # before the journal exists, so a typo creates nothing
    role = role.lower()
    if role not in ROLES:
        raise UsageError(f"--role must be one of {', '.join(ROLES)} (got {role[:20]!r}).")
    born_date = None
    if born:
        try:
            born_date = date.fromisoformat(born)
        except ValueError:
            raise UsageError("--born takes a date like 2021-03-14.") from None
    journal = storage.open_journal(journal_path(db), create=True)
    assert journal is not None
    with journal.write("Nobody was added") as session:
        person = session.add_person(name, role, born_date, now())
    if json_out:
        render.print_json(_person_dict(person))
        return
    line = render.Text("✓ Added ")
    line.append(render.clean(person.name, keep_newlines=False), style="bold")
    line.append(f" ({person.role}).")
    render.stdout().print(line)


@app.command("list")
@guarded
def list_(json_out: JsonOption = False, db: DbOption = None) -> None:
    """Everyone in your journal, with how many entries are about them."""
    from attachjournal import storage
    from attachjournal.views import render

    journal = storage.open_journal(journal_path(db), create=False)
    people = []
    if journal is not None:
        with journal.read() as conn:
            people = conn.list_people()
    if json_out:
        render.print_json([_person_dict(p) for p in people])
        return
    if not people:
        render.stdout().print("Nobody here yet. Add someone: attach people add Maya --role child")
        return
    render.stdout().print(render.people_table(people))


@app.command("rename")
@guarded
def rename(
    old: Annotated[str, typer.Argument(help="The current name (any case).")],
    new: Annotated[str, typer.Argument(help="The new name.")],
    db: DbOption = None,
) -> None:
    """Rename someone; their entries follow the new name."""
    from attachjournal.views import render

    journal = _existing(db)
    with journal.write("The name was NOT changed") as session:
        person = session.rename_person(old, new)
    line = render.Text("✓ Renamed to ")
    line.append(render.clean(person.name, keep_newlines=False), style="bold")
    render.stdout().print(line.append("."))


@app.command("remove")
@guarded
def remove(
    name: Annotated[str, typer.Argument(help="Who to remove (any case).")],
    reassign_to: Annotated[
        str | None,
        typer.Option(
            "--reassign-to",
            metavar="NAME",
            help="Move their entries to this person first.",
            show_default=False,
        ),
    ] = None,
    delete_entries: Annotated[
        bool, typer.Option("--delete-entries", help="Delete their entries too (asks first).")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask before deleting.")] = False,
    no_input: NoInputOption = False,
    db: DbOption = None,
) -> None:
    """Remove someone. If entries are about them, say where those go: --reassign-to or
    --delete-entries."""
    from attachjournal.errors import Cancelled, UsageError
    from attachjournal.views import render

    if reassign_to and delete_entries:
        raise UsageError("Choose one: --reassign-to NAME or --delete-entries.")
    journal = _existing(db)
    with journal.read() as conn:
        person = conn.find_person(name)
        count = next(p.entry_count for p in conn.list_people() if p.id == person.id)
    if delete_entries and count and not yes:
        if not interactive(no_input):
            raise UsageError(
                f"This deletes {count} entr{'y' if count == 1 else 'ies'}; add --yes to confirm."
            )
        from attachjournal.cli.interactive import QuestionaryAsker

        answer = QuestionaryAsker().choose(
            f"Delete {person.name} and {count} entr{'y' if count == 1 else 'ies'} "
            "(with their repairs)? This can't be undone.",
            [("no", "no, keep everything"), ("yes", "yes, delete them")],
            default="no",
        )
        if answer != "yes":
            raise Cancelled("Cancelled, nothing was deleted.")
    with journal.write("Nobody was removed") as session:
        removed, moved = session.remove_person(
            name, reassign_to=reassign_to, delete_entries=delete_entries
        )
    wiped = True
    if moved and not reassign_to:
        from attachjournal.cli.manage import WIPE_LATER, wipe_now

        wiped = wipe_now(journal)
    line = render.Text("✓ Removed ")
    line.append(render.clean(removed.name, keep_newlines=False), style="bold")
    if moved and reassign_to:
        line.append(f"; {moved} entr{'y' if moved == 1 else 'ies'} moved to ")
        line.append(render.clean(reassign_to, keep_newlines=False))
    elif moved:
        line.append(f" and {moved} entr{'y' if moved == 1 else 'ies'}")
    render.stdout().print(line.append("."))
    if not wiped:
        render.note(f"Their entries' words are still in the journal file: {WIPE_LATER}")


def _existing(db: object) -> object:
    from attachjournal import storage
    from attachjournal.errors import NotFoundError

    journal = storage.open_journal(journal_path(db), create=False)  # type: ignore[arg-type]
    if journal is None:
        raise NotFoundError("Your journal is empty: nobody to change yet.")
    return journal


def _person_dict(person: object) -> dict:
    return {
        "id": person.id,  # type: ignore[attr-defined]
        "name": person.name,  # type: ignore[attr-defined]
        "role": person.role,  # type: ignore[attr-defined]
        "born": person.born.isoformat() if person.born else None,  # type: ignore[attr-defined]
        "entries": person.entry_count,  # type: ignore[attr-defined]
    }
