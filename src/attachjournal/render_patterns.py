"""Patterns over months as Rich renderables. Meaning is carried by digits, words and symbols too,
so everything reads the same under NO_COLOR."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from attachjournal.patterns import FEW, CalendarDay, Patterns
from attachjournal.prompts import Prompts
from attachjournal.render import clean, duration_label, one_line, safe_text
from attachjournal.review import Counts
from attachjournal.stats import WEEKDAYS

BLOCKS = "▁▂▃▄▅▆▇█"
MISSING = "·"
# The terminal calendar shows at most this many weeks (about a year); the HTML page shows all.
CALENDAR_WEEKS = 53
LEVEL_STYLE = {1: "red", 2: "dark_orange", 3: "yellow", 4: "green", 5: "bold bright_green"}
LEVEL_WORDS = {1: "running on empty", 5: "well resourced"}
SHOWN_NOTES = 8
NOT_CAUSES = "These are things that showed up together, not causes."


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
    parts += [_section("Check-ins, coloured by how resourced I felt"), calendar_view(p.calendar)]
    parts += [_section(f"Repair, {p.unit} by {p.unit}"), _repair_trend(p)]
    if p.counts.rupture_count:
        parts += [_section("Who the ruptures were with"), _people(p)]
        parts += [_section("What was going on around them"), _contexts(p, prompts)]
        parts += [_section("When in the week"), _grid(p)]
    parts += [_section("How resourced I was, and ruptures that day"), _levels(p)]
    if p.moves:
        parts += [_section("Repair moves and feeling connected afterwards"), _moves(p, prompts)]
    parts += [_section("Serve and return"), _serve(p)]
    parts += [_section("Echoes of my own upbringing"), _echoes(p)]
    parts.append(Text(f"\n{NOT_CAUSES}", style="dim"))
    return Group(*parts)


def _header(p: Patterns) -> Panel:
    body = Text(
        f"{p.period.start:%a %d %b %Y} – {p.period.end:%a %d %b %Y} ({p.period.length} days)"
    )
    if p.who:
        body.append("\nruptures with ")
        body.append(clean(p.who, keep_newlines=False))
    return Panel(body, title=Text("Your patterns", style="bold"), title_align="left", expand=False)


def _section(name: str) -> Text:
    return Text(f"\n{name}", style="bold underline")


# ----------------------------------------------------------------------------- calendar


def calendar_view(days: Sequence[CalendarDay], max_weeks: int = CALENDAR_WEEKS) -> RenderableType:
    """Weeks as columns, weekdays as rows; each cell is the day's resourced level as a digit."""
    if not days:
        return Text("")
    by_day = {d.day: d for d in days}
    first, last = days[0].day, days[-1].day
    monday = first - timedelta(days=first.weekday())
    weeks = (last - monday).days // 7 + 1
    note = None
    if weeks > max_weeks:
        monday += timedelta(weeks=weeks - max_weeks)
        note = f"(the last {max_weeks} weeks; the HTML page shows the whole period)"
        weeks = max_weeks
    months = [" "] * weeks
    for w in range(weeks):
        week_start = monday + timedelta(weeks=w)
        starts_month = w == 0 or (week_start + timedelta(days=6)).month != week_start.month
        if not starts_month:
            continue
        shown = week_start if w == 0 else week_start + timedelta(days=6)
        label = f"{shown:%b}"
        if all(c == " " for c in months[max(0, w - 1) : w + len(label)]):
            months[w : w + len(label)] = list(label)
    header = Text("    " + "".join(months[:weeks]).rstrip(), style="dim")
    rows = [header]
    for weekday in range(7):
        line = Text(f"{WEEKDAYS[weekday][:3]} ", style="dim")
        for w in range(weeks):
            day = monday + timedelta(weeks=w, days=weekday)
            line.append_text(_cell(by_day.get(day)))
        rows.append(line)
    checked = sum(1 for d in days if d.checkins)
    legend = Text("Legend: ")
    for level in (1, 2, 3, 4, 5):
        legend.append(str(level), style=LEVEL_STYLE[level])
        if level in LEVEL_WORDS:
            legend.append(f" {LEVEL_WORDS[level]}")
        legend.append("  ")
    legend.append(f"{MISSING} no check-in   (blank: outside the period)")
    summary = Text(f"Checked in on {checked} of {len(days)} days.")
    parts: list[RenderableType] = [summary, *rows, legend]
    if note:
        parts.append(Text(note, style="dim"))
    return Group(*parts)


