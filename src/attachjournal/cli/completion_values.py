"""Where completion's values come from: the person's prompts (question ids and choices), the
journal (names, read-only) and the calendar (weeks). Each gives nothing rather than fail."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

# The questionnaires whose ids each command's -a takes; a command not named here takes the
# questionnaire of its own name if prompts.yaml has one, else any.
_ASKS = {"reflect": ("reflect",), "repair": ("rupture", "repair")}


class Sources:
    def __init__(self, today: date | None = None) -> None:
        self.today = today

    def names(self, db: list[str] | None = None) -> list[str]:
        """The names in the journal (--db as typed on the line, else where attach looks)."""
        try:
            from attachjournal import paths, storage

            where = paths.journal_path(Path(db[-1]) if db else None)
            return list(storage.people_names_read_only(where))
        except Exception:
            return []

    def weeks(self) -> list[str]:
        """The words --week takes, and this and last week by their ISO names."""
        today = self.today or date.today()
        named = [(today - timedelta(days=days)).isocalendar() for days in (0, 7)]
        return ["this", "last", "-1", "-2", *(f"{year}-W{week:02d}" for year, week, _ in named)]

    def questions(self, command: str, given: dict[str, list[str]]) -> list[Any]:
        """The questions -a may answer for this command, from the person's own prompts."""
        try:
            from attachjournal.core import prompts
            from attachjournal.paths import user_prompts_path

            option = given.get("--prompts")
            loaded = prompts.load(user_prompts_path(Path(option[-1]) if option else None))
        except Exception:
            return []
        every = tuple(loaded.questionnaires)
        if command == "repair" and "--of" in given:
            names: tuple[str, ...] = ("repair",)
        elif command in _ASKS:
            names = _ASKS[command]
        else:
            names = (command,) if command in loaded.questionnaires else every
        found: dict[str, Any] = {}
        for name in names:
            for question in getattr(loaded.questionnaires.get(name), "questions", ()):
                if not question.retired:
                    found.setdefault(question.id, question)
        return list(found.values())
