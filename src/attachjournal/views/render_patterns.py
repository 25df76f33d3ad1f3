"""Patterns over months as Rich renderables. Meaning is carried by digits, words and symbols too,
so everything reads the same under NO_COLOR. Repair is told in words and counts: no rates, no
bars to fill, nothing ranked by how well it went."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from attachjournal.core import shades
from attachjournal.core.patterns_parts import Change
from attachjournal.core.patterns_results import Patterns
from attachjournal.core.prompts import Prompts
from attachjournal.core.stats import WEEKDAYS
from attachjournal.views.patterns_words import (
    BANDS_NOTE,
    ENDS_TODAY,
    NOT_CAUSES,
    band_lines,
    comparison_lines,
    context_line,
    echo_lines,
    headings,
    intention_lines,
    label,
    lead_lines,
    own_numbers,
    scale_range,
    scale_words,
)
from attachjournal.views.render import plain, safe_text
from attachjournal.views.render_calendar import CalendarView
from attachjournal.views.render_patterns_trend import per_year, repair_trend, sparkline
from attachjournal.views.text import MISSING, clean, one_line, plural

SHOWN_NOTES = 8


def patterns_view(p: Patterns, prompts: Prompts) -> RenderableType:
    parts: list[RenderableType] = [_header(p)]
    if p.is_empty:
        parts.append(
            Text(
                "Nothing written in this period yet, and that is fine.\n"
                "Patterns grow from small daily check-ins: attach reflect (about three minutes)."
            )
        )
        return Group(*parts)
    words = scale_words(prompts, "reflect", "resourced")
    draw: dict[str, Callable[[], RenderableType]] = {
        "calendar": lambda: CalendarView(p.calendar, p.scale, words),
        "trend": lambda: repair_trend(p),
        "people": lambda: _people(p),
        "contexts": lambda: _contexts(p, prompts),
        "week": lambda: _grid(p),
        "levels": lambda: _levels(p, words),
        "bands": lambda: _bands(p, prompts),
        "moves": lambda: _moves(p, prompts),
        "settle": lambda: _settle(p, prompts),
        "serve": lambda: _serve(p, prompts),
        "echoes": lambda: _echoes(p, prompts),
        "intentions": lambda: Group(*(safe_text(line) for line in intention_lines(p, prompts))),
    }
    for heading in headings(p, prompts):
        parts += [_section(heading.title), draw[heading.key]()]
    parts.append(Text(f"\n{NOT_CAUSES}", style="dim"))
    return Group(*parts)


def _header(p: Patterns) -> RenderableType:
    body = Text(
        f"{p.period.start:%a %d %b %Y} – {p.period.end:%a %d %b %Y} ({plural(p.period.length, 'day')})"
    )
    if p.began:
        body.append(f"\nStarts at the journal's first entry ({p.began:%a %d %b %Y}).", style="dim")
    if p.ends_today:
        body.append(f"\n{ENDS_TODAY}", style="dim")
    if p.who:
        body.append("\nruptures with ")
        body.append(clean(p.who, keep_newlines=False))
    if plain():  # a heading and its lines, no box around them
        return Group(Text("Your patterns", style="bold"), body)
    return Panel(body, title=Text("Your patterns", style="bold"), title_align="left", expand=False)


def _section(name: str) -> Text:
    return Text(f"\n{name}", style="bold underline")


# ----------------------------------------------------------------------------- sections


def _people(p: Patterns) -> RenderableType:
    table = Table(box=None, pad_edge=False, header_style="dim")
    table.add_column("with")
    table.add_column("ruptures", justify="right")
    table.add_column(f"per {p.unit}, oldest first")
    top = max((n for b in p.buckets for _, n in b.by_person), default=0)
    for name, total in p.ruptures_by_person:
        per = [dict(b.by_person).get(name, 0) for b in p.buckets]
        table.add_row(safe_text(name, keep_newlines=False), str(total), sparkline(per, top))
    return Group(table, Text(f"(the tallest mark is {top} in one {p.unit})", style="dim"))


def _contexts(p: Patterns, prompts: Prompts) -> RenderableType:
    if not p.contexts:
        return Text("No contexts noted with these ruptures.", style="dim")
    first, second = p.context_ruptures
    table = _changes_table(
        p.contexts[:6],
        "around the rupture",
        (f"first half (of {first})", f"second half (of {second})"),
        lambda v: label(prompts, "rupture", "context", v),
    )
    parts: list[RenderableType] = [table]
    line, quiet = context_line(p, prompts)
    parts.append(Text(line, style="dim" if quiet else ""))
    return Group(*parts)


def _changes_table(
    items: Sequence[Change], head: str, halves: tuple[str, str], name_of: Callable[[Any], str]
) -> Table:
    table = Table(box=None, pad_edge=False, header_style="dim")
    table.add_column(head)
    table.add_column("in all", justify="right")
    table.add_column(halves[0], justify="right")
    table.add_column(halves[1], justify="right")
    for c in items:
        table.add_row(
            safe_text(name_of(c.value), keep_newlines=False),
            str(c.total),
            str(c.first_half),
            str(c.second_half),
        )
    return table


def _grid(p: Patterns) -> RenderableType:
    table = Table(box=None, pad_edge=False, header_style="dim")
    table.add_column("")
    for name in WEEKDAYS:
        table.add_column(name[:3], justify="right")
    table.add_column("all", justify="right")
    for name, row in zip(p.grid_rows, p.grid, strict=True):
        table.add_row(name, *[str(n) if n else MISSING for n in row], str(sum(row)))
    table.add_row("all", *[str(n) for _, n in p.weekday_counts], str(p.counts.rupture_count))
    parts: list[RenderableType] = [table]
    parts += [Text(line, style="dim" if quiet else "") for line, quiet in lead_lines(p, None)]
    return Group(*parts)


def _levels(p: Patterns, words: tuple[str, str]) -> RenderableType:
    low, high = p.scale
    table = Table(box=None, pad_edge=False, header_style="dim")
    table.add_column(f"resourced ({low}-{high})")
    table.add_column("check-in days", justify="right")
    table.add_column("ruptures those days", justify="right")
    for line in p.levels:
        name = str(line.level)
        if line.level == low and words[0]:
            name += f" {words[0]}"
        elif line.level == high and words[1]:
            name += f" {words[1]}"
        table.add_row(
            Text(name, style=shades.terminal_style(line.level, low, high) if line.days else ""),
            str(line.days),
            str(line.ruptures),
        )
    parts: list[RenderableType] = [
        table,
        Text(
            "Only days with a check-in count here; ruptures on other days are left out.",
            style="dim",
        ),
    ]
    parts.append(comparison_text(p))
    return Group(*parts)


def comparison_text(p: Patterns) -> Text:
    lines = comparison_lines(p)
    text = Text("")
    for i, (line, quiet) in enumerate(lines):
        text.append(("\n" if i else "") + line, style="dim" if quiet else "")
    return text


def _bands(p: Patterns, prompts: Prompts) -> RenderableType:
    parts: list[RenderableType] = []
    for head, items in band_lines(p, prompts):
        parts.append(Text(head))
        parts += [Padding(Text(item), (0, 0, 0, 2)) for item in items]
    parts.append(Text(BANDS_NOTE, style="dim"))
    return Group(*parts)


def _moves(p: Patterns, prompts: Prompts) -> RenderableType:
    span = scale_range(prompts, "repair", "connected")
    table = Table(box=None, pad_edge=False, header_style="dim")
    table.add_column("repair move")
    table.add_column("repairs", justify="right")
    table.add_column(f"how connected I felt afterwards{f' ({span})' if span else ''}")
    for move in p.moves:
        table.add_row(
            safe_text(label(prompts, "repair", "moves", move.move), keep_newlines=False),
            str(move.used),
            own_numbers(move.connected, move.used),
        )
    return Group(
        table,
        Text(
            "My own answers, listed as they are: a repair often has several moves, and the "
            "numbers are not a ranking of them.",
            style="dim",
        ),
    )


def _settle(p: Patterns, prompts: Prompts) -> RenderableType:
    parts: list[RenderableType] = []
    if p.settled_by:
        parts.append(
            _changes_table(
                p.settled_by,
                "what helped",
                ("first half", "second half"),
                lambda v: label(prompts, "repair", "settled_by", v),
            )
        )
        parts.append(Text("Counted in repairs; my own toolkit as it grew.", style="dim"))
    yes, answered = p.calmed_first
    if answered:
        parts.append(
            Text(
                f"Calmed myself before reaching out: {yes} of {plural(answered, 'repair')} that asked."
            )
        )
    return Group(*parts)


def _serve(p: Patterns, prompts: Prompts) -> RenderableType:
    if not p.serve_return_answered and not p.serve_steps:
        return Text("No serve-and-return answers in this period.", style="dim")
    parts: list[RenderableType] = [
        Text(
            f"Noticed a serve-and-return moment on {p.serve_return_days} of "
            f"{plural(p.serve_return_answered, 'day')} I answered."
        )
    ]
    if len(p.buckets) > 1:
        top = max((b.serve_return_days for b in p.buckets), default=0)
        parts.append(Text(f"Days noticed, per {p.unit} (tallest = {top}):"))
        parts.append(
            per_year(
                p.buckets, lambda b: b.serve_return_days if b.serve_return_answered else None, top
            )
        )
    if p.serve_steps:
        parts.append(Text("The steps those moments held, in check-ins:"))
        parts.append(
            _changes_table(
                p.serve_steps,
                "step",
                ("first half", "second half"),
                lambda v: label(prompts, "reflect", "serve_steps", v),
            )
        )
    return Group(*parts)


def _echoes(p: Patterns, prompts: Prompts) -> RenderableType:
    total = p.checkin_echoes + p.older_echoes
    if not total:
        return Text("No echoes noted in this period.", style="dim")
    parts: list[RenderableType] = [Text(line) for line in echo_lines(p, prompts)]
    if len(p.buckets) > 1:
        top = max((b.echoes for b in p.buckets), default=0)
        parts.append(Text(f"Echoes noticed, per {p.unit} (tallest = {top}):"))
        parts.append(per_year(p.buckets, lambda b: b.echoes, top))
    notes = p.echo_notes[-SHOWN_NOTES:]
    if notes:
        if len(p.echo_notes) > len(notes):
            parts.append(
                Text(f"The latest {len(notes)} of {len(p.echo_notes)} notes:", style="dim")
            )
        # A grid, so a note that wraps stays beside its date.
        grid = Table.grid(padding=(0, 1), pad_edge=False)
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for note in notes:
            grid.add_row(
                f"{note.day:%d %b %Y} ({note.source}):",
                safe_text(one_line(note.text, 80), keep_newlines=False),
            )
        parts.append(Padding(grid, (0, 0, 0, 2)))
    return Group(*parts)
