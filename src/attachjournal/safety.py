"""A conservative, local check on free text for words about harming oneself or a child.

It never blocks, refuses or changes anything: it only tells the caller that a calm message
with where to find help is worth showing. Nothing leaves the machine, and the person's text
is never repeated back. The phrases and the resources live in data/safety.yaml.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from attachjournal.errors import AttachError

DATA_FILE = Path(__file__).resolve().parent / "data" / "safety.yaml"
_NEGATION_WINDOW = 24  # characters before a match that may hold "never"


@dataclass(frozen=True)
class SafetyGuide:
    message: str
    resources: tuple[str, ...]
    help_now_intro: str
    patterns: tuple[re.Pattern[str], ...]
    negations: tuple[str, ...]


@functools.cache
def guide(path: Path = DATA_FILE) -> SafetyGuide:
    """The messages, resources and phrases from the shipped data file."""
    from attachjournal.prompts import _read_yaml

    try:
        # Parsed once and then remembered as JSON (like prompts.yaml): saves skip PyYAML.
        data = _read_yaml(path.read_text(encoding="utf-8"), path.name, trusted=True)
        patterns = tuple(
            re.compile(pattern) for group in data["patterns"].values() for pattern in group
        )
        return SafetyGuide(
            message=str(data["message"]).strip(),
            resources=tuple(str(r) for r in data["resources"]),
            help_now_intro=str(data["help_now_intro"]).strip(),
            patterns=patterns,
            negations=tuple(str(n) for n in data.get("negations", ())),
        )
    except (OSError, AttachError, KeyError, TypeError, AttributeError, re.error) as exc:
        # Should never happen with the shipped file; say where help is even so.
        raise AttachError(
            f"Couldn't read {path.name} ({type(exc).__name__}). If you need help now: "
            "https://findahelpline.com or your local emergency number."
        ) from None


def normalize(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").casefold()
    return " ".join(text.split())


def needs_care(texts: Iterable[str], safety: SafetyGuide | None = None) -> bool:
    """True when any text clearly speaks of harming oneself or a child."""
    safety = safety or guide()
    for raw in texts:
        text = normalize(raw)
        for pattern in safety.patterns:
            for match in pattern.finditer(text):
                before = text[max(0, match.start() - _NEGATION_WINDOW) : match.start()]
                if not any(re.search(rf"\b{re.escape(n)}\b", before) for n in safety.negations):
                    return True
    return False


def text_answers(questionnaires: Sequence[Any], answers: Mapping[str, Any]) -> list[str]:
    """The free-text answers among `answers` (ids of text questions in any questionnaire)."""
    text_ids = {
        q.id
        for questionnaire in questionnaires
        for q in questionnaire.questions
        if q.kind == "text"
    }
    return [value for qid, value in answers.items() if qid in text_ids and isinstance(value, str)]


class CareWatch:
    """Shows the kind word at most once per command, as soon as a concerning text is given."""

    def __init__(self, show: Any) -> None:
        self._show = show
        self.shown = False

    def check(self, texts: Iterable[str]) -> None:
        texts = [text for text in texts if text.strip()]
        if texts and not self.shown and needs_care(texts):
            self.shown = True
            self._show()

    def watching(self, asker: Any) -> Any:
        """Wrap an asker so every free-text answer typed at a prompt is checked too."""
        return None if asker is None else _WatchedAsker(asker, self)


class _WatchedAsker:
    def __init__(self, inner: Any, watch: CareWatch) -> None:
        self._inner = inner
        self._watch = watch

    def ask(self, question: Any, **kwargs: Any) -> Any:
        answer = self._inner.ask(question, **kwargs)
        if question.kind == "text" and isinstance(answer, str):
            self._watch.check([answer])
        return answer

    def choose(self, message: str, options: Any, default: str | None = None) -> str:
        return self._inner.choose(message, options, default=default)

    def text(self, message: str, default: str = "") -> str:
        return self._inner.text(message, default=default)
