"""What `attach doctor` prints: notes on stderr, then the report or its JSON on stdout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attachjournal.views import render

if TYPE_CHECKING:
    from attachjournal.usecases.checkup import Checked


def checked(result: Checked, json_out: bool) -> None:
    if result.tidied:
        render.note(
            f"Removed {result.tidied} temporary file(s) an interrupted backup, restore or "
            "encryption had left beside the journal."
        )
    if result.words_left:
        render.note(
            "Words of a deleted or edited entry may still be in the journal file (another "
            "attach was reading it then); the next command that opens the journal wipes them."
        )
    if json_out:
        render.print_json(result.checkup.as_dict())
        return
    if isinstance(result.checkup.journal, str):  # a journal on a server
        from attachjournal.views.render_server_checkup import server_checkup_view

        render.stdout().print(server_checkup_view(result.checkup))
        return
    from attachjournal.views.render_checkup import checkup_view

    render.stdout().print(checkup_view(result.checkup))
