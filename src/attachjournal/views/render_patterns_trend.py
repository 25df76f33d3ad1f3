"""The repair trend of `attach patterns` in the terminal: ruptures and repairs week by week
(or, over years, one sparkline mark a month), year by year, and the two halves compared."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from attachjournal.core.patterns import FEW
from attachjournal.core.patterns_results import Patterns
from attachjournal.core.review import Counts
from attachjournal.views.patterns_words import LATER_COUNTS, bucket_label, counts_sentence
from attachjournal.views.text import MISSING, duration_label

BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None], top: float) -> Text:
    from attachjournal.views.render import plain

    if plain():  # the numbers themselves: a row of block heights is a picture
        return Text(" ".join(MISSING if v is None else f"{v:g}" for v in values))
    out = Text()
    for value in values:
        if value is None:
            out.append(MISSING, style="dim")
        else:
            index = 0 if top <= 0 else round(min(value, top) / top * (len(BLOCKS) - 1))
            # One rupture in a month whose tallest is 20 would round to the mark of none.
            index = max(index, 1) if value > 0 else index
            out.append(BLOCKS[index])
    return out


def per_year(
    buckets: Sequence[Any], value: Callable[[Any], float | None], top: float
) -> RenderableType:
    """One sparkline; over long periods one row per year, January to December."""
    if len(buckets) <= 26:
        return sparkline([value(b) for b in buckets], top)
    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column("")
    table.add_column("")
    for year in sorted({b.start.year for b in buckets}):
        mine = [b for b in buckets if b.start.year == year]
        pad = Text(" " * (mine[0].start.month - 1))  # months before the period starts
        table.add_row(str(year), pad + sparkline([value(b) for b in mine], top))
    return table


def repair_trend(p: Patterns) -> RenderableType:
    lines: list[RenderableType] = [Text(f"In all, {counts_sentence(p.counts)}")]
    if not p.counts.rupture_count:
        return Group(*lines)
    buckets = p.buckets
    if len(buckets) <= 26:
        lines.append(_bucket_table(buckets, p.unit))
    else:
        medians = [b.counts.median_minutes_to_repair for b in buckets]
        top_median = max((m for m in medians if m is not None), default=0)
        top_ruptures = max((b.counts.rupture_count for b in buckets), default=0)
        table = Table(box=None, pad_edge=False, header_style="dim")
        table.add_column("")
        table.add_column(f"ruptures (tallest = {top_ruptures})")
        table.add_column("came back together (same marks)")
        table.add_column(f"median time to repair (tallest = {duration_label(top_median)})")
        for year in sorted({b.start.year for b in buckets}):
            mine = [b for b in buckets if b.start.year == year]
            pad = Text(" " * (mine[0].start.month - 1))  # months before the period starts
            table.add_row(
                str(year),
                pad + sparkline([b.counts.rupture_count for b in mine], top_ruptures),
                pad + sparkline([b.counts.repair_count for b in mine], top_ruptures),
                pad + sparkline([b.counts.median_minutes_to_repair for b in mine], top_median),
            )
        lines.append(Text(f"One mark per {p.unit}, January to December:"))
        lines.append(table)
    if p.years:
        lines.append(Text("\nYear by year:"))
        lines.append(_bucket_table(p.years, "year"))
    lines.append(_halves(p))
    lines.append(Text(LATER_COUNTS, style="dim"))
    return Group(*lines)


def _bucket_table(buckets: Sequence, unit: str) -> Table:
    table = Table(box=None, pad_edge=False, header_style="dim")
    table.add_column("week of" if unit == "week" else unit)
    table.add_column("ruptures", justify="right")
    table.add_column("came back together", justify="right")
    table.add_column("still open", justify="right")
    table.add_column("no repair needed", justify="right")
    table.add_column("median time to repair", justify="right")
    for b in buckets:
        c = b.counts
        median = duration_label(c.median_minutes_to_repair)
        if c.median_minutes_to_repair is not None:
            median += f" (n={c.repair_count})"
        table.add_row(
            bucket_label(b.start, unit),
            str(c.rupture_count),
            str(c.repair_count) if c.rupture_count else MISSING,
            str(c.open_rupture_count) if c.rupture_count else MISSING,
            str(c.no_repair_needed_count) if c.rupture_count else MISSING,
            median,
        )
    return table


def _halves(p: Patterns) -> Text:
    (first, second), (a, b) = p.halves, p.half_counts
    text = Text("\n")
    for name, half, counts in (("First half", first, a), ("Second half", second, b)):
        text.append(f"{name} ({half.start:%d %b %Y} – {half.end:%d %b %Y}): ")
        text.append(counts_sentence(counts))
        text.append("\n")
    needing = (_needing(a), _needing(b))
    if min(needing) < FEW:
        text.append(
            f"Too few ruptures in one half to say much about a change "
            f"({needing[0]} and {needing[1]}).\n",
            style="dim",
        )
    return text


def _needing(c: Counts) -> int:
    return c.rupture_count - c.no_repair_needed_count
