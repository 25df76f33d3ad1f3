"""What `attach share` and `attach unshare` say, or (--json) hand a script."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attachjournal.views import render

if TYPE_CHECKING:
    from attachjournal.usecases.sharing import SharingChanged


def changed(result: SharingChanged, json_out: bool) -> None:
    if json_out:
        render.print_json(
            {
                "shared": result.shared,
                "entries": [{"id": i, "kind": kind} for i, kind in result.entries],
            }
        )
        return
    (first_id, first_kind), *rest = result.entries
    what = f"{first_kind.capitalize()} #{first_id}"
    if rest:
        what += f" and its {rest[0][1]} #{rest[0][0]}"
    verb = "are" if rest else "is"
    if result.shared:
        line = f"{what} {verb} shared: the household's other members can read {_them(rest)} now."
    else:
        line = f"{what} {verb} private again: only you can read {_them(rest)}."
    render.stdout().print(line, soft_wrap=True)


def _them(rest: list[tuple[int, str]]) -> str:
    return "them" if rest else "it"
