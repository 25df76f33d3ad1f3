"""The terminal calendar: weeks as columns, weekdays as rows, each day's resourced level as a
digit on one neutral shade (light to deep). Reads the same under NO_COLOR: the digit carries it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from attachjournal.core import shades
from attachjournal.core.patterns_results import CalendarDay
from attachjournal.core.shades import UNRATED
from attachjournal.core.stats import WEEKDAYS
from attachjournal.views.text import MISSING, plural

# At most this many weeks (about a year); the HTML page shows all.
CALENDAR_WEEKS = 53


class CalendarView:
    """Weeks as columns, weekdays as rows; each cell is the day's resourced level as a digit on
    its shade. As many weeks as fit the terminal (at most CALENDAR_WEEKS), the latest kept."""

    def __init__(
        self,
        days: Sequence[CalendarDay],
        scale: tuple[int, int] = (1, 5),
        words: tuple[str, str] = ("", ""),
        max_weeks: int = CALENDAR_WEEKS,
    ) -> None:
        self.days, self.scale, self.words, self.max_weeks = days, scale, words, max_weeks

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield calendar_view(self.days, self.scale, self.words, self.max_weeks, options.max_width)


def calendar_view(
    days: Sequence[CalendarDay],
    scale: tuple[int, int] = (1, 5),
    words: tuple[str, str] = ("", ""),
    max_weeks: int = CALENDAR_WEEKS,
    width: int = 100,
) -> RenderableType:
    if not days:
        return Text("")
    low, high = scale
    seen = [d.level for d in days if d.level is not None]
    cell = max(len(str(v)) for v in (low, high, *seen))
    by_day = {d.day: d for d in days}
    first, last = days[0].day, days[-1].day
    monday = first - timedelta(days=first.weekday())
    weeks = (last - monday).days // 7 + 1
    max_weeks = max(4, min(max_weeks, (width - 4) // cell))
    note = None
    if weeks > max_weeks:
        monday += timedelta(weeks=weeks - max_weeks)
        note = f"(the last {max_weeks} weeks; the HTML page shows the whole period)"
        weeks = max_weeks
    months = [" "] * (weeks * cell)
    # A month's name stands over its first week that starts in it (as on the HTML page): over a
    # week of six October days and Sun 1 Nov it would put those October days in November. The
    # first column's month only where it still fits.
    starts = [
        (w, f"{monday + timedelta(weeks=w):%b}")
        for w in range(1, weeks)
        if (monday + timedelta(weeks=w)).month != (monday + timedelta(weeks=w - 1)).month
    ]
    for w, name in [*starts, (0, f"{max(monday, first):%b}")]:
        at = w * cell
        if all(c == " " for c in months[max(0, at - 1) : at + len(name) + 1]):
            months[at : at + len(name)] = list(name)
    rows = [Text("    " + "".join(months).rstrip(), style="dim")]
    for weekday in range(7):
        line = Text(f"{WEEKDAYS[weekday][:3]} ", style="dim")
        for w in range(weeks):
            day = monday + timedelta(weeks=w, days=weekday)
            line.append_text(_cell(by_day.get(day), scale, cell))
        rows.append(line)
    checked = sum(1 for d in days if d.checkins)
    legend = Text("Resourced: ")
    if words[0]:
        legend.append(f"{words[0]} ")
    for level in range(low, high + 1):
        legend.append(str(level), style=shades.terminal_style(level, low, high))
        legend.append(" " if level < high else "")
    if words[1]:
        legend.append(f" {words[1]}")
    if any(d.checkins and d.level is None for d in days):
        legend.append(f"  {UNRATED}")
    legend.append(f"  {MISSING} none")
    summary = Text(f"Checked in on {checked} of {plural(len(days), 'day')}.")
    parts: list[RenderableType] = [summary, *rows, legend]
    if note:
        parts.append(Text(note, style="dim"))
    return Group(*parts)


def _cell(day: CalendarDay | None, scale: tuple[int, int], width: int) -> Text:
    if day is None:
        return Text(" " * width)
    if not day.checkins:
        return Text(MISSING.rjust(width), style="dim")
    if day.level is None:
        return Text("○".rjust(width))
    return Text(str(day.level).rjust(width), style=shades.terminal_style(day.level, *scale))
