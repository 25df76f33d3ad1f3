"""The weekly review as Rich renderables. Meaning is carried by words and symbols, not colour."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from attachjournal.prompts import Prompts, Question
from attachjournal.render import clean, duration_label, local, one_line
from attachjournal.review import Counts, DayLine, WeeklyReview
from attachjournal.stats import local_day

BLOCKS = " ▁▂▃▄▅▆▇█"
MISSING = "·"
SERVE_SYMBOL = {"none": "○", "1-2": "◔", "3-5": "◑", "lots": "●"}


def review_view(review: WeeklyReview, prompts: Prompts) -> RenderableType:
    parts: list[RenderableType] = [_header(review)]
    if review.is_empty:
        parts.append(
            Text(
                "Nothing written in this period yet, and that is fine: every week starts somewhere.\n"
                "A first small step: attach reflect (about three minutes)."
            )
        )
        if review.previous.checkin_days or review.previous.rupture_count:
            parts.append(_change(review))
        return Group(*parts)
    parts += [
        _section("Check-ins"),
        _checkins(review),
        _section("Ruptures and repairs"),
        _ruptures(review),
    ]
    if review.ruptures:
        parts += [_section("Day by day"), _timeline(review, prompts)]
        parts += [_section("What tended to go together"), _patterns(review, prompts)]
    parts += [_section("Serve and return"), _serve_return(review, prompts)]
    parts += [_section("Compared with the week before"), _change(review)]
    if review.questions:
        parts += [_section("To sit with"), _questions(review.questions)]
    return Group(*parts)


def _header(review: WeeklyReview) -> Panel:
    title = Text("Your week", style="bold")
    body = Text(review.period.label())
    return Panel(body, title=title, title_align="left", expand=False)


def _section(name: str) -> Text:
    return Text(f"\n{name}", style="bold underline")


def _checkins(review: WeeklyReview) -> RenderableType:
    counts = review.counts
    line = Text(f"Checked in on {counts.checkin_days} of {review.period.length} days")
    if review.checkin_count > counts.checkin_days:
        line.append(f" ({review.checkin_count} check-ins)")
    line.append(".")
    if review.period.length > 31:
        return line
    return Group(line, _day_strip(review.days))


def _day_strip(days: Sequence[DayLine]) -> Table:
    table = Table(box=None, pad_edge=False, show_header=True, header_style="dim")
    table.add_column("")
    for day in days:
        table.add_column(_day_head(day.day), justify="center")
    table.add_row("resourced", *[_level(d.resourced) for d in days])
    table.add_row("mood", *[_level(d.mood) for d in days])
    table.add_row("serve & return", *[_serve(d.serve_return) for d in days])
    table.add_row(
        "ruptures",
        *[
            Text("⚡" * d.ruptures if d.ruptures <= 3 else f"⚡{d.ruptures}")
            if d.ruptures
            else Text(MISSING, style="dim")
            for d in days
        ],
    )
    return table


def _label(question: Question | None, value: str) -> str:
    """A choice label from prompts.yaml: text a person wrote, so shown literally."""
    return clean(question.label_for(value) if question else value, keep_newlines=False)


def _day_head(day: date) -> str:
    return f"{day:%a}\n{day.day}"


def _level(value: float | None) -> Text:
    if value is None:
        return Text(MISSING, style="dim")
    index = max(1, min(8, round(value / 5 * 8)))
    shown = f"{value:g}"
    return Text(f"{BLOCKS[index]} {shown}")


def _serve(value: str | None) -> Text:
    if value is None:
        return Text(MISSING, style="dim")
    return Text(f"{SERVE_SYMBOL.get(value, '?')} {clean(value, keep_newlines=False)}")


def _ruptures(review: WeeklyReview) -> RenderableType:
    counts = review.counts
    if not counts.rupture_count:
        return Text(
            "No ruptures logged. Mismatches happen in every close relationship; if one "
            "comes, attach repair is there."
        )
    lines: list[RenderableType] = []
    people = ", ".join(
        f"{clean(name, keep_newlines=False)} {n}" for name, n in review.ruptures_by_person
    )
    lines.append(
        Text(
            f"{_plural(counts.rupture_count, 'rupture')} ({people}); "
            f"{counts.repair_count} repaired."
        )
    )
    lines.append(Text(f"Repair rate: {_rate(counts)}."))
    if counts.median_minutes_to_repair is not None:
        lines.append(
            Text(
                f"Median time to repair: {duration_label(counts.median_minutes_to_repair)}"
                f" (over {_plural(counts.repair_count, 'repair')})."
            )
        )
    if counts.no_repair_needed_count:
        lines.append(
            Text(f"{counts.no_repair_needed_count} marked as needing no repair.", style="dim")
        )
    open_lines = [r for r in review.ruptures if r.status == "open"]
    if open_lines:
        lines.append(Text("Still open; it is not too late to come back to these:"))
        for r in open_lines:
            item = Text(f"  … #{r.id} {local(r.at):%a %H:%M}")
            if r.who:
                item.append(" with ")
                item.append(clean(r.who, keep_newlines=False))
            item.append(f"   attach repair --of {r.id}", style="dim")
            lines.append(item)
    return Group(*lines)


def _timeline(review: WeeklyReview, prompts: Prompts) -> RenderableType:
    context_q = prompts["rupture"].get("context")
    moves_q = prompts["repair"].get("moves")
    rows: list[RenderableType] = []
    for day in review.period.days:
        todays = [r for r in review.ruptures if local_day(r.at, review.period.day_start) == day]
        if not todays:
            continue
        rows.append(Text(f"{day:%a %d %b}", style="bold"))
        for r in todays:
            line = Text(f"  {local(r.at):%H:%M} ⚡ ")
            line.append(clean(r.who or "someone", keep_newlines=False))
            if r.intensity is not None:
                line.append(f" · intensity {r.intensity}/5")
            if r.context:
                labels = [_label(context_q, c) for c in r.context]
                line.append(" · " + ", ".join(labels))
            rows.append(line)
            if r.what:
                rows.append(Text(f"      “{one_line(r.what, 70)}”", style="dim"))
            if r.status == "repaired":
                after = Text(
                    f"      ↺ came back together {duration_label(r.minutes_to_repair)} later"
                )
                if r.moves:
                    labels = [_label(moves_q, m) for m in r.moves]
                    after.append(": " + "; ".join(labels))
                if r.connected_after is not None:
                    after.append(f" (connected {r.connected_after}/5)")
                rows.append(after)
            elif r.status == "no_repair_needed":
                rows.append(Text("      ○ no repair needed", style="dim"))
            else:
                rows.append(Text(f"      … still open (attach repair --of {r.id})"))
    return Group(*rows)


def _patterns(review: WeeklyReview, prompts: Prompts) -> RenderableType:
    context_q = prompts["rupture"].get("context")
    n = review.counts.rupture_count
    lines: list[RenderableType] = []
    if review.contexts:
        shown = [f"{_label(context_q, v)} ({c} of {n})" for v, c in review.contexts[:4]]
        lines.append(Text("Around the ruptures: " + "; ".join(shown) + "."))
    if review.time_of_day:
        lines.append(
            Text("Time of day: " + ", ".join(f"{k} {v}" for k, v in review.time_of_day) + ".")
        )
    if review.weekdays:
        lines.append(Text("Days: " + ", ".join(f"{k} {v}" for k, v in review.weekdays) + "."))
    if review.resourced_then_answered:
        lines.append(
            Text(
                f"Running low just before (resourced 1-2): "
                f"{review.low_resourced_ruptures} of {review.resourced_then_answered} "
                "ruptures where I noted it."
            )
        )
    comp = review.resourced_comparison
    if comp.enough:
        lines.append(
            Text(
                f"Resourced on days with a rupture: {comp.rupture_days_mean:g} on average "
                f"({_plural(comp.rupture_days, 'day')}); other days: "
                f"{comp.other_days_mean:g} ({_plural(comp.other_days, 'day')})."
            )
        )
    else:
        lines.append(
            Text(
                f"Resourced on rupture days vs other days: too few check-ins to compare "
                f"({_plural(comp.rupture_days, 'rupture day')} and {_plural(comp.other_days, 'other day')}"
                f" with a check-in; I need at least 2 of each).",
                style="dim",
            )
        )
    echoes = review.older_echoes + review.checkin_echoes
    if echoes:
        lines.append(
            Text(
                f"Echoes of my own upbringing noticed: {echoes} "
                f"({review.older_echoes} in ruptures, {review.checkin_echoes} in "
                "check-ins)."
            )
        )
    lines.append(Text("These are things that showed up together, not causes.", style="dim"))
    return Group(*lines)


def _serve_return(review: WeeklyReview, prompts: Prompts) -> RenderableType:
    lines: list[RenderableType] = []
    answered = [d for d in review.days if d.serve_return is not None]
    if answered:
        lines.append(
            Text(
                f"Noticed serve-and-return moments on {review.serve_return_days} of "
                f"{len(answered)} days I answered (○ none · ◔ 1-2 · ◑ 3-5 · ● lots)."
            )
        )
    else:
        lines.append(
            Text(
                "No serve-and-return answers this week. Tonight, maybe notice one: "
                "they reach out, I answer.",
                style="dim",
            )
        )
    moves_q = prompts["repair"].get("moves")
    if review.moves:
        shown = [f"{_label(moves_q, m)} ({c})" for m, c in review.moves[:4]]
        lines.append(Text("Repair moves I used most: " + "; ".join(shown) + "."))
    return Group(*lines)


def _change(review: WeeklyReview) -> RenderableType:
    now, before = review.counts, review.previous
    table = Table(box=None, pad_edge=False, header_style="dim")
    table.add_column("")
    table.add_column("this period", justify="right")
    table.add_column("the one before", justify="right")
    table.add_column("")
    rows = [
        ("check-in days", now.checkin_days, before.checkin_days),
        ("ruptures", now.rupture_count, before.rupture_count),
        ("repaired", now.repair_count, before.repair_count),
        ("still open", now.open_rupture_count, before.open_rupture_count),
    ]
    for name, a, b in rows:
        table.add_row(name, str(a), str(b), _direction(a, b))
    table.add_row("repair rate", _pct(now.repair_rate), _pct(before.repair_rate), "")
    table.add_row(
        "median time to repair",
        duration_label(now.median_minutes_to_repair),
        duration_label(before.median_minutes_to_repair),
        "",
    )
    return table


def _questions(questions: Sequence[str]) -> RenderableType:
    return Group(
        *[Text(f"  • {clean(q, keep_newlines=False)}") for q in questions],
        Text("  (Nothing here is stored unless you write it down: attach reflect.)", style="dim"),
    )


def _direction(a: int, b: int) -> str:
    if a == b:
        return "same"
    return "▲ more" if a > b else "▼ fewer"


def _rate(counts: Counts) -> str:
    if counts.repair_rate is None:
        return "—"
    needing = counts.rupture_count - counts.no_repair_needed_count
    return f"{_pct(counts.repair_rate)} ({counts.repair_count} of {needing})"


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{round(rate * 100)}%"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
