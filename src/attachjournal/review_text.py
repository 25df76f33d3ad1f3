"""The weekly review in words: the sections both the terminal and the HTML page show.

One source of sentences, so the two views cannot drift apart. Every piece of the person's own
text and every label from their prompts.yaml passes through `clean` here; the renderers add
layout only (Rich Text is never parsed as markup; HTML escapes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from attachjournal.render import clean, duration_label, local, one_line
from attachjournal.review import MIN_DAYS_TO_COMPARE, MIN_FOR_PATTERN, most_often, scale_of

if TYPE_CHECKING:
    from attachjournal.prompts import Prompts
    from attachjournal.review import WeeklyReview
    from attachjournal.review_shown import Quote, Shown

NOT_CAUSES = "These are things that showed up together, not causes."
_LEADS = {
    "their_inner_world": "my guess at their side: ",
    "context_note": "around it, in my words: ",
    "older_echo_note": "it touched something older: ",
}


@dataclass(frozen=True)
class Line:
    text: str
    style: str = ""  # "" | "quote" | "note" | "command" (left out of pages made for others)
    indent: int = 0


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    lines: tuple[Line, ...] = ()
    rows: tuple[tuple[str, str, str], ...] = field(default=())  # a small table, when any


def subtitle(review: WeeklyReview) -> str:
    label = review.period.label()
    counted = review.counted
    if counted is not None and review.so_far:
        this = "this week so far" if "(week " in label else "so far"
        return f"{label}; {this} ({counted.start:%a} to {counted.end:%a})"
    return label


def sections(review: WeeklyReview, prompts: Prompts, *, for_others: bool = False) -> list[Section]:
    """The review's sections in reading order; `for_others` leaves out commands for the writer."""
    words = _Words(prompts)
    out: list[Section] = []
    shown = review.shown
    if shown is not None and shown.heavy is not None:
        out.append(_heavy(shown))
    out.append(_checkins(review, words))
    if review.is_empty:
        return _drop_commands(out, for_others)
    if shown is not None:
        out.append(_good_moments(shown, words))
    out.append(_ruptures(review))
    if review.ruptures:
        out.append(_timeline(review, words))
        out.append(_under_ruptures(review, words))
        out = [s for s in out if s.lines or s.rows]
    if shown is not None and shown.hopes:
        out.append(_hopes(shown, words))
    if review.ruptures:
        out.append(_together(review, words))
    out.append(_serve_return(review, words))
    if review.moves:
        out.append(_moves(review, words))
    if shown is not None and (review.checkin_echoes or shown.echoes):
        out.append(_echoes(review, shown, words))
    if shown is not None and shown.notes:
        out.append(
            Section("notes", "Other things I wrote down", tuple(_quote(q) for q in shown.notes))
        )
    if review.previous_had_entries:
        out.append(_compare(review))
    if review.questions:
        out.append(
            Section(
                "questions",
                "To sit with",
                (
                    *tuple(Line(f"• {clean(q, keep_newlines=False)}") for q in review.questions),
                    Line(
                        "Nothing here is stored unless I write it down: attach reflect.", "command"
                    ),
                ),
            )
        )
    return _drop_commands(out, for_others)


def _drop_commands(out: list[Section], for_others: bool) -> list[Section]:
    if not for_others:
        return out
    return [
        Section(s.key, s.title, tuple(ln for ln in s.lines if ln.style != "command"), s.rows)
        for s in out
    ]


class _Words:
    """Labels from the person's own prompts.yaml, shown literally."""

    def __init__(self, prompts: Prompts) -> None:
        self.prompts = prompts

    def label(self, kind: str, qid: str, value: Any) -> str:
        question = self.prompts[kind].get(qid) if kind in self.prompts.questionnaires else None
        if isinstance(value, bool):
            text = "yes" if value else "no"
        elif question is not None and question.choices:
            text = question.label_for(str(value))
        else:
            text = str(value).replace("_", " ")
        return clean(text, keep_newlines=False)

    def labels(self, kind: str, qid: str, values: Any) -> str:
        return "; ".join(self.label(kind, qid, v) for v in values)

    def counts(self, kind: str, qid: str, tally: tuple[tuple[str, int], ...]) -> str:
        return "; ".join(f"{self.label(kind, qid, v)} {n}" for v, n in tally)

    def scale(self, kind: str, qid: str) -> str:
        low, high = scale_of(self.prompts, kind, qid)
        return f"{low}-{high}"


def _day(day: date) -> str:
    return f"{day:%a %d %b}"


def _who(name: str | None) -> str:
    return clean(name or "someone", keep_newlines=False)


def _quote(q: Quote, prefix: str = "") -> Line:
    who = f", with {_who(q.who)}" if q.who else ""
    return Line(f"{_day(q.day)}{who}: {prefix}“{one_line(q.text, 240)}”", "quote")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# ----------------------------------------------------------------------------- sections


