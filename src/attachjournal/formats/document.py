"""What every reader and writer of the export document shares: its name and version, the
reason an import is refused, and how a time in it is read (aware, within the years attach
accepts)."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from attachjournal.errors import AttachError

FORMAT = "attachjournal-export"
FORMAT_VERSION = 1
# \Z, not $: "$" also matches before a final newline, and a uid must be only these characters.
UID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}\Z")
QID_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}\Z")
MAX_PROBLEMS_SHOWN = 5


class ImportRefused(AttachError):
    """The file to import has a record that can't be read; nothing was imported."""


def read_moment(value: Any) -> datetime | None:
    """An ISO 8601 time with its offset, as aware UTC; None when it is not one or out of range."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            return None
        return in_range(parsed.astimezone(timezone.utc))
    except (ValueError, OverflowError):  # year 1 at +14:00 is before the first datetime
        return None


def in_range(moment: datetime) -> datetime | None:
    """The years `--at` accepts; they keep every later conversion to local time in range."""
    from attachjournal.core.when import EARLIEST_YEAR, LATEST_YEAR

    return moment if EARLIEST_YEAR <= moment.year <= LATEST_YEAR else None
