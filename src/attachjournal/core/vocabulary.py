"""The journal's words, in one place: the kinds of entry and the roles a person can have.

Adding a kind of entry starts here (its name, how people call it, its symbol and its title),
plus a storage migration for the CHECK constraint; every view, filter and format reads these.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str  # as stored: "reflect"
    label: str  # as people call it, lower case: "check-in"
    symbol: str  # one character for timelines and lists
    title: str  # as a heading: "Check-in"


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("reflect", "check-in", "○", "Check-in"),
        Kind("rupture", "rupture", "⚡", "Rupture"),
        Kind("repair", "repair", "↺", "Repair"),
        Kind("note", "note", "✎", "Note"),
    )
}
ENTRY_KINDS: tuple[str, ...] = tuple(KINDS)
# What people may type for a kind, besides its stored name: `--kind check-in`.
KIND_ALIASES = {"check-in": "reflect", "checkin": "reflect", "check-ins": "reflect"}

ROLES: tuple[str, ...] = ("child", "partner", "parent", "friend", "self", "other")


def kind_label(kind: str) -> str:
    """An entry kind as people know it: a check-in, never "reflect"."""
    found = KINDS.get(kind)
    return found.label if found else kind


def kind_title(kind: str) -> str:
    found = KINDS.get(kind)
    return found.title if found else kind.capitalize()


def kind_symbol(kind: str) -> str:
    found = KINDS.get(kind)
    return found.symbol if found else "·"
