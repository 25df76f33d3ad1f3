"""What `attach remind` prints: the snippet alone on stdout (so it can go straight into a
file), and a kind word on stderr when there is no journal yet."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from attachjournal.views import render

if TYPE_CHECKING:
    from attachjournal.usecases.remind import Reminder


def reminder(result: Reminder) -> None:
    sys.stdout.write(result.text)
    sys.stdout.flush()
    if result.journal_missing:
        render.note(
            "There is no journal there yet: the nudge will invite you to the first check-in "
            "(attach reflect)."
        )
