"""What `attach review` shows of the weekly intention, as data: kept apart from
usecases/intentions.py so a review of a journal without intentions loads nothing more."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from attachjournal.core.intention import Intention


class IntentionState(NamedTuple):
    """What the review shows as data: the plan on the check-ins now, and one awaiting its
    follow-up (often the same entry, in the days after the week it was made for)."""

    current: Intention | None = None
    awaiting: Intention | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "current": self.current.as_dict() if self.current else None,
            "awaiting_follow_up": self.awaiting.as_dict() if self.awaiting else None,
        }
