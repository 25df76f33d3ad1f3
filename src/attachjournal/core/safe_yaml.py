"""YAML from outside (an answers file, stdin) read with its aliases' expansion bounded.

A few hundred bytes of nested aliases (`&a [*b, *b, ...]`) expand to billions of values once
anything walks them; the node graph is measured, shared nodes counted as often as they are
reached, before any Python object is built from it.
"""

from __future__ import annotations

from typing import Any

from attachjournal.errors import UsageError

# Far beyond any real set of answers (a questionnaire has a few dozen values).
MAX_VALUES = 10_000
MAX_DEPTH = 64


def load(text: str, label: str) -> Any:
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        raise UsageError(f"The answers in {label} are neither valid YAML nor JSON.") from None
    if root is None:
        return None
    if _expanded(root, {}, 0) > MAX_VALUES:
        raise UsageError(
            f"The answers in {label} expand to more than {MAX_VALUES:,} values (YAML aliases "
            "repeat what they point at); write the answers out plainly. Nothing was saved."
        )
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(root)
    except (yaml.YAMLError, RecursionError):
        raise UsageError(f"The answers in {label} are neither valid YAML nor JSON.") from None
    finally:
        loader.dispose()


def _expanded(node: Any, seen: dict[int, int], depth: int) -> int:
    """How many values the node stands for once every alias is written out (capped)."""
    import yaml

    key = id(node)
    if key in seen:
        return seen[key]
    if depth > MAX_DEPTH:
        return MAX_VALUES + 1
    seen[key] = MAX_VALUES + 1  # an alias back to a node still being measured never ends
    total = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            total += _expanded(child, seen, depth + 1)
            if total > MAX_VALUES:
                break
    elif isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            total += _expanded(name, seen, depth + 1) + _expanded(value, seen, depth + 1)
            if total > MAX_VALUES:
                break
    seen[key] = min(total, MAX_VALUES + 1)
    return seen[key]
