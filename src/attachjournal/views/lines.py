"""Short messages on stdout without loading Rich when Rich would write the same characters.

Saving a check-in ends with one line ("✓ Saved check-in #12 for ..."). When stdout is not a
terminal (a script, a pipe, a file) and nothing asks for colour, Rich would print those very
characters, and importing it costs the save about a sixth of its time. So such a line goes
straight to the stream; at a terminal, in plain mode, or on a console a test handed in, it is
drawn by Rich as before. On a stream a message stays one line however long: a script greps it
whole, as it does the error line (render.error prints with soft_wrap for the same reason).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

from attachjournal.views import consoles
from attachjournal.views.text import clean, saved_words

if TYPE_CHECKING:
    from attachjournal.core.records import EntryRecord

# Rich treats these as "draw as for a terminal" even on a pipe (colour codes and all).
_FORCING = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS")


def words_only(stream: TextIO) -> bool:
    """True when Rich, given this stream, would write nothing but the characters."""
    if any(os.environ.get(name) for name in _FORCING):
        return False
    try:
        return not stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream: let Rich decide
        return False


def _stream() -> TextIO | None:
    """The stream to write to directly, or None when Rich should draw."""
    source = consoles.current()
    lean = getattr(source, "stdout_stream", None)
    return lean() if lean is not None else None


def say(message: str, style: str = "") -> None:
    """One message on stdout (what a person typed inside it is shown literally)."""
    stream = _stream()
    if stream is None:
        from attachjournal.views import render

        render.stdout().print(render.safe_text(message, style))
        return
    stream.write(clean(message) + "\n")


def say_saved(entry: EntryRecord, verb: str = "Saved") -> None:
    """The line that says an entry is safely in the journal."""
    stream = _stream()
    if stream is None:
        from attachjournal.views import render

        render.stdout().print(render.saved_line(entry, verb))
        return
    stream.write("✓ " + saved_words(entry, verb) + "\n")
