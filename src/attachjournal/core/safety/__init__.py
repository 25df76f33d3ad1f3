"""A local check on free text for words about harm, and the calm notice it leads to.

It never blocks, refuses or changes anything: it only tells the caller that a notice with
where to find help is worth showing. Nothing leaves the machine, and the person's text is
never repeated back. Three groups (GROUPS): `self` (not wanting to live, self-harm), `child`
(harm, urges or fears of harming a child) and `others` (being harmed, or a child being
harmed, by someone else). How a text is read: safety/detect.py; the word lists, phrases and
the notices' wording: data/safety.yaml; helplines by country: data/helplines.yaml.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from attachjournal.errors import AttachError

if TYPE_CHECKING:
    from attachjournal.core.safety.detect import Detector, Hit

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "safety.yaml"
GROUPS = ("self", "child", "others")
_FALLBACK = (
    "If you need help now: https://findahelpline.com or your local emergency number "
    "(attach help-now)."
)


@dataclass(frozen=True)
class SafetyGuide:
    """The notices' wording (from data/safety.yaml) and the detector built from its lists."""

    opening: str
    unsaved_opening: str
    review_opening: str
    import_opening: str
    groups: Mapping[str, tuple[str, ...]]
    closing: tuple[str, ...]
    false_alarm: str
    help_now_intro: str
    offer: str
    offer_go_on: str
    offer_stop: str
    detector: Detector

    @property
    def resources(self) -> tuple[str, ...]:
        """Every resource line a notice may show, in order (for the tests and help-now)."""
        return tuple(line for group in GROUPS for line in self.groups[group]) + self.closing


@functools.cache
def guide(path: Path = DATA_FILE) -> SafetyGuide:
    """The wording and the detector from the shipped data file (parsed once per process)."""
    from attachjournal.core.prompts import _read_yaml
    from attachjournal.core.safety.detect import Detector

    try:
        # Remembered as JSON after the first parse (like prompts.yaml): saves skip PyYAML.
        data = _read_yaml(path.read_text(encoding="utf-8"), path.name, trusted=True)
        notice = data["notice"]
        return SafetyGuide(
            opening=_flat(notice["opening"]),
            unsaved_opening=_flat(notice["unsaved_opening"]),
            review_opening=_flat(notice["review_opening"]),
            import_opening=_flat(notice["import_opening"]),
            groups={g: tuple(_flat(line) for line in notice["groups"][g]) for g in GROUPS},
            closing=tuple(_flat(line) for line in notice["closing"]),
            false_alarm=_flat(notice["false_alarm"]),
            help_now_intro=_flat(notice["help_now_intro"]),
            offer=_flat(notice["offer"]),
            offer_go_on=_flat(notice["offer_go_on"]),
            offer_stop=_flat(notice["offer_stop"]),
            detector=Detector(data),
        )
    except (OSError, AttachError, KeyError, TypeError, AttributeError, ValueError) as exc:
        # Should never happen with the shipped file; say where help is even so.
        raise AttachError(
            f"{path.name} could not be read ({type(exc).__name__}). {_FALLBACK}"
        ) from None


def _flat(value: Any) -> str:
    return " ".join(str(value).split())


# ----------------------------------------------------------------------------- checking


def explain(text: str, safety: SafetyGuide | None = None) -> list[Hit]:
    """Which rules a text meets (group and rule, never the text itself)."""
    return (safety or guide()).detector.hits(text)


def groups_in(texts: Iterable[str], safety: SafetyGuide | None = None) -> frozenset[str]:
    """The groups any of the texts speak of (empty for ordinary venting)."""
    found: set[str] = set()
    for text in texts:
        if isinstance(text, str) and text.strip():
            # The data file is read only once there is something to read.
            safety = safety or guide()
            found.update(hit.group for hit in safety.detector.hits(text))
    return frozenset(found)


def needs_care(texts: Iterable[str], safety: SafetyGuide | None = None) -> bool:
    """True when any text speaks of harm in one of the three groups."""
    return bool(groups_in(texts, safety))


# Which rules made a remembered verdict (storage keeps one per entry, see `verdict`). Raise it
# whenever data/safety.yaml or the detection change: verdicts made by other rules are then
# read as unknown and worked out again. tests/test_care_remembered.py notices a change.
RULES = 1


