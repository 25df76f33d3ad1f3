"""Write the life an attach journal holds as a plain-text jrnl journal.

    python benchmarks/jrnl_journal.py --db attach.db --out journal.txt

jrnl's own format: each entry starts with a `[YYYY-MM-DD HH:MM] Title.` line and its body
follows until the next entry. Every entry of the attach journal (made by generate.py) becomes
one jrnl entry at the same minute, its answers written out as a person would type them
("How resourced do I feel right now? 3"), so both tools hold the same entries and the same
words: a side-by-side compares the tools, not two different diaries.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from datetime import datetime, timezone
from pathlib import Path

TIME_FORMAT = "%Y-%m-%d %H:%M"  # the config written beside the journal says the same
TITLES = {"reflect": "Check-in.", "rupture": "A hard moment.", "repair": "We came back together."}


def _words(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def write_jrnl(path: Path, attach_db: Path) -> int:
    """Write the journal; returns how many entries it holds."""
    conn = sqlite3.connect(attach_db)
    try:
        people = dict(conn.execute("SELECT id, name FROM person"))
        bodies: dict[int, list[str]] = {}
        for entry_id, kind, question, value in conn.execute(
            "SELECT entry_id, kind, question_text, value FROM answer ORDER BY entry_id, position"
        ):
            value = json.loads(value)
            if kind == "person":
                value = people.get(value, value)
            bodies.setdefault(entry_id, []).append(f"{question} {_words(value)}")
        rows = conn.execute("SELECT id, kind, at FROM entry ORDER BY at, id").fetchall()
    finally:
        conn.close()
    with path.open("w", encoding="utf-8") as out:
        for entry_id, kind, at in rows:
            when = datetime.fromisoformat(at).replace(tzinfo=timezone.utc).astimezone()
            title = TITLES.get(kind, "Entry.")
            body = "\n".join(bodies.get(entry_id, ()))
            out.write(f"[{when.strftime(TIME_FORMAT)}] {title}\n{body}\n\n")
    return len(rows)


def config(journal: Path) -> str:
    """jrnl's YAML config pointing at journal, unencrypted, without colours or an editor."""
    return (
        "colors:\n  body: none\n  date: none\n  tags: none\n  title: none\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\n"
        "highlight: false\nindent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\n"
        f"linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '{TIME_FORMAT}'\n"
        "version: '4.6'\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="an attach journal to copy")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    count = write_jrnl(args.out, args.db)
    print(f"Wrote {count} entries into {args.out}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
