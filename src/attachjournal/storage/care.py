"""Each entry remembers whether its free text speaks of harm, kept up to date whenever its
answers are written, as the search index is.

Reading every word of a week again (and loading the rules to do it) cost a review a third of
its time. The verdict is worked out by the pure safety check (core/safety) and kept as
"RULES:groups" in entry.care: `safety.remembered` reads it back, and treats one made by other
rules, or none at all (entries from before), as unknown, to be read again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def remember(conn: Any, entry_ids: Iterable[int]) -> None:
    """Work out and keep the verdict of each entry from its free-text answers as stored now."""
    from attachjournal.core import safety

    ids = list(entry_ids)
    texts: dict[int, list[str]] = {entry_id: [] for entry_id in ids}
    for start in range(0, len(ids), 500):  # SQLite's limit on bound values, with room
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for entry_id, value in conn.execute(
            f"SELECT entry_id, value FROM answer WHERE kind = 'text' AND entry_id IN ({marks})",
            chunk,
        ):
            text = json.loads(value)
            if isinstance(text, str):
                texts[entry_id].append(text)
    conn.executemany(
        "UPDATE entry SET care = ? WHERE id = ?",
        [(safety.verdict(found), entry_id) for entry_id, found in texts.items()],
    )
