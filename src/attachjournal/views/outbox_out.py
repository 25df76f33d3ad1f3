"""What `attach outbox` prints: what waits on this device for the server (never the words in
the list), one kept entry in its own words, and what was let go."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from attachjournal.views.text import print_json

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts
    from attachjournal.storage import OutboxKept
    from attachjournal.usecases.outbox import Discarded, Outbox

NOTHING_WAITS = "Nothing waits in this device's outbox: everything written here is on the server."
HOW_TO_LOOK = "attach outbox show N reads one in your words; attach outbox discard N lets it go."


def _what(entry: OutboxKept) -> str:
    from attachjournal.core.vocabulary import kind_label

    if entry.change:
        return f"change to a {kind_label(entry.kind)}"
    if entry.rupture_id is not None:
        return f"{kind_label(entry.kind)} of rupture #{entry.rupture_id}"
    return kind_label(entry.kind)


def _status(entry: OutboxKept) -> str:
    from attachjournal.views.text import clean

    if entry.refused is None:
        return "waiting: the next command that reaches the server delivers it"
    return "refused by the server: " + clean(entry.refused, keep_newlines=False)


def _summary(entry: OutboxKept) -> dict[str, Any]:
    return {
        "number": entry.number,
        "kind": entry.kind,
        "change": entry.change,
        "at": entry.at.isoformat(),
        "kept_at": entry.kept_at.isoformat(),
        "who": entry.person,
        "rupture_id": entry.rupture_id,
        "status": "waiting" if entry.refused is None else "refused",
        "reason": entry.refused,
    }


def listed(result: Outbox, json_out: bool) -> None:
    if json_out:
        print_json([_summary(e) for e in result.entries])
        return
    from attachjournal.views import render
    from attachjournal.views.text import clean, when_label

    out = render.stdout()
    if result.no_outbox is not None:
        out.print(result.no_outbox)
        return
    if not result.entries:
        out.print(NOTHING_WAITS)
        return
    for entry in result.entries:
        who = f" with {clean(entry.person, keep_newlines=False)}" if entry.person else ""
        out.print(
            render.safe_text(f"{entry.number:>3}  {_what(entry)}, {when_label(entry.at)}{who}")
        )
        out.print(render.indented(render.safe_text(_status(entry)), by=5, style="dim"))
    out.print(HOW_TO_LOOK)


def shown(entry: OutboxKept, json_out: bool, prompts: Callable[[], Prompts]) -> None:
    if json_out:
        data = _summary(entry)
        data["answers"] = {
            a.question_id: {"question": a.question_text, "kind": a.kind, "value": a.value}
            for a in entry.answers
        }
        print_json(data)
        return
    from rich.console import Group
    from rich.text import Text

    from attachjournal.core.vocabulary import kind_title
    from attachjournal.views import render
    from attachjournal.views.text import clean, when_label

    title = f"{render.symbol(entry.kind)}{kind_title(entry.kind)}"
    if entry.rupture_id is not None and not entry.change:
        title += f" of rupture #{entry.rupture_id}"
    head = Text(f"A {_what(entry)}" if entry.change else title, style="bold")
    head.append(f"  {when_label(entry.at)}", style="")
    if entry.person:
        head.append("  with ")
        head.append(clean(entry.person, keep_newlines=False), style="bold")
    kept = f"kept on this device as #{entry.number} of its outbox, {when_label(entry.kept_at)}"
    questionnaire = prompts().questionnaires.get(entry.kind)
    render.stdout().print(
        Group(
            head,
            render.indented(Text(kept, style="dim")),
            render.indented(render.safe_text(_status(entry), "dim")),
            *render.answer_lines(entry.answers, questionnaire),
        )
    )


def discarded(result: Discarded) -> None:
    from attachjournal.views import render

    out = render.stdout()
    if not result.entries:
        out.print("Kept it. Nothing was discarded.")
        return
    first, *with_it = result.entries
    line = f"✓ Discarded #{first.number} ({_what(first)}) from this device's outbox"
    if with_it:
        line += f", with its repair (#{with_it[0].number})"
    out.print(line + ". It will not be delivered.")
