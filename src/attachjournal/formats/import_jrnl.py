"""Read a `jrnl --export json` file into an import plan: each jrnl entry becomes a note, its
tags and starred mark kept; the same file imported twice adds nothing the second time."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from attachjournal.core.prompts import storable
from attachjournal.formats.document import (
    MAX_PROBLEMS_SHOWN,
    ImportRefused,
    in_range,
)

if TYPE_CHECKING:
    from attachjournal.storage import ImportPlan


JRNL_QUESTIONS = {
    "title": "Title (from jrnl)",
    "body": "Entry (from jrnl)",
    "tags": "Tags (from jrnl)",
    "starred": "Starred in jrnl",
}


def parse_jrnl(data: Any, now: datetime) -> ImportPlan:
    """A `jrnl --export json` file as notes. jrnl keeps local wall-clock times without a zone,
    so they are read in this machine's zone. Each note's uid comes from its content and time,
    so importing the same file twice adds nothing the second time."""
    from attachjournal.storage import AnswerIn, EntryIn, ImportPlan

    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ImportRefused("This file is not a jrnl JSON export (no 'entries' list).")
    problems: list[str] = []
    entries = []
    for index, item in enumerate(data["entries"]):
        where = f"entries[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
            continue
        title, body = item.get("title", ""), item.get("body", "")
        day, clock = item.get("date"), item.get("time", "00:00")
        tags = item.get("tags", [])
        if not isinstance(title, str) or not isinstance(body, str):
            problems.append(f"{where}: 'title' and 'body' must be text")
            continue
        try:
            local = datetime.fromisoformat(f"{day}T{clock}")
            at = in_range(
                (local.astimezone() if local.tzinfo is None else local).astimezone(timezone.utc)
            )
        except (TypeError, ValueError, OverflowError):
            at = None
        if at is None:
            problems.append(f"{where}: 'date' and 'time' must look like 2026-11-14 and 21:52")
            continue
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            problems.append(f"{where}: 'tags' must be a list of text")
            continue
        title, body, tags = storable(title), storable(body), [storable(t) for t in tags]
        starred = item.get("starred") is True
        answers = [AnswerIn("title", JRNL_QUESTIONS["title"], "text", title)] if title else []
        if body:
            answers.append(AnswerIn("body", JRNL_QUESTIONS["body"], "text", body))
        if tags:
            answers.append(AnswerIn("tags", JRNL_QUESTIONS["tags"], "multi", list(tags)))
        if starred:
            answers.append(AnswerIn("starred", JRNL_QUESTIONS["starred"], "yesno", True))
        digest = hashlib.sha256(f"jrnl\0{day}\0{clock}\0{title}\0{body}".encode()).hexdigest()
        entries.append(
            EntryIn(
                uid=f"jrnl-{digest[:27]}",
                kind="note",
                at=at,
                created_at=None,  # jrnl does not say when an entry was written
                updated_at=None,
                person=None,
                rupture=None,
                no_repair_needed=False,
                answers=tuple(answers),
                label=where,
            )
        )
    if problems:
        shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
        raise ImportRefused(
            f"Nothing was imported: {len(problems)} problem{'s' if len(problems) != 1 else ''} "
            f"in the jrnl file. {shown}."
        )
    uids = [e.uid for e in entries]
    if len(uids) != len(set(uids)):
        # Two identical notes at the same minute: keep them apart by their place in the file.
        seen: dict[str, int] = {}
        fixed = []
        for entry in entries:
            count = seen.get(entry.uid, 0)
            seen[entry.uid] = count + 1
            if count:
                from dataclasses import replace

                entry = replace(entry, uid=f"{entry.uid}-{count}")
            fixed.append(entry)
        entries = fixed
    return ImportPlan(entries=tuple(entries))
