"""Bad input, tried, for `attach import`: every file either imports or is refused whole.

Each input starts from a real export (or the jrnl fixture) and is mutated: keys dropped or
renamed, wrong types, hostile and huge strings, lone surrogates as JSON escapes, duplicate
uids, dangling or backwards rupture links, unknown kinds, impossible dates and zones, deep
nesting; plus arbitrary bytes, JSON and YAML. Every input is imported into a fresh copy of a
journal that already holds entries (or into a new journal) and held to the contract:

- exit 0, or exit 1 or 2 with one "✗" line and no traceback;
- refused: the entry, person and answer counts are exactly as before (all or nothing);
- accepted: the counts grow by what the command reports, `attach export` still works and
  holds every imported entry, `attach log`, `attach review` and `attach show` (of the
  entries added) show no raw control byte, and importing the same file again adds nothing.

The inputs are counted into the same "fuzz: N inputs" total as tests/test_fuzz.py.
"""

from __future__ import annotations

import copy
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from data_helpers import export_json, fill
from test_fuzz import (
    ESC_OR_C1,
    FUZZED,
    HOSTILE_BITS,
    MALFORMED,
    MEGABYTE,
    SETTINGS,
    _report_count,  # noqa: F401 (the shared "fuzz: N inputs" report, also when run alone)
    hostile_text,
    json_values,
)

JRNL = json.loads(
    (Path(__file__).parent / "fixtures" / "jrnl-4.6-export.json").read_text(encoding="utf-8")
)


@pytest.fixture
def source(attach, tmp_path) -> tuple[dict, Path]:
    """A small journal (two people, a check-in, a repaired and an open rupture), its export."""
    fill(attach)
    doc = export_json(attach)
    return doc, tmp_path / "data" / "journal.db"


def _counts(db: Path) -> tuple[int, int, int]:
    """(entries, people, answers) straight from the file; a journal not made yet has none."""
    if not db.exists() or db.stat().st_size == 0:
        return 0, 0, 0
    conn = sqlite3.connect(db)
    try:
        return tuple(  # type: ignore[return-value]
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("entry", "person", "answer")
        )
    finally:
        conn.close()


def _new_entry_ids(db: Path, count_before: int) -> list[int]:
    """The ids of the entries an import added (ids only grow, so: all but the first ones)."""
    conn = sqlite3.connect(db)
    try:
        ids = [r[0] for r in conn.execute("SELECT id FROM entry ORDER BY id")]
    finally:
        conn.close()
    return ids[count_before:]


def _copy_journal(origin: Path, target: Path) -> None:
    """A consistent copy of a journal (SQLite's backup API, so the WAL comes along)."""
    src, dst = sqlite3.connect(origin), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    # Like attach's own files: private, so no "made it private again" notice joins the output.
    target.chmod(0o600)


_RUN = {"n": 0}


def _import_and_check(attach, tmp_path: Path, origin: Path | None, raw: bytes, *options: str):
    """Import `raw` into a fresh journal (a copy of `origin`, or a new one) and hold it to the
    contract. Returns the import's result."""
    FUZZED["inputs"] += 1
    FUZZED["import"] = FUZZED.get("import", 0) + 1
    _RUN["n"] += 1
    target = tmp_path / f"target-{_RUN['n']}.db"
    if origin is not None:
        _copy_journal(origin, target)
    path = tmp_path / "import.json"
    path.write_bytes(raw)
    db = ("--db", str(target))
    before = _counts(target)
    result = attach("import", str(path), *options, *db)
    after = _counts(target)
    shown = f"raw={raw[:300]!r} out={result.output[:400]!r}"
    assert result.exit_code in (0, 1, 2), shown
    assert "Traceback" not in result.output, shown
    if result.exit_code != 0:
        assert result.stderr.startswith("✗ "), shown
        assert result.stderr.count("✗") == 1, shown
        assert result.stdout == "", shown
        assert after == before, shown  # nothing of a refused file was written
        return result

    FUZZED["imported"] = FUZZED.get("imported", 0) + 1
    added = re.search(r"Imported (\d+) entr", result.stdout)
    assert added is not None, shown
    people = re.search(r" and (\d+) (?:person|people)\.", result.stdout)
    assert after[0] - before[0] == int(added.group(1)), shown
    assert after[1] - before[1] == (int(people.group(1)) if people else 0), shown

    exported = attach("export", "--format", "json", *db)
    assert exported.exit_code == 0, shown
    held = {e["uid"] for e in json.loads(exported.stdout)["entries"]}
    document = json.loads(raw.decode("utf-8"))
    if "jrnl" not in options:
        assert {e["uid"] for e in document["entries"]} <= held, shown
    added_ids = _new_entry_ids(target, before[0])
    for view in (
        ("log", "--limit", "1000"),
        ("review", "--since", "2026-11-16", "--until", "2026-11-22"),
        *(("show", str(entry_id)) for entry_id in added_ids[:4]),
    ):
        shown_view = attach(*view, *db)
        assert shown_view.exit_code == 0, (view, shown, shown_view.output[:400])
        bad = ESC_OR_C1.search(shown_view.output)
        assert bad is None, (view, shown, shown_view.output[max(0, bad.start() - 100) :][:200])

    again = attach("import", str(path), *options, *db)
    assert again.exit_code == 0, shown
    assert "Imported 0 entries." in again.stdout, (shown, again.stdout)
    assert _counts(target) == after, shown
    return result


