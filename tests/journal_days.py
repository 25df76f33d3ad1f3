"""Today as attach counts it, for tests that write entries relative to the real clock.

A journal day runs until 04:00 (the default day_starts_at), so between midnight and 04:00 it
is still yesterday's date. Tests that took the calendar's date put their entries a day later
than attach counts them, and failed only when the suite ran in those hours.
"""

from __future__ import annotations

from datetime import date, datetime, time

from attachjournal.core.stats import local_day


def journal_today() -> date:
    return local_day(datetime.now().astimezone(), time(4))
