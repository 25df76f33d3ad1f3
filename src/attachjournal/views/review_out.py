"""What `attach review` shows: the terminal view, its JSON, or the HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from attachjournal.views.care_out import period_care_html, show_period_care
from attachjournal.views.text import print_json

if TYPE_CHECKING:
    from attachjournal.usecases.review import Reviewed


def reviewed(result: Reviewed, json_out: bool, html: Path | None) -> None:
    if result.week_reading:
        from attachjournal.views import render

        render.note(result.week_reading)  # on stderr: --json keeps stdout for the JSON
    if html is not None:
        from attachjournal.storage import write_private
        from attachjournal.views.html_review import review_page

        # A page made for someone else carries no notice meant for the writer.
        care = "" if result.redacted else period_care_html(result.concern)
        page = review_page(result.summary, result.prompts, for_others=result.redacted, care=care)
        write_private(html, page, what="the page, e.g. week.html")
        if not json_out:
            from attachjournal.views import render

            said = f"Wrote the page to {html} (only you can read it)."
            render.stdout().print(render.safe_text(said))
            return
    show_period_care(result.concern)
    if json_out:
        from attachjournal.views.review_json import to_json

        data = to_json(result.summary)
        if result.intention is not None:
            # The plan on the check-ins now, and one waiting to hear how it went (as data;
            # --json never asks).
            data["intention"] = result.intention.as_dict()
        print_json(data)
        return
    # Rich is loaded for the terminal view only: --json and the page never pay for it.
    from attachjournal.views import render
    from attachjournal.views.render_review import review_view

    render.stdout().print(review_view(result.summary, result.prompts, for_others=result.redacted))
    state = result.intention
    if state is not None and state.current is not None:
        # The plan the check-ins show this week, said once more where the week is read back.
        from attachjournal.views.intention_out import check_in_line

        check_in_line(state.current)
