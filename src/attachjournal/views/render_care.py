"""The notice shown when someone writes about harm, and `attach help-now`.

Calm and short; it never repeats the person's words, never blocks, always names
`attach help-now`, and ends with a line that lets a false alarm pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from attachjournal.core.safety import SafetyGuide
    from attachjournal.core.safety.helplines import Country

_ORDER = ("self", "child", "others")


def notice_lines(safety: SafetyGuide, groups: Iterable[str]) -> list[str]:
    """The resource lines for the groups found, then the ones every notice has."""
    found = set(groups)
    lines = [line for group in _ORDER if group in found for line in safety.groups[group]]
    return lines + list(safety.closing)


def _bullets(lines: Iterable[str]) -> Table:
    # A grid keeps a hanging indent, so wrapped lines stay readable at 60 columns.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column(ratio=1)
    for line in lines:
        grid.add_row("•", Text(line))
    return grid


def care_view(safety: SafetyGuide, groups: Iterable[str] = (), opening: str | None = None) -> Group:
    """The notice; `opening` replaces the first line (for a review, a page or an import)."""
    groups = tuple(groups) or _ORDER
    first = Text("♡ ", style="magenta") + Text(opening or safety.opening)
    last = Padding(Text(safety.false_alarm, style="dim"), (0, 0, 0, 2))
    return Group(first, _bullets(notice_lines(safety, groups)), last)


def show_care(
    safety: SafetyGuide,
    groups: Iterable[str] = (),
    opening: str | None = None,
    console: Console | None = None,
) -> None:
    """On stderr, so stdout stays clean for --json."""
    from attachjournal.views.render import stderr

    target = console or stderr()
    target.print()
    target.print(care_view(safety, groups, opening))
    target.print()


def period_opening(safety: SafetyGuide, template: str, entries: int) -> str:
    """The first line of a review's, page's or import's notice: how many entries, no words."""
    return template.format(entries=f"{entries} entr{'y' if entries == 1 else 'ies'}")


def care_html(safety: SafetyGuide, groups: Iterable[str], opening: str) -> str:
    """The same notice as a section for the HTML page (escaped, no links fetched)."""
    from html import escape

    items = "".join(f"<li>{escape(line)}</li>" for line in notice_lines(safety, groups))
    return (
        f'<section class="care" aria-label="A note first"><p>♡ {escape(opening)}</p>'
        f'<ul>{items}</ul><p class="note">{escape(safety.false_alarm)}</p></section>'
    )


def help_now_view(
    safety: SafetyGuide, country: Country | None, how: str, asked: str | None
) -> Group:
    """Emergency number, the country's lines (with source and date checked), findahelpline."""
    from attachjournal.core.safety.helplines import ANYWHERE

    parts: list = [Text(safety.help_now_intro), Text()]
    if country is not None:
        parts.append(
            Text(f"If anyone is in danger right now, call {country.emergency}.", style="bold")
        )
        parts.append(Text())
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=3, justify="right")
        grid.add_column(ratio=1)
        for line in country.lines:
            body = Text(line.name, style="bold") + Text(f"  {line.number}")
            body.append(f"\n{line.what[:1].upper()}{line.what[1:]}.")
            body.append(f"\nsource {line.source}, checked {line.checked}", style="dim")
            grid.add_row("•", body)
        parts.append(grid)
    else:
        parts.append(
            Text(
                "If anyone is in danger right now, call your local emergency number (112 in "
                "the EU, 999 in the UK, 911 in the US and Canada, 000 in Australia).",
                style="bold",
            )
        )
    parts.append(Text())
    parts.append(Text(f"Lines in every country, by phone, text or chat: {ANYWHERE}"))
    parts.append(
        Text("Your doctor, midwife or health visitor, or someone you trust, can help too.")
    )
    parts.append(Text())
    if country is not None:
        note = f"Showing {country.name} ({country.code}, from {how})."
    elif asked:
        note = f"There is no list for {asked} here yet; findahelpline.com covers it."
    else:
        note = "No country is set, so only the lines that work everywhere are shown."
    note += " Another country: attach help-now --country XX, or attach config set country XX."
    parts.append(Text(note, style="dim"))
    return Group(*parts)
