"""Turn records into Rich renderables, and own the stdout / stderr consoles.

Everything a person typed passes through `safe_text` / `clean` before it reaches a console:
it becomes a plain Text (never parsed as markup) with control characters, escape sequences
and bidirectional overrides made visible instead of sent to the terminal.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from attachjournal.views import consoles

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts
    from attachjournal.core.records import EntryRecord, PersonRecord

_KIND_LABEL = {"reflect": "check-in", "rupture": "rupture", "repair": "repair", "note": "note"}
_KIND_SYMBOL = {"reflect": "○", "rupture": "⚡", "repair": "↺", "note": "✎"}


def kind_label(kind: str) -> str:
    """An entry kind as people know it: a check-in, never "reflect"."""
    return _KIND_LABEL.get(kind, kind)


# Characters that reorder or hide text around them (the "Trojan Source" family).
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")

_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069\u200e\u200f\u2028\u2029\ud800-\udfff]"
)


def make_console(*, stderr: bool = False) -> Console:
    """A console that prints text as given: no guessed highlighting, no :emoji: codes."""
    return Console(stderr=stderr, highlight=False, emoji=False)


class _OwnConsoles:
    """The consoles used when no command handed any in (a view called on its own)."""

    def __init__(self) -> None:
        self._out: Console | None = None
        self._err: Console | None = None

    def stdout(self) -> Console:
        if self._out is None:
            self._out = make_console()
        return self._out

    def stderr(self) -> Console:
        if self._err is None:
            self._err = make_console(stderr=True)
        return self._err


def stdout() -> Console:
    """The running command's stdout console."""
    return (consoles.current() or consoles.use(_OwnConsoles())).stdout()


def stderr() -> Console:
    """The running command's stderr console (messages, so stdout stays clean for data)."""
    return (consoles.current() or consoles.use(_OwnConsoles())).stderr()


def clean(value: Any, *, keep_newlines: bool = True) -> str:
    """User text with every control, escape and bidi-override character made visible."""
    text = value if isinstance(value, str) else str(value)
    out = []
    for ch in text:
        if ch == "\n" and keep_newlines:
            out.append(ch)
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


def safe_text(value: Any, style: str = "", *, keep_newlines: bool = True) -> Text:
    """A Text that shows user input literally: no markup, no control sequences."""
    return Text(clean(value, keep_newlines=keep_newlines), style=style)


# An answer longer than this is shown up to here, with a note (a 10 MB answer would take
# the terminal most of a minute to draw, and no one reads it there).
SHOW_LIMIT = 20_000


