"""The sentences of `attach patterns`, shared by the terminal view and the HTML page. No Rich.

Repair in words and counts; "most often" only for a clear lead; "showed up together", never
"because"; a person's own numbers shown as they are, never ranked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from attachjournal.core.patterns import FEW
from attachjournal.core.shades import band_span
from attachjournal.views.text import MISSING, duration_label, plural

if TYPE_CHECKING:
    from attachjournal.core.patterns_results import Patterns
    from attachjournal.core.prompts import Prompts
    from attachjournal.core.review import Counts

SHOWN_ITEMS = 4
NOT_CAUSES = "These are things that showed up together, not causes."
LATER_COUNTS = "Coming back later, once calm, counts as much as coming back at once."
ENDS_TODAY = "Ends today: days still to come are not counted."


class Heading(NamedTuple):
    key: str  # which section: each view draws its own body for it
    title: str


def headings(p: Patterns, prompts: Prompts) -> tuple[Heading, ...]:
    """The sections patterns shows, in order, with their titles: worked out once, so the
    terminal and the page always show the same sections under the same words."""
    shown = [
        Heading("calendar", "Check-ins, shaded by how resourced I felt"),
        Heading("trend", f"Ruptures and repair, {p.unit} by {p.unit}"),
    ]
    if p.counts.rupture_count:
        shown += [
            Heading("people", "Who the ruptures were with"),
            Heading("contexts", "What was going on around them"),
            Heading("week", "When in the week"),
        ]
    shown.append(Heading("levels", "How resourced I was, and ruptures that day"))
    if band_lines(p, prompts):
        shown.append(Heading("bands", "What filled and drained me, low days and high days"))
    if p.moves:
        shown.append(Heading("moves", "Repair moves, by how often I used them"))
    if p.settled_by or p.calmed_first[1]:
        shown.append(Heading("settle", "What helped me settle"))
    shown += [
        Heading("serve", "Serve and return"),
        Heading("echoes", "Echoes of my own upbringing"),
    ]
    if p.intentions:
        shown.append(Heading("intentions", "My weekly intentions, and how each went"))
    return tuple(shown)


def intention_lines(p: Patterns, prompts: Prompts) -> list[str]:
    """One line per intention, oldest first, in the person's own words: the plan, then how it
    went and what came next as they said it; never a score or a count of successes."""
    lines = []
    for plan in p.intentions:
        line = f"{plan.day:%a %d %b}: {plan.sentence}"
        if plan.who:
            line += f" (about {plan.who})"
        if plan.how_it_went:
            line += f" How it went: {label(prompts, 'intention', 'how_it_went', plan.how_it_went)}"
            if plan.went_note:
                line += f', "{plan.went_note}"'
            line += "."
        else:
            line += " How it went: not looked back on yet."
        if plan.next:
            line += f" Then: {label(prompts, 'intention', 'next', plan.next)}."
        lines.append(line)
    return lines


def label(prompts: Prompts, kind: str, question_id: str, value: str) -> str:
    """A choice's label from the person's prompts; an id the prompts don't know reads as words."""
    questionnaire = prompts.questionnaires.get(kind)
    question = questionnaire.get(question_id) if questionnaire else None
    if question is not None and value in question.values:
        return question.label_for(value)
    return value.replace("_", " ")


def scale_words(prompts: Prompts, kind: str, question_id: str) -> tuple[str, str]:
    """The words at the two ends of a scale question ('running on empty', 'well resourced')."""
    questionnaire = prompts.questionnaires.get(kind)
    question = questionnaire.get(question_id) if questionnaire else None
    if question is None or question.kind != "scale":
        return ("", "")
    return (question.low, question.high)


def scale_range(prompts: Prompts, kind: str, question_id: str) -> str:
    questionnaire = prompts.questionnaires.get(kind)
    question = questionnaire.get(question_id) if questionnaire else None
    if question is None or question.kind != "scale":
        return ""
    return f"{question.min}-{question.max}"


def counts_sentence(c: Counts) -> str:
    """Repair in words and counts: '4 ruptures: 2 came back together, 1 still open, ...'."""
    if not c.rupture_count:
        return "no ruptures logged."
    # "0 came back together" would read as a zero score; "1 still open" says it plainly.
    bits = [f"{c.repair_count} came back together"] if c.repair_count else []
    if c.open_rupture_count:
        bits.append(f"{c.open_rupture_count} still open")
    if c.no_repair_needed_count:
        bits.append(f"{c.no_repair_needed_count} marked no repair needed")
    out = f"{plural(c.rupture_count, 'rupture')}: " + ", ".join(bits)
    if c.median_minutes_to_repair is not None:
        out += (
            f"; median time to repair {duration_label(c.median_minutes_to_repair)} "
            f"(n={c.repair_count})"
        )
    return out + "."


