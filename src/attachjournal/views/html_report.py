"""One self-contained HTML page for the weekly review or the patterns, with inline SVG charts.

No scripts, no fonts, no images, no network: a Content-Security-Policy forbids anything but
the inline styles, so the page shows the same offline, in any browser, years from now. Every
piece of text (what a person wrote, names, even prompt labels from their own prompts.yaml) is
made visible with text.clean and then HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from attachjournal.views.text import clean

if TYPE_CHECKING:
    pass

# One neutral scale, light to deep (see shades.py): no level reads as good or bad.
LEVEL_COLOUR = {1: "#eef2f7", 2: "#cdd9e7", 3: "#9fb6d1", 4: "#6b8cb5", 5: "#36587f"}
EMPTY_COLOUR = "#ececec"
BAR = "#4a7fb5"
BAR_2 = "#e08a3c"
# One colour per person, to tell them apart: no red or green, which would read as bad or good.
PERSON_COLOURS = ("#4a7fb5", "#e08a3c", "#a86cc1", "#c27ba0", "#b59a3a", "#7f7f7f")
NOT_CAUSES = "These are things that showed up together, not causes."

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;
margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45;background:#fff}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;
border-bottom:1px solid #ddd;padding-bottom:.2rem}.sub{color:#555;margin-top:0}
.note{color:#666;font-size:.9rem}.chart{display:block;max-width:100%;height:auto;margin:.5rem 0}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .6rem;text-align:left;
border-bottom:1px solid #eee}th{font-weight:600;color:#444}td.n{text-align:right}
.quote{color:#555;font-style:italic}ul{padding-left:1.2rem}
svg text{font-family:inherit}figure{margin:1rem 0}figcaption{font-size:.9rem;color:#444}
.care{border-left:4px solid #a86cc1;background:#f8f4fb;padding:.6rem 1rem;margin:1rem 0}
@media print{body{margin:0}}
"""


def esc(value: object) -> str:
    return escape(clean(value, keep_newlines=False), quote=True)


def _page(title: str, subtitle: str, body: Sequence[str], care: str = "") -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta http-equiv="Content-Security-Policy" '
            "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{esc(title)}</title>",
            f"<style>{CSS}</style></head><body>",
            f"<h1>{esc(title)}</h1>",
            f'<p class="sub">{esc(subtitle)}</p>',
            care,  # the safety notice, once, at the top (render_care.care_html), or nothing
            *body,
            '<p class="note">Written by attachjournal on this computer. A journal, not therapy, '
            "and not a diagnosis.</p>",
            "</body></html>",
        ]
    )


# ----------------------------------------------------------------------------- charts


def bar_chart(
    label: str,
    items: Sequence[tuple[str, float | None, str] | tuple[str, float | None, str, str]],
    top: float,
    colour: str = BAR,
    height: int = 140,
) -> str:
    """Vertical bars: (x label, value or None, figure above the bar[, its count below that])."""
    n = max(len(items), 1)
    step = 64.0 if n <= 13 else max(3.0, 840 / n)
    width = 40 + n * step
    bar_w = max(2.0, step * 0.72)
    pad = 30  # room for the figures above the tallest bar
    base = pad + height
    parts = [_svg_open(label, width, base + 24)]
    parts.append(f'<line x1="30" y1="{base}" x2="{width}" y2="{base}" stroke="#999"/>')
    show_every = max(1, round(n / 14))
    for i, item in enumerate(items):
        x_label, value, above = item[0], item[1], item[2]
        below = item[3] if len(item) > 3 else ""
        x = 34 + i * step
        tip = f"{x_label}: {above} {below}".strip()
        if value is not None and top > 0:
            h = max(1.0, min(value, top) / top * height)
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="{colour}"><title>{esc(tip)}</title></rect>'
            )
            if n <= 16:
                parts.append(_text(x + bar_w / 2, base - h - (16 if below else 4), above, size=10))
                if below:
                    parts.append(_text(x + bar_w / 2, base - h - 4, below, size=9, fill="#666"))
        elif n <= 31:
            parts.append(_text(x + bar_w / 2, base - 4, "–", size=10, fill="#999"))
        if i % show_every == 0:
            parts.append(_text(x + bar_w / 2, base + 16, x_label, size=10, fill="#555"))
    parts.append("</svg>")
    return _figure(label, "".join(parts))


