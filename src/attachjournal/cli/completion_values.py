"""Where completion's values come from: the person's prompts (question ids and choices), the
journal (names, read-only) and the calendar (weeks). Each gives nothing rather than fail."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

# The questionnaires whose ids each command's -a takes; a command not named here takes the
# questionnaire of its own name if prompts.yaml has one, else any.
_ASKS = {"reflect": ("reflect",), "repair": ("rupture", "repair"), "review": ("intention",)}


class Sources:
    def __init__(self, today: date | None = None) -> None:
        self.today = today

    def names(self, db: list[str] | None = None) -> list[str]:
        """The names in the journal (--db as typed on the line, else where attach looks)."""
        try:
            from attachjournal import paths, storage

            where = paths.journal_path(db[-1] if db else None)
            if isinstance(where, str):
                return []  # Tab never waits on a server over the network
            return list(storage.people_names_read_only(where))
        except Exception:
            return []

    def weeks(self) -> list[str]:
        """The words --week takes, and this and last week by their ISO names."""
        today = self.today or date.today()
        named = [(today - timedelta(days=days)).isocalendar() for days in (0, 7)]
        return ["this", "last", "-1", "-2", *(f"{year}-W{week:02d}" for year, week, _ in named)]

    def entry_kind(self, db: list[str] | None, entry: str) -> str | None:
        """The kind of the entry `attach edit` is changing, read-only."""
        try:
            from attachjournal import paths, storage

            where = paths.journal_path(db[-1] if db else None)
            if isinstance(where, str):
                return None  # Tab never waits on a server over the network
            return storage.entry_kind_read_only(where, int(entry))
        except Exception:
            return None

    def questions(
        self, command: str, given: dict[str, list[str]], arguments: list[str] | None = None
    ) -> list[Offered]:
        """The questions -a may answer for this command, from the person's own prompts."""
        try:
            from attachjournal.core.prompts_file import read_data
            from attachjournal.paths import user_prompts_path

            option = given.get("--prompts")
            sets = read_data(user_prompts_path(Path(option[-1]) if option else None))
            sets = sets["questionnaires"]
        except Exception:
            return []
        if not isinstance(sets, dict):
            return []
        kind = None
        if command == "edit" and arguments:
            kind = self.entry_kind(given.get("--db"), arguments[0])
        if kind is not None:
            names: tuple[str, ...] = (kind,)  # a check-in's ids for a check-in, and so on
        elif command == "repair" and "--of" in given:
            names = ("repair",)
        elif command in _ASKS:
            names = _ASKS[command]
        else:
            names = (command,) if command in sets else tuple(sets)
        found: dict[str, Offered] = {}
        for name in names:
            for item in _questions_in(sets.get(name)):
                offered = Offered.read(item)
                if offered is not None:
                    found.setdefault(offered.id, offered)
        return list(found.values())


def _questions_in(block: Any) -> list[Any]:
    questions = block.get("questions") if isinstance(block, dict) else None
    return questions if isinstance(questions, list) else []


class Offered:
    """One question as completion needs it: its id, its kind and the values it takes.

    Read from the plain data of prompts.yaml, not from the checked questions: building those
    costs more than the rest of a Tab. It reads values the way core/prompts_parse.py does
    (a test holds the two together on the shipped file); a question it can't read is left out.
    """

    def __init__(
        self,
        question_id: str,
        kind: str,
        values: list[str],
        text: str = "",
        labels: dict[str, str] | None = None,
    ) -> None:
        self.id, self.kind, self.values = question_id, kind, values
        self.text = text  # the question, shown beside its id where the shell can (fish)
        self.labels = labels or {}  # value -> its label, likewise

    @classmethod
    def read(cls, item: Any) -> Offered | None:
        if not isinstance(item, dict) or item.get("retired") is True:
            return None
        question_id, kind = item.get("id"), item.get("kind")
        if not isinstance(question_id, str) or not isinstance(kind, str):
            return None
        values: list[str] = []
        labels: dict[str, str] = {}
        if kind in ("choice", "multi"):
            choices = item.get("choices")
            if isinstance(choices, dict):
                labels = {str(value): str(label) for value, label in choices.items()}
            values = [str(v) for v in (choices if isinstance(choices, (dict, list)) else [])]
        elif kind == "scale":
            low, high = item.get("min", 1), item.get("max", 5)
            if isinstance(low, int) and isinstance(high, int) and 0 <= low < high <= 10:
                values = [str(number) for number in range(low, high + 1)]
        elif kind == "yesno":
            values = ["yes", "no"]
        text = item.get("text")
        return cls(question_id, kind, values, " ".join(str(text or "").split()), labels)
