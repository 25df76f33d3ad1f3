"""What `attach patterns` shows: the terminal view, its JSON, or the HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from attachjournal.views import render
from attachjournal.views.care_out import period_care_html, show_period_care

if TYPE_CHECKING:
    from attachjournal.usecases.patterns import Patterns


def shown(result: Patterns, json_out: bool, html: Path | None) -> None:
    if html is not None:
        _write_page(html, result, announce=not json_out)
    else:
        show_period_care(result.concern)
    if json_out:
        from attachjournal.views.patterns_json import to_json

        render.print_json(to_json(result.summary))
        return
    if html is not None:
        return
    from attachjournal.views.render_patterns import patterns_view

    render.stdout().print(patterns_view(result.summary, result.prompts))


def _write_page(path: Path, result: Patterns, announce: bool) -> None:
    from attachjournal.storage import write_private
    from attachjournal.views import html_patterns

    # A page made for someone else carries no notice meant for the writer.
    care = "" if result.redacted else period_care_html(result.concern)
    page = html_patterns.patterns_page(
        result.shared, result.prompts, redact=result.redacted, care=care
    )
    write_private(path, page, what="the page, e.g. patterns.html")
    if announce:
        render.stdout().print(render.safe_text(f"Wrote the page to {path} (only you can read it)."))