def _cell(day: CalendarDay | None) -> Text:
    if day is None:
        return Text(" ")
    if not day.checkins:
        return Text(MISSING, style="dim")
    if day.level is None or day.level not in LEVEL_STYLE:  # a stored value off the scale
        return Text("○")
    return Text(str(day.level), style=LEVEL_STYLE[day.level])


# ----------------------------------------------------------------------------- repair trend


def sparkline(values: Sequence[float | None], top: float) -> Text:
    out = Text()
    for value in values:
        if value is None:
            out.append(MISSING, style="dim")
        else:
            index = 0 if top <= 0 else round(min(value, top) / top * (len(BLOCKS) - 1))
            out.append(BLOCKS[index])
    return out


def _repair_trend(p: Patterns) -> RenderableType:
    lines: list[RenderableType] = []
    buckets = p.buckets
    if len(buckets) <= 26:
        lines.append(_bucket_table(buckets, p.unit))
    else:
        medians = [b.counts.median_minutes_to_repair for b in buckets]
        top_median = max((m for m in medians if m is not None), default=0)
        top_ruptures = _top(buckets)
        table = Table(box=None, pad_edge=False, header_style="dim")
        table.add_column("")
        table.add_column("repair rate (full = 100%)")
        table.add_column(f"median to repair (full = {duration_label(top_median)})")
        table.add_column(f"ruptures (full = {top_ruptures})")
        years = sorted({b.start.year for b in buckets})
        for year in years:
            mine = [b for b in buckets if b.start.year == year]
            pad = Text(" " * (mine[0].start.month - 1))  # months before the period starts
            table.add_row(
                str(year),
                pad + sparkline([b.counts.repair_rate for b in mine], 1.0),
                pad + sparkline([b.counts.median_minutes_to_repair for b in mine], top_median),
                pad + sparkline([b.counts.rupture_count for b in mine], top_ruptures),
            )
        lines.append(Text(f"One mark per {p.unit}, January to December:"))
        lines.append(table)
    if p.years:
        lines.append(Text("\nYear by year:"))
        lines.append(_bucket_table(p.years, "year"))
    lines.append(_halves(p))
    return Group(*lines)


def _bucket_table(buckets: Sequence, unit: str) -> Table:
    table = Table(box=None, pad_edge=False, header_style="dim")
    table.add_column(unit)
    table.add_column("ruptures", justify="right")
    table.add_column("repaired", justify="right")
    table.add_column("repair rate")
    table.add_column("median time to repair", justify="right")
    for b in buckets:
        c = b.counts
        table.add_row(
            b.label,
            str(c.rupture_count),
            f"{c.repair_count} of {_needing(c)}" if c.rupture_count else "—",
            _rate_bar(c.repair_rate),
            duration_label(c.median_minutes_to_repair),
        )
    return table


def _halves(p: Patterns) -> Text:
    (first, second), (a, b) = p.halves, p.half_counts
    text = Text("\n")
    for name, half, counts in (("First half", first, a), ("Second half", second, b)):
        text.append(f"{name} ({half.start:%d %b %Y} – {half.end:%d %b %Y}): ")
        text.append(_counts_sentence(counts))
        text.append("\n")
    needing = (_needing(a), _needing(b))
    if min(needing) < FEW:
        text.append(
            f"Too few ruptures in one half to say much about a trend "
            f"({needing[0]} and {needing[1]}).",
            style="dim",
        )
    return text


def _counts_sentence(c: Counts) -> str:
    if not c.rupture_count:
        return "no ruptures logged."
    out = f"{_plural(c.rupture_count, 'rupture')}, repair rate {_pct(c.repair_rate)} ({c.repair_count} of {_needing(c)})"
    if c.median_minutes_to_repair is not None:
        out += f", median time to repair {duration_label(c.median_minutes_to_repair)}"
    return out + "."


def _rate_bar(value: float | None) -> Text:
    if value is None:
        return Text("—", style="dim")
    filled = round(value * 10)
    return Text("█" * filled + "░" * (10 - filled) + f" {_pct(value)}")


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
    question = prompts["rupture"].get("context")
    first, second = p.context_ruptures
    table = Table(box=None, pad_edge=False, header_style="dim")
    table.add_column("around the rupture")
    table.add_column("in all", justify="right")
    table.add_column(f"first half (of {first})", justify="right")
    table.add_column(f"second half (of {second})", justify="right")
    for c in p.contexts[:6]:
        label = question.label_for(c.value) if question else c.value
        table.add_row(
            safe_text(label, keep_newlines=False),
            str(c.total),
            str(c.first_half),
            str(c.second_half),
        )
    parts: list[RenderableType] = [table]
    if p.counts.rupture_count < FEW:
        parts.append(Text("Only a few ruptures, so these counts say little yet.", style="dim"))
    return Group(*parts)


