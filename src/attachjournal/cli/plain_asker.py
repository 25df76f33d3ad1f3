"""PlainAsker: the questions as numbered plain lines, answered by typing a line.

For screen readers and plain terminals (plain mode: `attach --plain`, ATTACH_ACCESSIBLE=1 or
the `accessible` setting). The same interface as the questionary asker, so every flow
(reflect, repair, review's questions, edit) works unchanged; but nothing is redrawn, the
cursor is never moved and no escape sequence is written: the question, its numbered choices
and a prompt line, then the terminal's own line editing. What is typed is never repeated
back in a message: a wrong answer gets one kind line and the question's prompt again.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from attachjournal.core.prompts import Question
from attachjournal.core.questionnaire import PersonRef
from attachjournal.core.vocabulary import ROLES
from attachjournal.errors import Cancelled
from attachjournal.views.plain import spell_out
from attachjournal.views.text import clean, one_line

PROMPT = "Answer: "
SKIP_WORDS = ("s", "skip")
NEEDED = "This one needs an answer."
# A text answer goes on while its line ends with a backslash (as in a shell).
GO_ON = "\\"


class PlainAsker:
    """One question at a time as lines; Ctrl-C, or Ctrl-D at a prompt, raises Cancelled."""

    def __init__(
        self, input: IO[str] | None = None, output: IO[str] | None = None, *, editor: bool = False
    ) -> None:
        # input/output: a test hands in its own streams; by default stdin and stdout.
        self._in = input
        self._out = output
        self.editor = editor  # --editor: free-text questions open the editor straight away
        self.editor_files: list[Path] = []  # the command's own list replaces this one

    # ------------------------------------------------------------------------- the interface

    def ask(
        self,
        question: Question,
        *,
        position: int,
        total: int,
        default: Any = None,
        people: Sequence[PersonRef] = (),
    ) -> Any:
        self._say("")
        self._say(f"Question {position} of {total}: {_plain(question.text)}")
        kind = question.kind
        if kind == "scale":
            return self._scale(question, default)
        if kind == "choice":
            return self._one_of(question.choices, default, question.required)
        if kind == "yesno":
            return self._yes_no(default, question.required)
        if kind == "multi":
            return self._several(question.choices, default, question.required)
        if kind == "person":
            return self._person(default, people, question.required)
        return self._free_text(question, "" if default is None else str(default))

    def choose(
        self, message: str, options: Sequence[tuple[str, str]], default: str | None = None
    ) -> str:
        self._say("")
        self._say(_plain(message))
        picked = self._one_of(tuple(options), default, required=True)
        return str(picked)

    def text(self, message: str, default: str = "") -> str:
        self._say("")
        self._say(_plain(message))
        hint = "Type one line, then Enter."
        if default:
            hint += f" Enter alone keeps: {_shown(default)}"
        self._say(hint)
        line = self._read()
        return line if line.strip() else default

    # ------------------------------------------------------------------------- kinds

    def _scale(self, question: Question, default: Any) -> Any:
        for number in range(question.min, question.max + 1):
            label = ""
            if number == question.min and question.low:
                label = f" ({_plain(question.low)})"
            elif number == question.max and question.high:
                label = f" ({_plain(question.high)})"
            self._say(f"{number}{label}")
        first, last = question.min, question.max
        how = f"Type a number from {first} to {last}"
        self._say(how + self._enter_means(default, question.required) + ".")
        while True:
            line = self._read().strip().lower()
            if not line:
                if default is not None or not question.required:
                    return default
                self._say(NEEDED)
                continue
            if line in SKIP_WORDS and not question.required:
                return None
            if line.lstrip("-").isdigit() and first <= int(line) <= last:
                return int(line)
            self._say(f"That isn't one of the numbers. {how}.")

    def _one_of(self, choices: Sequence[tuple[Any, str]], default: Any, required: bool) -> Any:
        for index, (_, label) in enumerate(choices, start=1):
            self._say(f"{index}. {_plain(label)}")
        shown = next((label for value, label in choices if value == default), None)
        how = "Type 1 or 2" if len(choices) == 2 else f"Type a number from 1 to {len(choices)}"
        self._say(how + self._enter_means(shown, required) + ".")
        while True:
            line = self._read().strip().lower()
            if not line:
                if default is not None or not required:
                    return default
                self._say(NEEDED)
                continue
            if line in SKIP_WORDS and not required:
                return None
            picked = _pick(line, choices)
            if picked is not None:
                return choices[picked][0]
            self._say(f"That isn't one of the choices. {how}.")

    def _yes_no(self, default: Any, required: bool) -> Any:
        choices = ((True, "yes"), (False, "no"))
        return self._one_of(choices, default, required)

    def _several(self, choices: Sequence[tuple[str, str]], default: Any, required: bool) -> Any:
        chosen = list(default or ())
        for index, (_, label) in enumerate(choices, start=1):
            self._say(f"{index}. {_plain(label)}")
        now = [label for value, label in choices if value in chosen]
        how = f"Type one or more numbers from 1 to {len(choices)}, like 1,4"
        self._say(how + self._enter_means(", ".join(now) if now else None, required) + ".")
        while True:
            line = self._read().strip().lower()
            if not line:
                if chosen or not required:
                    return chosen or None
                self._say(NEEDED)
                continue
            if line in SKIP_WORDS and not required:
                return None
            parts = [p for p in line.replace(",", " ").split() if p]
            picked = [_pick(p, choices) for p in parts]
            if parts and all(p is not None for p in picked):
                wanted = {choices[p][0] for p in picked if p is not None}
                return [value for value, _ in choices if value in wanted]  # in the list's order
            self._say(f"Not all of those are choices. {how}.")

    def _person(self, default: Any, people: Sequence[PersonRef], required: bool) -> Any:
        new = "__new_person__"
        choices = [(p.name, clean(p.name, keep_newlines=False)) for p in people]
        choices.append((new, "someone new"))
        known = default if default in [p.name for p in people] else None
        picked = self._one_of(choices, known, required)
        if picked != new:
            return picked
        self._say("")
        self._say("Their name (a nickname or initial is fine):")
        while not (name := self._read().strip()):
            self._say("A name, even one letter, please.")
        self._say("")
        self._say(f"Who is {clean(name, keep_newlines=False)} to me?")
        role = self._one_of(tuple((r, r) for r in ROLES), "child", required=True)
        return PersonRef(name=name, role=role)

    def _free_text(self, question: Question, default: str) -> Any:
        from attachjournal.cli import long_text

        if self.editor:
            return long_text.write_in_editor(question.text, default, self.editor_files)
        hint = "Type one line, then Enter; end a line with \\ to write another."
        if default:
            hint += f" Enter alone keeps what is there: {_shown(default)}. Type - to clear it."
        elif not question.required:
            hint += " Enter alone skips."
        self._say(hint)
        while True:
            lines = [self._read()]
            while lines[-1].endswith(GO_ON):
                lines[-1] = lines[-1][: -len(GO_ON)]
                lines.append(self._read(prompt="More: "))
            answer = "\n".join(lines).strip()
            if answer == "-" and default:
                return None
            if answer:
                return answer
            if default:
                return default
            if not question.required:
                return None
            self._say(NEEDED)

    # ------------------------------------------------------------------------- lines

    @staticmethod
    def _enter_means(current: Any, required: bool) -> str:
        if current is not None and current != "":
            shown = _shown(str(current)) if not isinstance(current, bool) else _yes(current)
            # "Enter alone: update that check-in" reads right for a choice and an answer alike
            return f"; Enter alone: {shown}" + ("" if required else "; s skips")
        return "" if required else "; Enter alone skips"

    def _say(self, line: str) -> None:
        out = self._out or sys.stdout
        out.write(line + "\n")
        out.flush()

    def _read(self, prompt: str = PROMPT) -> str:
        out = self._out or sys.stdout
        out.write(prompt)
        out.flush()
        try:
            line = (self._in or sys.stdin).readline()
        except KeyboardInterrupt:
            out.write("\n")
            raise Cancelled() from None
        if not line:  # Ctrl-D at the prompt, or the end of the input
            out.write("\n")
            out.flush()
            raise Cancelled()
        return line.rstrip("\r\n")


def _pick(typed: str, choices: Sequence[tuple[Any, str]]) -> int | None:
    """The index of the choice a number, a label or a stored value names; None if none."""
    if typed.isdigit():
        index = int(typed) - 1
        return index if 0 <= index < len(choices) else None
    # "touched-out" as it reads on screen names the stored touched_out
    as_value = typed.replace("-", "_")
    for index, (value, label) in enumerate(choices):
        if (
            typed in (str(value).lower(), label.lower())
            or as_value == str(value).lower()
            or (label.lower() == "yes" and typed == "y")
        ):
            return index
        if label.lower() == "no" and typed == "n":
            return index
    return None


def _plain(text: str) -> str:
    """Text from prompts.yaml as plain mode prints it: one clean line, symbols as words."""
    return spell_out(clean(" ".join(str(text).split()), keep_newlines=False))


def _shown(text: str) -> str:
    return spell_out(one_line(clean(text, keep_newlines=False), 60))


def _yes(value: bool) -> str:
    return "yes" if value else "no"
