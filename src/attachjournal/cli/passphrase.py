"""Where an encrypted journal's passphrase comes from: a script's ATTACH_PASSPHRASE, the file
named with --passphrase-file, or a hidden prompt. Storage never asks; it is handed this.

One PassphraseSource lives for one command, so a passphrase typed once is not asked again
by the same command, and nothing typed outlives it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from attachjournal.errors import UsageError

ENV_PASSPHRASE = "ATTACH_PASSPHRASE"


def _can_ask() -> bool:
    return sys.stdin.isatty()


def _ask(prompt: str) -> str:
    import getpass

    try:
        return getpass.getpass(prompt)
    except EOFError:
        from attachjournal.errors import Cancelled

        raise Cancelled("Cancelled, nothing was changed.") from None


class PassphraseSource:
    """Called by storage for an encrypted journal's passphrase (None: none can be had)."""

    def __init__(
        self, file: Path | None = None, *, ask: Callable[[str], str] | None = None
    ) -> None:
        self.file = file
        # How to ask at a hidden prompt; None: getpass, when a person is at the terminal.
        self._ask_hidden = ask
        self._typed: str | None = None

    def _can_ask(self) -> bool:
        return self._ask_hidden is not None or _can_ask()

    def _ask(self, prompt: str) -> str:
        return self._ask_hidden(prompt) if self._ask_hidden is not None else _ask(prompt)

    def __call__(self) -> str | None:
        given = self.given()
        if given is not None:
            return given
        if self._typed is not None:
            return self._typed
        if not self._can_ask():
            return None
        typed = self._ask("Passphrase for your journal: ")
        if not typed:
            raise UsageError("An empty passphrase can't open an encrypted journal.")
        self._typed = typed
        return typed

    def ask_for(self, prompt: str) -> str | None:
        """Asked afresh, with a prompt saying which journal (storage's `ask_for`): a script's
        passphrase as given, else typed at a hidden prompt (not kept: a wrong one is asked
        again); None when none can be had."""
        given = self.given()
        if given is not None:
            return given
        if not self._can_ask():
            return None
        return self._ask(prompt)

    def given(self) -> str | None:
        """The passphrase a script gave (ATTACH_PASSPHRASE, then --passphrase-file), if any."""
        from_env = os.environ.get(ENV_PASSPHRASE)
        if from_env:
            return from_env
        if self.file is None:
            return None
        try:
            text = Path(self.file).expanduser().read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UsageError(f"No passphrase file at {self.file}.") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(
                f"Can't read the passphrase file {self.file} ({type(exc).__name__})."
            ) from None
        first = text.splitlines()[0] if text else ""
        if not first:
            raise UsageError(f"The passphrase file {self.file} is empty.")
        return first

    def new(self) -> str:
        """A passphrase to encrypt with: given by a script, or typed twice at a hidden prompt."""
        from attachjournal.storage import PASSPHRASE_HOW_TO_GIVE

        given = self.given()
        if given is not None:
            return given
        if not self._can_ask():
            raise UsageError("Encrypting needs a passphrase.", hint=PASSPHRASE_HOW_TO_GIVE)
        first = self._ask("New passphrase for your journal: ")
        if len(first) < 8:
            raise UsageError(
                "Please choose a passphrase of at least 8 characters. Nothing changed."
            )
        if self._ask("The same passphrase again: ") != first:
            raise UsageError("The two passphrases were not the same. Nothing was changed.")
        self._typed = first  # the same command may open the journal it just encrypted
        return first


def start(file: Path | None, ask: Callable[[str], str] | None = None) -> PassphraseSource:
    """A fresh source for this command (the context keeps it), handed to storage for every
    journal the command opens."""
    from attachjournal import storage

    source = PassphraseSource(file, ask=ask)
    storage.use_passphrase_source(source)
    return source
