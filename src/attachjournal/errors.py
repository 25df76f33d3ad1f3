"""The errors attach reports to a person, each with the exit code the CLI contract promises."""

from __future__ import annotations

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_CANCELLED = 130


class AttachError(Exception):
    """An expected problem, told to the person in one plain line (never with entry text)."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(AttachError):
    """Bad option, bad answer value, or answers missing where nobody can be asked."""

    exit_code = EXIT_USAGE


class NotFoundError(AttachError):
    """An entry or person that is not in the journal."""


class JournalError(AttachError):
    """The journal file cannot be used: not a journal, newer than this code, locked, damaged."""

    # Set when the journal that failed had already committed a write in this command, so a
    # command can tell "nothing was saved" from "saved, then something else failed".
    after_save = False


class NotSavedError(AttachError):
    """A write failed; the entry was rolled back and will not appear later."""


class ServerAwayError(NotSavedError):
    """A save that could not reach the journal's server (away, or gone mid-save): nothing of it
    was written, and it can be tried again once the server answers."""


class KeptForLater(AttachError):
    """An entry the journal's server could not take now, kept privately on this device and
    delivered by the next command that reaches the server: not in the journal yet, not lost."""


class PromptsError(AttachError):
    """prompts.yaml is missing or invalid; the message names the file, the question and the problem."""


class Cancelled(AttachError):
    """The person pressed Ctrl-C or Ctrl-D at a question."""

    exit_code = EXIT_CANCELLED

    def __init__(self, message: str = "Cancelled, nothing was saved.") -> None:
        super().__init__(message)
