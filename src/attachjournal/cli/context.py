"""One command's surroundings, in one object: the clock, the terminal, where the journal is,
how prompts are loaded and questions asked, where a passphrase comes from, the two consoles,
and what the command has to remember until it ends.

The Typer callback builds one per run (`attach` with no test around it); a test hands its own
to `CliRunner.invoke(app, args, obj=Context(...))`: a fixed clock, a scripted asker, consoles
writing to a buffer, instead of patching modules. Kept free of heavy imports: it is loaded for
`attach --help`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

if TYPE_CHECKING:
    from rich.console import Console

    from attachjournal.cli.passphrase import PassphraseSource
    from attachjournal.core.prompts import Prompts


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Terminal(NamedTuple):
    """What the command is connected to, read once when the command starts."""

    stdin_tty: bool
    stdout_tty: bool
    stderr_tty: bool
    no_color: bool
    # Plain mode (--plain, ATTACH_ACCESSIBLE, the accessible setting): numbered questions read
    # as lines, views as plain text. Set by the context (Context.term), not probed.
    plain: bool = False

    @classmethod
    def probe(cls) -> Terminal:
        return cls(
            stdin_tty=_isatty(sys.stdin),
            stdout_tty=_isatty(sys.stdout),
            stderr_tty=_isatty(sys.stderr),
            no_color="NO_COLOR" in os.environ,
        )

    def interactive(self, no_input: bool, json_out: bool = False) -> bool:
        """Ask questions only with a person at a terminal on both ends; never read piped
        keystrokes. With --json the questions are drawn on stderr, so
        `attach reflect --json > entry.json` still asks when stderr is a terminal."""
        if no_input or not self.stdin_tty:
            return False
        return self.stdout_tty or (json_out and self.stderr_tty)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or fake stream
        return False


def default_prompts(option: Path | None) -> Prompts:
    from attachjournal.core import prompts
    from attachjournal.paths import user_prompts_path

    return prompts.load(user_prompts_path(option))


def default_asker(terminal: Terminal, no_input: bool, json_out: bool, editor: bool) -> Any:
    """The questionary asker at a terminal (the plain one in plain mode), or None (no one
    to ask)."""
    if not terminal.interactive(no_input, json_out):
        return None
    import gc

    gc.enable()  # a person may take minutes over the questions; keep memory tidy meanwhile
    if terminal.plain:
        from attachjournal.cli.plain_asker import PlainAsker

        # With --json, stdout carries only the JSON: the questions go to stderr.
        return PlainAsker(output=sys.stderr if json_out else sys.stdout, editor=editor)
    from attachjournal.cli.interactive import QuestionaryAsker

    if not json_out:
        return QuestionaryAsker(editor=editor)
    # With --json, stdout carries only the JSON: the questions are drawn on stderr.
    from prompt_toolkit.output import create_output

    return QuestionaryAsker(output=create_output(stdout=sys.stderr), editor=editor)


def _console(*, stderr: bool, plain: bool = False) -> Console:
    from attachjournal.views.render import make_console

    console = make_console(stderr=stderr, plain=plain)
    # A reader that stopped early (`attach log | head`) is not a failure: the one error
    # boundary (guard.py) ends the command quietly, the same way for Rich and plain writes.
    console.on_broken_pipe = _pipe_closed  # type: ignore[method-assign]
    return console


def _accessible_setting() -> bool:
    from attachjournal import settings
    from attachjournal.errors import AttachError

    try:
        return settings.load().accessible
    except AttachError:
        # A broken settings file is reported by the command that reads it; an error line
        # must still be printable meanwhile.
        return False


def _pipe_closed() -> None:
    raise BrokenPipeError


@dataclass
class Context:
    """Everything a command reads from its surroundings; each field has the real default."""

    clock: Callable[[], datetime] = utc_now
    # The journal when no --db is given (None: ATTACH_DB, then the data folder).
    journal: Path | str | None = None  # str: a PostgreSQL server's URL
    terminal: Terminal | None = None  # None: probed when first asked
    prompts: Callable[[Path | None], Prompts] = default_prompts
    # (terminal, no_input, json_out, editor) -> an asker, or None when no one can be asked.
    asker: Callable[[Terminal, bool, bool, bool], Any] = default_asker
    # Where an encrypted journal's passphrase comes from, made afresh for each command from
    # --passphrase-file and ask_passphrase (cli/passphrase.py).
    passphrase: PassphraseSource | None = None
    # How a hidden passphrase is asked (None: getpass at a terminal); a test hands in answers.
    ask_passphrase: Callable[[str], str] | None = None
    out: Console | None = None  # None: made when first used
    err: Console | None = None
    # What one command remembers until it ends:
    told: set[str] = field(default_factory=set)  # journals already looked after
    # Said once the command has finished (the safety notice for answers given with -a):
    # with saved=True after it succeeded, saved=False after an error or a cancel.
    afterwards: list[Callable[[bool], None]] = field(default_factory=list)
    editor_files: list[Path] = field(default_factory=list)  # answers written in an editor
    # `attach --plain`: plain mode for this run, whatever the setting says.
    plain: bool = False
    _accessible: bool | None = field(default=None, repr=False)  # the setting, once read

    def now(self) -> datetime:
        return self.clock()

    def local_now(self) -> datetime:
        return self.clock().astimezone()

    def term(self) -> Terminal:
        if self.terminal is None:
            self.terminal = Terminal.probe()
        if not self.terminal.plain and self.plain_mode():
            self.terminal = self.terminal._replace(plain=True)
        return self.terminal

    def plain_mode(self) -> bool:
        """Plain mode: --plain, or ATTACH_ACCESSIBLE / the accessible setting (read once)."""
        if self.plain or (self.terminal is not None and self.terminal.plain):
            return True
        if self._accessible is None:
            self._accessible = _accessible_setting()
        return self._accessible

    def stdout(self) -> Console:
        if self.out is None:
            self.out = _console(stderr=False, plain=self.plain_mode())
        return self.out

    def stdout_stream(self) -> TextIO | None:
        """stdout itself when a short message may skip Rich (views/lines.py): no console was
        handed in or drawn on yet, not plain mode, and Rich would write only the characters."""
        if self.out is not None or self.plain_mode():
            return None
        from attachjournal.views.lines import words_only

        return sys.stdout if words_only(sys.stdout) else None

    def stderr(self) -> Console:
        if self.err is None:
            self.err = _console(stderr=True, plain=self.plain_mode())
        return self.err

    def make_asker(self, no_input: bool, json_out: bool = False, *, editor: bool = False) -> Any:
        asker = self.asker(self.term(), no_input, json_out, editor)
        if hasattr(asker, "editor_files"):
            # What is written in an editor is this command's to remove or keep (guard.py).
            asker.editor_files = self.editor_files
        return asker

    def start_command(self) -> None:
        """A command starts: nothing remembered from one before it (a test may reuse one)."""
        self.told.clear()
        self.afterwards.clear()


# The running command's context: one slot, set once per run by the Typer callback. Not a
# ContextVar: questionary runs its key bindings (Ctrl-O opens the editor) in another thread,
# which would not see it.
_running: list[Context] = []


def use(context: Context) -> Context:
    """Make `context` the one this run's commands and views read."""
    from attachjournal.views import consoles

    _running[:] = [context]
    consoles.use(context)
    return context


def current() -> Context:
    """This run's context; one with every default when no command line built one."""
    return _running[0] if _running else use(Context())
