"""Turn records into Rich renderables, and own the stdout / stderr consoles.

Everything a person typed passes through `safe_text` / `clean` before it reaches a console:
it becomes a plain Text (never parsed as markup) with control characters, escape sequences
and bidirectional overrides made visible instead of sent to the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import time
from typing import IO, TYPE_CHECKING, Any, cast

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from attachjournal.core.vocabulary import kind_label as kind_label
from attachjournal.core.vocabulary import kind_symbol, kind_title
from attachjournal.views import consoles

# The plain-text helpers live in views/text (no Rich there); named here too, since many
# views and commands reach them as render.clean, render.one_line and so on.
from attachjournal.views.text import SHOW_LIMIT as SHOW_LIMIT
from attachjournal.views.text import clean as clean
from attachjournal.views.text import duration_label as duration_label
from attachjournal.views.text import is_mine, saved_words, sharing_note
from attachjournal.views.text import json_safe as json_safe
from attachjournal.views.text import local as local
from attachjournal.views.text import one_line as one_line
from attachjournal.views.text import print_json as print_json
from attachjournal.views.text import scale_value as scale_value
from attachjournal.views.text import summary as summary
from attachjournal.views.text import when_label as when_label
from attachjournal.views.text import written_later as written_later

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts
    from attachjournal.core.records import EntryRecord, PersonRecord


def make_console(*, stderr: bool = False, plain: bool = False) -> Console:
    """A console that prints text as given: no guessed highlighting, no :emoji: codes.

    plain: plain mode (views/plain.py): no colour or any other escape sequence, and symbols
    spelled as words on the way out."""
    if not plain:
        return Console(stderr=stderr, highlight=False, emoji=False)
    import sys

    from attachjournal.views.plain import SpelledOut

    stream = SpelledOut((lambda: sys.stderr) if stderr else (lambda: sys.stdout))
    # SpelledOut is a text stream in all but name (write, flush, isatty, fileno, encoding).
    return PlainConsole(
        file=cast("IO[str]", stream), highlight=False, emoji=False, color_system=None
    )


class PlainConsole(Console):
    """The console of plain mode; views that draw a picture ask for it (`plain()`)."""


def plain() -> bool:
    """Plain mode: draw words and plain headings, not symbols, sparklines or boxes."""
    return isinstance(stdout(), PlainConsole)


def symbol(kind: str) -> str:
    """A kind's symbol and a space, before its name; in plain mode nothing (the name says it)."""
    return "" if plain() else f"{kind_symbol(kind)} "


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


def safe_text(value: Any, style: str = "", *, keep_newlines: bool = True) -> Text:
    """A Text that shows user input literally: no markup, no control sequences."""
    return Text(clean(value, keep_newlines=keep_newlines), style=style)


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


def saved_line(entry: EntryRecord, verb: str = "Saved") -> Text:
    text = Text("✓ ", style="green")
    text.append(saved_words(entry, verb))
    return text


def entry_detail(
    entry: EntryRecord,
    prompts: Prompts | None = None,
    repair_of: Any = None,
    role: str | None = None,
    day_start: time | None = None,
    me: str | None = None,
) -> Group:
    """Every answer of one entry, question as it was asked, answer as given.

    role: of the person the entry is about; a partner's entry shows the labels it was asked with.
    day_start: the person's `day_starts_at`; an entry after midnight but before it says which
    journal day it counts for (the calendar and the review put it there).
    """

    questionnaire = prompts.questionnaires.get(entry.kind) if prompts else None
    if questionnaire is not None:
        questionnaire = questionnaire.worded_for(role)
    head = Text(
        f"{symbol(entry.kind)}{kind_title(entry.kind)} #{entry.id}",
        style="bold",
    )
    head.append(f"  {when_label(entry.at)}", style="")
    if entry.person:
        head.append("  with ")
        head.append(clean(entry.person, keep_newlines=False), style="bold")
    parts: list[RenderableType] = [head]
    if note := sharing_note(entry, me):  # on a server: another member's, or shared
        parts.append(Text(f"  {note}", style="dim"))
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
        elif is_mine(entry, me):
            parts.append(indented(f"still open: attach repair --of {entry.id}", style="dim"))
        else:
            # Another member's (shared): theirs to come back to; only its author may.
            author = clean(entry.author or "", keep_newlines=False)
            parts.append(indented(f"still open: {author}'s to come back to", style="dim"))
    parts += answer_lines(entry.answers, questionnaire)
    return Group(*parts)


def answer_lines(answers: Sequence[Any], questionnaire: Any) -> list[RenderableType]:
    """Each answer under its question as it was asked (an entry's, or one kept in the
    outbox)."""
    from attachjournal.core.questionnaire import display_value

    parts: list[RenderableType] = []
    if not answers:
        parts.append(indented("(no answers)", style="dim"))
    for answer in answers:
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
    return parts


def entries_table(
    entries: Sequence[EntryRecord],
    repaired: set[int] | None = None,
    prompts: Prompts | None = None,
    me: str | None = None,
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
            f"{symbol(entry.kind)}{kind_label(entry.kind)}",
            safe_text(entry.person or "", keep_newlines=False),
            safe_text(
                _with_sharing(entry, me, summary(entry, repaired, prompts)), keep_newlines=False
            ),
        )
    return table


def _with_sharing(entry: EntryRecord, me: str | None, text: str) -> str:
    note = sharing_note(entry, me)
    return f"{note} · {text}" if note and text else note or text


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
