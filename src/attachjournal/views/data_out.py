"""What export, import, backup and restore say, for a person or (--json) for a script.

Paths are printed as plain Text: a folder named "[red]x" is shown as it is, never as markup.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from attachjournal.views import render

if TYPE_CHECKING:
    from attachjournal.usecases.data import BackedUp, Exported, Imported, Restored


def entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"


def exported(result: Exported) -> None:
    if result.chunks is not None:
        try:
            sys.stdout.writelines(result.chunks)
            sys.stdout.flush()
        finally:
            # A streamed export reads the journal as it prints; closing it ends that read at
            # once, also when the reader of a pipe stopped early (`attach export | head`).
            close = getattr(result.chunks, "close", None)
            if close is not None:
                close()
        return
    if result.own_only:
        render.note(
            f"Wrote the {entries(result.count)} you wrote on the server to {result.written_to} "
            "(only you can read it). Other members' entries, shared or not, are theirs to "
            "export."
        )
        return
    render.note(f"Wrote {entries(result.count)} to {result.written_to} (only you can read it).")


def imported(result: Imported, json_out: bool) -> None:
    if json_out:
        render.print_json(
            {
                "added": result.added,
                "already_there": result.already_there,
                "people_added": result.people_added,
            }
        )
        return
    line = f"✓ Imported {entries(result.added)}"
    if result.people_added:
        line += f" and {result.people_added} {'person' if result.people_added == 1 else 'people'}"
    line += "."
    if result.already_there:
        line += f" {result.already_there} were already in the journal and stayed as they are."
    render.stdout().print(render.Text(line))


def backed_up(result: BackedUp, json_out: bool) -> None:
    if json_out:
        render.print_json(
            {
                "path": str(result.path),
                "entries": result.entries,
                "removed": [str(p) for p in result.removed],
            }
        )
        return
    render.stdout().print(render.Text(f"✓ Backed up {entries(result.entries)} to {result.path}"))
    if result.removed:
        render.note(
            f"Removed {len(result.removed)} older backup(s), keeping the newest {result.keep}."
        )


def restored(result: Restored) -> None:
    out = render.stdout()
    out.print(render.Text(f"✓ Restored {entries(result.entries)} from {result.restored_from}."))
    if result.kept_aside is not None:
        out.print(render.Text(f"  Your journal as it was is kept at {result.kept_aside}"))
