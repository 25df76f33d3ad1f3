"""The patterns page: the same sections as `attach patterns` in the terminal, as one HTML page.

Charts and the page frame come from html_report. Made for sharing (`--redact`), names become
their role and a number, and nothing on the page speaks to the writer in `attach` commands.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from attachjournal.core.stats import WEEKDAYS
from attachjournal.views.html_calendar import calendar_chart
from attachjournal.views.html_report import (
    BAR,
    BAR_2,
    NOT_CAUSES,
    _p,
    _page,
    _table,
    bar_chart,
    esc,
    grid_chart,
    hbar_chart,
    stacked_chart,
)
from attachjournal.views.patterns_redacted import redacted as redacted  # the page's --redact
from attachjournal.views.patterns_words import (
    BANDS_NOTE,
    ENDS_TODAY,
    LATER_COUNTS,
    band_lines,
    bucket_label,
    comparison_lines,
    context_line,
    counts_sentence,
    echo_lines,
    headings,
    intention_lines,
    label,
    lead_lines,
    own_numbers,
    scale_range,
    scale_words,
)
from attachjournal.views.text import clean, duration_label, plural

if TYPE_CHECKING:
    from attachjournal.core.patterns_results import Patterns
    from attachjournal.core.prompts import Prompts

# Came back together, still open, no repair needed: counts, in one calm hue (no traffic light).
REPAIR_SERIES = ("came back together", "still open", "no repair needed")
REPAIR_COLOURS = ("#4a7fb5", "#9fb6d1", "#d5dde7")


def patterns_page(p: Patterns, prompts: Prompts, *, redact: bool = False, care: str = "") -> str:
    subtitle = f"{p.period.start:%a %d %b %Y} – {p.period.end:%a %d %b %Y} ({plural(p.period.length, 'day')})"
    if p.who:
        subtitle += f", ruptures with {clean(p.who, keep_newlines=False)}"
    body: list[str] = []
    if p.began:
        body.append(_p(f"Starts at the journal's first entry ({p.began:%a %d %b %Y}).", "note"))
    if p.ends_today:
        body.append(_p(ENDS_TODAY, "note"))
    if p.is_empty:
        body.append(_p("Nothing written in this period yet, and that is fine."))
        return _page("Your patterns", subtitle, body, care)
    draw: dict[str, Callable[[], list[str]]] = {
        "calendar": lambda: _calendar(p, prompts),
        "trend": lambda: _repair(p),
        "people": lambda: _people(p),
        "contexts": lambda: _contexts(p, prompts),
        "week": lambda: _week(p),
        "levels": lambda: _levels(p),
        "bands": lambda: _bands(p, prompts),
        "moves": lambda: _moves(p, prompts),
        "settle": lambda: _settle(p, prompts),
        "serve": lambda: _serve(p, prompts),
        "echoes": lambda: _echoes(p, prompts),
        "intentions": lambda: [_p(line) for line in intention_lines(p, prompts)],
    }
    for heading in headings(p, prompts):
        body.append(f"<h2>{heading.title}</h2>")
        body += draw[heading.key]()
    if not redact:
        body.append(
            _p("To look closer at one entry: attach show ID; to add one: attach reflect.", "note")
        )
    body.append(_p(NOT_CAUSES, "note"))
    return _page("Your patterns", subtitle, body, care)


def _calendar(p: Patterns, prompts: Prompts) -> list[str]:
    checked = sum(1 for d in p.calendar if d.checkins)
    return [
        _p(f"Checked in on {checked} of {plural(len(p.calendar), 'day')}."),
        calendar_chart(p.calendar, p.scale, scale_words(prompts, "reflect", "resourced")),
    ]


def _levels(p: Patterns) -> list[str]:
    low, high = p.scale
    out = [
        _table(
            [f"resourced ({low}-{high})", "check-in days", "ruptures those days"],
            [[lv.level, lv.days, lv.ruptures] for lv in p.levels],
        ),
        _p("Only days with a check-in count here; ruptures on other days are left out.", "note"),
    ]
    return out + [_p(line, "note" if quiet else "") for line, quiet in comparison_lines(p)]


def _bands(p: Patterns, prompts: Prompts) -> list[str]:
    out = [
        _p(head) + "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"
        for head, items in band_lines(p, prompts)
    ]
    return [*out, _p(BANDS_NOTE, "note")]


def _moves(p: Patterns, prompts: Prompts) -> list[str]:
    span = scale_range(prompts, "repair", "connected")
    return [
        _table(
            [
                "repair move",
                "repairs",
                f"how connected I felt afterwards{f' ({span})' if span else ''}",
            ],
            [
                [
                    label(prompts, "repair", "moves", m.move),
                    m.used,
                    own_numbers(m.connected, m.used),
                ]
                for m in p.moves
            ],
        ),
        _p(
            "My own answers, listed as they are: a repair often has several moves, and the "
            "numbers are not a ranking of them.",
            "note",
        ),
    ]


def _settle(p: Patterns, prompts: Prompts) -> list[str]:
    out = []
    if p.settled_by:
        out.append(_changes(p.settled_by, "what helped", prompts, "repair", "settled_by"))
    yes, answered = p.calmed_first
    if answered:
        out.append(
            _p(
                f"Calmed myself before reaching out: {yes} of {plural(answered, 'repair')} that asked."
            )
        )
    return out


def _echoes(p: Patterns, prompts: Prompts) -> list[str]:
    out = []
    if p.checkin_echoes + p.older_echoes:
        out += [_p(line) for line in echo_lines(p, prompts)]
        if len(p.buckets) > 1:
            out.append(
                bar_chart(
                    f"Echoes noticed per {p.unit}",
                    [(_short(b.start, p.unit), b.echoes, str(b.echoes or "")) for b in p.buckets],
                    max((b.echoes for b in p.buckets), default=0),
                )
            )
    else:
        out.append(_p("No echoes noted in this period.", "note"))
    if p.echo_notes:
        out.append(
            "<ul>"
            + "".join(
                f'<li>{n.day:%d %b %Y} ({esc(n.source)}): <span class="quote">{esc(n.text)}</span></li>'
                for n in p.echo_notes
            )
            + "</ul>"
        )
    return out


def _short(start: date, unit: str) -> str:
    return bucket_label(start, unit, short=True)


def _repair(p: Patterns) -> list[str]:
    unit = p.unit
    columns = [_short(b.start, unit) for b in p.buckets]
    if not p.counts.rupture_count:
        return [_p(f"In all, {counts_sentence(p.counts)}")]
    out = [
        _p(f"In all, {counts_sentence(p.counts)}"),
        stacked_chart(
            f"Ruptures per {unit}, and what became of them",
            columns,
            [
                (REPAIR_SERIES[0], [b.counts.repair_count for b in p.buckets]),
                (REPAIR_SERIES[1], [b.counts.open_rupture_count for b in p.buckets]),
                (REPAIR_SERIES[2], [b.counts.no_repair_needed_count for b in p.buckets]),
            ],
            colours=REPAIR_COLOURS,
        ),
    ]
    medians = [b.counts.median_minutes_to_repair for b in p.buckets]
    out.append(
        bar_chart(
            f"Median time to repair per {unit} (my own times)",
            [
                (_short(b.start, unit), m, duration_label(m), f"n={b.counts.repair_count}")
                for b, m in zip(p.buckets, medians, strict=True)
            ],
            max((m for m in medians if m is not None), default=0),
            colour=BAR_2,
        )
    )
    every = "year" if p.years else unit
    rows = [
        [
            bucket_label(b.start, every),
            b.counts.rupture_count,
            b.counts.repair_count,
            b.counts.open_rupture_count,
            b.counts.no_repair_needed_count,
            duration_label(b.counts.median_minutes_to_repair),
        ]
        for b in (p.years or p.buckets)
    ]
    out.append(
        f"<details><summary>The numbers, {every} by {every}</summary>"
        + _table(
            ["", "ruptures", *REPAIR_SERIES, "median time to repair"],
            rows,
        )
        + "</details>"
    )
    (first, second), (a, b) = p.halves, p.half_counts
    out.append(
        _p(f"First half ({first.start:%d %b %Y} – {first.end:%d %b %Y}): {counts_sentence(a)}")
    )
    out.append(
        _p(f"Second half ({second.start:%d %b %Y} – {second.end:%d %b %Y}): {counts_sentence(b)}")
    )
    out.append(_p(LATER_COUNTS, "note"))
    return out


def _people(p: Patterns) -> list[str]:
    unit = p.unit
    names = [name for name, _ in p.ruptures_by_person]
    return [
        stacked_chart(
            f"Ruptures per {unit} by person",
            [_short(b.start, unit) for b in p.buckets],
            [(name, [dict(b.by_person).get(name, 0) for b in p.buckets]) for name in names],
        )
    ]


def _contexts(p: Patterns, prompts: Prompts) -> list[str]:
    out = []
    if p.contexts:
        out.append(
            hbar_chart(
                "Contexts around the ruptures",
                [
                    (
                        label(prompts, "rupture", "context", c.value),
                        c.total,
                        f"{c.total} (first half {c.first_half}, second half {c.second_half})",
                    )
                    for c in p.contexts[:8]
                ],
                max(c.total for c in p.contexts),
            )
        )
        out.append(
            _p(
                f"Counts of ruptures with each context; {p.context_ruptures[0]} ruptures in the "
                f"first half, {p.context_ruptures[1]} in the second.",
                "note",
            )
        )
        line, quiet = context_line(p, prompts)
        out.append(_p(line, "note" if quiet else ""))
    else:
        out.append(_p("No contexts noted with these ruptures.", "note"))
    return out


def _week(p: Patterns) -> list[str]:
    out = [
        grid_chart(
            "Ruptures by time of day and weekday", p.grid_rows, [w[:3] for w in WEEKDAYS], p.grid
        )
    ]
    out.append(
        _table(["time of day", "ruptures"], [[name, n] for name, n in p.time_of_day_counts])
        + _table(["weekday", "ruptures"], [[name, n] for name, n in p.weekday_counts])
    )
    out += [_p(line, "note" if quiet else "") for line, quiet in lead_lines(p)]
    return out


def _changes(items: Sequence, head: str, prompts: Prompts, kind: str, qid: str) -> str:
    return _table(
        [head, "in all", "first half", "second half"],
        [[label(prompts, kind, qid, c.value), c.total, c.first_half, c.second_half] for c in items],
    )


def _serve(p: Patterns, prompts: Prompts) -> list[str]:
    if not p.serve_return_answered and not p.serve_steps:
        return [_p("No serve-and-return answers in this period.", "note")]
    out = []
    out.append(
        _p(
            f"Noticed a serve-and-return moment on {p.serve_return_days} of "
            f"{plural(p.serve_return_answered, 'day')} I answered."
        )
    )
    if len(p.buckets) > 1:
        out.append(
            bar_chart(
                f"Days I noticed a serve-and-return moment, per {p.unit}",
                [
                    (
                        _short(b.start, p.unit),
                        b.serve_return_days if b.serve_return_answered else None,
                        str(b.serve_return_days) if b.serve_return_answered else "",
                        f"of {b.serve_return_answered}" if b.serve_return_answered else "",
                    )
                    for b in p.buckets
                ],
                max((b.serve_return_days for b in p.buckets), default=0),
                colour=BAR,
            )
        )
    if p.serve_steps:
        out.append(_p("The steps those moments held, in check-ins:"))
        out.append(_changes(p.serve_steps, "step", prompts, "reflect", "serve_steps"))
    return out
