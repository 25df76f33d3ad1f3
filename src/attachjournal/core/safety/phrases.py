"""Phrase rules from data/safety.yaml, each compiled only when a sentence may need it."""

from __future__ import annotations

import re
from typing import Any


class Phrase:
    """One phrase rule, compiled on first need: most texts never need most phrases.

    Compiling every phrase costs more than a whole check, so each phrase knows the words it
    can start with (read from its leading alternation) and is compiled and searched only
    when the sentence holds one of them. A phrase whose start can't be read is always tried.
    """

    def __init__(self, group: str, number: int, spec: dict[str, Any]) -> None:
        self.group = group
        self.number = number
        self.spec = spec
        self.source = str(spec["re"]).replace("$", "(?=$| ,)")
        self.needs_source = spec.get("needs")
        self.unless_source = spec.get("unless")
        self.starts = _first_words(self.source)
        self._compiled: tuple[re.Pattern[str], ...] | None = None

    def search(self, words: set[str], text: str) -> re.Match[str] | None:
        if self.starts is not None and not _any_start(self.starts, words):
            return None
        if self._compiled is None:
            # "needs": must also be in the sentence; "unless": must not be ("laughing").
            self._compiled = (
                re.compile(self.source),
                re.compile(self.needs_source or ""),
                re.compile(self.unless_source or r"(?!)"),
            )
        pattern, needs, unless = self._compiled
        match = pattern.search(text)
        if match is None or not needs.search(text) or unless.search(text):
            return None
        return match


class Lazy:
    """A list of patterns, compiled on first use; `search` is True when any matches."""

    def __init__(self, sources: list[str]) -> None:
        self.sources = [str(p) for p in sources]
        self._compiled: list[re.Pattern[str]] | None = None

    def search(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns())

    def finditer(self, text: str) -> list[re.Match[str]]:
        return [m for p in self.patterns() for m in p.finditer(text)]

    def patterns(self) -> list[re.Pattern[str]]:
        if self._compiled is None:
            self._compiled = [re.compile(p) for p in self.sources]
        return self._compiled


def _any_start(starts: list[tuple[str, bool]], words: set[str]) -> bool:
    for word, prefix in starts:
        if word in words or (prefix and any(w.startswith(word) for w in words)):
            return True
    return False


def _split_top(source: str) -> list[str] | None:
    """`source` split at its top-level "|" (None when brackets don't balance)."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    return [*parts, source[start:]] if depth == 0 else None


def _first_words(source: str) -> list[tuple[str, bool]] | None:
    """The words a match must start with, as (word, is a prefix); None when unsure."""
    branches = _split_top(source)
    if branches is None:
        return None
    starts: list[tuple[str, bool]] = []
    for branch in branches:
        if not branch.startswith("\\b"):
            return None
        rest = branch[2:]
        if rest.startswith("("):
            close = _matching(rest)
            if close is None or rest[close + 1 : close + 2] in ("?", "*", "{"):
                return None
            alternatives = _split_top(rest[1:close]) or []
        else:
            alternatives = [rest]
        for alternative in alternatives:
            match = re.match(r"[a-z]+", alternative)
            if match is None or alternative.startswith("?"):
                return None
            word = match.group()
            after = alternative[len(word) : len(word) + 1]
            if after not in ("", " ", "(", "[", "\\", "?"):
                return None
            if after == "?":
                return None  # "word?" makes its last letter optional: not worth reading
            starts.append((word, after in ("(", "[", "\\")))
    return starts


def _matching(text: str) -> int | None:
    depth = 0
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None
