"""The floor: the least a command that shows last week can cost.

    python benchmarks/floor.py [--db PATH]      (or ATTACH_DB=PATH)

A plain script: it opens the journal with the standard library's sqlite3, reads the rows
`attach review` reads (the check-ins and ruptures of this week and the week before, the repairs
of those ruptures, the time of the first entry) and prints last week as a Rich table. Run as a
fresh process beside the commands, it shows what Python, sqlite3 and Rich cost on their own:
whatever a command costs above it is attach's own doing.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

from rich.console import Console
from rich.table import Table

# The columns attach reads for an entry (and the person it names).
ENTRY_COLUMNS = (
    "e.id, e.uid, e.kind, e.at, e.created_at, e.updated_at, e.person_id, p.name, "
    "e.rupture_id, e.no_repair_needed"
)


def db_time(moment: datetime) -> str:
    """As the journal file keeps times: naive UTC text, which sorts by time."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc).astimezone()


def entries(conn: sqlite3.Connection, where: str, params: tuple | list) -> list[dict]:
    """Entries matching where, oldest first, each with its answers (one query for all)."""
    rows = conn.execute(
        f"SELECT {ENTRY_COLUMNS} FROM entry e LEFT JOIN person p ON p.id = e.person_id "
        f"WHERE {where} ORDER BY e.at, e.id",
        params,
    ).fetchall()
    found = {
        r[0]: {
            "id": r[0],
            "kind": r[2],
            "at": local(r[3]),
            "person": r[7],
            "rupture_id": r[8],
            "answers": {},
        }
        for r in rows
    }
    ids = list(found)
    for start in range(0, len(ids), 500):  # under SQLite's limit of bound variables
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for entry_id, question_id, value in conn.execute(
            f"SELECT entry_id, question_id, value FROM answer WHERE entry_id IN ({marks}) "
            "ORDER BY entry_id, position",
            chunk,
        ):
            found[entry_id]["answers"][question_id] = json.loads(value)
    return list(found.values())


def last_week(db: Path, now: datetime) -> tuple[list[dict], dict[int, dict], str | None]:
    """This week's and last week's check-ins and ruptures, their repairs, the first entry."""
    tomorrow = datetime.combine(now.date() + timedelta(days=1), time()).astimezone()
    start = datetime.combine(now.date() - timedelta(days=13), time()).astimezone()
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        found = entries(
            conn,
            "e.at >= ? AND e.at < ? AND e.kind IN ('reflect', 'rupture')",
            (db_time(start), db_time(tomorrow)),
        )
        ruptures = [e["id"] for e in found if e["kind"] == "rupture"]
        marks = ", ".join("?" * len(ruptures))
        repairs = (
            {r["rupture_id"]: r for r in entries(conn, f"e.rupture_id IN ({marks})", ruptures)}
            if ruptures
            else {}
        )
        first = conn.execute("SELECT min(at) FROM entry").fetchone()[0]
    finally:
        conn.close()
    return found, repairs, first


def table(found: list[dict], repairs: dict[int, dict], now: datetime) -> Table:
    week_starts = datetime.combine(now.date() - timedelta(days=6), time()).astimezone()
    shown = Table(title="The last 7 days")
    for column in ("day", "time", "what", "who", "resourced / intensity", "repaired"):
        shown.add_column(column)
    for entry in found:
        if entry["at"] < week_starts:
            continue  # the week before is read for the comparison, not listed
        answers = entry["answers"]
        if entry["kind"] == "reflect":
            what, level, repaired = "check-in", answers.get("resourced"), ""
        else:
            repair = repairs.get(entry["id"])
            what, level = "rupture", answers.get("intensity")
            repaired = repair["at"].strftime("%a %H:%M") if repair else "not yet"
        shown.add_row(
            entry["at"].strftime("%a %d %b"),
            entry["at"].strftime("%H:%M"),
            what,
            entry["person"] or "",
            "" if level is None else str(level),
            repaired,
        )
    return shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=os.environ.get("ATTACH_DB"))
    args = parser.parse_args(argv)
    if args.db is None or not Path(args.db).exists():
        print("Give the journal with --db PATH (or ATTACH_DB).", file=sys.stderr)
        return 2
    now = datetime.now().astimezone()
    found, repairs, first = last_week(Path(args.db), now)
    console = Console()
    console.print(table(found, repairs, now))
    earliest = local(first).strftime("%d %b %Y") if first else "none yet"
    console.print(f"{len(found)} entries in the last two weeks; the first entry: {earliest}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
