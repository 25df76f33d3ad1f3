"""The calendar on the patterns page: one chart per year, weeks as columns, weekdays as rows,
each day's resourced level as a digit on one neutral shade (light to deep)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from attachjournal.core import shades
from attachjournal.core.shades import UNRATED
from attachjournal.core.stats import WEEKDAYS
from attachjournal.views.html_report import EMPTY_COLOUR, _svg_open, _text, esc
from attachjournal.views.text import plural

if TYPE_CHECKING:
    from attachjournal.core.patterns_results import CalendarDay


def calendar_chart(
    days: Sequence[CalendarDay],
    scale: tuple[int, int] = (1, 5),
    words: tuple[str, str] = ("", ""),
) -> str:
    """A calendar per year: weeks as columns, weekdays as rows, the day's level as a digit on
    one neutral shade (light to deep); no colour says good or bad."""
    if not days:
        return ""
    low, high = scale
    by_day = {d.day: d for d in days}
    out = []
    for year in sorted({d.day.year for d in days}):
        first = max(days[0].day, date(year, 1, 1))
        last = min(days[-1].day, date(year, 12, 31))
        monday = first - timedelta(days=first.weekday())
        weeks = (last - monday).days // 7 + 1
        cell, left, head = 17, 64, 16
        width, height = left + weeks * cell + 4, head + 7 * cell + 4
        parts = [
            _svg_open(
                f"Check-ins in {year}, shaded by resourced level",
                width,
                height,
                cls="chart calendar",
            ),
            _text(2, head + 3 * cell + 11, str(year), size=10, anchor="start", weight="600"),
        ]
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
                # A month is named on its first Monday, or where the calendar starts when
                # enough of that month is left for the name to fit before the next one.
                starts = day.day <= 7 and weekday == 0
                if (starts and day.month not in month_seen) or (day == first and day.day <= 21):
                    month_seen.add(day.month)
                    parts.append(
                        _text(left + w * cell, 12, f"{day:%b}", size=9, anchor="start", fill="#555")
                    )
                parts.append(
                    _day_cell(
                        by_day.get(day), day, left + w * cell, head + weekday * cell, cell, scale
                    )
                )
        parts.append("</svg>")
        out.append("".join(parts))
    legend = " ".join(
        f'<span style="background:{fill};color:{ink};padding:0 .35rem;border-radius:2px">{v}</span>'
        for v in range(low, high + 1)
        for fill, ink in [shades.html_colours(v, low, high)]
    )
    ends = f" ({esc(words[0])} … {esc(words[1])})" if words[0] and words[1] else ""
    unrated = any(d.checkins and d.level is None for d in days)
    out.append(
        f'<p class="note">Resourced, {low}-{high}{ends}: {legend}; '
        + (f"{UNRATED}; " if unrated else "")
        + f'<span style="background:{EMPTY_COLOUR};padding:0 .35rem">&nbsp;</span> no check-in.</p>'
    )
    return "\n".join(out)


def _day_cell(
    entry: CalendarDay | None, day: date, x: int, y: int, cell: int, scale: tuple[int, int]
) -> str:
    ink = "#222"
    if entry is None or not entry.checkins:
        fill, digit, tip = EMPTY_COLOUR, "", "no check-in"
    elif entry.level is None:
        fill, digit, tip = EMPTY_COLOUR, "○", f"{plural(entry.checkins, 'check-in')}"
    else:
        fill, ink = shades.html_colours(entry.level, *scale)
        digit = str(entry.level)
        tip = f"resourced {entry.level} ({plural(entry.checkins, 'check-in')})"
    out = (
        f'<rect class="day" x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" rx="2" '
        f'fill="{fill}"><title>{day.isoformat()}: {esc(tip)}</title></rect>'
    )
    if digit:
        size = 10 if len(digit) == 1 else 8
        out += _text(x + (cell - 2) / 2, y + 11, digit, size=size, fill=ink)
    return out