def _grid(p: Patterns) -> RenderableType:
    table = Table(box=None, pad_edge=False, header_style="dim")
    table.add_column("")
    for name in WEEKDAYS:
        table.add_column(name[:3], justify="right")
    for name, row in zip(p.grid_rows, p.grid, strict=True):
        table.add_row(name, *[str(n) if n else MISSING for n in row])
    busiest = max(
        (
            (n, name, WEEKDAYS[i])
            for name, row in zip(p.grid_rows, p.grid, strict=True)
            for i, n in enumerate(row)
        ),
        default=(0, "", ""),
    )
    parts: list[RenderableType] = [table]
    if busiest[0] and p.counts.rupture_count >= FEW:
        parts.append(
            Text(
                f"Most often: {busiest[2]} {busiest[1]} ({busiest[0]} of "
                f"{_plural(p.counts.rupture_count, 'rupture')})."
            )
        )
    return Group(*parts)


def _levels(p: Patterns) -> RenderableType:
    table = Table(box=None, pad_edge=False, header_style="dim")
    table.add_column("resourced")
    table.add_column("check-in days", justify="right")
    table.add_column("ruptures those days", justify="right")
    table.add_column("ruptures per day", justify="right")
    for line in p.levels:
        label = f"{line.level}" + (
            f" {LEVEL_WORDS[line.level]}" if line.level in LEVEL_WORDS else ""
        )
        per = "—" if line.per_day is None else f"{line.per_day:.2f}"
        if line.days and line.days < FEW:
            per += " (few days)"
        table.add_row(
            Text(label, style=LEVEL_STYLE[line.level]), str(line.days), str(line.ruptures), per
        )
    note = Text(
        "Only days with a check-in count here; ruptures on other days are left out.",
        style="dim",
    )
    return Group(table, note)


def _moves(p: Patterns, prompts: Prompts) -> RenderableType:
    question = prompts["repair"].get("moves")
    table = Table(box=None, pad_edge=False, header_style="dim")
    table.add_column("repair move")
    table.add_column("connected afterwards (1-5), mean", justify="right")
    table.add_column("repairs (n)", justify="right")
    for move in p.moves:
        label = question.label_for(move.move) if question else move.move
        shown = "—" if move.mean_connected is None else f"{move.mean_connected:g}"
        table.add_row(
            safe_text(label, keep_newlines=False),
            shown,
            f"{move.n}" + (" (few)" if move.n < FEW else ""),
        )
    return Group(
        table,
        Text(
            "A repair often has several moves, so the same repair counts for each of them.",
            style="dim",
        ),
    )


def _serve(p: Patterns) -> RenderableType:
    if not p.serve_return_answered:
        return Text("No serve-and-return answers in this period.", style="dim")
    line = Text(
        f"Noticed serve-and-return moments on {p.serve_return_days} of "
        f"{_plural(p.serve_return_answered, 'day')} I answered."
    )
    shares = [
        b.serve_return_days / b.serve_return_answered if b.serve_return_answered else None
        for b in p.buckets
    ]
    trend = Text(f"Share of answered days, per {p.unit}: ") + sparkline(shares, 1.0)
    return Group(line, trend)


def _echoes(p: Patterns) -> RenderableType:
    total = p.checkin_echoes + p.older_echoes
    if not total:
        return Text("No echoes noted in this period.", style="dim")
    parts: list[RenderableType] = [
        Text(
            f"Noticed {total} time{'s' if total != 1 else ''}: {p.checkin_echoes} in check-ins, "
            f"{p.older_echoes} with a rupture."
        )
    ]
    notes = p.echo_notes[-SHOWN_NOTES:]
    if notes:
        if len(p.echo_notes) > len(notes):
            parts.append(
                Text(f"The latest {len(notes)} of {len(p.echo_notes)} notes:", style="dim")
            )
        for note in notes:
            line = Text(f"  {note.day:%d %b %Y} ({note.source}): ")
            line.append_text(safe_text(one_line(note.text, 80), keep_newlines=False))
            parts.append(line)
    return Group(*parts)


def _needing(c: Counts) -> int:
    return c.rupture_count - c.no_repair_needed_count


def _top(buckets: Sequence) -> int:
    return max((b.counts.rupture_count for b in buckets), default=0)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
