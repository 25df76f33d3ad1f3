"""The weekly review as Rich renderables. Meaning is carried by words, digits and symbols;
colour is one neutral scale (light to deep) that adds nothing the digit does not say."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from attachjournal.core.prompts import Prompts
from attachjournal.core.review import DayLine, WeeklyReview, scale_of
from attachjournal.core.shades import level_index
from attachjournal.views.render import plain
from attachjournal.views.review_text import Section, sections, subtitle
from attachjournal.views.review_text import title as review_title
from attachjournal.views.text import MISSING, clean

BLOCKS = " ▁▂▃▄▅▆▇█"
SERVE_SYMBOL = {"none": "○", "1-2": "◔", "3-5": "◑", "lots": "●"}
# One hue from light to deep: the depth follows the level, never a good/bad red or green.
SHADES = ("#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b", "#08306b")
STYLE = {"quote": "italic", "note": "dim", "command": "dim"}


def review_view(
    review: WeeklyReview, prompts: Prompts, *, for_others: bool = False
) -> RenderableType:
    parts: list[RenderableType] = [_header(review)]
    for section in sections(review, prompts, for_others=for_others):
        if section.title:
            parts.append(Text(f"\n{section.title}", style="bold underline"))
        else:
            parts.append(Text(""))
        for i, line in enumerate(section.lines):
            text = Text(line.text, style=STYLE.get(line.style, ""))
            parts.append(Hanging(text, 2 * line.indent))
            if section.key == "checkins" and i == 0 and review.days and review.days_counted <= 31:
                # A week to a row: a longer period keeps the same columns at 60 columns
                # instead of squeezing every day into "…".
                for start in range(0, len(review.days), 7):
                    parts.append(_day_strip(review.days[start : start + 7], prompts))
        if section.rows:
            parts.append(_rows(section))
    return Group(*parts)


class Hanging:
    """A line that wraps with a hanging indent, so a long quote stays visibly one item."""

    def __init__(self, text: Text, indent: int = 0, hang: int = 2) -> None:
        self.text, self.indent, self.hang = text, indent, hang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(20, options.max_width - self.indent - self.hang)
        for i, line in enumerate(self.text.wrap(console, width)):
            line.rstrip()
            # Segments, not a new Text: each line is already wrapped to fit, and a Text
            # would be wrapped all over again (a third of drawing the review).
            pad = self.indent + (self.hang if i else 0)
            if pad:
                yield Segment(" " * pad)
            if line.spans:
                yield from line.render(console)  # the line's own style is under its spans
            else:
                yield Segment(line.plain, console.get_style(line.style, default=None))
            yield Segment.line()


def _header(review: WeeklyReview) -> RenderableType:
    title = Text(review_title(review), style="bold")
    if plain():  # a heading and a line, no box around them
        return Group(title, Text(subtitle(review)))
    return Panel(Text(subtitle(review)), title=title, title_align="left", expand=False)


def _rows(section: Section) -> Table:
    table = Table(box=None, pad_edge=False, header_style="dim")
    table.add_column("")
    table.add_column("this period", justify="right")
    table.add_column("the one before", justify="right")
    for name, now, before in section.rows:
        table.add_row(name, now, before)
    return table


def _day_strip(days: Sequence[DayLine], prompts: Prompts) -> Table:
    table = Table(box=None, pad_edge=False, show_header=True, header_style="dim")
    table.add_column("")
    for day in days:
        table.add_column(_day_head(day.day), justify="center")
    resourced = scale_of(prompts, "reflect", "resourced")
    mood = scale_of(prompts, "reflect", "mood")
    table.add_row("resourced", *[_level(d.resourced, resourced) for d in days])
    table.add_row("mood", *[_level(d.mood, mood) for d in days])
    table.add_row("serve & return", *[_serve(d) for d in days])
    table.add_row(
        "ruptures",
        *[
            Text(_ruptures_mark(d.ruptures)) if d.ruptures else Text(MISSING, style="dim")
            for d in days
        ],
    )
    return table


def _ruptures_mark(count: int) -> str:
    if plain():
        return str(count)  # the row is called ruptures: the number says how many
    return "⚡" * count if count <= 3 else f"⚡{count}"


def _day_head(day: date) -> str:
    return f"{day:%a}\n{day.day}"


def _level(value: float | None, scale: tuple[int, int]) -> Text:
    if value is None:
        return Text(MISSING, style="dim")
    if plain():
        return Text(f"{value:g}")  # the digit alone: a block's height is a picture
    index = level_index(value, scale)
    # Only the block is shaded: the digit stays in the terminal's own colour, readable on
    # light and dark backgrounds alike.
    return Text.assemble((BLOCKS[index], SHADES[index - 1]), f" {value:g}")


def _serve(day: DayLine) -> Text:
    if day.serve_noticed is not None:
        if plain():
            return Text("yes" if day.serve_noticed else "no")
        return Text("● yes" if day.serve_noticed else "○ no")
    if day.serve_return is None:
        return Text(MISSING, style="dim")
    value = clean(day.serve_return, keep_newlines=False)
    if plain():
        return Text(value)
    return Text(f"{SERVE_SYMBOL.get(day.serve_return, '?')} {value}")
