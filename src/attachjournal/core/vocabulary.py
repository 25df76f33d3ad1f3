"""The journal's words, in one place: the kinds of entry and the roles a person can have.

Adding a kind of entry starts here (its name, how people call it, its symbol and its title),
plus a storage migration for the CHECK constraint; every view, filter and format reads these.
"""

from __future__ import annotations

from typing import NamedTuple


class Kind(NamedTuple):
    """A kind of entry: its stored name, and how people, timelines and headings call it."""

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
        # A plan for the coming week, "When ___, I will ___", set at the end of a review.
        Kind("intention", "intention", "→", "Intention"),
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


# The review's contract with prompts.yaml: the answers the review, patterns and their views
# read, by kind of entry, each with the kind of question it must be. A scale is read against
# its own range in the person's prompts (DEFAULT_SCALE when the question is not there), so
# "low" means the bottom two points of whatever scale was asked. Retired questions count:
# old entries still hold their answers. One test holds prompts.yaml to this, so a renamed
# id or a changed kind is caught before the review silently stops counting it.
DEFAULT_SCALE: tuple[int, int] = (1, 5)
READ_ANSWERS: dict[str, dict[str, str]] = {
    "reflect": {
        "resourced": "scale",
        "mood": "scale",
        "kind_to_self": "scale",
        "feelings": "multi",
        "refill": "multi",
        "drain": "multi",
        "serve_return": "choice",  # retired; older check-ins hold it
        "serve_noticed": "yesno",
        "serve_steps": "multi",
        "echo": "yesno",
        "echo_note": "text",
        "echo_about": "multi",
        "echo_keep": "choice",
        "note": "text",
    },
    "rupture": {
        "what": "text",
        "intensity": "scale",
        "sure": "scale",
        "my_need": "multi",
        "their_needs": "multi",
        "their_inner_world": "text",
        "context": "multi",
        "older_echo": "yesno",
        "older_echo_note": "text",
        "resourced_then": "scale",
    },
    "repair": {
        "reached_first": "choice",
        "calmed_first": "yesno",  # retired; older repairs hold it
        "settled_by": "multi",
        "moves": "multi",
        "connected": "scale",
        "next_time": "text",
        "kind_to_self": "scale",
    },
    # The weekly intention: the check-in shows it, the next review asks how it went, and
    # patterns lists each with its follow-up.
    "intention": {
        "when": "text",
        "will": "text",
        "how_it_went": "choice",
        "went_note": "text",
        "next": "choice",
    },
}


# The ids the review, export and tests rely on (DOMAIN.md); a user's file must keep them.
REQUIRED_IDS = {
    "reflect": (
        "resourced",
        "mood",
        "feelings",
        "refill",
        "drain",
        "serve_return",
        "serve_return_note",
        "connection",
        "echo",
        "echo_note",
        "kind_to_self",
        "note",
    ),
    "rupture": (
        "who",
        "what",
        "intensity",
        "my_feelings",
        "my_need",
        "their_inner_world",
        "sure",
        "context",
        "older_echo",
        "resourced_then",
    ),
    "repair": ("reached_first", "calmed_first", "moves", "connected", "next_time", "kind_to_self"),
    "intention": ("when", "will", "who", "how_it_went", "next"),
}

# The choices the intention's follow-up must offer: what the review and patterns read.
INTENTION_WENT = ("happened", "partly", "life_happened", "wrong_plan")
INTENTION_NEXT = ("keep", "change", "let_go")
