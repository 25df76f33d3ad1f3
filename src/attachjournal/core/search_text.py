"""What a person types into `attach search`, made into a safe FTS5 query; and where it matched.

Pure. The query is built only from word characters, each word quoted, so nothing a person
types can be read as FTS5 syntax (no stray quote, NEAR, column filter or '*' can raise).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

# Letters and digits, as SQLite's unicode61 tokenizer sees a word ('_' and '-' split words).
_WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 16
# Past this many characters an answer is searched by one compiled pattern (case folded, not
# accents), and shown as a few windows around its matches: a 10 MB answer stays quick.
LONG_TEXT = 20_000
SNIPPETS = 3
SNIPPET_CONTEXT = 80


def terms(query: str) -> list[str]:
    """The words to look for, folded like the index folds them; duplicates dropped."""
    found: list[str] = []
    for word in _WORD.findall(query):
        folded = fold(word)
        if folded and folded not in found:
            found.append(folded)
    return found[:MAX_TERMS]


def match_query(query: str) -> str | None:
    """Every word must appear (as the start of a word); None when there is no word at all."""
    words = terms(query)
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


def fold(text: str) -> str:
    """Case and accents removed, as the index's remove_diacritics does: 'Ömer' -> 'omer'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """(start, end) of each word in text that begins with one of the searched words."""
    if len(text) > LONG_TEXT:
        return _quick_spans(text, words)
    found = []
    for match in _WORD.finditer(text):
        folded = fold(match.group())
        if any(folded.startswith(word) for word in words):
            found.append((match.start(), match.end()))
    return found


def _quick_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    return list(_quick_iter(text, words))


def _quick_iter(text: str, words: Sequence[str]) -> Iterator[tuple[int, int]]:
    if not words:
        return
    pattern = re.compile(
        r"(?<![^\W_])(?:" + "|".join(map(re.escape, words)) + r")[^\W_]*", re.IGNORECASE
    )
    for match in pattern.finditer(text):
        yield match.start(), match.end()


def windows(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """A few (start, end) stretches of a long text around its first matches, none overlapping."""
    context = SNIPPET_CONTEXT
    found: list[tuple[int, int]] = []
    for start, end in _quick_iter(text, words):
        if found and start - context < found[-1][1]:
            # Inside the last stretch: widen it a little to show this match whole.
            if end + context - found[-1][0] <= 4 * context:
                found[-1] = (found[-1][0], min(len(text), end + context))
            continue
        if len(found) == SNIPPETS:
            break
        found.append((max(0, start - context), min(len(text), end + context)))
    return [_whole_words(text, low, high) for low, high in found] or [(0, 2 * context)]


def _whole_words(text: str, low: int, high: int) -> tuple[int, int]:
    """Move a stretch's ends to the nearest space inside it, so no word is cut in two."""
    if low > 0:
        space = text.find(" ", low, low + 20)
        low = space + 1 if space != -1 else low
    if high < len(text):
        space = text.rfind(" ", high - 20, high)
        high = space if space > low else high
    return low, high
