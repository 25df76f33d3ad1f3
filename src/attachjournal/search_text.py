"""What a person types into `attach search`, made into a safe FTS5 query; and where it matched.

Pure. The query is built only from word characters, each word quoted, so nothing a person
types can be read as FTS5 syntax (no stray quote, NEAR, column filter or '*' can raise).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# Letters and digits, as SQLite's unicode61 tokenizer sees a word ('_' and '-' split words).
_WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 16


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
    found = []
    for match in _WORD.finditer(text):
        folded = fold(match.group())
        if any(folded.startswith(word) for word in words):
            found.append((match.start(), match.end()))
    return found
