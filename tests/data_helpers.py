"""Small builders shared by the export, import, edit, delete and search tests."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path


def fill(attach) -> None:
    """Two people, a check-in, a repaired rupture, an open rupture (times in Europe/Berlin)."""
    for args in (
        ("people", "add", "Maya", "--role", "child", "--born", "2021-03-14"),
        ("people", "add", "Sam", "--role", "partner"),
    ):
        result = attach(*args)
        assert result.exit_code == 0, result.output
    checkin = {
        "resourced": 2,
        "mood": 4,
        "feelings": ["tired", "tender"],
        "echo": True,
        "echo_note": "Maya heard my mother's voice in mine",
        "note": "A [bold]quiet[/bold] walk with Maya; we counted 7 snails",
    }
    run(attach, "reflect", "--at", "2026-11-16T08:10", "--answers", "-", stdin=checkin)
    rupture = {
        "who": "Maya",
        "what": "Shouted about the shoes",
        "intensity": 3,
        "context": ["rushing", "transition"],
        "moves": ["named", "sorry"],
        "connected": 4,
        "next_time": "A five minute warning",
    }
    run(
        attach,
        "repair",
        "--new",
        "--at",
        "2026-11-17T07:45",
        "--repaired-at",
        "2026-11-17T08:30",
        "--answers",
        "-",
        stdin=rupture,
    )
    run(attach, "repair", "--new", "--at", "2026-11-18T23:30", "-a", "who=Sam", "-a", "intensity=2")


def run(attach, *args: str, stdin: dict | None = None):
    result = attach(*args, "--no-input", input=json.dumps(stdin) if stdin is not None else None)
    assert result.exit_code == 0, result.output
    return result


def export_json(attach, *args: str) -> dict:
    result = attach("export", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def said(text: str) -> str:
    """A message as one line: the console wraps long lines at the terminal width."""
    return " ".join(text.split())
