"""QuestionaryAsker: puts questions to a person in a terminal. The only module using questionary."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput
from questionary import Choice

from attachjournal.cli.prompt_widgets import MULTI_HINT
from attachjournal.cli.prompt_widgets import text as text_prompt
from attachjournal.core.prompts import Question
from attachjournal.core.questionnaire import PersonRef
from attachjournal.core.vocabulary import ROLES
from attachjournal.errors import Cancelled

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


# The same words for the same keys at every kind of question.
SELECT_HINT = "(arrows or number, enter)"
YESNO_HINT = "(y or n, or arrows, enter)"
TEXT_HINT = "(enter to skip, ctrl-o to write in an editor)"
TEXT_HINT_REQUIRED = "(ctrl-o to write in an editor)"


def fit(mark: str, text: str, hint: str = "", width: int | None = None) -> str:
    """The question wrapped at word boundaries, its later lines set in under the text.

    The terminal itself would cut words in half and start again at the left edge; the hint
    that follows goes on the last line if it fits there, else on a line of its own.
    """
    import shutil
    import textwrap

    width = width or shutil.get_terminal_size((80, 24)).columns
    indent = " " * (len(mark) + 1)
    usable = max(20, width - 1)
    lines = textwrap.wrap(
        text,
        width=usable,
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
    ) or [indent]
    lines[0] = lines[0][len(indent) :]  # the mark itself stands before the first line
    last = len(lines[-1]) + (len(indent) if len(lines) == 1 else 0)
    if hint and last + 2 + len(hint) > usable:
        lines.append(indent[:-1])  # the prompt puts one space before the hint
    return "\n".join(lines)


def _value_keys(prompt: questionary.Question, choices: list[Choice]) -> KeyBindings:
    """Number keys that point at the scale point with that number (and s at skip)."""
    from questionary.prompts.common import InquirerControl

    keys = KeyBindings()
    control = next(
        (
            w.content
            for w in prompt.application.layout.find_all_windows()
            if isinstance(w.content, InquirerControl)
        ),
        None,
    )
    if control is None:
        return keys
    for index, choice in enumerate(choices):
        key = "s" if choice.value == SKIP else str(choice.value)
        if len(key) == 1:

            def _point(event: Any, index: int = index) -> None:
                control.pointed_at = index

            keys.add(key, eager=True)(_point)
    return keys


EDITOR_ECHO = "(written in the editor)"


class _OpenEditor:
    """What a text prompt returns when the person asks for their editor instead."""

    def __init__(self, text: str) -> None:
        self.text = text


class VisibleControls(Processor):
    """Draws control and bidi characters of the text being edited as U+FFFD.

    A default answer comes from the journal (editing an entry) and may hold a right-to-left
    override that would reorder the terminal line; one visible character stands for each,
    so the cursor still moves one place per character and the text itself is kept as it is.
    """

    def apply_transformation(self, ti: TransformationInput) -> Transformation:
        return Transformation(
            [(style, _visible(text), *rest) for style, text, *rest in ti.fragments]  # type: ignore[misc]
        )


def _visible(text: str) -> str:
    from attachjournal.views.render import clean

    return "".join(ch if len(clean(ch)) == 1 and ch != "\t" else "\ufffd" for ch in text)


class QuestionaryAsker:
    """One question at a time, with a `[3/12]` mark; Ctrl-C or Ctrl-D raises Cancelled."""

    def __init__(self, input: Any = None, output: Any = None, *, editor: bool = False) -> None:
        # input/output let tests drive the real prompts through prompt_toolkit's pipe input.
        self._io = {k: v for k, v in (("input", input), ("output", output)) if v is not None}
        self.editor = editor  # --editor: free-text questions open the editor straight away
        # Files written in the editor, for the command to remove once saved or keep if not
        # (the command's context hands in its own list).
        self.editor_files: list[Path] = []

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
            choices = [
                Choice("yes", value=True, shortcut_key="y"),
                Choice("no", value=False, shortcut_key="n"),
            ]
            return self._select(question, mark, choices, default, hint=YESNO_HINT)
        if kind == "multi":
            from attachjournal.cli.prompt_widgets import checkbox

            chosen = set(default or ())
            choices = [
                Choice(label, value=value, checked=value in chosen)
                for value, label in question.choices
            ]
            return (
                self._run(
                    checkbox(
                        fit(mark, question.text, MULTI_HINT),
                        choices,
                        qmark=mark,
                        style=STYLE,
                        **self._io,
                    )
                )
                or None
            )
        if kind == "person":
            return self._person(question, mark, default, people)
        return self._free_text(question, mark, str(default or ""))

    def choose(
        self, message: str, options: Sequence[tuple[str, str]], default: str | None = None
    ) -> str:
        choices = [Choice(label, value=value) for value, label in options]
        return self._run(
            questionary.select(
                fit("?", message, SELECT_HINT),
                choices=choices,
                default=default,
                qmark="?",
                style=STYLE,
                use_shortcuts=len(choices) <= 36,
                use_jk_keys=False,
                instruction=SELECT_HINT if len(choices) <= 36 else "(arrows, enter)",
                **self._io,
            )
        )

    def text(self, message: str, default: str = "") -> str:
        return self._run(
            questionary.text(
                fit("?", message),
                default=default,
                qmark="?",
                style=STYLE,
                prompt_continuation="  ",
                input_processors=[VisibleControls()],
                **self._io,
            )
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
            choices.append(Choice(label, value=number))
        # The numbers are the labels already: keys pick them without a "1) 1" in front.
        return self._select(question, mark, choices, default, numbered=False)

    def _free_text(self, question: Question, mark: str, default: str) -> Any:
        from attachjournal.cli import long_text

        if self.editor:
            return long_text.write_in_editor(question.text, default, self.editor_files)
        extra = KeyBindings()

        @extra.add("c-o", eager=True)
        def _editor(event: Any) -> None:
            typed = event.app.current_buffer.text
            # The line left on screen says where the answer went, rather than echoing what
            # was typed before the editor opened (the answer goes on there).
            event.app.current_buffer.text = EDITOR_ECHO
            event.app.exit(result=_OpenEditor(typed))

        hint = TEXT_HINT_REQUIRED if question.required else TEXT_HINT
        prompt = text_prompt(
            fit(mark, question.text, hint),
            qmark=mark,
            style=STYLE,
            hint=hint,
            default=default,
            input_processors=[VisibleControls()],
            **self._io,
        )
        answer = self._run(prompt, extra)
        if isinstance(answer, _OpenEditor):
            return long_text.write_in_editor(question.text, answer.text, self.editor_files)
        return answer

    def _select(
        self,
        question: Question,
        mark: str,
        choices: list[Choice],
        default: Any,
        hint: str = SELECT_HINT,
        numbered: bool = True,
    ) -> Any:
        if not question.required:
            choices.append(
                Choice("skip", value=SKIP, shortcut_key="s" if hint == YESNO_HINT else True)
            )
            # With nothing chosen before, the pointer rests on "skip": pressing enter through
            # an optional question never invents an answer (nor changes a skipped one when
            # updating a check-in).
            if default is None:
                default = SKIP
        shortcuts = numbered and len(choices) <= 36  # questionary has 36 keys to give
        prompt = questionary.select(
            fit(mark, question.text, hint),
            choices=choices,
            default=next((c for c in choices if c.value == default), None),
            qmark=mark,
            style=STYLE,
            use_shortcuts=shortcuts,
            use_jk_keys=False,
            instruction=hint if shortcuts or not numbered else "(arrows, enter)",
            **self._io,
        )
        extra = None if numbered else _value_keys(prompt, choices)
        picked = self._run(prompt, extra)
        return None if picked == SKIP else picked

    def _person(
        self, question: Question, mark: str, default: Any, people: Sequence[PersonRef]
    ) -> Any:
        choices = [Choice(p.name, value=p.name) for p in people]
        choices.append(Choice("someone new...", value=NEW_PERSON))
        if not question.required:
            choices.append(Choice("skip", value=SKIP))
            # As for any optional question: Enter straight through names nobody.
            if default not in [p.name for p in people]:
                default = SKIP
        picked = self._run(
            questionary.select(
                fit(mark, question.text, SELECT_HINT),
                choices=choices,
                default=next((c for c in choices if c.value == default), None),
                qmark=mark,
                style=STYLE,
                use_shortcuts=len(choices) <= 36,
                use_jk_keys=False,
                instruction=SELECT_HINT if len(choices) <= 36 else "(arrows, enter)",
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
                use_shortcuts=True,
                use_jk_keys=False,
                instruction=SELECT_HINT,
                **self._io,
            )
        )
        return PersonRef(name=name.strip(), role=role)

    @staticmethod
    def _run(prompt: questionary.Question, extra: KeyBindings | None = None) -> Any:
        extra = extra or KeyBindings()

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