# ----------------------------------------------------------------------------- our exports

SCALES = [-1, 0, 6, 99, 10**30, 2**63, -(2**63) - 1, 1.5, True, "3", None]
MOMENTS = [
    "",
    "17 Nov",
    "2026-11-17",
    "0001-01-01",  # a date alone: fine for 'born', too little for 'at'
    "9999-12-31",
    "2026-11-17T07:45",  # no offset
    "2026-11-17T07:45Z",
    "2026-11-17T07:45:00.123456+05:45",
    "2026-11-17T07:45+14:00",
    "2026-11-17T07:45+24:00",
    "2026-11-17T07:45 Europe/Berlin",
    "2026-02-30T10:00+00:00",
    "2026-11-17T25:00+00:00",
    "0001-01-01T00:00+14:00",
    "0001-01-01T00:00+00:00",
    "9999-12-31T23:59-14:00",
    "9999-12-31T23:59+00:00",
    "1899-12-31T23:59+00:00",
    "3000-01-01T00:00+00:00",
    "2026-11-17T07:45\x00+00:00",
    "1e10",
]
HOSTILE_VALUES = [*HOSTILE_BITS, "\udcff", "a\ud800b", "x" * 70, MEGABYTE]
deep = st.sampled_from([2, 50, 900]).map(lambda n: json.loads("[" * n + "]" * n))


def _dicts(obj: Any, key: str) -> list[dict]:
    """The objects in obj[key], whatever earlier mutations left there."""
    items = obj.get(key) if isinstance(obj, dict) else None
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _paths(doc: dict) -> list[tuple[dict, str]]:
    """Every (object, key) in the document that a mutation could touch. Hypothesis leans to
    the first choices, so the answers come first and the top level (which refuses the whole
    file at once) last."""
    out: list[tuple[dict, str]] = []
    for entry in _dicts(doc, "entries"):
        out += [(answer, k) for answer in _dicts(entry, "answers") for k in answer]
    for entry in _dicts(doc, "entries"):
        out += [(entry, k) for k in entry]
    for person in _dicts(doc, "people"):
        out += [(person, k) for k in person]
    return out + [(doc, k) for k in doc]


def _entries(doc: dict, kind: str | None = None) -> list[dict]:
    return [e for e in _dicts(doc, "entries") if kind is None or e.get("kind") == kind]


