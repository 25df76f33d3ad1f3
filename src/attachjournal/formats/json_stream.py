"""The JSON export written as it is read: the document of `exchange.to_document`, encoded as
`export_formats.to_json` encodes it (the same bytes), one page of entries at a time.

The document has a fixed shape, so each entry is written by hand here instead of through
json's indenting encoder, which runs in pure Python (about two thirds of an export's time);
strings go through json's own C escaper, and any value of an unusual shape (a float, a
mapping, a mixed list) through json itself. Pure: rows in, text out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from attachjournal.formats.document import FORMAT, FORMAT_VERSION
from attachjournal.formats.exchange import iso, person_fields

if TYPE_CHECKING:
    from attachjournal.formats.exchange import Redaction
    from attachjournal.storage import PersonRow, RawEntry

_text = json.encoder.encode_basestring  # the escaper json.dumps(ensure_ascii=False) uses
_ENTRY_FIELDS = (
    "uid",
    "kind",
    "at",
    "created_at",
    "updated_at",
    "person",
    "rupture",
    "no_repair_needed",
)
_ENTRY_KEYS = tuple(f"      {_text(name)}: " for name in _ENTRY_FIELDS)  # three levels deep
_SHARED = f"      {_text('shared')}: true,"
_PAD = 10 * " "  # an answer's fields sit five levels deep


def iter_json(
    people: Sequence[PersonRow],
    all_people: Sequence[PersonRow],
    pages: Iterable[Sequence[RawEntry]],
    schema_version: int,
    redaction: Redaction | None = None,
) -> Iterator[str]:
    """The export document as text, in pieces: the head and people, then a piece a page."""
    from attachjournal.views.text import json_safe

    keys = {p.id: p.uid for p in all_people or people}
    head = {"format": FORMAT, "format_version": FORMAT_VERSION, "schema_version": schema_version}
    # json's own text of the head without its closing brace; the document goes on from there.
    opening = json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ",\n"
    shown = [person_fields(p) for p in people]
    if redaction is not None:
        shown = [redaction.person(p) for p in shown]
    if shown:
        listed = ",\n".join(_nested(p, 2) for p in shown)
        yield json_safe(f'{opening}  "people": [\n{listed}\n  ],\n')
    else:
        yield json_safe(f'{opening}  "people": [],\n')
    first = True
    for page in pages:
        if not page:
            continue
        text = ",\n".join(_entry(e, keys, redaction) for e in page)
        yield json_safe(('  "entries": [\n' if first else ",\n") + text)
        first = False
    yield '  "entries": []\n}\n' if first else "\n  ]\n}\n"


def _entry(entry: RawEntry, keys: dict[int, str], redaction: Redaction | None) -> str:
    """One entry as json.dumps(indent=2) writes it two levels deep in the document."""
    values = (
        entry.uid,
        entry.kind,
        iso(entry.at),
        iso(entry.created_at),
        iso(entry.updated_at),
        keys.get(entry.person_id) if entry.person_id is not None else None,
        entry.rupture_uid,
        entry.no_repair_needed,
    )
    lines = ["    {"]
    lines += [f"{key}{_scalar(value, 3)}," for key, value in zip(_ENTRY_KEYS, values, strict=True)]
    if entry.shared:  # only a server's entries are ever shared; a file's export is unchanged
        lines.append(_SHARED)
    if not entry.answers:
        lines.append('      "answers": []')
    else:
        shown = []
        for answer in entry.answers:
            value = keys.get(answer.value) if answer.kind == "person" else answer.value
            if redaction is not None:
                value = redaction.value(answer.kind, value)
            qid, question, kind = answer.question_id, answer.question_text, answer.kind
            shown.append(
                f'        {{\n{_PAD}"id": {_text(qid) if type(qid) is str else _scalar(qid, 5)},'
                f'\n{_PAD}"question": '
                f"{_text(question) if type(question) is str else _scalar(question, 5)},"
                f'\n{_PAD}"kind": {_text(kind) if type(kind) is str else _scalar(kind, 5)},'
                f'\n{_PAD}"value": {_scalar(value, 5)}\n        }}'
            )
        lines.append('      "answers": [\n' + ",\n".join(shown) + "\n      ]")
    lines.append("    }")
    return "\n".join(lines)


def _scalar(value: Any, depth: int) -> str:
    """value as json.dumps(indent=2) writes it `depth` levels deep, the common kinds (strings,
    whole numbers, yes/no, lists of strings) without json's slow indenting encoder."""
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
    if type(value) is list and all(type(v) is str for v in value):
        if not value:
            return "[]"  # a multi answer with nothing chosen: thousands in a long journal
        inner = ",\n".join(" " * (2 * depth + 2) + _text(v) for v in value)
        return "[\n" + inner + "\n" + " " * (2 * depth) + "]"
    # Floats, mappings, mixed lists: json's own way. Rare, and better so: each call makes an
    # encoder whose closures refer to each other, garbage only a collection frees.
    return _nested(value, depth).lstrip(" ")


def _nested(value: Any, depth: int) -> str:
    """value as json.dumps(indent=2) writes it `depth` levels deep inside a document.

    JSON text holds no raw newline (strings escape theirs), so indenting every line is safe.
    """
    pad = " " * (2 * depth)
    return pad + json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)
