"""What `attach people` says, for a person or (--json) for a script. Names only via clean()."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from attachjournal.views import render
from attachjournal.views.changes_out import WIPE_LATER

if TYPE_CHECKING:
    from attachjournal.core.records import PersonRecord
    from attachjournal.usecases.people import Removed


def person_json(person: PersonRecord) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "role": person.role,
        "born": person.born.isoformat() if person.born else None,
        "entries": person.entry_count,
    }


def added(person: PersonRecord, json_out: bool) -> None:
    if json_out:
        render.print_json(person_json(person))
        return
    line = render.Text("✓ Added ")
    line.append(render.clean(person.name, keep_newlines=False), style="bold")
    line.append(f" ({person.role}).")
    render.stdout().print(line)


def listed(people: Sequence[PersonRecord], json_out: bool) -> None:
    if json_out:
        render.print_json([person_json(p) for p in people])
        return
    if not people:
        render.stdout().print("Nobody here yet. Add someone: attach people add Maya --role child")
        return
    render.stdout().print(render.people_table(people))


def renamed(person: PersonRecord) -> None:
    line = render.Text("✓ Renamed to ")
    line.append(render.clean(person.name, keep_newlines=False), style="bold")
    render.stdout().print(line.append("."))


def removed(result: Removed) -> None:
    line = render.Text("✓ Removed ")
    line.append(render.clean(result.name, keep_newlines=False), style="bold")
    moved = result.moved
    if moved and result.reassigned_to:
        line.append(f"; {moved} entr{'y' if moved == 1 else 'ies'} moved to ")
        line.append(render.clean(result.reassigned_to, keep_newlines=False))
    elif moved:
        line.append(f" and {moved} entr{'y' if moved == 1 else 'ies'}")
    render.stdout().print(line.append("."))
    if not result.wiped:
        render.note(f"Their entries' words are still in the journal file: {WIPE_LATER}")
