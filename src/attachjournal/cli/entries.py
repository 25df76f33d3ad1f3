"""`attach log` and `attach show`: reading back what was written."""

from typing import Annotated

import typer

from attachjournal.cli.common import entry_filters, journal_path
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import (
    DbOption,
    JsonOption,
    KindFilterOption,
    LimitOption,
    PromptsOption,
    SinceDayOption,
    WhoFilterOption,
)


@guarded
def log(
    kind: KindFilterOption = None,
    who: WhoFilterOption = None,
    since: SinceDayOption = None,
    limit: LimitOption = 20,
    json_out: JsonOption = False,
    db: DbOption = None,
    prompts_file: PromptsOption = None,
) -> None:
    """List entries, newest first."""
    from attachjournal import storage
    from attachjournal.views import render

    since_at = entry_filters(kind, since)
    journal = storage.open_journal(journal_path(db), create=False)
    entries: list = []
    repaired: set[int] = set()
    if journal is not None:
        with journal.read() as conn:
            person_id = conn.find_person(who).id if who else None
            entries = conn.list_entries(kind=kind, person_id=person_id, since=since_at, limit=limit)
            ruptures = [e.id for e in entries if e.kind == "rupture"]
            repaired = set(conn.repairs_for(ruptures))
    if json_out:
        render.print_json([e.as_dict() for e in entries])
        return
    if not entries:
        render.stdout().print("No entries yet." if journal is None else "No entries match.")
        if journal is None:
            render.stdout().print("A good first step: attach reflect")
        return
    from attachjournal.cli.common import load_prompts

    render.stdout().print(render.entries_table(entries, repaired, load_prompts(prompts_file)))


@guarded
def show(
    entry_id: Annotated[
        int, typer.Argument(metavar="ID", help="The entry number from attach log.")
    ],
    json_out: JsonOption = False,
    db: DbOption = None,
    prompts_file: PromptsOption = None,
) -> None:
    """Show one entry with all its answers."""
    from attachjournal import storage
    from attachjournal.cli.common import day_start, load_prompts
    from attachjournal.errors import NotFoundError
    from attachjournal.views import render

    journal = storage.open_journal(journal_path(db), create=False)
    if journal is None:
        raise NotFoundError(f"There is no entry {entry_id}: the journal is still empty.")
    with journal.read() as conn:
        entry = conn.get_entry(entry_id)
        repair = conn.repairs_for([entry_id]).get(entry_id) if entry.kind == "rupture" else None
        about = entry.person_id
        if entry.kind == "repair" and entry.rupture_id is not None:
            about = conn.get_entry(entry.rupture_id).person_id
        role = next((p.role for p in conn.list_people() if p.id == about), None)
    if json_out:
        data = entry.as_dict()
        if entry.kind == "rupture":
            data["repair_id"] = repair.id if repair else None
        render.print_json(data)
        return
    detail = render.entry_detail(
        entry, load_prompts(prompts_file), repair, role=role, day_start=day_start()
    )
    render.stdout().print(detail)