@st.composite
def mutated_exports(draw, base: dict) -> dict:
    doc = copy.deepcopy(base)
    fresh = draw(st.booleans())
    if fresh:  # new uids and keys, so the entries are really added to the journal they go in
        for entry in _entries(doc):
            entry["uid"] = "n" + entry["uid"][1:]
            if entry.get("rupture"):
                entry["rupture"] = "n" + entry["rupture"][1:]
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        how = draw(
            st.sampled_from(
                [  # the mutations a file can survive first: Hypothesis leans to them
                    "hostile",
                    "hostile",
                    "drop",
                    "rename",
                    "set",
                    "set",
                    "moment",
                    "scale",
                    "dup_uid",
                    "dup_person",
                    "dangling",
                    "backwards",
                    "kind",
                    "deep",
                ]
            )
        )
        paths = _paths(doc)
        if how in ("drop", "rename", "set") and paths:
            obj, key = draw(st.sampled_from(paths))
            if how == "drop":
                del obj[key]
            elif how == "rename":
                obj[key + draw(st.sampled_from(["_", "X", " "]))] = obj.pop(key)
            else:
                obj[key] = draw(json_values)
            continue
        answers = [a for e in _entries(doc) for a in _dicts(e, "answers")]
        if how == "hostile":
            text = draw(st.one_of(st.sampled_from(HOSTILE_VALUES), hostile_text))
            targets = [(a, "value") for a in answers if a.get("kind") == "text"]
            targets += [(a, "question") for a in answers]
            targets += [(p, "name") for p in _dicts(doc, "people")]
            if targets:
                obj, key = draw(st.sampled_from(targets))
                obj[key] = text
        elif how == "moment":
            targets = [(e, k) for e in _entries(doc) for k in ("at", "created_at", "updated_at")]
            targets += [(p, k) for p in _dicts(doc, "people") for k in ("born", "created_at")]
            if targets:
                obj, key = draw(st.sampled_from(targets))
                obj[key] = draw(st.sampled_from(MOMENTS))
        elif how == "scale":
            scales = [a for a in answers if a.get("kind") == "scale"]
            if scales:
                draw(st.sampled_from(scales))["value"] = draw(st.sampled_from(SCALES))
        elif how == "dup_uid":
            entries = _entries(doc)
            if entries:
                twin = copy.deepcopy(draw(st.sampled_from(entries)))
                if draw(st.booleans()):
                    twin["at"] = "2026-11-19T10:00:00+00:00"
                doc["entries"].append(twin)
        elif how == "dup_person" and _dicts(doc, "people"):
            twin = copy.deepcopy(_dicts(doc, "people")[0])
            if draw(st.booleans()):
                twin["key"] = "someone-else"  # same name, other key
            doc["people"].append(twin)
        elif how == "dangling":
            for repair in _entries(doc, "repair"):
                repair["rupture"] = draw(st.sampled_from(["0" * 32, "nowhere", ""]))
        elif how == "backwards":
            for repair in _entries(doc, "repair"):
                repair["at"] = "2020-01-01T00:00:00+00:00"
        elif how == "kind":
            if draw(st.booleans()) and answers:
                answer = draw(st.sampled_from(answers))
                answer["kind"] = draw(
                    st.sampled_from(["text", "yesno", "slider", "", "SCALE", "person", None])
                )
                if draw(st.booleans()):  # a value that fits the new kind: "resourced" as text
                    answer["value"] = {"text": "3", "yesno": True}.get(answer["kind"], "x")
            elif _entries(doc):
                draw(st.sampled_from(_entries(doc)))["kind"] = draw(
                    st.sampled_from(["journal", "note", "repair", "rupture", "reflect", 3])
                )
        elif how == "deep" and answers:
            draw(st.sampled_from(answers))["value"] = draw(deep)
    return doc


def _encode(doc: Any, style: str) -> bytes:
    # "utf8" writes raw UTF-8: a lone surrogate makes the file undecodable, as it would be.
    text = json.dumps(doc, indent=2) if style == "pretty" else json.dumps(doc, ensure_ascii=False)
    return text.encode("utf-8", "surrogatepass")


@settings(SETTINGS, max_examples=200)
@given(data=st.data(), style=st.sampled_from(["pretty", "pretty", "utf8"]))
def test_fuzz_import_mutated_exports(attach, tmp_path, source, data, style):
    base, journal = source
    doc = data.draw(mutated_exports(base))
    origin = data.draw(st.sampled_from([journal, None]))
    _import_and_check(attach, tmp_path, origin, _encode(doc, style))


def _one_change(base: dict, change) -> bytes:
    doc = copy.deepcopy(base)
    change(doc)
    return _encode(doc, "pretty")


def _answer(doc: dict, kind: str) -> dict:
    return next(a for e in doc["entries"] for a in e["answers"] if a["kind"] == kind)


