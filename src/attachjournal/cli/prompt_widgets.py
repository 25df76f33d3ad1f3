"""A tick-list prompt that says back what was ticked, and number keys that tick.

questionary's own checkbox ends with "done (3 selections)"; a person wants to see the
feelings they named, in their own labels, on the line they leave behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import questionary
from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.keys import Keys
from questionary.prompts import common
from questionary.prompts.common import Choice, InquirerControl

# Number keys tick the first ten choices (0 is the tenth, as on a keyboard's number row).
NUMBER_KEYS = "1234567890"
MULTI_HINT = "(arrows or number, space to tick, enter when done)"


def checkbox(
    message: str,
    choices: Sequence[Choice],
    *,
    qmark: str,
    style: Any,
    instruction: str = MULTI_HINT,
    **io: Any,
) -> questionary.Question:
    """A multi-choice prompt returning the ticked values; its answer line lists the labels."""
    numbered = [
        Choice(
            f"{NUMBER_KEYS[index - 1]}) {c.title}"
            if index <= len(NUMBER_KEYS)
            else f"   {c.title}",
            value=c.value,
            checked=c.checked,
        )
        for index, c in enumerate(choices, start=1)
    ]
    labels = {c.value: c.title for c in choices}
    control = InquirerControl(numbered, None, pointer="»")

    def tokens() -> list[tuple[str, str]]:
        line = [("class:qmark", qmark), ("class:question", f" {message} ")]
        if control.is_answered:
            ticked = [str(labels[v]) for v in _in_order(control, numbered)]
            line.append(("class:answer", _under(message, qmark, ", ".join(ticked) or "skip")))
        else:
            line.append(("class:instruction", instruction))
        return line

    layout = common.create_inquirer_layout(control, tokens, **io)
    keys = KeyBindings()

    @keys.add(Keys.ControlC, eager=True)
    def _cancel(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    def toggle(value: Any) -> None:
        if value in control.selected_options:
            control.selected_options.remove(value)
        else:
            control.selected_options.append(value)

    @keys.add(" ", eager=True)
    def _tick(event: Any) -> None:
        toggle(control.get_pointed_at().value)

    for index, key in enumerate(NUMBER_KEYS[: len(numbered)]):

        def _number(event: Any, index: int = index) -> None:
            control.pointed_at = index
            toggle(numbered[index].value)

        keys.add(key, eager=True)(_number)

    @keys.add(Keys.Down, eager=True)
    def _down(event: Any) -> None:
        control.select_next()

    @keys.add(Keys.Up, eager=True)
    def _up(event: Any) -> None:
        control.select_previous()

    @keys.add(Keys.ControlM, eager=True)
    def _done(event: Any) -> None:
        control.is_answered = True
        event.app.exit(result=_in_order(control, numbered))

    @keys.add(Keys.Any)
    def _other(event: Any) -> None:
        """Other keys do nothing here."""

    from prompt_toolkit.styles import merge_styles

    app: Application[Any] = Application(
        layout=layout,
        key_bindings=keys,
        style=merge_styles([style]),
        **{k: v for k, v in io.items() if k in ("input", "output")},
    )
    return questionary.Question(app)


def _under(message: str, qmark: str, answer: str) -> str:
    """The answer after the question, wrapped under it (never back at the left edge)."""
    import shutil
    import textwrap

    width = shutil.get_terminal_size((80, 24)).columns - 1
    indent = " " * (len(qmark) + 1)
    last = message.split("\n")[-1]
    used = len(last) + 2 + (len(qmark) if "\n" not in message else 0)
    if used + len(answer) <= width:
        return answer
    lines = textwrap.wrap(answer, width=width, initial_indent=indent, subsequent_indent=indent)
    if not last.strip():  # the hint's own line, now empty: the answer starts there
        return "\n".join([lines[0].lstrip(), *lines[1:]])
    return "\n" + "\n".join(lines)


def _in_order(control: InquirerControl, choices: Sequence[Choice]) -> list[Any]:
    """The ticked values in the order the list shows them, whatever order they were ticked."""
    return [c.value for c in choices if c.value in control.selected_options]


def text(
    message: str, *, qmark: str, style: Any, hint: str, default: str = "", **io: Any
) -> questionary.Question:
    """A one-line text prompt whose hint goes away once answered; long answers wrap indented."""
    from prompt_toolkit.application.current import get_app
    from prompt_toolkit.document import Document
    from prompt_toolkit.lexers import SimpleLexer
    from prompt_toolkit.shortcuts import PromptSession
    from prompt_toolkit.styles import merge_styles

    def tokens() -> StyleAndTextTuples:
        line: StyleAndTextTuples = [("class:qmark", qmark), ("class:question", f" {message} ")]
        if not get_app().is_done:
            line.append(("class:instruction", f"{hint} "))
        elif not session.default_buffer.text.strip():
            line.append(("class:answer", "skip"))  # as a skipped choice reads
        return line

    session: PromptSession[str] = PromptSession(
        tokens,
        style=merge_styles([style]),
        lexer=SimpleLexer("class:answer"),
        # A long answer wraps under the question, not back at the left edge.
        prompt_continuation=" " * (len(qmark) + 1),
        **io,
    )
    session.default_buffer.reset(Document(default))
    return questionary.Question(session.app)