def one_line(value: Any, width: int = 60) -> str:
    raw = value if isinstance(value, str) else str(value)
    # Only the start can be shown: cleaning a long answer whole would cost seconds.
    text = " ".join(clean(raw[: max(4 * width, 400)], keep_newlines=False).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_json(data: Any) -> None:
    """JSON alone on stdout: no Rich, no colour, nothing else."""
    sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
    sys.stdout.flush()


def json_safe(text: str) -> str:
    """JSON text with C1 controls, bidi overrides and lone surrogates written as \\u escapes.

    json escapes C0 controls but not those; escaped, the JSON is still valid and holds the same
    data, and printing it to a terminal is as safe as any view.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def error(message: str, hint: str | None = None) -> None:
    line = Text("✗ ", style="bold red")
    line.append(clean(message, keep_newlines=False))
    # One logical line however narrow the terminal: the terminal wraps it, scripts can grep it.
    stderr().print(line, soft_wrap=True)
    if hint:
        stderr().print(Text("  " + clean(hint, keep_newlines=False), style="dim"), soft_wrap=True)


def indented(text: Text | str, by: int = 2, style: str = "") -> RenderableType:
    """Text set in by `by` columns, its wrapped lines too (a leading "  " would wrap to 0)."""
    return _Indented(text if isinstance(text, Text) else Text(text, style=style), by)


class _Indented:
    def __init__(self, text: Text, by: int) -> None:
        self.text, self.by = text, by

    def __rich_console__(self, console: Console, options: Any) -> Any:
        for line in self.text.wrap(console, max(10, options.max_width - self.by)):
            line.rstrip()  # no trailing blanks in a file or a pipe
            yield Text(" " * self.by) + line


def note(message: str, console: Console | None = None) -> None:
    """A kind word on stderr (so stdout stays clean for data)."""
    (console or stderr()).print(Text(message, style="dim"))


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


def saved_line(entry: EntryRecord, verb: str = "Saved") -> Text:
    text = Text("✓ ", style="green")
    text.append(f"{verb} {_KIND_LABEL[entry.kind]} #{entry.id}")
    if entry.kind == "repair" and entry.rupture_id:
        text.append(f" of rupture #{entry.rupture_id}")
    text.append(f" for {when_label(entry.at)}")
    if entry.person:
        text.append(" with ")
        text.append(clean(entry.person, keep_newlines=False))
    text.append(".")
    return text


def entry_detail(
    entry: EntryRecord,
    prompts: Prompts | None = None,
    repair_of: Any = None,
    role: str | None = None,
    day_start: time | None = None,
) -> Group:
    """Every answer of one entry, question as it was asked, answer as given.

    role: of the person the entry is about; a partner's entry shows the labels it was asked with.
    day_start: the person's `day_starts_at`; an entry after midnight but before it says which
    journal day it counts for (the calendar and the review put it there).
    """
    from attachjournal.core.questionnaire import display_value

    questionnaire = prompts.questionnaires.get(entry.kind) if prompts else None
    if questionnaire is not None:
        questionnaire = questionnaire.worded_for(role)
    head = Text(
        f"{_KIND_SYMBOL[entry.kind]} {_KIND_LABEL[entry.kind].capitalize()} #{entry.id}",
        style="bold",
    )
    head.append(f"  {when_label(entry.at)}", style="")
    if entry.person:
        head.append("  with ")
        head.append(clean(entry.person, keep_newlines=False), style="bold")
    parts: list[RenderableType] = [head]
    if day_start is not None:
        from attachjournal.core.stats import local_day

        day = local_day(entry.at, day_start)
        if day != local(entry.at).date():
            parts.append(
                Text(
                    f"  counts for {day:%a %d %b} (a journal day runs until {day_start:%H:%M})",
                    style="dim",
                )
            )
    if entry.created_at is None:
        parts.append(Text("  when it was written is not known", style="dim"))
    elif written := written_later(entry.at, entry.created_at):
        parts.append(Text(f"  {written}", style="dim"))
    if entry.kind == "repair" and entry.rupture_id:
        parts.append(indented(f"repair of rupture #{entry.rupture_id}", style="dim"))
    if entry.kind == "rupture":
        if repair_of is not None:
            parts.append(
                indented(
                    f"repaired in #{repair_of.id}, "
                    f"{duration_label((repair_of.at - entry.at).total_seconds() / 60)} later",
                    style="dim",  # in words, no colour: green would mark it good, open bad
                )
            )
        elif entry.no_repair_needed:
            parts.append(indented("marked as needing no repair", style="dim"))
        else:
            parts.append(indented(f"still open: attach repair --of {entry.id}", style="dim"))
    if not entry.answers:
        parts.append(indented("(no answers)", style="dim"))
    for answer in entry.answers:
        question = questionnaire.get(answer.question_id) if questionnaire else None
        if question is not None and question.kind != answer.kind:
            question = None  # the question changed kind since; show the raw stored value
        parts.append(safe_text(answer.question_text, "cyan"))
        shown = display_value(question, answer.value)
        parts.append(indented(safe_text(shown[:SHOW_LIMIT])))
        if len(shown) > SHOW_LIMIT:
            parts.append(
                Text(
                    f"  … (shortened here: the first {SHOW_LIMIT:,} of {len(shown):,} characters; "
                    f"attach export has every word)",
                    style="dim",
                )
            )
    return Group(*parts)


def entries_table(
    entries: Sequence[EntryRecord],
    repaired: set[int] | None = None,
    prompts: Prompts | None = None,
) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column("when")
    table.add_column("kind")
    table.add_column("who")
    table.add_column("summary", overflow="fold")
    for entry in entries:
        table.add_row(
            str(entry.id),
            local(entry.at).strftime("%a %d %b %Y %H:%M"),
            f"{_KIND_SYMBOL[entry.kind]} {_KIND_LABEL[entry.kind]}",
            safe_text(entry.person or "", keep_newlines=False),
            safe_text(summary(entry, repaired, prompts), keep_newlines=False),
        )
    return table


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


def people_table(people: Iterable[PersonRecord]) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("name")
    table.add_column("role")
    table.add_column("born")
    table.add_column("entries", justify="right")
    for person in people:
        table.add_row(
            safe_text(person.name, keep_newlines=False),
            person.role,
            person.born.isoformat() if person.born else "",
            str(person.entry_count),
        )
    return table
