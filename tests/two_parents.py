"""A household of two on the throwaway server: mum (ATTACH_DB) and dad, Maya its child.

The server tests about sharing, privacy and export all start here; `rupture` writes one of
mum's (or, inside `as_dad`, one of dad's) ruptures with Maya.
"""

from __future__ import annotations

import json
import os
from typing import Any


class Household:
    """mum and dad's journal URLs, and a way to run attach as dad for a moment."""

    def __init__(self, backend: Any, attach: Any, monkeypatch: Any) -> None:
        self.backend, self.attach, self.monkeypatch = backend, attach, monkeypatch
        self.mum = os.environ["ATTACH_DB"]
        self.dad = backend.member("dad")

    def as_dad(self, *args: str) -> Any:
        self.monkeypatch.setenv("ATTACH_DB", self.dad)
        try:
            return self.attach(*args)
        finally:
            self.monkeypatch.setenv("ATTACH_DB", self.mum)

    def dad_sees_in_sql(self) -> list[tuple[int, str]]:
        """What dad's own role reads with plain SQL, past attach: (id, kind) of each entry."""
        role = f"dad_{self.backend.database}"
        with self.backend.server.connect(role, self.backend.database, autocommit=True) as conn:
            conn.execute("SET search_path = attach")
            return conn.execute("SELECT id, kind FROM entry ORDER BY id").fetchall()


def two_parents(backend: Any, attach: Any, monkeypatch: Any) -> Household:
    """Maya added to the household by mum, and dad made a second member."""
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    return Household(backend, attach, monkeypatch)


def rupture(attach: Any, *extra: str) -> dict[str, Any]:
    """A rupture with Maya (intensity 2) saved without questions: its JSON (id, uid, ...)."""
    saved = attach(
        "repair", "--new", "--no-input", "--json", "-a", "who=Maya", "-a", "intensity=2", *extra
    )
    assert saved.exit_code == 0, saved.output
    found = json.loads(saved.stdout)
    return found[0] if isinstance(found, list) else found
