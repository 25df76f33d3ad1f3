"""QuestionaryAsker: puts questions to a person in a terminal. The only module using questionary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from questionary import Choice

from attachjournal.errors import Cancelled
from attachjournal.prompts import Question
from attachjournal.questionnaire import ROLES, PersonRef

SKIP = "__skip__"
NEW_PERSON = "__new_person__"
STYLE = questionary.Style(
    [
        ("qmark", "fg:ansicyan"),
        ("question", "bold"),
        ("instruction", "fg:ansibrightblack"),
        ("answer", "fg:ansigreen"),
    ]
)


class QuestionaryAsker:
    """One question at a time, with a `[3/12]` mark; Ctrl-C or Ctrl-D raises Cancelled."""

    def __init__(self, input: Any = None, output: Any = None) -> None:
        # input/output let tests drive the real prompts through prompt_toolkit's pipe input.
        self._io = {k: v for k, v in (("input", input), ("output", output)) if v is not None}

    def ask(
        self,
        question: Question,
        *,
        position: int,
        total: int,
        default: Any = None,
        people: Sequence[PersonRef] = (),
    ) -> Any:
        mark = f"[{position}/{total}]"
        kind = question.kind
        if kind == "scale":
            return self._scale(question, mark, default)
        if kind == "choice":
            choices = [Choice(label, value=value) for value, label in question.choices]
            return self._select(question, mark, choices, default)
        if kind == "yesno":
            choices = [Choice("yes", value=True), Choice("no", value=False)]
            return self._select(question, mark, choices, default)
        if kind == "multi":
            chosen = set(default or ())
            choices = [
                Choice(label, value=value, checked=value in chosen)
                for value, label in question.choices
            ]
            hint = "(space to tick, enter when done)"
            return (
                self._run(
                    questionary.checkbox(
                        question.text,
                        choices=choices,
                        qmark=mark,
                        instruction=hint,
                        style=STYLE,
                        **self._io,
                    )
                )
                or None
            )
        if kind == "person":
            return self._person(question, mark, default, people)
        return self._run(
            questionary.text(
                question.text,
                default=str(default or ""),
                qmark=mark,
                instruction=None if question.required else "(enter to skip)",
                style=STYLE,
                **self._io,
            )
        )

    def choose(
        self, message: str, options: Sequence[tuple[str, str]], default: str | None = None
    ) -> str:
        choices = [Choice(label, value=value) for value, label in options]
        return self._run(
            questionary.select(
                message, choices=choices, default=default, qmark="?", style=STYLE, **self._io
            )
        )

    def text(self, message: str, default: str = "") -> str:
        return self._run(
            questionary.text(message, default=default, qmark="?", style=STYLE, **self._io)
        )

    # ------------------------------------------------------------------------- kinds

    def _scale(self, question: Question, mark: str, default: Any) -> Any:
        choices = []
        for number in range(question.min, question.max + 1):
            label = str(number)
            if number == question.min and question.low:
                label += f"  {question.low}"
            elif number == question.max and question.high:
                label += f"  {question.high}"
            # The key is the number itself, so 0-10 and 1-7 scales answer to the digit typed
            # (by position, "1" would pick 0 on a 0-10 scale); 10 and above by arrows.
            key: str | bool = str(number) if 0 <= number <= 9 else False
            choices.append(Choice(label, value=number, shortcut_key=key))
        return self._select(question, mark, choices, default, shortcuts=True)

    def _select(
        self,
        question: Question,
        mark: str,
        choices: list[Choice],
        default: Any,
        shortcuts: bool = False,
    ) -> Any:
        if not question.required:
            choices.append(Choice("skip", value=SKIP))
            # With nothing chosen before, the pointer rests on "skip": pressing enter through
            # an optional question never invents an answer (nor changes a skipped one when
            # updating a check-in).
            if default is None:
                default = SKIP
        picked = self._run(
            questionary.select(
                question.text,
                choices=choices,
                default=next((c for c in choices if c.value == default), None),
                qmark=mark,
                style=STYLE,
                use_shortcuts=shortcuts and len(choices) <= 36,  # questionary's most
                instruction="(arrows or number, enter)" if shortcuts else "(arrows, enter)",
                **self._io,
            )
        )
        return None if picked == SKIP else picked

    def _person(
        self, question: Question, mark: str, default: Any, people: Sequence[PersonRef]
    ) -> Any:
        choices = [Choice(p.name, value=p.name) for p in people]
        choices.append(Choice("someone new...", value=NEW_PERSON))
        if not question.required:
            choices.append(Choice("skip", value=SKIP))
        picked = self._run(
            questionary.select(
                question.text,
                choices=choices,
                default=default if default in [p.name for p in people] else None,
                qmark=mark,
                style=STYLE,
                **self._io,
            )
        )
        if picked == SKIP:
            return None
        if picked != NEW_PERSON:
            return picked
        name = self._run(
            questionary.text(
                "Their name (a nickname or initial is fine):",
                qmark=mark,
                style=STYLE,
                validate=lambda text: bool(text.strip()) or "A name, even one letter, please.",
                **self._io,
            )
        )
        role = self._run(
            questionary.select(
                f"Who is {name.strip()} to me?",
                choices=list(ROLES),
                default="child",
                qmark=mark,
                style=STYLE,
                **self._io,
            )
        )
        return PersonRef(name=name.strip(), role=role)

    @staticmethod
    def _run(prompt: questionary.Question) -> Any:
        extra = KeyBindings()

        @extra.add("c-d", eager=True)
        def _eof(event: Any) -> None:
            event.app.exit(exception=EOFError, style="class:aborting")

        prompt.application.key_bindings = merge_key_bindings(
            [prompt.application.key_bindings or KeyBindings(), extra]
        )
        try:
            return prompt.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            raise Cancelled() from None