def _heavy(shown: Shown) -> Section:
    heavy = shown.heavy
    assert heavy is not None
    return Section(
        "heavy",
        "",
        (
            Line(f"A heavy week: running low on {heavy.low_days} of {heavy.checkin_days} days."),
            Line("Running this low is about load and support, not about character."),
            Line("Someone can help carry it: a doctor, a health visitor, someone I trust."),
            Line("attach help-now lists places to turn, at any hour.", "command"),
        ),
    )


def _checkins(review: WeeklyReview, words: _Words) -> Section:
    counts = review.counts
    if review.counted is None:
        if review.first_day is not None and review.period.end < review.first_day:
            said = f"Nothing written in this period: the journal began on {_day(review.first_day)}."
        else:
            said = "This period has not begun yet."
        return Section("checkins", "Check-ins", (Line(said),))
    if review.is_empty:
        return Section(
            "checkins",
            "Check-ins",
            (
                Line(
                    "Nothing written in this period yet, and that is fine: every week starts somewhere."
                ),
                Line("A first small step: attach reflect (about three minutes).", "command"),
            ),
        )
    text = f"Checked in on {counts.checkin_days} of {_plural(review.days_counted, 'day')}"
    text += " so far" if review.so_far else ""
    if review.checkin_count > counts.checkin_days:
        text += f" ({review.checkin_count} check-ins)"
    if review.late_start:
        text += f"; the journal began on {review.counted.start:%a %d %b}"
    lines = [Line(text + ".")]
    shown = review.shown
    if shown is not None:
        for qid, lead in (("refill", "What filled me"), ("drain", "What drained me")):
            tally = shown.tallies.get(qid, ())
            if tally:
                # "Nothing much today" reads oddly counted; it goes last, in plain words.
                tally = tuple(sorted(tally, key=lambda vn: vn[0] == "nothing"))
                parts = [
                    f"{'nothing much' if v == 'nothing' else words.label('reflect', qid, v)} "
                    f"on {_plural(n, 'day')}"
                    for v, n in tally
                ]
                lines.append(Line(f"{lead}: " + "; ".join(parts) + "."))
        if shown.tallies.get("feelings"):
            lines.append(
                Line(
                    "Feelings I named: "
                    + words.counts("reflect", "feelings", shown.tallies["feelings"])
                    + "."
                )
            )
        kind = shown.scales.get("reflect.kind_to_self", ())
        if kind:
            lines.append(
                Line(
                    f"How kind I was to myself ({words.scale('reflect', 'kind_to_self')}): "
                    + ", ".join(f"{v:g}" for v in kind)
                    + "."
                )
            )
    return Section("checkins", "Check-ins", tuple(lines))


def _good_moments(shown: Shown, words: _Words) -> Section:
    names = {
        "serve_return_note": "a serve and return: ",
        "connection": "close: ",
        "echo_note": "an echo I want to keep: ",
    }
    lines = []
    for q in shown.good_moments:
        if q.source == "repair":
            moves = words.labels("repair", "moves", q.values)
            text = f"{_day(q.day)}: came back together with {_who(q.who)}"
            lines.append(Line(text + (f" ({moves})" if moves else "") + ".", "quote"))
        else:
            lines.append(_quote(q, names.get(q.source, "")))
    if not lines:
        lines.append(
            Line(
                "No good moments written down this week; small ones still count when they come.",
                "note",
            )
        )
    return Section("good", "Good moments, in my own words", tuple(lines))


def _ruptures(review: WeeklyReview) -> Section:
    counts = review.counts
    if not counts.rupture_count:
        return Section(
            "ruptures",
            "Ruptures and repairs",
            (
                Line("No ruptures logged. Mismatches happen in every close relationship."),
                Line("If one comes: attach repair.", "command"),
            ),
        )
    people = ", ".join(f"{_who(name)} {n}" for name, n in review.ruptures_by_person)
    needing = counts.rupture_count - counts.no_repair_needed_count
    parts = [f"{counts.repair_count} of {_plural(needing, 'rupture')} came back together"]
    if counts.open_rupture_count:
        parts.append(f"{counts.open_rupture_count} still open")
    if counts.no_repair_needed_count:
        parts.append(f"{counts.no_repair_needed_count} marked no repair needed")
    lines = [
        Line(f"{_plural(counts.rupture_count, 'rupture')} ({people})."),
        Line("; ".join(parts) + "."),
    ]
    if counts.median_minutes_to_repair is not None:
        lines.append(
            Line(
                f"My own median time to come back: {duration_label(counts.median_minutes_to_repair)}"
                f" (over {_plural(counts.repair_count, 'repair')})."
            )
        )
        lines.append(
            Line("Coming back later, once calm, counts as much as coming back at once.", "note")
        )
    open_lines = [r for r in review.ruptures if r.status == "open"]
    if open_lines:
        lines.append(Line("Still open; it is not too late to come back to these:"))
        for r in open_lines:
            lines.append(Line(f"… #{r.id} {local(r.at):%a %H:%M} with {_who(r.who)}", indent=1))
            lines.append(Line(f"attach repair --of {r.id}", "command", indent=2))
    return Section("ruptures", "Ruptures and repairs", tuple(lines))


