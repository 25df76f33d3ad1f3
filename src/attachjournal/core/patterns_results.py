"""What `patterns` finds, as frozen results: the Patterns summary and its parts (a trend
bucket, a resourced level, an echo note, a calendar day). Views and JSON read only these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from attachjournal.core.intention import Intention
from attachjournal.core.patterns_parts import BandItems, Change, Comparison, MoveLine, lead
from attachjournal.core.period import Period
from attachjournal.core.review_results import Counts
from attachjournal.core.stats import TIME_OF_DAY, WEEKDAYS


@dataclass(frozen=True)
class Bucket:
    """One week (or month, over long periods) of the trend."""

    start: date
    end: date
    label: str
    counts: Counts
    by_person: tuple[tuple[str, int], ...]
    serve_return_days: int  # days I noticed at least one serve-and-return moment
    serve_return_answered: int  # days I answered the question at all
    echoes: int = 0  # echoes of my own upbringing noticed (in check-ins and with ruptures)


@dataclass(frozen=True)
class LevelLine:
    """Check-in days at one resourced level, and the ruptures on those days."""

    level: int
    days: int
    ruptures: int

    @property
    def per_day(self) -> float | None:
        return round(self.ruptures / self.days, 2) if self.days else None


@dataclass(frozen=True)
class EchoNote:
    """An echo written down on a day: a check-in's echo note or a rupture's older-echo note."""

    day: date
    source: str  # "check-in" | "rupture"
    text: str


@dataclass(frozen=True)
class CalendarDay:
    """One day of the patterns calendar: how many check-ins, and the day's resourced level."""

    day: date
    checkins: int
    level: int | None  # the day's resourced level (mean of its check-ins, rounded)


@dataclass(frozen=True)
class Patterns:
    """Everything `patterns` finds over a period, for the terminal, JSON and the page."""

    period: Period
    generated_at: datetime
    who: str | None
    unit: str  # "week" | "month"
    counts: Counts
    checkin_count: int
    buckets: tuple[Bucket, ...]
    years: tuple[Bucket, ...]  # year by year, for periods long enough to go month by month
    halves: tuple[Period, Period]
    half_counts: tuple[Counts, Counts]
    ruptures_by_person: tuple[tuple[str, int], ...]
    contexts: tuple[Change, ...]
    context_ruptures: tuple[int, int]  # ruptures in each half (the base for context counts)
    grid: tuple[tuple[int, ...], ...]  # TIME_OF_DAY rows x WEEKDAYS columns
    levels: tuple[LevelLine, ...]
    moves: tuple[MoveLine, ...]
    serve_return_days: int
    serve_return_answered: int
    checkin_echoes: int
    older_echoes: int
    echo_notes: tuple[EchoNote, ...]
    calendar: tuple[CalendarDay, ...]
    scale: tuple[int, int] = (1, 5)  # the resourced scale's ends, from the prompts
    began: date | None = None  # the journal's first day, when the period starts there
    ends_today: bool = False  # --until asked for days still to come; the period ends today
    comparison: Comparison | None = None
    bands: tuple[BandItems, ...] = ()
    serve_steps: tuple[Change, ...] = ()
    settled_by: tuple[Change, ...] = ()
    calmed_first: tuple[int, int] = (0, 0)  # older repairs: calmed myself first (yes, answered)
    echo_about: tuple[tuple[str, int], ...] = ()
    echo_keep: tuple[tuple[str, int], ...] = ()
    intentions: tuple[Intention, ...] = ()  # the weekly if-then plans, oldest first

    @property
    def is_empty(self) -> bool:
        return self.checkin_count == 0 and self.counts.rupture_count == 0

    @property
    def grid_rows(self) -> tuple[str, ...]:
        return tuple(name for name, _, _ in TIME_OF_DAY)

    @property
    def time_of_day_counts(self) -> tuple[tuple[str, int], ...]:
        return tuple((name, sum(row)) for name, row in zip(self.grid_rows, self.grid, strict=True))

    @property
    def weekday_counts(self) -> tuple[tuple[str, int], ...]:
        return tuple((day, sum(row[i] for row in self.grid)) for i, day in enumerate(WEEKDAYS))

    @property
    def time_of_day_lead(self) -> tuple[str, int] | None:
        return lead(self.time_of_day_counts)

    @property
    def weekday_lead(self) -> tuple[str, int] | None:
        return lead(self.weekday_counts)

    @property
    def context_lead(self) -> tuple[str, int] | None:
        return lead((c.value, c.total) for c in self.contexts)
