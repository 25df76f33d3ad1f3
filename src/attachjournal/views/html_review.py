"""The weekly review as one self-contained HTML page: the same sections as the terminal view.

Levels are drawn on one neutral scale (light to deep blue) with the digit written in every
cell; nothing is red or green. With `for_others` (attach review --redact) no command meant
for the writer appears on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from attachjournal.core.review import scale_of
from attachjournal.views.html_report import _page, _svg_open, _table, _text, esc
from attachjournal.views.review_text import sections, subtitle, title

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts
    from attachjournal.core.review import DayLine, WeeklyReview

# The same light-to-deep ramp the terminal strip uses; the digit carries the meaning.
SHADES = ("#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b", "#08306b")
EMPTY = "#f2f2f2"


def review_page(
    review: WeeklyReview, prompts: Prompts, *, for_others: bool = False, care: str = ""
) -> str:
    body: list[str] = []
    for section in sections(review, prompts, for_others=for_others):
        if section.title:
            body.append(f"<h2>{esc(section.title)}</h2>")
        if section.key == "heavy":  # set apart gently, in the page's own neutral blue
            body.append('<div style="border-left:4px solid #6baed6;padding:.1rem .9rem">')
        for i, line in enumerate(section.lines):
            cls = {"quote": "quote", "note": "note", "command": "note"}.get(line.style, "")
            style = f' style="margin-left:{1.2 * line.indent:.1f}rem"' if line.indent else ""
            attr = f' class="{cls}"' if cls else ""
            body.append(f"<p{attr}{style}>{esc(line.text)}</p>")
            if section.key == "checkins" and i == 0 and review.days and review.days_counted <= 31:
                body.append(_strips(review.days, prompts))
        if section.rows:
            body.append(_table(["", "this period", "the one before"], section.rows))
        if section.key == "heavy":
            body.append("</div>")
    return _page(title(review), subtitle(review), body, care)


def _strips(days: Sequence[DayLine], prompts: Prompts) -> str:
    resourced = scale_of(prompts, "reflect", "resourced")
    mood = scale_of(prompts, "reflect", "mood")
    out = [
        _strip(
            f"Resourced per day ({resourced[0]}-{resourced[1]})",
            days,
            [d.resourced for d in days],
            resourced,
        ),
        _strip(f"Mood per day ({mood[0]}-{mood[1]})", days, [d.mood for d in days], mood),
        _strip("Ruptures per day", days, [d.ruptures or None for d in days], None),
        '<p class="note">Lighter is lower on the scale, deeper is higher; the number says it. '
        "An empty cell is a day without a check-in (among the ruptures, a day without one).</p>",
    ]
    return "\n".join(out)


def _strip(
    label: str,
    days: Sequence[DayLine],
    values: Sequence[float | None],
    scale: tuple[int, int] | None,
) -> str:
    from attachjournal.core.shades import level_index

    cell, left = 46, 4
    parts = [f"<figure><figcaption>{esc(label)}</figcaption>"]
    parts.append(_svg_open(label, left + cell * len(days) + 4, 64))
    for i, (day, value) in enumerate(zip(days, values, strict=True)):
        x = left + i * cell
        if value is None:
            fill, ink, digit = EMPTY, "#222", ""
        elif scale is None:
            fill, ink, digit = "#e3e3e3", "#222", str(value)
        else:
            index = level_index(value, scale)
            fill, ink, digit = SHADES[index - 1], "#fff" if index >= 5 else "#222", f"{value:g}"
        # A day without a check-in may still have had a rupture: say which is missing.
        tip = f"{day.day:%a %d %b}: {digit or ('no check-in' if scale else 'no rupture')}"
        parts.append(
            f'<rect class="day" x="{x}" y="2" width="{cell - 4}" height="34" rx="3" '
            f'fill="{fill}"><title>{esc(tip)}</title></rect>'
        )
        if digit:
            parts.append(_text(x + (cell - 4) / 2, 24, digit, size=13, fill=ink, weight="600"))
        parts.append(_text(x + (cell - 4) / 2, 54, f"{day.day:%a %d}", size=10, fill="#555"))
    parts.append("</svg></figure>")
    return "".join(parts)
