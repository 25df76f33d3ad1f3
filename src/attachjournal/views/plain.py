"""Plain mode's last step before the terminal: symbols spelled as words, no box drawing.

Screen readers read "⚡" as "high voltage sign" and a rounded box as a row of "box drawings
light horizontal"; a plain terminal may show neither. In plain mode (`attach --plain`,
ATTACH_ACCESSIBLE=1 or the `accessible` setting) both consoles write through `SpelledOut`, so
every view is covered in one place. The views that draw a symbol in place of a word (the
review's day strip, the patterns sparklines, the boxed headings) ask `render.plain()` and draw
words instead; what is left here is the safety net. No Rich here: it is a file-like object.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO, Any

# Symbol and its neighbours -> words; longest first. A symbol that stands before the word it
# means ("✓ Saved", "○ no repair needed") is dropped rather than said twice.
PHRASES: tuple[tuple[str, str], ...] = (
    ("⚡ ", "rupture with "),  # "Tue 20:30 ⚡ Maya": a rupture with Maya
    ("↺ ", "repair: "),  # "↺ came back together 45 min later"
    ("✓ ", "OK: "),
    ("✗ ", "Problem: "),
    ("♡ ", ""),
    ("○ no repair needed", "no repair needed"),
    ("• ", "- "),
)
# Between two words a dot or a dash joins them; alone in a table's cell, "·" is a blank.
_BETWEEN = ((re.compile(r"(?<=\S) · (?=\S)"), ", "), (re.compile(r"(?<=\S) – (?=\S)"), " to "))
SYMBOLS: dict[str, str] = {
    "⚡": "rupture",
    "↺": "repair",
    "✎": "note",
    "✓": "OK",
    "✗": "Problem",
    "○": "o",  # the calendar's day checked in without a rating, as its legend says
    "◔": "",
    "◑": "",
    "●": "",
    "♡": "",
    "•": "-",
    "·": "-",  # a blank day or figure
    "—": "-",
    "–": "-",
    "…": "...",
    "“": '"',
    "”": '"',
    "×": "x",
    "»": ">",
}
# Box drawing (U+2500-U+257F) and block elements (U+2580-U+259F): a picture, not words.
_DRAWING = re.compile("[\u2500-\u259f]")
_PHRASES = re.compile("|".join(re.escape(p) for p, _ in PHRASES))
_WORDS = dict(PHRASES)
_TABLE = str.maketrans(SYMBOLS)


def spell_out(text: str) -> str:
    """Text as plain mode prints it: the symbols above as words, drawing characters gone."""
    for pattern, words in _BETWEEN:  # "Mon 16 Nov – Sun 22 Nov", "check-in · Maya"
        text = pattern.sub(words, text)
    text = _PHRASES.sub(lambda m: _WORDS[m.group(0)], text)
    return _DRAWING.sub("", text.translate(_TABLE))


class SpelledOut:
    """A text stream that spells out what is written to it. `stream` is looked up on every
    write (a test swaps sys.stdout; the console must follow it)."""

    def __init__(self, stream: Callable[[], IO[str]]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream().write(spell_out(text))
        return len(text)

    def flush(self) -> None:
        self._stream().flush()

    def isatty(self) -> bool:
        try:
            return bool(self._stream().isatty())
        except (AttributeError, ValueError):
            return False

    def fileno(self) -> int:
        return self._stream().fileno()

    @property
    def encoding(self) -> str:
        return getattr(self._stream(), "encoding", None) or "utf-8"

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream(), name)