def verdict(texts: Iterable[str], safety: SafetyGuide | None = None) -> str:
    """What storage keeps for one entry's free texts: "RULES:group,group" ("1:" for none)."""
    return f"{RULES}:{','.join(sorted(groups_in(texts, safety)))}"


def remembered(care: str | None) -> frozenset[str] | None:
    """The groups a kept verdict names; None when there is none or other rules made it."""
    if not care:
        return None
    rules, _, groups = care.partition(":")
    if rules != str(RULES):
        return None
    return frozenset(group for group in groups.split(",") if group in GROUPS)


class PeriodConcern(NamedTuple):
    """What a review or page shows once at its top: how many entries, which groups."""

    entries: int
    groups: frozenset[str]


def period_concern(
    entries_texts: Iterable[Sequence[str]], safety: SafetyGuide | None = None
) -> PeriodConcern | None:
    """For a review, a page or an import: one notice for all entries that hold such text.

    `entries_texts` holds the free texts of each entry in the period; pure, no storage.
    """
    return concern_of(groups_in(texts, safety) for texts in entries_texts)


def concern_of(groups_per_entry: Iterable[frozenset[str]]) -> PeriodConcern | None:
    """One notice for a period, from the groups each entry speaks of."""
    count = 0
    found: set[str] = set()
    for groups in groups_per_entry:
        if groups:
            count += 1
            found |= groups
    return PeriodConcern(count, frozenset(found)) if count else None


def entry_texts(entry: Any) -> list[str]:
    """The free texts of a stored entry (its answers that are words, not ids or numbers)."""
    return [a.value for a in entry.answers if a.kind == "text" and isinstance(a.value, str)]


def text_answers(questionnaires: Sequence[Any], answers: Mapping[str, Any]) -> list[str]:
    """The free-text answers among `answers` (ids of text questions in any questionnaire)."""
    text_ids = {
        q.id
        for questionnaire in questionnaires
        for q in questionnaire.questions
        if q.kind == "text"
    }
    return [value for qid, value in answers.items() if qid in text_ids and isinstance(value, str)]


# ----------------------------------------------------------------------------- at the prompts


class CareWatch:
    """Shows the notice at most once per command, as soon as a concerning text is given.

    `show` receives the groups found. At the prompts, the screen after a concerning answer
    offers to stop there and save what is written, or to go on (see `watching`).
    """

    def __init__(self, show: Callable[..., Any]) -> None:
        self._show = show
        self.shown = False
        self.groups: frozenset[str] = frozenset()

    def check(self, texts: Iterable[str]) -> bool:
        """True when this check showed the notice."""
        if self.shown:
            return False
        groups = groups_in(texts)
        if not groups:
            return False
        self.shown = True
        self.groups = groups
        self._show(groups)
        return True

    def watching(self, asker: Any) -> Any:
        """Wrap an asker so every free-text answer typed at a prompt is checked too."""
        return None if asker is None else _WatchedAsker(asker, self)


class _WatchedAsker:
    """Passes every question through; after the notice, offers once to stop and save.

    The offer waits for the next question that may be skipped (one that must be answered
    comes first), then stopping answers the remaining questions with what they already hold
    (nothing for a new entry, the current answer when updating): the entry is saved as it is.
    """

    def __init__(self, inner: Any, watch: CareWatch) -> None:
        self._inner = inner
        self._watch = watch
        self._offer_due = False
        self.stopped = False

    def ask(self, question: Any, **kwargs: Any) -> Any:
        # A question that must be answered comes first, so "stop here" can save at once.
        if self._offer_due and not getattr(question, "required", False):
            self._offer_due = False
            safety = guide()
            picked = self._inner.choose(
                safety.offer,
                [("go", safety.offer_go_on), ("stop", safety.offer_stop)],
                default="go",
            )
            self.stopped = picked == "stop"
        if self.stopped:
            default = kwargs.get("default")
            if default is not None or not getattr(question, "required", False):
                return default
        answer = self._inner.ask(question, **kwargs)
        if question.kind == "text" and isinstance(answer, str) and self._watch.check([answer]):
            self._offer_due = True
        return answer

    def choose(self, message: str, options: Any, default: str | None = None) -> str:
        if self.stopped and default is not None:
            return default
        return self._inner.choose(message, options, default=default)

    def text(self, message: str, default: str = "") -> str:
        if self.stopped:
            return default
        return self._inner.text(message, default=default)
