"""The weekly review in words: the sections both the terminal and the HTML page show.

One source of sentences, so the two views cannot drift apart. Every piece of the person's own
text and every label from their prompts.yaml passes through `clean` here; the renderers add
layout only (Rich Text is never parsed as markup; HTML escapes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attachjournal.views.review_parts import Line, Section, Words, day_label, who_label
from attachjournal.views.text import clean, duration_label, one_line, plural

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts
    from attachjournal.core.review import WeeklyReview
    from attachjournal.core.review_shown import Quote, Shown


def title(review: WeeklyReview) -> str:
    """ "Your week" for seven days; a longer or shorter --since period is not called a week."""
    heading = "Your week" if review.period.length == 7 else "Looking back"
    if review.together:
        heading = "Together" if review.period.length == 7 else "Looking back together"
    return f"{heading} with {clean(review.who, keep_newlines=False)}" if review.who else heading


def subtitle(review: WeeklyReview) -> str:
    label = review.period.label()
    counted = review.counted
    if counted is not None and review.so_far:
        this = "this week so far" if "(week " in label else "so far"
        label = f"{label}; {this} ({counted.start:%a} to {counted.end:%a})"
    if review.who:
        # Honest about what was narrowed: check-ins name nobody, so they are all still here.
        who = clean(review.who, keep_newlines=False)
        label += (
            f"\nWhat the household shares with {who}: every member's shared ruptures and "
            "repairs, yours included when shared; nothing private, no check-ins."
            if review.together
            else f"\nRuptures and repairs with {who} only; every check-in stays, as context."
        )
    return label


def sections(review: WeeklyReview, prompts: Prompts, *, for_others: bool = False) -> list[Section]:
    """The review's sections in reading order; `for_others` leaves out commands for the writer."""
    from attachjournal.views import review_text_ruptures as more

    words = Words(prompts)
    out: list[Section] = []
    shown = review.shown
    if shown is not None and shown.heavy is not None:
        out.append(_heavy(shown))
    out.append(_checkins(review, words))
    if review.is_empty:
        if review.previous_had_entries:
            # A quiet week still sits beside the one before (its ruptures, its repairs).
            out.append(more.compare(review))
        return _drop_commands(out, for_others)
    if shown is not None:
        out.append(_good_moments(shown, words))
    out.append(_ruptures(review))
    if review.ruptures:
        out.append(more.timeline(review, words))
        out.append(more.under_ruptures(review, words))
    if shown is not None and shown.hopes:
        out.append(more.hopes(shown, words, review.together))
    if review.ruptures:
        out.append(more.together(review, words))
    out.append(_serve_return(review, words))
    if review.moves:
        out.append(more.moves(review, words))
    if shown is not None and (review.checkin_echoes or review.older_echoes or shown.echoes):
        out.append(_echoes(review, shown, words))
    if shown is not None and shown.notes:
        out.append(
            Section("notes", "Other things I wrote down", tuple(_quote(q) for q in shown.notes))
        )
    if review.previous_had_entries:
        out.append(more.compare(review))
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
    if review.together:
        # What the household shares is ruptures and repairs; the rest is one writer's own.
        out = [s for s in out if s.key not in _ONE_WRITERS_OWN]
    return _drop_commands(out, for_others)


_ONE_WRITERS_OWN = frozenset({"checkins", "good", "serve", "echoes", "notes", "questions"})


def _drop_commands(out: list[Section], for_others: bool) -> list[Section]:
    if for_others:
        out = [
            Section(s.key, s.title, tuple(ln for ln in s.lines if ln.style != "command"), s.rows)
            for s in out
        ]
    return [s for s in out if s.lines or s.rows]


def _quote(q: Quote, prefix: str = "") -> Line:
    who = f", with {who_label(q.who)}" if q.who else ""
    return Line(f"{day_label(q.day)}{who}: {prefix}“{one_line(q.text, 240)}”", "quote")


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