def comparison_lines(p: Patterns) -> list[tuple[str, bool]]:
    """(sentence, is a quiet note) about resourced on rupture days and just before a rupture."""
    c = p.comparison
    if c is None:
        return []
    if c.enough:
        then = f", {c.from_then} of them as rated at the rupture" if c.from_then else ""
        lines = [
            (
                f"Resourced on days with a rupture: {c.rupture_days_mean:g} on average "
                f"({plural(c.rupture_days, 'day')}{then}); on other check-in days: "
                f"{c.other_days_mean:g} ({plural(c.other_days, 'day')}).",
                False,
            )
        ]
    else:
        lines = [
            (
                "Too few days to compare resourced on rupture days with other days "
                f"({plural(c.rupture_days, 'rupture day')} and {plural(c.other_days, 'other day')}"
                "; 3 of each are needed).",
                True,
            )
        ]
    if c.then_answered:
        a, b = band_span("low", *p.scale)
        lines.append(
            (
                f"Running low just before ({a}-{b} of {p.scale[0]}-{p.scale[1]}, as rated at "
                f"the rupture): {c.low_then} of {plural(c.then_answered, 'rupture')} rated.",
                False,
            )
        )
    return lines


def lead_lines(p: Patterns, prompts: Prompts | None = None) -> list[tuple[str, bool]]:
    """'Most often' sentences, only for a clear lead of at least 3; otherwise a quiet note."""
    of = plural(p.counts.rupture_count, "rupture")
    lines = []
    for found, what, place in (
        (p.time_of_day_lead, "time of day", "in the {}"),
        (p.weekday_lead, "day of the week", "on {}s"),
    ):
        if found:
            lines.append((f"Most often {place.format(found[0])} ({found[1]} of {of}).", False))
        else:
            lines.append((f"No one {what} stands out; the counts are above.", True))
    return lines


def context_line(p: Patterns, prompts: Prompts) -> tuple[str, bool]:
    found = p.context_lead
    if found:
        name = label(prompts, "rupture", "context", found[0])
        return (
            f"Most often: {name} ({found[1]} of {plural(p.counts.rupture_count, 'rupture')}).",
            False,
        )
    if p.counts.rupture_count < FEW:
        return ("Only a few ruptures, so these counts say little yet.", True)
    return ("No one context stands out.", True)


def band_lines(p: Patterns, prompts: Prompts) -> list[tuple[str, list[str]]]:
    """(heading, ['filled by: ...', 'drained by: ...']) for the low and the high days."""
    words = scale_words(prompts, "reflect", "resourced")
    out = []
    for b in p.bands:
        if not b.refill and not b.drain:
            continue
        word = words[0] if b.band == "low" else words[1]
        first, last = band_span(b.band, *p.scale)
        end = f" (the “{word}” end)" if word else ""
        items = []
        for kind, qid, found in (
            ("filled by", "refill", b.refill),
            ("drained by", "drain", b.drain),
        ):
            shown = ", ".join(
                f"{label(prompts, 'reflect', qid, v)} ({n})" for v, n in found[:SHOWN_ITEMS]
            )
            items.append(f"{kind}: " + (shown or "nothing noted"))
        head = f"On the {plural(b.days, 'day')} at {first}-{last}{end}, these showed up together:"
        out.append((head, items))
    return out


BANDS_NOTE = "Counted in days; a day counts once however often it was noted."


def echo_lines(p: Patterns, prompts: Prompts) -> list[str]:
    total = p.checkin_echoes + p.older_echoes
    lines = [
        f"Noticed {total} time{'s' if total != 1 else ''}: {p.checkin_echoes} in check-ins, "
        f"{p.older_echoes} with a rupture."
    ]
    if p.echo_about:
        about = ", ".join(
            f"{label(prompts, 'reflect', 'echo_about', v)} ({n})" for v, n in p.echo_about
        )
        lines.append(f"Themes: {about}.")
    if p.echo_keep:
        keep = ", ".join(
            f"{label(prompts, 'reflect', 'echo_keep', v)} ({n})" for v, n in p.echo_keep
        )
        lines.append(f"Whether I want to keep them: {keep}.")
    return lines


def own_numbers(values: Sequence[int], of: int | None = None) -> str:
    """The person's own answers as they are: '3, 4, 4' or, when many, '4 ×12, 5 ×3'.

    of: how many entries could have answered; those that didn't are said, so three repairs
    shown as '2, 5' don't leave the reader wondering about the third."""
    unanswered = of - len(values) if of is not None else 0
    if not values:
        return "not answered" if unanswered > 0 else MISSING
    if len(values) <= 6:
        shown = ", ".join(map(str, values))
    else:
        counted: dict[int, int] = {}
        for v in values:
            counted[v] = counted.get(v, 0) + 1
        shown = ", ".join(f"{v} ×{n}" for v, n in sorted(counted.items()))
    return f"{shown}; {unanswered} not answered" if unanswered > 0 else shown


def bucket_label(start: date, unit: str, short: bool = False) -> str:
    """A week by the Monday it began ("19 Oct"), as people count weeks; "2026-W43" means little
    to most. A month as "Nov 2026" (or "Nov 26" under a chart's bar); a year as itself."""
    if unit == "week":
        return f"{start - timedelta(days=start.weekday()):%d %b}"
    if unit == "month":
        return f"{start:%b %y}" if short else f"{start:%b %Y}"
    return f"{start:%Y}"