HAND_PICKED = {
    # Found by fuzzing: each of these was a traceback before the fix next to its check.
    "list as person answer": lambda d: _answer(d, "person").update(value=[1]),
    "object as entry person": lambda d: d["entries"][1].update(person={}),
    "year 1 in +14:00": lambda d: d["entries"][0].update(at="0001-01-01T00:00+14:00"),
    "year 9999 in -14:00": lambda d: d["entries"][0].update(at="9999-12-31T23:59-14:00"),
    "year 9999 in UTC": lambda d: d["entries"][0].update(at="9999-12-31T23:59+00:00"),
    "lone surrogate text": lambda d: _answer(d, "text").update(value="a\udcffb\ud800"),
    "lone surrogate question": lambda d: _answer(d, "scale").update(question="Q\ud800?"),
    "lone surrogate name": lambda d: d["people"][0].update(name="Ma\udcffya"),
    # Contract checks that always held.
    "control bytes in a name": lambda d: d["people"][0].update(name="\x1b[31mMaya\x00"),
    "deep nesting": lambda d: _answer(d, "text").update(value=json.loads("[" * 900 + "]" * 900)),
    "1 MB of text": lambda d: _answer(d, "text").update(value=MEGABYTE),
    "markup and escapes": lambda d: _answer(d, "text").update(value="".join(HOSTILE_BITS)),
    "scale far out of range": lambda d: _answer(d, "scale").update(value=10**30),
    "unknown answer kind": lambda d: _answer(d, "scale").update(kind="slider"),
    "a scale answered as text": lambda d: _answer(d, "scale").update(kind="text", value="3"),
    "a yes/no answered as text": lambda d: _answer(d, "yesno").update(kind="text", value="no"),
    "a multi answered as text": lambda d: _answer(d, "multi").update(kind="text", value="x"),
    "a person answered as text": lambda d: _answer(d, "person").update(kind="text", value="x"),
    "repair before rupture": lambda d: d["entries"][2].update(at="2020-01-01T00:00+00:00"),
    "dangling rupture": lambda d: d["entries"][2].update(rupture="0" * 32),
    "duplicate uid": lambda d: d["entries"].append(copy.deepcopy(d["entries"][0])),
}


@pytest.mark.parametrize("name", HAND_PICKED)
def test_import_hand_picked_hostile_exports(attach, tmp_path, source, name):
    base, journal = source
    raw = _one_change(base, HAND_PICKED[name])
    for origin in (journal, None):
        _import_and_check(attach, tmp_path, origin, raw)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        # A uid is letters, digits, - and _ only; "$" in the check let a final newline through.
        (lambda d: d["entries"][0].update(uid=d["entries"][0]["uid"] + "\n"), "'uid' must be"),
        # The rule `attach people add` keeps: no control characters (nor lone surrogates).
        (lambda d: d["people"][0].update(name="Ma\udcffya"), "can't contain control"),
        (lambda d: d["people"][0].update(name="\x1b[31mMaya"), "can't contain control"),
        # Dates are kept to the years `--at` takes, so every view can show them in local time.
        (lambda d: d["entries"][0].update(at="9999-12-31T23:59+00:00"), "'at' and 'created_at'"),
        (lambda d: d["entries"][0].update(at="0001-01-01T00:00+14:00"), "'at' and 'created_at'"),
    ],
)
def test_import_refuses_what_the_rest_of_attach_would_refuse(
    attach, tmp_path, source, change, reason
):
    result = _import_and_check(attach, tmp_path, None, _one_change(source[0], change))
    assert result.exit_code == 1
    assert reason in " ".join(result.stderr.split()), result.stderr


def test_refused_import_into_a_full_journal_leaves_it_as_it_was(attach, tmp_path, source):
    """Good new records and one fault, found by the parser or by the store: nothing lands."""
    base, journal = source
    doc = copy.deepcopy(base)
    for entry in doc["entries"]:
        entry["uid"] = "n" + entry["uid"][1:]
        if entry.get("rupture"):
            entry["rupture"] = "n" + entry["rupture"][1:]
    doc["people"].append(dict(doc["people"][0], key="k1", name="Noor"))
    wrong = copy.deepcopy(doc)
    wrong["entries"][-1]["answers"][0]["value"] = "three"  # the open rupture's person
    result = _import_and_check(attach, tmp_path, journal, _encode(wrong, "pretty"))
    assert result.exit_code == 1 and "Nothing was imported" in result.stderr
    # Only the store can tell this one: the repair's rupture is not in this journal either.
    doc["entries"] = [e for e in doc["entries"] if e["kind"] != "rupture"]
    refused = _import_and_check(attach, tmp_path, journal, _encode(doc, "pretty"))
    assert refused.exit_code == 1 and "neither in the file nor in this journal" in refused.stderr


