"""What `attach edit` and `attach delete` print, and the deletion preview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attachjournal.views import render

if TYPE_CHECKING:
    from attachjournal.usecases.changes import Deleted, DeletePlan, Edited

# Said when an edit or a delete could not wipe the old words from the file yet.
WIPE_LATER = (
    "another attach is reading the journal right now. They are wiped the next time attach "
    "opens it after that one has finished (any command will do, e.g. attach log)."
)
BACKUPS_HOLD_IT = (
    "Older backups and exports still hold deleted text: delete or replace those too if it "
    "must be gone everywhere."
)


def edited(result: Edited, json_out: bool) -> None:
    if result.entry is None:
        render.stdout().print("Nothing changed.")
        return
    if json_out:
        render.print_json(result.entry.as_dict())
    else:
        render.stdout().print(render.saved_line(result.entry, "Updated"))
    if not result.wiped:
        render.note(f"The words it replaced are still in the journal file: {WIPE_LATER}")


def deletion_preview(plan: DeletePlan) -> None:
    from attachjournal.views import render_data

    out = render.stdout()
    out.print("This will delete:")
    out.print(render_data.deletion_preview(list(plan.going)))
    if plan.kept_note is not None:
        out.print(f"and keep repair #{plan.kept_note} as a note.")
    if plan.entry.kind == "repair":
        out.print(f"Rupture #{plan.reopens} will be open again.")


def deleted(result: Deleted) -> None:
    out = render.stdout()
    if not result.ids:
        # Choosing to keep an entry is a fine answer, not a failure: a calm line and exit 0.
        out.print("Kept it. Nothing was deleted.")
        return
    numbers = " and ".join("#" + str(i) for i in result.ids)
    if result.unshared_note is not None:
        numbers += (
            f"; repair #{result.unshared_note} stays as your note, private now (a note is "
            "never shared)"
        )
    if result.wiped:
        out.print(f"✓ Deleted {numbers}.")
    else:
        # Never "deleted" while the words can still be read from the file.
        out.print(
            f"{numbers} {'is' if len(result.ids) == 1 else 'are'} gone from your entries, but "
            f"the words are still in the journal file: {WIPE_LATER}"
        )
    render.note(BACKUPS_HOLD_IT)
