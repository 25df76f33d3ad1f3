"""A streaming JSON export, to show what `attach export --format json` could cost.

    python benchmarks/export_stream.py --db PATH > export.json      (or ATTACH_DB=PATH)

Today the export reads every entry and every answer into records (storage's dump), turns them
into one document of dicts and lists (formats.exchange.to_document), and only then encodes it,
so its peak memory grows with the history (about 155 MB for 30 years). This sketch writes the
same bytes (tests/test_benchmarks.py holds it to that) while holding one page of entries at a
time: people first, then the entries in pages of PAGE, each page's answers read with it. Its
peak memory stays flat with history. It is a benchmark of the plan, not attach's code path.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path

from attachjournal.views.render import json_safe

PAGE = 500  # entries a page: also under SQLite's limit of bound variables
FORMAT, FORMAT_VERSION = "attachjournal-export", 1  # as formats.exchange writes them


def iso(text: str | None) -> str | None:
    """Stored naive-UTC text -> the export's ISO form (exchange.iso of store.from_db_time)."""
    if text is None:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc).isoformat()


def nested(value: object, depth: int) -> str:
    """value as json.dumps(indent=2) writes it `depth` levels deep inside a document.

    JSON text holds no raw newline (strings escape theirs), so indenting every line is safe.
    """
    return " " * (2 * depth) + json.dumps(value, ensure_ascii=False, indent=2).replace(
        "\n", "\n" + " " * (2 * depth)
    )


_text = json.encoder.encode_basestring  # the C escaper json.dumps(ensure_ascii=False) uses
_PAD = 10 * " "  # an answer's lines sit five levels deep


def scalar(value: object, depth: int) -> str:
    """value as json.dumps(indent=2) writes it at depth, the common kinds without its slow
    pure-Python indenting encoder (answers hold strings, numbers, yes/no and lists of them)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is str:
        return _text(value)
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is list and value and all(type(v) is str for v in value):
        inner = ",\n".join(" " * (2 * depth + 2) + _text(v) for v in value)
        return "[\n" + inner + "\n" + " " * (2 * depth) + "]"
    return nested(value, depth).lstrip(" ")  # floats, dicts, mixed lists: json's own way


def entry_text(entry: tuple, answers: list[tuple], keys: dict[int, str]) -> str:
    """One entry as json.dumps(indent=2) writes it two levels deep in the document."""
    _, uid, kind, at, created, updated, person, rupture_uid, no_repair = entry
    fields = (
        ("uid", uid),
        ("kind", kind),
        ("at", iso(at)),
        ("created_at", iso(created)),
        ("updated_at", iso(updated)),
        ("person", keys.get(person) if person is not None else None),
        ("rupture", rupture_uid),
        ("no_repair_needed", bool(no_repair)),
    )
    lines = ["    {"]
    lines += [f"      {_text(name)}: {scalar(value, 3)}," for name, value in fields]
    if not answers:
        lines.append('      "answers": []')
    else:
        shown = []
        for qid, question, answer_kind, value in answers:
            value = keys.get(value) if answer_kind == "person" else value
            shown.append(
                f'{_PAD[:8]}{{\n{_PAD}"id": {_text(qid)},\n{_PAD}"question": {_text(question)},'
                f'\n{_PAD}"kind": {_text(answer_kind)},\n{_PAD}"value": {scalar(value, 5)}'
                f"\n{_PAD[:8]}}}"
            )
        lines.append('      "answers": [\n' + ",\n".join(shown) + "\n      ]")
    lines.append("    }")
    return "\n".join(lines)


def chunks(conn: sqlite3.Connection) -> Iterator[str]:
    people = conn.execute(
        "SELECT id, uid, name, role, born, created_at FROM person ORDER BY name_key, uid"
    ).fetchall()
    keys = {p[0]: p[1] for p in people}
    schema = conn.execute("PRAGMA user_version").fetchone()[0]
    head = {"format": FORMAT, "format_version": FORMAT_VERSION, "schema_version": schema}
    yield json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ",\n"  # open: no closing brace
    shown_people = [
        {
            "key": uid,
            "name": name,
            "role": role,
            "born": date.fromisoformat(born).isoformat() if born else None,
            "created_at": iso(created),
        }
        for _, uid, name, role, born, created in people
    ]
    if shown_people:
        yield '  "people": [\n' + ",\n".join(nested(p, 2) for p in shown_people) + "\n  ],\n"
    else:
        yield '  "people": [],\n'
    # The same rows, in the same order, as storage's dump with no filter.
    rows = conn.execute(
        "SELECT e.id, e.uid, e.kind, e.at, e.created_at, e.updated_at, e.person_id, "
        "r.uid, e.no_repair_needed FROM entry e LEFT JOIN entry r ON r.id = e.rupture_id "
        "WHERE (e.kind != 'repair') OR e.rupture_id IN "
        "(SELECT e.id FROM entry e WHERE e.kind != 'repair') ORDER BY e.at, e.uid"
    )
    first = True
    while page := rows.fetchmany(PAGE):
        answers: dict[int, list[tuple]] = {}
        marks = ", ".join("?" * len(page))
        for entry_id, qid, question, kind, value in conn.execute(
            "SELECT entry_id, question_id, question_text, kind, value FROM answer "
            f"WHERE entry_id IN ({marks}) ORDER BY entry_id, position, id",
            [r[0] for r in page],
        ):
            answers.setdefault(entry_id, []).append((qid, question, kind, json.loads(value)))
        text = ",\n".join(entry_text(r, answers.get(r[0], []), keys) for r in page)
        yield json_safe(('  "entries": [\n' if first else ",\n") + text)
        first = False
    yield '  "entries": []\n}\n' if first else "\n  ]\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=os.environ.get("ATTACH_DB"))
    args = parser.parse_args(argv)
    if args.db is None or not Path(args.db).exists():
        print("Give the journal with --db PATH (or ATTACH_DB).", file=sys.stderr)
        return 2
    conn = sqlite3.connect(args.db)
    try:
        sys.stdout.writelines(chunks(conn))
    finally:
        conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