def _timeline(review: WeeklyReview, words: _Words) -> Section:
    shown = review.shown
    notes: dict[int | None, list[Quote]] = {}
    for q in (shown.guesses + shown.rupture_notes) if shown else ():
        notes.setdefault(q.entry_id, []).append(q)
    intensity = words.scale("rupture", "intensity").split("-")[1]
    connected = words.scale("repair", "connected").split("-")[1]
    lines: list[Line] = []
    for r in review.ruptures:
        head = f"{local(r.at):%a %d %b %H:%M} ⚡ {_who(r.who)}"
        if r.intensity is not None:
            head += f" · intensity {r.intensity}/{intensity}"
        lines.append(Line(head))
        if r.context:
            around = ", ".join(words.label("rupture", "context", c) for c in r.context)
            lines.append(Line(f"around it: {around}", indent=2))
        if r.what:
            lines.append(Line(f"“{one_line(r.what, 200)}”", "quote", indent=2))
        for q in notes.get(r.id, []):
            lead = _LEADS.get(q.source, "")
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


def _under_ruptures(review: WeeklyReview, words: _Words) -> Section:
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
    return Section("under", "Under the ruptures", tuple(lines))


def _hopes(shown: Shown, words: _Words) -> Section:
    lines = []
    for h in shown.hopes:
        lines.append(Line(f"{_day(h.day)}, with {_who(h.who)}: “{one_line(h.text, 240)}”", "quote"))
        if h.later_day is None:
            lines.append(
                Line(f"No later repair with {_who(h.who)} in this period yet.", "note", indent=2)
            )
        else:
            moves = words.labels("repair", "moves", h.later_moves) or "no moves noted"
            lines.append(
                Line(
                    f"The next repair with {_who(h.who)} ({_day(h.later_day)}): {moves}.", indent=2
                )
            )
    return Section("hopes", "What I'd like to try next time", tuple(lines))


def _together(review: WeeklyReview, words: _Words) -> Section:
    n = review.counts.rupture_count
    if n < MIN_FOR_PATTERN:
        return Section(
            "together",
            "What tended to go together",
            (
                Line(
                    f"With {_plural(n, 'rupture')}, too few to see what tends to go together (that needs {MIN_FOR_PATTERN}).",
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
    comp = review.resourced_comparison
    if comp.enough:
        before = (
            f", {comp.from_just_before} of them from 'just before'" if comp.from_just_before else ""
        )
        lines.append(
            Line(
                f"Resourced on days with a rupture: {comp.rupture_days_mean:g} on average over "
                f"{_plural(comp.rupture_days, 'day')}{before}; other days: {comp.other_days_mean:g} "
                f"over {_plural(comp.other_days, 'day')}."
            )
        )
    else:
        lines.append(
            Line(
                f"Resourced on rupture days vs other days: too few days to compare "
                f"({_plural(comp.rupture_days, 'rupture day')} and {_plural(comp.other_days, 'other day')}; "
                f"that needs {MIN_DAYS_TO_COMPARE} of each).",
                "note",
            )
        )
    lines.append(Line(NOT_CAUSES, "note"))
    return Section("together", "What tended to go together", tuple(lines))


def _serve_return(review: WeeklyReview, words: _Words) -> Section:
    shown = review.shown
    answered = shown.serve_answered_days if shown else 0
    lines = []
    if answered:
        lines.append(
            Line(
                f"Noticed a serve-and-return moment on {review.serve_return_days} of the {_plural(answered, 'day')} I answered."
            )
        )
    else:
        lines.append(
            Line(
                "No serve-and-return answers this week. Maybe notice one: they reach out, I answer.",
                "note",
            )
        )
    steps = shown.tallies.get("serve_steps", ()) if shown else ()
    if steps:
        lines.append(
            Line("What those moments held: " + words.counts("reflect", "serve_steps", steps) + ".")
        )
    return Section("serve", "Serve and return", tuple(lines))


def _moves(review: WeeklyReview, words: _Words) -> Section:
    top = words.scale("repair", "connected")
    lines = [
        Line(f"By how often I used them; beside each, how connected we felt afterwards ({top}):")
    ]
    for m in review.moves:
        after = f" (afterwards: {', '.join(f'{v:g}' for v in m.connected)})" if m.connected else ""
        lines.append(Line(f"{words.label('repair', 'moves', m.move)}: {m.count}{after}", indent=1))
    return Section("moves", "Repair moves", tuple(lines))


def _echoes(review: WeeklyReview, shown: Shown, words: _Words) -> Section:
    total = review.checkin_echoes + review.older_echoes
    lines = [
        Line(
            f"Noticed {_plural(total, 'time')}: {review.checkin_echoes} in check-ins, "
            f"{review.older_echoes} with a rupture."
        )
    ]
    for qid, lead in (
        ("echo_about", "What they said something about"),
        ("echo_keep", "Keep or change"),
    ):
        tally = shown.tallies.get(qid, ())
        if tally:
            lines.append(Line(f"{lead}: {words.counts('reflect', qid, tally)}."))
    lines += [_quote(q) for q in shown.echoes]
    return Section("echoes", "Echoes of my own upbringing", tuple(lines))


def _compare(review: WeeklyReview) -> Section:
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
