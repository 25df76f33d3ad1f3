"""A Patterns summary made fit to share (attach patterns --html FILE --redact): each name
becomes its role and a number, in the figures and inside the echo notes."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from attachjournal.core.patterns_results import Bucket, Patterns
    from attachjournal.storage import PersonRow


def redacted(p: Patterns, people: Sequence[PersonRow]) -> Patterns:
    """A copy for sharing: each name becomes its role and a number, also inside echo notes."""
    from attachjournal.formats.exchange import redaction_labels

    labels = redaction_labels(people)
    names = {person.name: labels[person.uid] for person in people}
    # A note says "Anna" of someone kept as "Anna Lee": each capitalised word of a longer name
    # stands for that person too (as written, so "Rose" the person and not "a rose"); a word
    # two names share (a family name) can't be told whose, and is hidden all the same.
    spoken: dict[str, set[str]] = {}
    for person in people:
        parts = person.name.split()
        for word in parts if len(parts) > 1 else ():
            if len(word) > 1 and word[0].isupper():
                spoken.setdefault(word, set()).add(labels[person.uid])
    words = [
        (
            re.compile(rf"(?<!\w){re.escape(word)}(?!\w)"),
            found.pop() if len(found) == 1 else "(a name)",
        )
        for word, found in spoken.items()
    ]
    patterns = [
        (re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE), new)
        for name, new in sorted(names.items(), key=lambda kv: -len(kv[0]))
    ] + sorted(words, key=lambda pw: -len(pw[0].pattern))

    def scrub(text: str) -> str:
        for pattern, new in patterns:
            text = pattern.sub(new, text)
        return text

    def people_of(pairs: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
        return tuple((names.get(name, name), n) for name, n in pairs)

    def bucket(b: Bucket) -> Bucket:
        return dataclasses.replace(b, by_person=people_of(b.by_person))

    return dataclasses.replace(
        p,
        who=names.get(p.who, p.who) if p.who else None,
        ruptures_by_person=people_of(p.ruptures_by_person),
        buckets=tuple(bucket(b) for b in p.buckets),
        years=tuple(bucket(y) for y in p.years),
        echo_notes=tuple(dataclasses.replace(n, text=scrub(n.text)) for n in p.echo_notes),
        intentions=tuple(
            dataclasses.replace(
                i,
                when=scrub(i.when),
                will=scrub(i.will),
                went_note=scrub(i.went_note) if i.went_note else None,
                who=names.get(i.who, i.who) if i.who else None,
            )
            for i in p.intentions
        ),
    )