def stacked_chart(
    label: str,
    columns: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    height: int = 140,
    colours: Sequence[str] = PERSON_COLOURS,
) -> str:
    """Stacked vertical bars, one colour per series, with a legend."""
    n = max(len(columns), 1)
    step = 64.0 if n <= 13 else max(3.0, 840 / n)
    legends = [f"{clean(name, keep_newlines=False)[:24]} ({sum(v)})" for name, v in series]
    # Wide enough for the legend too, which runs on one line under the bars.
    width = max(40 + n * step, 34 + sum(30 + 7 * len(legend) for legend in legends))
    bar_w = max(2.0, step * 0.72)
    totals = [sum(s[1][i] for s in series) for i in range(len(columns))]
    top = max(totals, default=0) or 1
    parts = [_svg_open(label, width, height + 80)]
    parts.append(
        f'<line x1="30" y1="{height + 26}" x2="{width}" y2="{height + 26}" stroke="#999"/>'
    )
    # As in bar_chart: 27 months at 31 px each would run "Sep 24Oct 24Nov 24" together.
    show_every = max(1, round(n / 14))
    for i, column in enumerate(columns):
        x = 34 + i * step
        y = height + 26.0
        for k, (name, values) in enumerate(series):
            if not values[i]:
                continue
            h = values[i] / top * height
            y -= h
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{colours[k % len(colours)]}"><title>{esc(column)}: '
                f"{esc(name)} {values[i]}</title></rect>"
            )
        if totals[i] and n <= 16:
            parts.append(_text(x + bar_w / 2, y - 4, str(totals[i]), size=10))
        if i % show_every == 0:
            parts.append(_text(x + bar_w / 2, height + 42, column, size=10, fill="#555"))
    x = 34
    for k, legend in enumerate(legends):
        colour = colours[k % len(colours)]
        parts.append(f'<rect x="{x}" y="{height + 58}" width="10" height="10" fill="{colour}"/>')
        parts.append(_text(x + 14, height + 67, legend, size=11, anchor="start"))
        x += 30 + 7 * len(legend)
    parts.append("</svg>")
    return _figure(label, "".join(parts))


def hbar_chart(
    label: str, items: Sequence[tuple[str, float, str]], top: float, colour: str = BAR
) -> str:
    """Horizontal bars: (label, value, text after the bar)."""
    row = 22
    width = 900
    label_w = 300
    parts = [_svg_open(label, width, row * len(items) + 10)]
    for i, (name, value, after) in enumerate(items):
        y = 5 + i * row
        w = 0 if top <= 0 else value / top * (width - label_w - 250)
        parts.append(_text(label_w - 8, y + 15, name[:48], size=12, anchor="end"))
        parts.append(
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row - 6}" '
            f'fill="{colour}"><title>{esc(name)}: {esc(after)}</title></rect>'
        )
        parts.append(_text(label_w + w + 6, y + 15, after, size=11, anchor="start"))
    parts.append("</svg>")
    return _figure(label, "".join(parts))


def grid_chart(
    label: str, rows: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[int]]
) -> str:
    """A heat grid with the count written in every cell."""
    cell_w, cell_h, left, head = 56, 30, 90, 22
    top = max((v for row in values for v in row), default=0) or 1
    width, height = left + cell_w * len(columns) + 4, head + cell_h * len(rows) + 4
    parts = [_svg_open(label, width, height)]
    for j, column in enumerate(columns):
        parts.append(_text(left + j * cell_w + cell_w / 2, 15, column, size=11, fill="#555"))
    for i, name in enumerate(rows):
        y = head + i * cell_h
        parts.append(_text(left - 8, y + cell_h / 2 + 4, name, size=11, anchor="end"))
        for j, value in enumerate(values[i]):
            shade = 0.08 + 0.85 * value / top if value else 0
            fill = f"rgba(54,88,127,{shade:.2f})" if value else "#f4f4f4"
            parts.append(
                f'<rect class="cell" x="{left + j * cell_w + 1}" y="{y + 1}" width="{cell_w - 2}" '
                f'height="{cell_h - 2}" fill="{fill}"><title>{esc(columns[j])} {esc(name)}: '
                f"{value}</title></rect>"
            )
            parts.append(
                _text(
                    left + j * cell_w + cell_w / 2,
                    y + cell_h / 2 + 4,
                    str(value) if value else "·",
                    size=11,
                    fill="#fff" if shade > 0.55 else "#222",
                )
            )
    parts.append("</svg>")
    return _figure(label, "".join(parts))


def _figure(label: str, svg: str) -> str:
    return f"<figure><figcaption>{esc(label)}</figcaption>{svg}</figure>"


def _svg_open(label: str, width: float, height: float, cls: str = "chart") -> str:
    return (
        f'<svg class="{cls}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{esc(label)}" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}"><title>{esc(label)}</title>'
    )


def _text(
    x: float,
    y: float,
    value: str,
    size: int = 11,
    anchor: str = "middle",
    fill: str = "#222",
    weight: str = "400",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
        f'font-weight="{weight}">{esc(value)}</text>'
    )


def _table(head: Sequence[str], rows: Sequence[Sequence[object]], numeric_from: int = 1) -> str:
    out = ["<table><tr>", *[f"<th>{esc(h)}</th>" for h in head], "</tr>"]
    for row in rows:
        out.append("<tr>")
        for i, cell in enumerate(row):
            cls = ' class="n"' if i >= numeric_from else ""
            out.append(f"<td{cls}>{esc(cell)}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def _p(text: str, cls: str = "") -> str:
    return f'<p class="{cls}">{esc(text)}</p>' if cls else f"<p>{esc(text)}</p>"


# The patterns page lives in html_patterns.py; the review page in html_review.py.
