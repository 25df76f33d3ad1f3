"""One self-contained HTML page for the weekly review or the patterns, with inline SVG charts.

No scripts, no fonts, no images, no network: a Content-Security-Policy forbids anything but
the inline styles, so the page shows the same offline, in any browser, years from now. Every
piece of text (what a person wrote, names, even prompt labels from their own prompts.yaml) is
made visible with render.clean and then HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING

from attachjournal.render import clean, duration_label, local
from attachjournal.stats import WEEKDAYS

if TYPE_CHECKING:
    from attachjournal.patterns import CalendarDay, Patterns
    from attachjournal.prompts import Prompts
    from attachjournal.review import Counts, WeeklyReview

LEVEL_COLOUR = {1: "#d73027", 2: "#fc8d59", 3: "#fee08b", 4: "#91cf60", 5: "#1a9850"}
EMPTY_COLOUR = "#ececec"
BAR = "#4a7fb5"
BAR_2 = "#e08a3c"
PERSON_COLOURS = ("#4a7fb5", "#e08a3c", "#5aa469", "#a86cc1", "#c85a5a", "#7f7f7f")
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
        below = item[3] if len(item) > 3 else ""  # type: ignore[misc]
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
) -> str:
    """Stacked vertical bars, one colour per series, with a legend."""
    n = max(len(columns), 1)
    step = 64.0 if n <= 13 else max(3.0, 840 / n)
    width = 40 + n * step
    bar_w = max(2.0, step * 0.72)
    totals = [sum(s[1][i] for s in series) for i in range(len(columns))]
    top = max(totals, default=0) or 1
    parts = [_svg_open(label, width, height + 80)]
    parts.append(
        f'<line x1="30" y1="{height + 26}" x2="{width}" y2="{height + 26}" stroke="#999"/>'
    )
    show_every = max(1, n // 16)
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
                f'fill="{PERSON_COLOURS[k % len(PERSON_COLOURS)]}"><title>{esc(column)}: '
                f"{esc(name)} {values[i]}</title></rect>"
            )
        if totals[i] and n <= 16:
            parts.append(_text(x + bar_w / 2, y - 4, str(totals[i]), size=10))
        if i % show_every == 0:
            parts.append(_text(x + bar_w / 2, height + 42, column, size=10, fill="#555"))
    x = 34
    for k, (name, values) in enumerate(series):
        colour = PERSON_COLOURS[k % len(PERSON_COLOURS)]
        parts.append(f'<rect x="{x}" y="{height + 58}" width="10" height="10" fill="{colour}"/>')
        legend = f"{clean(name, keep_newlines=False)[:24]} ({sum(values)})"
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
            fill = f"rgba(200,80,60,{shade:.2f})" if value else "#f4f4f4"
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
                )
            )
    parts.append("</svg>")
    return _figure(label, "".join(parts))


def calendar_chart(days: Sequence[CalendarDay]) -> str:
    """A contribution-style calendar per year: weeks as columns, weekdays as rows, digit = level."""
    if not days:
        return ""
    by_day = {d.day: d for d in days}
    out = []
    years = sorted({d.day.year for d in days})
    for year in years:
        first = max(days[0].day, date(year, 1, 1))
        last = min(days[-1].day, date(year, 12, 31))
        monday = first - timedelta(days=first.weekday())
        weeks = (last - monday).days // 7 + 1
        cell, left, head = 17, 64, 16
        width, height = left + weeks * cell + 4, head + 7 * cell + 4
        parts = [
            _svg_open(
                f"Check-ins in {year}, coloured by resourced level",
                width,
                height,
                cls="chart calendar",
            )
        ]
        parts.append(
            _text(2, head + 3 * cell + 11, str(year), size=10, anchor="start", weight="600")
        )
        for weekday in (0, 2, 4, 6):
            parts.append(
                _text(
                    left - 4,
                    head + weekday * cell + 11,
                    WEEKDAYS[weekday][:3],
                    size=9,
                    anchor="end",
                    fill="#555",
                )
            )
        month_seen = set()
        for w in range(weeks):
            for weekday in range(7):
                day = monday + timedelta(weeks=w, days=weekday)
                if day < first or day > last:
                    continue
                # A month is named on its first Monday (or where the calendar starts, when
                # enough of that month is left for the name to fit before the next one).
                starts = day.day <= 7 and weekday == 0
                if (starts and day.month not in month_seen) or (day == first and day.day <= 21):
                    month_seen.add(day.month)
                    parts.append(
                        _text(left + w * cell, 12, f"{day:%b}", size=9, anchor="start", fill="#555")
                    )
                entry = by_day.get(day)
                x, y = left + w * cell, head + weekday * cell
                if entry is None or not entry.checkins:
                    fill, digit, tip = EMPTY_COLOUR, "", "no check-in"
                elif entry.level is None:
                    fill, digit, tip = "#cfd8e3", "○", f"{entry.checkins} check-in(s)"
                else:
                    fill, digit = LEVEL_COLOUR[entry.level], str(entry.level)
                    tip = f"resourced {entry.level} ({entry.checkins} check-in{'s' if entry.checkins != 1 else ''})"
                parts.append(
                    f'<rect class="day" x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" rx="2" '
                    f'fill="{fill}"><title>{day.isoformat()}: {esc(tip)}</title></rect>'
                )
                if digit:
                    parts.append(_text(x + (cell - 2) / 2, y + 11, digit, size=10, fill="#222"))
        parts.append("</svg>")
        out.append("".join(parts))
    legend = " ".join(
        f'<span style="background:{LEVEL_COLOUR[lv]};padding:0 .35rem;border-radius:2px">{lv}</span>'
        for lv in (1, 2, 3, 4, 5)
    )
    out.append(
        f'<p class="note">Resourced: {legend} (1 running on empty … 5 well resourced); '
        f'<span style="background:{EMPTY_COLOUR};padding:0 .35rem">&nbsp;</span> no check-in.</p>'
    )
    return "\n".join(out)


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


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def _needing(c: Counts) -> int:
    return c.rupture_count - c.no_repair_needed_count


def _counts_text(c: Counts) -> str:
    if not c.rupture_count:
        return "no ruptures logged."
    out = (
        f"{c.rupture_count} rupture{'s' if c.rupture_count != 1 else ''}, repair rate "
        f"{_pct(c.repair_rate)} ({c.repair_count} of {_needing(c)})"
    )
    if c.median_minutes_to_repair is not None:
        out += f", median time to repair {duration_label(c.median_minutes_to_repair)}"
    return out + "."


# ----------------------------------------------------------------------------- patterns page


def _short(bucket: object, unit: str) -> str:
    start = bucket.start  # type: ignore[attr-defined]
    if unit == "week":
        return f"W{start.isocalendar()[1]:02d}"
    return f"{start:%b %y}"


def patterns_page(p: Patterns, prompts: Prompts, care: str = "") -> str:
    from attachjournal.patterns import FEW

    context_q = prompts["rupture"].get("context")
    moves_q = prompts["repair"].get("moves")
    subtitle = f"{p.period.start:%a %d %b %Y} – {p.period.end:%a %d %b %Y} ({p.period.length} days)"
    if p.who:
        subtitle += f", ruptures with {clean(p.who, keep_newlines=False)}"
    body: list[str] = []
    if p.is_empty:
        body.append(_p("Nothing written in this period yet, and that is fine."))
        return _page("Your patterns", subtitle, body, care)
    checked = sum(1 for d in p.calendar if d.checkins)
    body += [
        "<h2>Check-ins, coloured by how resourced I felt</h2>",
        _p(f"Checked in on {checked} of {len(p.calendar)} days."),
        calendar_chart(p.calendar),
    ]
    unit = p.unit
    body.append(f"<h2>Repair, {unit} by {unit}</h2>")
    body.append(
        bar_chart(
            f"Repair rate per {unit}",
            [
                (
                    _short(b, unit),
                    b.counts.repair_rate,
                    _pct(b.counts.repair_rate),
                    f"{b.counts.repair_count}/{_needing(b.counts)}",
                )
                for b in p.buckets
            ],
            1.0,
        )
    )
    body.append(
        _p(f"Repair rate per {unit}: repaired of the ruptures that needed a repair.", "note")
    )
    medians = [b.counts.median_minutes_to_repair for b in p.buckets]
    body.append(
        bar_chart(
            f"Median time to repair per {unit}",
            [
                (_short(b, unit), m, duration_label(m), f"n={b.counts.repair_count}")
                for b, m in zip(p.buckets, medians, strict=True)
            ],
            max((m for m in medians if m is not None), default=0),
            colour=BAR_2,
        )
    )
    body.append(_p(f"Median time to repair per {unit}, over that {unit}'s repairs.", "note"))
    rows = [
        [
            bk.label,
            bk.counts.rupture_count,
            f"{bk.counts.repair_count} of {_needing(bk.counts)}",
            _pct(bk.counts.repair_rate),
            duration_label(bk.counts.median_minutes_to_repair),
        ]
        for bk in (p.years or p.buckets)
    ]
    body.append(
        f"<details><summary>The numbers, {'year' if p.years else unit} by "
        f"{'year' if p.years else unit}</summary>"
        + _table(["", "ruptures", "repaired", "repair rate", "median time to repair"], rows)
        + "</details>"
    )
    (first, second), (a, b) = p.halves, p.half_counts
    body.append(
        _p(f"First half ({first.start:%d %b %Y} – {first.end:%d %b %Y}): {_counts_text(a)}")
    )
    body.append(
        _p(f"Second half ({second.start:%d %b %Y} – {second.end:%d %b %Y}): {_counts_text(b)}")
    )
    if min(_needing(a), _needing(b)) < FEW:
        body.append(_p("Too few ruptures in one half to say much about a trend.", "note"))
    if p.counts.rupture_count:
        names = [name for name, _ in p.ruptures_by_person]
        body.append("<h2>Who the ruptures were with</h2>")
        body.append(
            stacked_chart(
                f"Ruptures per {unit} by person",
                [_short(bk, unit) for bk in p.buckets],
                [(name, [dict(bk.by_person).get(name, 0) for bk in p.buckets]) for name in names],
            )
        )
        body.append("<h2>What was going on around them</h2>")
        top = max((c.total for c in p.contexts), default=0)
        body.append(
            hbar_chart(
                "Contexts around the ruptures",
                [
                    (
                        context_q.label_for(c.value) if context_q else c.value,
                        c.total,
                        f"{c.total} (first half {c.first_half}, second half {c.second_half})",
                    )
                    for c in p.contexts[:8]
                ],
                top,
            )
        )
        body.append(
            _p(
                f"Counts of ruptures with each context; {p.context_ruptures[0]} ruptures in the "
                f"first half, {p.context_ruptures[1]} in the second.",
                "note",
            )
        )
        body.append("<h2>When in the week</h2>")
        body.append(
            grid_chart(
                "Ruptures by time of day and weekday",
                p.grid_rows,
                [w[:3] for w in WEEKDAYS],
                p.grid,
            )
        )
    body.append("<h2>How resourced I was, and ruptures that day</h2>")
    top_rate = max((lv.per_day or 0 for lv in p.levels), default=0)
    body.append(
        bar_chart(
            "Ruptures per check-in day at each resourced level",
            [
                (
                    f"level {lv.level}",
                    lv.per_day,
                    f"{lv.per_day:.2f}" if lv.per_day is not None else "",
                    f"{lv.ruptures}/{lv.days} days",
                )
                for lv in p.levels
            ],
            top_rate,
        )
    )
    body.append(
        _table(
            ["resourced", "check-in days", "ruptures those days", "ruptures per day"],
            [
                [
                    lv.level,
                    lv.days,
                    lv.ruptures,
                    "—"
                    if lv.per_day is None
                    else f"{lv.per_day:.2f}" + (" (few days)" if lv.days < FEW else ""),
                ]
                for lv in p.levels
            ],
        )
    )
    if p.moves:
        body.append("<h2>Repair moves and feeling connected afterwards</h2>")
        body.append(
            hbar_chart(
                "Mean connectedness after repairs with each move",
                [
                    (
                        moves_q.label_for(m.move) if moves_q else m.move,
                        m.mean_connected or 0,
                        f"{m.mean_connected:g} of 5 (n={m.n}{', few' if m.n < FEW else ''})",
                    )
                    for m in p.moves
                ],
                5,
                colour="#5aa469",
            )
        )
        body.append(
            _p("A repair often has several moves, so one repair counts for each of them.", "note")
        )
    body.append("<h2>Serve and return</h2>")
    if p.serve_return_answered:
        body.append(
            _p(
                f"Noticed serve-and-return moments on {p.serve_return_days} of {p.serve_return_answered} days I answered."
            )
        )
        body.append(
            bar_chart(
                f"Share of answered days with serve-and-return moments, per {unit}",
                [
                    (
                        _short(bk, unit),
                        bk.serve_return_days / bk.serve_return_answered
                        if bk.serve_return_answered
                        else None,
                        _pct(bk.serve_return_days / bk.serve_return_answered)
                        if bk.serve_return_answered
                        else "",
                        f"{bk.serve_return_days}/{bk.serve_return_answered}",
                    )
                    for bk in p.buckets
                ],
                1.0,
                colour="#5aa469",
            )
        )
    else:
        body.append(_p("No serve-and-return answers in this period.", "note"))
    body.append("<h2>Echoes of my own upbringing</h2>")
    total = p.checkin_echoes + p.older_echoes
    body.append(
        _p(
            f"Noticed {total} times: {p.checkin_echoes} in check-ins, {p.older_echoes} with a rupture."
        )
    )
    if p.echo_notes:
        body.append(
            "<ul>"
            + "".join(
                f'<li>{n.day:%d %b %Y} ({esc(n.source)}): <span class="quote">{esc(n.text)}</span></li>'
                for n in p.echo_notes
            )
            + "</ul>"
        )
    body.append(_p(NOT_CAUSES, "note"))
    return _page("Your patterns", subtitle, body, care)


# ----------------------------------------------------------------------------- review page


def review_page(review: WeeklyReview, prompts: Prompts, care: str = "") -> str:
    context_q = prompts["rupture"].get("context")
    moves_q = prompts["repair"].get("moves")
    counts = review.counts
    body: list[str] = []
    if review.is_empty:
        body.append(
            _p("Nothing written in this period yet, and that is fine: every week starts somewhere.")
        )
        return _page("Your week", review.period.label(), body, care)
    body.append("<h2>Check-ins</h2>")
    body.append(_p(f"Checked in on {counts.checkin_days} of {review.period.length} days."))
    day_items = [
        (f"{d.day:%a %d}", d.resourced, f"{d.resourced:g}" if d.resourced is not None else "")
        for d in review.days
    ]
    body.append(bar_chart("Resourced per day (1-5)", day_items, 5))
    mood_items = [
        (f"{d.day:%a %d}", d.mood, f"{d.mood:g}" if d.mood is not None else "") for d in review.days
    ]
    body.append(bar_chart("Mood per day (1-5)", mood_items, 5, colour=BAR_2))
    body.append(_p("A dash is a day without a check-in.", "note"))
    body.append("<h2>Ruptures and repairs</h2>")
    if counts.rupture_count:
        body.append(_p(_counts_text(counts)))
        body.append(
            hbar_chart(
                "Ruptures by person",
                [(clean(n, keep_newlines=False), c, str(c)) for n, c in review.ruptures_by_person],
                max(c for _, c in review.ruptures_by_person),
            )
        )
        items = []
        for r in review.ruptures:
            line = f"{local(r.at):%a %d %b %H:%M} with {clean(r.who or 'someone', keep_newlines=False)}"
            if r.intensity is not None:
                line += f", intensity {r.intensity}/5"
            if r.context:
                line += ", " + ", ".join(
                    context_q.label_for(c) if context_q else c for c in r.context
                )
            if r.status == "repaired":
                after = f"came back together {duration_label(r.minutes_to_repair)} later"
                if r.moves:
                    after += ": " + "; ".join(
                        moves_q.label_for(m) if moves_q else m for m in r.moves
                    )
            elif r.status == "no_repair_needed":
                after = "no repair needed"
            else:
                after = f"still open (attach repair --of {r.id})"
            what = f'<br><span class="quote">“{esc(r.what)}”</span>' if r.what else ""
            items.append(f"<li>{esc(line)}{what}<br>{esc(after)}</li>")
        body.append("<h2>Day by day</h2><ul>" + "".join(items) + "</ul>")
        if review.contexts:
            body.append("<h2>What tended to go together</h2>")
            body.append(
                hbar_chart(
                    "Contexts around the ruptures",
                    [
                        (
                            context_q.label_for(v) if context_q else v,
                            c,
                            f"{c} of {counts.rupture_count}",
                        )
                        for v, c in review.contexts
                    ],
                    counts.rupture_count,
                )
            )
        comp = review.resourced_comparison
        if comp.enough:
            body.append(
                _p(
                    f"Resourced on days with a rupture: {comp.rupture_days_mean:g} on average "
                    f"({comp.rupture_days} days); other days: {comp.other_days_mean:g} ({comp.other_days} days)."
                )
            )
        else:
            body.append(
                _p(
                    "Too few check-ins to compare resourced on rupture days with other days.",
                    "note",
                )
            )
    else:
        body.append(_p("No ruptures logged this week."))
    body.append("<h2>Serve and return</h2>")
    answered = [d for d in review.days if d.serve_return is not None]
    body.append(
        _p(
            f"Noticed serve-and-return moments on {review.serve_return_days} of {len(answered)} days I answered."
        )
    )
    if review.moves:
        body.append(
            hbar_chart(
                "Repair moves used",
                [(moves_q.label_for(m) if moves_q else m, c, str(c)) for m, c in review.moves],
                max(c for _, c in review.moves),
                colour="#5aa469",
            )
        )
    body.append("<h2>Compared with the week before</h2>")
    before = review.previous
    body.append(
        _table(
            ["", "this period", "the one before"],
            [
                ["check-in days", counts.checkin_days, before.checkin_days],
                ["ruptures", counts.rupture_count, before.rupture_count],
                ["repaired", counts.repair_count, before.repair_count],
                ["still open", counts.open_rupture_count, before.open_rupture_count],
                ["repair rate", _pct(counts.repair_rate), _pct(before.repair_rate)],
                [
                    "median time to repair",
                    duration_label(counts.median_minutes_to_repair),
                    duration_label(before.median_minutes_to_repair),
                ],
            ],
        )
    )
    if review.questions:
        body.append(
            "<h2>To sit with</h2><ul>"
            + "".join(f"<li>{esc(q)}</li>" for q in review.questions)
            + "</ul>"
        )
    body.append(_p(NOT_CAUSES, "note"))
    return _page("Your week", review.period.label(), body, care)
