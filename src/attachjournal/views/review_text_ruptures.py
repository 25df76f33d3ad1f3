"""The weekly review in words, continued: each rupture and its repair, what was under them,
the hopes for next time, what tended to go together, repair moves, and the week before."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from attachjournal.core.review import MIN_DAYS_TO_COMPARE, MIN_FOR_PATTERN, most_often, scale_of
from attachjournal.core.stats import local_day
from attachjournal.views.review_parts import (
    Line,
    Section,
    Words,
    day_label,
    who_label,
)
from attachjournal.views.text import clean, duration_label, local, one_line, plural

if TYPE_CHECKING:
    from attachjournal.core.review import WeeklyReview
    from attachjournal.core.review_results import Comparison
    from attachjournal.core.review_shown import Quote, Shown

NOT_CAUSES = "These are things that showed up together, not causes."
# How a rupture's own notes are introduced under it.
LEADS = {
    "their_inner_world": "my guess at their side: ",
    "context_note": "around it, in my words: ",
    "older_echo_note": "it touched something older: ",
}


def timeline(review: WeeklyReview, words: Words) -> Section:
    shown = review.shown
    notes: dict[int | None, list[Quote]] = {}
    for q in (shown.guesses + shown.rupture_notes) if shown else ():
        notes.setdefault(q.entry_id, []).append(q)
    intensity = scale_of(words.prompts, "rupture", "intensity")[1]
    connected = scale_of(words.prompts, "repair", "connected")[1]
    before = scale_of(words.prompts, "rupture", "resourced_then")[1]
    lines: list[Line] = []
    for r in review.ruptures:
        head = f"{rupture_when(r.at, review.period.day_start)} ⚡ {who_label(r.who)}"
        if r.intensity is not None:
            head += f" · intensity {r.intensity}/{intensity}"
        if review.together and r.author:
            head += f" · written by {clean(r.author, keep_newlines=False)}"
        lines.append(Line(head))
        if r.resourced_then is not None:
            lines.append(Line(f"resourced just before: {r.resourced_then:g}/{before}", indent=2))
        if r.context:
            around = ", ".join(words.label("rupture", "context", c) for c in r.context)
            lines.append(Line(f"around it: {around}", indent=2))
        if r.what:
            lines.append(Line(f"“{one_line(r.what, 200)}”", "quote", indent=2))
        for q in notes.get(r.id, []):
            lead = LEADS.get(q.source, "")
            lines.append(Line(f"{lead}“{one_line(q.text, 200)}”", "quote", indent=2))
        if r.status == "repaired":
            after = f"↺ came back together {duration_label(r.minutes_to_repair)} later"
            if r.moves:
                after += ": " + words.labels("repair", "moves", r.moves)
            if isinstance(r.connected_after, int | float):
                after += f" (connected {r.connected_after:g}/{connected})"
            lines.append(Line(after, indent=2))
        elif r.status == "no_repair_needed":
            lines.append(Line("○ no repair needed", "note", indent=2))
        else:
            lines.append(Line("… still open", indent=2))
    return Section("timeline", "Day by day", tuple(lines))


def rupture_when(at: datetime, day_start: time) -> str:
    """The journal day and the clock: a rupture at 00:30 is listed under the evening before."""
    day = local_day(at, day_start)
    if day != local(at).date():
        return f"{day:%a %d %b}, {local(at):%H:%M} after midnight"
    return f"{local(at):%a %d %b %H:%M}"


def under_ruptures(review: WeeklyReview, words: Words) -> Section:
    shown = review.shown
    lines: list[Line] = []
    if shown is None:
        return Section("under", "Under the ruptures")
    for kind, qid, lead in (
        ("rupture", "my_feelings", "What I felt"),
        ("rupture", "my_need", "What I needed"),
        ("rupture", "their_needs", "What I guessed they needed"),
        ("repair", "reached_first", "Who reached out first"),
        ("repair", "settled_by", "What helped me settle"),
        ("repair", "calmed_first", "Calmed myself before reaching out"),
    ):
        tally = shown.tallies.get(qid, ())
        if tally:
            lines.append(Line(f"{lead}: {words.counts(kind, qid, tally)}."))
    for key, lead in (
        ("rupture.sure", "How sure I was of my guesses"),
        ("repair.kind_to_self", "How kind I was to myself afterwards"),
    ):
        values = shown.scales.get(key, ())
        if values:
            kind, qid = key.split(".")
            lines.append(
                Line(
                    f"{lead} ({words.scale(kind, qid)}): "
                    + ", ".join(f"{v:g}" for v in values)
                    + "."
                )
            )
    if lines and review.together:
        # The answers are each writer's own, in their own voice: say so before the "I"s.
        lines.insert(0, Line(TOGETHER_VOICES, "note"))
    return Section("under", "Under the ruptures", tuple(lines))


# Read together, tallies of answers written as "I" hold every writer's: said once above them.
TOGETHER_VOICES = "Every writer's shared answers, counted together; each “I” is whoever wrote it."


def hopes(shown: Shown, words: Words, together: bool = False) -> Section:
    lines = []
    for h in shown.hopes:
        by = f", written by {clean(h.author, keep_newlines=False)}" if together and h.author else ""
        lines.append(
            Line(
                f"{day_label(h.day)}, with {who_label(h.who)}{by}: “{one_line(h.text, 240)}”",
                "quote",
            )
        )
        if h.later_day is None:
            lines.append(
                Line(
                    f"No later repair with {who_label(h.who)} in this period yet.", "note", indent=2
                )
            )
        else:
            moves = words.labels("repair", "moves", h.later_moves) or "no moves noted"
            lines.append(
                Line(
                    f"The next repair with {who_label(h.who)} ({day_label(h.later_day)}): {moves}.",
                    indent=2,
                )
            )
    title = (
        "What each would like to try next time" if together else "What I'd like to try next time"
    )
    return Section("hopes", title, tuple(lines))


def together(review: WeeklyReview, words: Words) -> Section:
    n = review.counts.rupture_count
    if n < MIN_FOR_PATTERN:
        return Section(
            "together",
            "What tended to go together",
            (
                Line(
                    f"With {plural(n, 'rupture')}, too few to see what tends to go together (that needs {MIN_FOR_PATTERN}).",
                    "note",
                ),
            ),
        )
    lines = []
    if review.contexts:
        shown = [f"{words.label('rupture', 'context', v)} {c}" for v, c in review.contexts]
        lines.append(Line(f"Around the {n} ruptures: " + "; ".join(shown) + "."))
    for name, counts in (("Time of day", review.time_of_day), ("Days", review.weekdays)):
        text = f"{name}: " + ", ".join(f"{k} {v}" for k, v in counts) + "."
        lead = most_often(counts)
        if lead:
            text += f" Most often: {lead[0]} ({lead[1]} of {n})."
        lines.append(Line(text))
    lead = most_often(review.contexts)
    if lead:
        lines.append(
            Line(
                f"Most often around them: {words.label('rupture', 'context', lead[0])} ({lead[1]} of {n})."
            )
        )
    if review.resourced_then_answered:
        low, _ = scale_of(words.prompts, "rupture", "resourced_then")
        lines.append(
            Line(
                f"Running low just before (resourced {low}-{low + 1}): {review.low_resourced_ruptures} "
                f"of the {review.resourced_then_answered} ruptures where I noted it."
            )
        )
    if not review.together:  # together: resourced days come from check-ins, never shared
        lines.append(_resourced_compared(review.resourced_comparison))
    lines.append(Line(NOT_CAUSES, "note"))
    return Section("together", "What tended to go together", tuple(lines))


def _resourced_compared(comp: Comparison) -> Line:
    if comp.enough:
        before = (
            f", {comp.from_just_before} of them from 'just before'" if comp.from_just_before else ""
        )
        return Line(
            f"Resourced on days with a rupture: {comp.rupture_days_mean:g} on average over "
            f"{plural(comp.rupture_days, 'day')}{before}; other days: {comp.other_days_mean:g} "
            f"over {plural(comp.other_days, 'day')}."
        )
    return Line(
        f"Resourced on rupture days vs other days: too few days to compare "
        f"({plural(comp.rupture_days, 'rupture day')} and {plural(comp.other_days, 'other day')}; "
        f"that needs {MIN_DAYS_TO_COMPARE} of each).",
        "note",
    )


def moves(review: WeeklyReview, words: Words) -> Section:
    top = words.scale("repair", "connected")
    lines = [
        Line(f"By how often I used them; beside each, how connected we felt afterwards ({top}):")
    ]
    if review.together:
        lines = [
            Line(TOGETHER_VOICES, "note"),
            Line(
                f"By how often they were used; beside each, how connected it felt afterwards ({top}):"
            ),
        ]
    for m in review.moves:
        after = f" (afterwards: {', '.join(f'{v:g}' for v in m.connected)})" if m.connected else ""
        lines.append(Line(f"{words.label('repair', 'moves', m.move)}: {m.count}{after}", indent=1))
    return Section("moves", "Repair moves", tuple(lines))


def compare(review: WeeklyReview) -> Section:
    now, before = review.counts, review.previous
    before_days = review.previous_counted.length if review.previous_counted else 0

    def median(c: Any) -> str:
        if c.median_minutes_to_repair is None:
            return "—"
        return f"{duration_label(c.median_minutes_to_repair)} (n={c.repair_count})"

    rows = (
        (
            "check-in days",
            f"{now.checkin_days} of {review.days_counted}",
            f"{before.checkin_days} of {before_days}",
        ),
        ("ruptures", str(now.rupture_count), str(before.rupture_count)),
        ("came back together", str(now.repair_count), str(before.repair_count)),
        ("still open", str(now.open_rupture_count), str(before.open_rupture_count)),
        ("median time to come back", median(now), median(before)),
    )
    return Section(
        "compare",
        "Beside the week before",
        (Line("Both weeks' counts side by side; they mostly show how often I wrote.", "note"),),
        rows,
    )