# ----------------------------------------------------------------------------- anything at all

arbitrary = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda v: json.dumps(v).encode()),
    json_values.map(lambda v: yaml.safe_dump(v, allow_unicode=True).encode("utf-8", "replace")),
    st.sampled_from(MALFORMED).map(lambda t: t.encode("utf-8")),
    hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [
            b"\xef\xbb\xbf{}",
            b'{"format": "attachjournal-export"}',
            b'{"format": "attachjournal-export", "format_version": 2}',
            b'{"format": "attachjournal-export", "format_version": true}',
            b'{"format": "attachjournal-export", "format_version": 1, "people": {}, "entries": []}',
            b'{"format": "attachjournal-export", "format_version": 1, "people": [], '
            b'"entries": [null, 1, "x", []]}',
            b'{"entries": "x"}',
            b'{"entries": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}",
            b"[" * 100_000 + b"]" * 100_000,
            b'{"a": ' + b"1" * 5000 + b"}",
            b"NaN",
        ]
    ),
)


@settings(SETTINGS, max_examples=80)
@given(raw=arbitrary, fmt=st.sampled_from(["attach", "jrnl"]), into=st.booleans())
@example(raw=b"[" * 100_000 + b"]" * 100_000, fmt="attach", into=False)
@example(raw=b'{"entries": [{"title": "\\ud800"}]}', fmt="jrnl", into=False)
def test_fuzz_import_anything(attach, tmp_path, source, raw, fmt, into):
    _import_and_check(attach, tmp_path, source[1] if into else None, raw, "--from", fmt)


# ----------------------------------------------------------------------------- jrnl exports

JRNL_DATES = ["2026-02-30", "0001-01-01", "9999-12-31", "17 Nov", "", None, 20261117, "2026-W47"]
JRNL_TIMES = ["24:00", "23:59:59.999999", "07:45+14:00", "21:52Z", "x", None, 2152, "00:00-14:00"]


@st.composite
def mutated_jrnl(draw) -> dict:
    doc = copy.deepcopy(JRNL)
    entries = doc["entries"]
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        entry = draw(st.sampled_from(entries)) if entries else None
        how = draw(
            st.sampled_from(["text", "text", "date", "time", "tags", "star", "drop", "dup", "set"])
        )
        if entry is None or not isinstance(entry, dict):
            doc["entries"] = draw(json_values)
            break
        if how == "text":
            entry[draw(st.sampled_from(["title", "body"]))] = draw(
                st.one_of(st.sampled_from(HOSTILE_VALUES), hostile_text)
            )
        elif how == "date":
            entry["date"] = draw(st.sampled_from(JRNL_DATES))
        elif how == "time":
            entry["time"] = draw(st.sampled_from(JRNL_TIMES))
        elif how == "tags":
            entry["tags"] = draw(st.one_of(json_values, st.lists(hostile_text, max_size=3)))
        elif how == "star":
            entry["starred"] = draw(json_values)
        elif how == "drop" and entry:
            del entry[draw(st.sampled_from(sorted(entry)))]
        elif how == "dup":
            entries.append(copy.deepcopy(entry))
        elif how == "set":
            key = draw(st.sampled_from(["title", "body", "date", "time", "tags", "extra"]))
            entry[key] = draw(json_values)
    return doc


@settings(SETTINGS, max_examples=100)
@given(doc=mutated_jrnl(), style=st.sampled_from(["pretty", "utf8"]), into=st.booleans())
@example(
    doc={"entries": [{"date": "0001-01-01", "time": "00:00+14:00"}]}, style="pretty", into=False
)
@example(doc={"entries": [{"date": "9999-12-31", "time": "23:59"}]}, style="pretty", into=False)
@example(doc={"entries": [{"date": "2026-11-17", "title": "\udcff"}]}, style="pretty", into=False)
def test_fuzz_import_jrnl(attach, tmp_path, source, doc, style, into):
    journal = source[1] if into else None
    _import_and_check(attach, tmp_path, journal, _encode(doc, style), "--from", "jrnl")
