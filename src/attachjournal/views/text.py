"""Plain-text helpers every view and format shares: user text made safe to show, dates and
durations in words. No Rich here, so the HTML pages and the export formats stay light.

Everything a person typed passes through `clean` before it is shown: control characters,
escape sequences and bidirectional overrides are made visible instead of sent to a terminal.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from attachjournal.core.vocabulary import kind_label as kind_label

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts
    from attachjournal.core.records import EntryRecord

# Shown where a day or a figure has nothing to show, in every view.
MISSING = "·"

# Characters that reorder or hide text around them (the "Trojan Source" family).
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")

_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069\u200e\u200f\u2028\u2029\ud800-\udfff]"
)


def clean(value: Any, *, keep_newlines: bool = True) -> str:
    """User text with every control, escape and bidi-override character made visible."""
    text = value if isinstance(value, str) else str(value)
    out = []
    for ch in text:
        if ch == "\n":
            # On one line a line break is only a pause: a space, never a visible escape.
            out.append(ch if keep_newlines else " ")
        elif ch == "\t":
            out.append("    ")
        elif ch in _BIDI_CONTROLS:
            out.append(f"<U+{ord(ch):04X}>")
        elif unicodedata.category(ch) in ("Cc", "Cs") or ch in ("\u2028", "\u2029"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"<U+{code:04X}>")
        else:
            out.append(ch)
    return "".join(out)


# An answer longer than this is shown up to here, with a note (a 10 MB answer would take
# the terminal most of a minute to draw, and no one reads it there).
SHOW_LIMIT = 20_000


def one_line(value: Any, width: int = 60) -> str:
    raw = value if isinstance(value, str) else str(value)
    # Only the start can be shown: cleaning a long answer whole would cost seconds.
    text = " ".join(clean(raw[: max(4 * width, 400)], keep_newlines=False).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def json_safe(text: str) -> str:
    """JSON text with C1 controls, bidi overrides and lone surrogates written as \\u escapes.

    json escapes C0 controls but not those; escaped, the JSON is still valid and holds the same
    data, and printing it to a terminal is as safe as any view.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def local(moment: datetime) -> datetime:
    return moment.astimezone()


def when_label(moment: datetime, now: datetime | None = None) -> str:
    loc = local(moment)
    return loc.strftime("%a %d %b %Y, %H:%M")


def written_later(at: datetime, created_at: datetime) -> str | None:
    """'written later that evening (22:10)' when an entry was written more than an hour after
    the moment it describes; None otherwise."""
    if created_at - at <= timedelta(hours=1):
        return None
    happened, written = local(at), local(created_at)
    days = (written.date() - happened.date()).days
    if days == 0:
        when = "later that evening" if written.hour >= 17 else "later that day"
    elif days == 1 and written.hour < 5:
        when = "later that night"
    elif days == 1:
        when = "the next day"
    else:
        when = f"{days} days later"
    return f"written {when} ({written.strftime('%a %d %b %H:%M')})"


def saved_words(entry: EntryRecord, verb: str = "Saved") -> str:
    """'Saved check-in #12 for Thu 26 Nov 2026, 21:40 with Maya.' (after the ✓).

    A shared entry (on a server) says who else can read it now, in the words `attach share`
    uses: a person who shared by habit (share_by_default) learns it at the moment it happens.
    """
    words = f"{verb} {kind_label(entry.kind)} #{entry.id}"
    if entry.kind == "repair" and entry.rupture_id:
        words += f" of rupture #{entry.rupture_id}"
    words += f" for {when_label(entry.at)}"
    if entry.person:
        words += " with " + clean(entry.person, keep_newlines=False)
    if entry.shared:  # only ever on a server: a file's line is unchanged
        return words + ", shared: the household's other members can read it."
    return words + "."


def sharing_note(entry: EntryRecord, me: str | None) -> str:
    """On a server: whose entry it is when not the reader's, and whether it is shared; in a
    file (no author) nothing. Shared or not is the entry's own flag: a reader who sees
    others' private entries (a superuser) must not be told they were shared."""
    if entry.author is None:
        return ""
    if not is_mine(entry, me):
        by = f"written by {clean(entry.author, keep_newlines=False)}"
        return f"{by}, shared" if entry.shared else by
    return "shared" if entry.shared else ""


def is_mine(entry: EntryRecord, me: str | None) -> bool:
    """Written by the reader: every entry in a file (no author); on a server, its author is
    the reading role."""
    return entry.author is None or me is None or entry.author == me


def duration_label(minutes: float | None) -> str:
    if minutes is None:
        return "—"
    minutes = round(minutes)
    if minutes < 60:
        return f"{minutes} min"
    hours, mins = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def plural(n: int, word: str) -> str:
    """'1 day', '3 days': the count and its word."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(
    entry: EntryRecord, repaired: set[int] | None = None, prompts: Prompts | None = None
) -> str:
    """One short line about an entry, for lists. Scales read as the person's prompts define
    them ("9/10" on a 0-10 scale); without the prompts, the bare number."""

    def scaled(question_id: str) -> str:
        return scale_value(entry, question_id, prompts)

    if entry.kind == "reflect":
        bits = [f"resourced {scaled('resourced')}"]
        if entry.answer("mood") is not None:
            bits.append(f"mood {scaled('mood')}")
        if entry.answer("note"):
            bits.append(one_line(entry.answer("note"), 40))
        return " · ".join(bits)
    if entry.kind == "rupture":
        bits = [f"intensity {scaled('intensity')}"]
        if repaired is not None:
            if entry.id in repaired:
                bits.append("repaired")
            elif entry.no_repair_needed:
                bits.append("no repair needed")
            else:
                bits.append("open")
        if entry.answer("what"):
            bits.append(one_line(entry.answer("what"), 40))
        return " · ".join(bits)
    if entry.kind == "note":
        return one_line(entry.answer("title") or entry.answer("body") or "", 60)
    if entry.kind == "intention":
        from attachjournal.core.intention import from_entry

        plan = from_entry(entry)
        went = ""
        if plan.how_it_went:
            asked = prompts.questionnaires.get("intention") if prompts else None
            question = asked.get("how_it_went") if asked else None
            went = " · " + (question.label_for(plan.how_it_went) if question else plan.how_it_went)
        return one_line(plan.sentence, 60) + went
    bits = [f"of rupture #{entry.rupture_id}"]
    if entry.answer("connected") is not None:
        bits.append(f"connected {scaled('connected')}")
    return " · ".join(bits)


def scale_value(entry: EntryRecord, question_id: str, prompts: Prompts | None) -> str:
    """'9/10' when the person's prompts give the scale and the value sits on it; else '9'."""
    value = entry.answer(question_id)
    if value is None:
        return "?"
    questionnaire = prompts.questionnaires.get(entry.kind) if prompts else None
    question = questionnaire.get(question_id) if questionnaire else None
    if (
        question is not None
        and question.kind == "scale"
        and isinstance(value, int)
        and question.min <= value <= question.max
    ):
        return f"{value}/{question.max}"
    return clean(value, keep_newlines=False)


def print_json(data: Any) -> None:
    """JSON alone on stdout: no Rich, no colour, nothing else (and no Rich loaded for it)."""
    import json
    import sys

    sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
    sys.stdout.flush()
