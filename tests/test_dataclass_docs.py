"""Every dataclass in the package has a docstring (three wait, see IN_FINGERPRINTED_RULES).

Two reasons. A reader meets a record (a review line, an import plan, a draft) far from where it
is filled in; one line saying what it is and where it comes from or goes saves a search.
And it is cheaper: for a class without a docstring, `dataclasses.dataclass` (on Python 3.11,
as on the versions around it) builds `inspect.signature(cls)` at import time to invent a
`__doc__`, tens of microseconds a class, paid again on every run of every command that
imports it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "attachjournal"

# Left without a docstring on purpose: these sit in the safety rules' sources, whose bytes are
# fingerprinted (tests/test_care_remembered.py). Any change there, a docstring too, reads as
# changed rules, and raising RULES makes every kept verdict be worked out again. Document them
# the next time RULES is raised for a real change, and take them off this list (a stale entry
# fails, so the list only shrinks).
IN_FINGERPRINTED_RULES = {
    "attachjournal/core/safety/detect.py _Frame",
    "attachjournal/core/safety/detect.py _Context",
    "attachjournal/core/safety/detect.py Hit",
}


def _is_dataclass(node: ast.ClassDef) -> bool:
    """Decorated with dataclass, however spelled: @dataclass(...), @dataclasses.dataclass."""
    return any("dataclass" in ast.unparse(decorator) for decorator in node.decorator_list)


def _undocumented(source: str) -> list[tuple[int, str]]:
    """(line, class name) of each dataclass in the source that has no docstring."""
    return [
        (node.lineno, node.name)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ClassDef)
        and _is_dataclass(node)
        and ast.get_docstring(node) is None
    ]


def _dataclasses_in_package() -> int:
    return sum(
        1
        for path in SOURCE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and _is_dataclass(node)
    )


def _missing() -> dict[str, int]:
    """Each dataclass of the package without a docstring, as "path ClassName" -> its line."""
    return {
        f"{path.relative_to(SOURCE.parent).as_posix()} {name}": line
        for path in sorted(SOURCE.rglob("*.py"))
        for line, name in _undocumented(path.read_text(encoding="utf-8"))
    }


def test_every_dataclass_says_what_it_is():
    missing = [
        f"{where} (line {line})"
        for where, line in _missing().items()
        if where not in IN_FINGERPRINTED_RULES
    ]
    assert not missing, (
        "These dataclasses have no docstring:\n  "
        + "\n  ".join(missing)
        + "\nGive each one a line saying what the record is and where it comes from or goes: "
        "it explains the record to a reader, and without one Python 3.11's dataclass() builds "
        "inspect.signature(cls) at import time to invent a __doc__, on every run."
    )


def test_the_list_left_undocumented_only_shrinks():
    stale = sorted(IN_FINGERPRINTED_RULES - set(_missing()))
    assert not stale, f"These have a docstring now (or are gone); take them off the list: {stale}"


def test_the_walk_finds_the_package_dataclasses():
    # A walk that found nothing would pass the test above for the wrong reason: the package
    # has well over fifty dataclasses (review lines, records, import plans, results...).
    assert _dataclasses_in_package() > 50


@pytest.mark.parametrize(
    "decorator",
    [
        "@dataclass",
        "@dataclass(frozen=True)",
        "@dataclasses.dataclass",
        "@dc.dataclass(slots=True)",
    ],
)
def test_every_spelling_of_the_decorator_counts(decorator):
    bare = f"{decorator}\nclass Record:\n    id: int\n"
    documented = f'{decorator}\nclass Record:\n    """One record."""\n\n    id: int\n'
    assert _undocumented(bare) == [(2, "Record")]
    assert _undocumented(documented) == []


def test_a_comment_or_a_plain_class_is_not_taken_for_a_docstring():
    commented = "@dataclass\nclass Record:\n    # what it is, in a comment\n    id: int\n"
    plain = "class Plain:\n    id: int\n"
    assert _undocumented(commented) == [(2, "Record")]
    assert _undocumented(plain) == []
