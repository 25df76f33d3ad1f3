"""Turn free text into sentences of plain words: the tokenizer the safety check reads with.

Why a small tokenizer of our own: the sentence splitters worth trusting (pysbd, syntok,
NLTK's punkt) cost tens of milliseconds to import or a millisecond or more per text, and are
tuned to edited prose; journal answers are a few lines typed on a phone, with texting forms
and no capitals, where a regex split on . ! ? ; : and line breaks is as good and costs
microseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[.!?;:\n]+|,")
_SUFFIXES = {"'m": "am", "'re": "are", "'ll": "will", "'d": "would", "'ve": "have", "'s": "s"}
_QUOTED = re.compile(
    r"\b(said|says|screamed|screams|shouted|shouts|yelled|yells|cried|sobbed|wailed|"
    r"announced|told me|asked|goes|went|sang|whispered)\s*[,:]?\s*[\"\u201c\u201d][^\"\u201c\u201d]{0,400}"
    r"[\"\u201c\u201d]"
)
_AGE = re.compile(r"\b(\d{1,2}) ?(yo|y/o|yr|yrs|mo|m/o|mth|mths|wo|w/o|wk|wks)\b")
_AGE_UNITS = {"y": "year", "m": "month", "w": "week"}
# Without their apostrophe these are words of their own ("I'm ill", "a hell of a day"): they
# are read as "I will", "he will" only when a verb or an adverb follows.
_LOST_APOSTROPHE = {
    "ill": ["i", "will"],
    "id": ["i", "would"],
    "hell": ["he", "will"],
    "shell": ["she", "will"],
}
_QUOTES = ("\u2019", "\u2018", "`", "\u00b4", "\u02bc")


class Reader:
    """Spells out contractions, texting forms and typos (lists in data/safety.yaml)."""

    def __init__(self, data: dict[str, Any], known: Iterable[str]) -> None:
        self.expand = {str(k): str(v).split() for k, v in data["expand"].items()}
        self.ill_id_before = frozenset(str(w) for w in data["ill_id_before"])
        self.typos = {str(k): str(v) for k, v in data["typos"].items()}
        self.fuzzy = _deletion_index(str(w) for w in data["fuzzy"])
        self.verbs = frozenset(str(f) for spec in data["verbs"].values() for f in spec["forms"])
        self.known = frozenset(known) | frozenset(self.expand)

    def tokens(self, text: str) -> list[str]:
        """Lower-cased words with contractions, texting forms and typos spelled out."""
        text = text.casefold()
        # Words in double quotes after a speech verb are someone else's ("she screamed
        # "I want to die!" at bedtime"): they end the sentence and are not read.
        text = _QUOTED.sub(r"\1 . ", text)
        # "my 4yo", "a 6mo": ages written short are a child.
        text = _AGE.sub(lambda m: f"{m.group(1)} {_AGE_UNITS[m.group(2)[0]]} old", text)
        for quote in _QUOTES:
            text = text.replace(quote, "'")
        raw = _TOKEN.findall(text)
        out: list[str] = []
        for i, token in enumerate(raw):
            if token[0] in ".!?;:\n":
                out.append(".")
                continue
            token = self.typos.get(token, token)
            if token in self.expand:
                out.extend(self.expand[token])
                continue
            if token in _LOST_APOSTROPHE and i + 1 < len(raw) and self._verbish(raw[i + 1]):
                out.extend(_LOST_APOSTROPHE[token])  # "ill kill", "hell hurt", "id have"
                continue
            if token.endswith("n't"):
                stem = token[:-3]
                out.extend([{"ca": "can", "wo": "will", "sha": "shall"}.get(stem, stem), "not"])
                continue
            if "'" in token:
                stem, _, rest = token.partition("'")
                out.append(stem)
                suffix = _SUFFIXES.get("'" + rest)
                if suffix:
                    out.append(suffix)
                continue
            if token not in self.known and 5 <= len(token) <= 20:
                token = self._mend(token)
            if token.endswith("in") and token + "g" in self.verbs:
                token += "g"  # texting: "shakin", "droppin"
            out.append(token)
        # "little one" is one child noun.
        merged: list[str] = []
        for token in out:
            if token == "one" and merged and merged[-1] == "little":
                merged[-1] = "littleone"
            else:
                merged.append(token)
        return merged

    def _verbish(self, word: str) -> bool:
        return word in self.ill_id_before or word in self.verbs

    def _mend(self, token: str) -> str:
        found = self.fuzzy.get(token)
        if found:
            return found
        for i in range(len(token)):
            found = self.fuzzy.get(token[:i] + token[i + 1 :])
            if found:
                return found
        return token


def sentences(tokens: list[str]) -> list[list[str]]:
    """Split at the "." that stands for every sentence end; empty sentences dropped."""
    out: list[list[str]] = [[]]
    for token in tokens:
        if token == ".":
            if out[-1]:
                out.append([])
        else:
            out[-1].append(token)
    return [s for s in out if s]


def _deletion_index(words: Iterable[str]) -> dict[str, str]:
    """Each key word and every form of it with one letter missing -> the word."""
    index: dict[str, str] = {}
    for word in words:
        index.setdefault(word, word)
        for i in range(len(word)):
            index.setdefault(word[:i] + word[i + 1 :], word)
    return index
