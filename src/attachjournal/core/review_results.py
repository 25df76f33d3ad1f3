"""What the weekly review finds, as frozen results: the WeeklyReview and its lines (a day, a
rupture, a repair move), the counts of a period and the resourced comparison."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

from attachjournal.core.period import Period

if TYPE_CHECKING:
    from attachjournal.core.review_shown import Shown

# Comparing resourced on rupture days with other days needs at least this many days on each side.
MIN_DAYS_TO_COMPARE = 3


class DayLine(NamedTuple):
    """One day of the review: its check-ins (mean resourced, mood), serve and return, ruptures."""

    day: date
    checkins: int
    resourced: float | None
    mood: float | None
    serve_return: str | None  # the older count answer: none, 1-2, 3-5, lots
    ruptures: int
    serve_noticed: bool | None = None  # the newer yes/no answer


class RuptureLine(NamedTuple):
    """One rupture of the period as the review lists it, with its repair when there is one."""

    id: int
    at: datetime  # aware UTC
    who: str | None
    intensity: int | None
    context: tuple[str, ...]
    what: str | None
    status: str  # repaired | open | no_repair_needed
    repair_id: int | None
    repaired_at: datetime | None
    minutes_to_repair: int | None
    moves: tuple[str, ...]
    connected_after: int | None
    resourced_then: int | None = None
    author: str | None = None  # who wrote it, on a server (shown by review --together)


class Counts(NamedTuple):
    """One period's counts: check-in days, ruptures, repairs, open ones, and time to repair."""

    checkin_days: int
    rupture_count: int
    repair_count: int
    open_rupture_count: int
    no_repair_needed_count: int
    repair_rate: float | None
    median_minutes_to_repair: float | None


class Comparison(NamedTuple):
    """Mean resourced on days with a rupture vs days without, with the number of days behind each.

    On a rupture day, "how resourced was I just before" is used where it was answered (the
    evening check-in may be lowered by the rupture itself); `from_just_before` says on how many.
    """

    rupture_days_mean: float | None
    rupture_days: int
    other_days_mean: float | None
    other_days: int
    from_just_before: int = 0

    @property
    def enough(self) -> bool:
        return self.rupture_days >= MIN_DAYS_TO_COMPARE and self.other_days >= MIN_DAYS_TO_COMPARE


@dataclass(frozen=True)
class MoveLine:
    """A repair move, how many repairs used it, and how connected I felt after each of them."""

    move: str
    count: int
    connected: tuple[int, ...]  # "how connected afterwards", as answered, in time order


class WeeklyReview(NamedTuple):
    """Everything the weekly review finds, for the terminal, JSON and the page."""

    period: Period
    generated_at: datetime
    counts: Counts
    previous: Counts
    checkin_count: int
    days: tuple[DayLine, ...]
    ruptures: tuple[RuptureLine, ...]
    ruptures_by_person: tuple[tuple[str, int], ...]
    contexts: tuple[tuple[str, int], ...]
    time_of_day: tuple[tuple[str, int], ...]
    weekdays: tuple[tuple[str, int], ...]
    older_echoes: int
    checkin_echoes: int
    low_resourced_ruptures: int
    resourced_then_answered: int
    resourced_comparison: Comparison
    moves: tuple[MoveLine, ...]
    serve_return_days: int
    questions: tuple[str, ...] = ()
    counted: Period | None = None  # the days that could have been written
    previous_counted: Period | None = None
    previous_had_entries: bool = False
    shown: Shown | None = None
    first_day: date | None = None
    # --who: ruptures and repairs with this person only; check-ins are all kept as context.
    who: str | None = None
    # --together: the household's shared ruptures and repairs only (a server), with authors.
    together: bool = False
    # Who reads, on a server (their role): --together tells their own open ruptures, theirs
    # to come back to, from the other members'. None in a file, and in the reader's own review.
    reader: str | None = None

    @property
    def is_empty(self) -> bool:
        return self.checkin_count == 0 and self.counts.rupture_count == 0

    @property
    def days_counted(self) -> int:
        return self.counted.length if self.counted else 0

    @property
    def so_far(self) -> bool:
        """The period reaches past today: its last days are still to come."""
        return self.counted is not None and self.counted.end < self.period.end

    @property
    def late_start(self) -> bool:
        """The journal began inside the period."""
        return self.counted is not None and self.counted.start > self.period.start
