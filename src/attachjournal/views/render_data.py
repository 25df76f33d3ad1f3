"""Views for search results and for what a delete will remove. User text only via clean()."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from attachjournal.core.vocabulary import kind_label
from attachjournal.views.text import clean, one_line, summary, when_label

if TYPE_CHECKING:
    from attachjournal.core.records import EntryRecord
    from attachjournal.storage import SearchHit

MATCH_STYLE = "bold reverse"


def highlighted(text: str, words: Sequence[str]) -> Text:
    """Text with every matching word styled; the text itself never becomes markup."""
    from attachjournal.core.search_text import spans

    out = Text()
    last = 0
    for start, end in spans(text, words):
        out.append(clean(text[last:start], keep_newlines=False))
        out.append(clean(text[start:end], keep_newlines=False), style=MATCH_STYLE)
        last = end
    out.append(clean(text[last:], keep_newlines=False))
    return out


def search_results(
    entries: Sequence[EntryRecord], hits: Sequence[SearchHit], words: Sequence[str]
) -> Group:
    parts: list[RenderableType] = []
    for entry in entries:
        head = Text(f"#{entry.id} ", style="bold")
        head.append(f"{when_label(entry.at)} · {kind_label(entry.kind)}")
        if entry.person:
            head.append(" with ")
            head.append(clean(entry.person, keep_newlines=False))
        parts.append(head)
        for hit in hits:
            if hit.entry_id != entry.id:
                continue
            question = Text(clean(hit.question_text, keep_newlines=False), "dim")
            parts.append(Padding(question, (0, 0, 0, 2)))
            parts.append(Padding(_matched(hit.text, words), (0, 0, 0, 4)))
        parts.append(Text(""))
    return Group(*parts)


def _matched(text: str, words: Sequence[str]) -> RenderableType:
    """The answer with its matches marked; a very long one as a few stretches around them."""
    from attachjournal.core.search_text import LONG_TEXT, windows

    if len(text) <= LONG_TEXT:
        return highlighted(text, words)
    out = Text()
    for start, end in windows(text, words):
        out.append("…" if start > 0 else "")
        out.append_text(highlighted(text[start:end], words))
        out.append("… " if end < len(text) else " ")
    out.append(
        f"\n(a long answer of {len(text):,} characters: only where it matches is shown here; "
        "attach export has every word)",
        style="dim",
    )
    return out


def deletion_preview(entries: Sequence[EntryRecord]) -> Group:
    lines: list[RenderableType] = []
    for entry in entries:
        line = Text(f"  #{entry.id} {when_label(entry.at)} · {kind_label(entry.kind)}")
        if entry.person:
            line.append(" with ")
            line.append(clean(entry.person, keep_newlines=False))
        about = one_line(summary(entry), 60)
        if about:
            line.append(f" · {about}")
        line.append(f" ({len(entry.answers)} answer{'s' if len(entry.answers) != 1 else ''})")
        lines.append(line)
    return Group(*lines)
