"""The safety notice for a period read back (a review, patterns, an import's summary): on
stderr before the summary, or as the HTML page's first section."""

from __future__ import annotations

from typing import Any


def show_period_care(concern: Any, template: str = "review_opening") -> None:
    """The notice once, on stderr, before a review, patterns or an import's summary."""
    if concern is None:
        return
    from attachjournal.core import safety
    from attachjournal.views.render_care import period_opening, show_care

    guide = safety.guide()
    opening = period_opening(guide, getattr(guide, template), concern.entries)
    show_care(guide, concern.groups, opening)


def period_care_html(concern: Any) -> str:
    """The notice as the HTML page's first section, or "" when the period holds nothing."""
    if concern is None:
        return ""
    from attachjournal.core import safety
    from attachjournal.views.render_care import care_html, period_opening

    guide = safety.guide()
    return care_html(
        guide, concern.groups, period_opening(guide, guide.review_opening, concern.entries)
    )
