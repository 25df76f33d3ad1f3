"""Who "he", "she", "they" or a first name is: an adult, a child, or not known.

A journal names the people in it once ("my son", "my ex") and then writes "he" or "Jason".
The nearest person named before a pronoun, agreeing in gender, says who it is. With nobody
named, a pronoun or a name that harms me is an adult, unless the sentence reads of a
child's doings (a nappy, a tantrum, "when I picked him up") or the harm is a child's (a
bite). The word lists are in data/safety.yaml.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from typing import Any

# A first name, once found, stands in the words as one of these: not known, a child
# ("my son Jacob"), or an adult ("my husband Rob").
NAME, NAMED_CHILD, NAMED_ADULT = "<name>", "<child>", "<adult>"
NAMES = (NAME, NAMED_CHILD, NAMED_ADULT)
_TITLE = re.compile(r"\b[A-Z][a-z]{2,14}\b")
_SLOT = frozenset({",", "and", "but", "then", "when", "so", "because", "after", "until"})


class People:
    """The lists that tell an adult from a child, and the reading that uses them."""

    def __init__(self, data: dict[str, Any], grammar: Any) -> None:
        spec = data["people"]
        self.g = grammar
        self.he = frozenset(str(w) for w in spec["he"])
        self.she = frozenset(str(w) for w in spec["she"])
        self.childlike = re.compile(str(spec["childlike"]))
        self.child_acts = frozenset(str(w) for w in spec["child_acts"])
        self.own_body_acts = frozenset(str(w) for w in spec["own_body_acts"])
        self.adult_acts = frozenset(str(w) for w in spec["adult_acts"])
        self.not_names = frozenset(str(w) for w in spec["not_names"])
        self._data: Any = None

    # ------------------------------------------------------------------ names

    def never_names(self, data: Any, *more: frozenset[str]) -> frozenset[str]:
        """Every word the grammar or the data file knows: never a first name ("I Want To Die")."""
        g = self.g
        sets: tuple[frozenset[str], ...] = (
            g.known,
            g.urge,
            g.urge_weak,
            g.fear,
            g.thought,
            g.accident,
            g.game,
            g.gentle,
        )
        sets += (g.negators, g.me, g.me_subjects, g.pronoun_subjects, g.other_subjects)
        sets += (g.child_pronouns, g.speech, g.stance, g.manner, g.injuries, g.adult_markers)
        self._data = data
        return frozenset().union(*sets, g.reader.expand, *more)

    @functools.cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every word in the data file: read only when a text holds a capitalised word."""
        return frozenset(_vocabulary(self._data))

    def mark_names(self, text: str, tokens: list[str], stop: Iterable[str]) -> list[str]:
        """The tokens with first names replaced by NAME, NAMED_CHILD or NAMED_ADULT."""
        stop = frozenset(stop)
        candidates: set[str] = set()
        names: set[str] = set()
        titles = list(_TITLE.finditer(text))
        if len(titles) * 3 > len(tokens):
            titles = []  # "Every Word Capitalised": capitals say nothing of names here
        for match in titles:
            word = match.group().casefold()
            if not _sentence_start(text, match.start()):
                if word not in stop and word not in self.vocabulary and word not in self.not_names:
                    names.add(word)  # "after dinner Rob got me alone", "grabbed Lily"
            elif any(t == word and n in self.g.verbs for t, n in itertools.pairwise(tokens)):
                candidates.add(word)  # "Mark threw a plate": only right before a harm verb
        if not any(c.isupper() for c in text):
            # All in lower case: a word in a subject's place right before a harm verb.
            candidates = {
                t
                for i, t in enumerate(tokens[:-1])
                if (i == 0 or tokens[i - 1] in _SLOT or tokens[i - 1] == ".")
                and tokens[i + 1] in self.g.verbs
                and t not in self.vocabulary
            }
        names |= {w for w in candidates if self._may_be_name(w, stop)}
        if not names:
            return tokens
        kinds = {name: self._name_kind(tokens, name) for name in names}
        return [kinds.get(t, t) for t in tokens]

    def _may_be_name(self, word: str, stop: frozenset[str]) -> bool:
        if word in stop or word in self.not_names or not word.isalpha():
            return False
        return not (word.endswith(("ly", "ing")) or (word.endswith("ed") and len(word) > 4))

    def _name_kind(self, tokens: list[str], name: str) -> str:
        g = self.g
        for i, token in enumerate(tokens):
            if token != name:
                continue
            before = tokens[max(0, i - 2) : i] if tokens[i - 1 : i] == [","] else tokens[i - 1 : i]
            after = tokens[i + 1 : i + 4]
            if set(before) & g.children or (after[:1] in (["is"], ["s"]) and _age(after[1:])):
                return NAMED_CHILD  # "my son Jacob", "Lily is 3"
            if set(before) & (g.adults_alone | g.adults_related):
                return NAMED_ADULT  # "my husband Rob"
        return NAME

    # ------------------------------------------------------------------ pronouns

    def referent(self, before: list[str], pronoun: str) -> str:
        """child, adult or "" for the nearest person named before, agreeing with `pronoun`."""
        g = self.g
        if pronoun in NAMES:
            return {NAMED_CHILD: "child", NAMED_ADULT: "adult"}.get(pronoun, "")
        other_gender = {"he": self.she, "she": self.he}.get(pronoun, frozenset())
        for i in range(len(before) - 1, max(-1, len(before) - 41), -1):
            token = before[i]
            if token in NAMES:
                return {NAMED_CHILD: "child", NAMED_ADULT: "adult"}.get(token, "")
            if token in other_gender:
                continue
            plural = token in ("kids", "children", "boys", "girls", "twins", "babies", "sons")
            if pronoun == "they" and not plural:
                continue
            if pronoun != "they" and plural:
                continue
            if token in g.children:
                return "child"
            if token in g.adults_alone and token not in ("someone", "somebody"):
                return "adult"
            if token in g.adults_related:
                owner = before[i - 1] if i else ""
                return "adult" if owner in ("my", "our", "the", "their") else "child"
        return ""

    def child_doings(self, sentence: list[str], lemma: str = "") -> bool:
        """A child's doings: a bite, a tantrum, "in his sleep", "when I picked him up"."""
        return lemma in self.child_acts or bool(self.childlike.search(" ".join(sentence)))

    def own_body(self, sentence: list[str], s: int, v: int, at: int, lemma: str = "") -> bool:
        """ "He hit his head", "she pulls her own hair": the subject's own body.

        After a noun ("my husband hurt his back") only for the harms that are one's own.
        """
        subject = sentence[s] if s >= 0 else ""
        own = {"he": "his", "she": "her", "they": "their"}.get(subject)
        if own is None and lemma in self.own_body_acts:
            own = "his" if subject in self.he else "her" if subject in self.she else None
        return bool(own) and own in sentence[v + 1 : at] and sentence[at] in self.g.body


def _age(words: list[str]) -> bool:
    return bool(words) and (words[0].isdigit() or words[0] in ("two", "three", "four", "five"))


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t\"'\u201c\u2018(")
    return not before or before[-1] in ".!?:;\n"


def _vocabulary(value: Any) -> set[str]:
    """Every word written anywhere in the data file (its lists, phrases and notices)."""
    if isinstance(value, dict):
        return set().union(*(_vocabulary(k) | _vocabulary(v) for k, v in value.items()))
    if isinstance(value, list):
        return set().union(*(_vocabulary(v) for v in value))
    return set(re.findall(r"[a-z]{3,}", str(value).casefold()))
