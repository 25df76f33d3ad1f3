"""What `attach log`, `show` and `search` print, for a person or (--json) for a script.

Prompts are handed in as a loader: the JSON shapes never need them, so --json never reads
prompts.yaml.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import TYPE_CHECKING, Any

from attachjournal.views.text import print_json

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts
    from attachjournal.usecases.entries import EntryList, Found, OneEntry


def entry_list(result: EntryList, json_out: bool, prompts: Callable[[], Prompts]) -> None:
    if json_out:
        print_json([e.as_dict() for e in result.entries])
        return
    from attachjournal.views import render  # Rich, for the terminal only

    out = render.stdout()
    if not result.entries:
        out.print("No entries match." if result.journal_exists else "No entries yet.")
        if not result.journal_exists:
            out.print("A good first step: attach reflect")
        return
    table = render.entries_table(list(result.entries), set(result.repaired), prompts(), result.me)
    out.print(table)


def one_entry(
    result: OneEntry, json_out: bool, prompts: Callable[[], Prompts], day_start: Callable[[], time]
) -> None:
    entry, repair = result.entry, result.repair
    if json_out:
        data = entry.as_dict()
        if entry.kind == "rupture":
            data["repair_id"] = repair.id if repair else None
        print_json(data)
        return
    from attachjournal.views import render

    detail = render.entry_detail(
        entry, prompts(), repair, role=result.role, day_start=day_start(), me=result.me
    )
    render.stdout().print(detail)


def found(result: Found, json_out: bool) -> None:
    if json_out:
        print_json([_found_json(e, result) for e in result.entries])
        return
    from attachjournal.views import render

    if not result.entries:
        said = "Nothing found for that." if result.journal_exists else "No entries yet."
        render.stdout().print(said)
        return
    from attachjournal.views import render_data

    words = list(result.words)
    render.stdout().print(
        render_data.search_results(list(result.entries), list(result.hits), words)
    )


def _found_json(entry: Any, result: Found) -> dict[str, Any]:
    from attachjournal.core import search_text

    words = list(result.words)
    return {
        "id": entry.id,
        "uid": entry.uid,
        "kind": entry.kind,
        "at": entry.at.isoformat(),
        "who": entry.person,
        "matches": [
            {
                "question_id": h.question_id,
                "question": h.question_text,
                "text": h.text,
                "spans": search_text.spans(h.text, words),
            }
            for h in result.hits
            if h.entry_id == entry.id
        ],
    }