def _checkins(review: WeeklyReview, words: Words) -> Section:
    counts = review.counts
    if review.counted is None:
        if review.first_day is not None and review.period.end < review.first_day:
            said = f"Nothing written in this period: the journal began on {day_label(review.first_day)}."
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
    text = f"Checked in on {counts.checkin_days} of {plural(review.days_counted, 'day')}"
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
                    f"on {plural(n, 'day')}"
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


def _good_moments(shown: Shown, words: Words) -> Section:
    names = {
        "serve_return_note": "a serve and return: ",
        "connection": "felt close: ",
        "echo_note": "an echo I want to keep: ",
    }
    lines = []
    for q in shown.good_moments:
        if q.source == "repair":
            moves = words.labels("repair", "moves", q.values)
            text = f"{day_label(q.day)}: came back together with {who_label(q.who)}"
            text += f" ({moves})" if moves else ""
            if q.settled:
                text += "; what helped me settle: " + words.labels(
                    "repair", "settled_by", q.settled
                )
            lines.append(Line(text + ".", "quote"))
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
    people = ", ".join(f"{who_label(name)}: {n}" for name, n in review.ruptures_by_person)
    needing = counts.rupture_count - counts.no_repair_needed_count
    # "0 of 4 came back together" reads as a score; with none back yet the open count says it.
    parts = []
    if counts.repair_count:
        parts.append(f"{counts.repair_count} of {plural(needing, 'rupture')} came back together")
    if counts.open_rupture_count:
        parts.append(f"{counts.open_rupture_count} still open")
    if counts.no_repair_needed_count:
        parts.append(f"{counts.no_repair_needed_count} marked no repair needed")
    lines = [
        Line(f"{plural(counts.rupture_count, 'rupture')} (with {people})."),
        Line("; ".join(parts) + "."),
    ]
    if counts.median_minutes_to_repair is not None:
        lines.append(
            Line(
                f"{'The' if review.together else 'My own'} median time to come back: "
                f"{duration_label(counts.median_minutes_to_repair)}"
                f" (over {plural(counts.repair_count, 'repair')})."
            )
        )
        lines.append(
            Line("Coming back later, once calm, counts as much as coming back at once.", "note")
        )
    open_lines = [r for r in review.ruptures if r.status == "open"]
    # Read together, only the reader's own open ruptures are theirs to come back to; the
    # other members' are listed as open, with who wrote them (their own review invites them).
    mine = [r for r in open_lines if not review.together or r.author == review.reader]
    theirs = [r for r in open_lines if r not in mine]
    if open_lines:
        # The date as well as the weekday (a longer period has several Tuesdays), on the same
        # journal day as the timeline below.
        from attachjournal.views.review_text_ruptures import rupture_when

        day_start = review.period.day_start
        if mine:
            lines.append(Line("Still open; it is not too late to come back to these:"))
        for r in mine:
            when = rupture_when(r.at, day_start)
            lines.append(Line(f"… #{r.id} {when} with {who_label(r.who)}", indent=1))
            lines.append(Line(f"attach repair --of {r.id}", "command", indent=2))
        if theirs:
            lead = "Also still open" if mine else "Still open"
            lines.append(Line(f"{lead}, each for the one who wrote it to come back to:"))
        for r in theirs:
            when = rupture_when(r.at, day_start)
            by = f", written by {clean(r.author, keep_newlines=False)}" if r.author else ""
            lines.append(Line(f"… #{r.id} {when} with {who_label(r.who)}{by}", indent=1))
    return Section("ruptures", "Ruptures and repairs", tuple(lines))


def _serve_return(review: WeeklyReview, words: Words) -> Section:
    shown = review.shown
    answered = shown.serve_answered_days if shown else 0
    lines = []
    if answered:
        lines.append(
            Line(
                f"Noticed a serve-and-return moment on {review.serve_return_days} of the {plural(answered, 'day')} I answered."
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


def _echoes(review: WeeklyReview, shown: Shown, words: Words) -> Section:
    total = review.checkin_echoes + review.older_echoes
    lines = [
        Line(
            f"Noticed {plural(total, 'time')}: {review.checkin_echoes} in check-ins, "
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
