"""The streamed JSON export writes exactly the bytes of the whole document it replaced
(exchange.to_document, redacted or not, encoded by export_formats), for any rows and filters."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attachjournal.formats import exchange, export_formats
from attachjournal.formats.json_stream import iter_json
from attachjournal.storage import Dump, PersonRow, RawEntry, open_journal
from attachjournal.storage.dump import RawAnswer
from attachjournal.storage.migrations import LATEST
from data_helpers import fill

# ---- the writer alone, on any rows -------------------------------------------------------

ANY_TEXT = st.text(max_size=12)  # controls, bidi marks, lone surrogates, any script
MOMENTS = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.timezones()
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=6,
)
ANSWER_KINDS = ("text", "multi", "scale", "choice", "yesno", "person", "unknown")


@st.composite
def rows(draw):
    count = draw(st.integers(0, 4))
    everyone = [
        PersonRow(
            id=i + 1,
            uid=draw(st.text(st.characters(codec="ascii"), min_size=1, max_size=8)) + str(i),
            name=draw(st.text(min_size=1, max_size=8)),
            role=draw(st.sampled_from(exchange.ROLES)),
            born=draw(st.none() | st.dates(date(1900, 1, 1), date(2100, 1, 1))),
            created_at=draw(MOMENTS),
        )
        for i in range(count)
    ]
    needed = [p for p in everyone if draw(st.booleans())]
    ids = st.none() | st.integers(0, count + 1)  # someone, no one, or an id no one has

    def answer(kind: str) -> RawAnswer:
        if kind == "person":
            value = draw(ids)
        elif kind == "multi":
            value = draw(st.lists(ANY_TEXT, max_size=3) | JSON_VALUES)
        else:
            value = draw(JSON_VALUES)
        return RawAnswer(draw(ANY_TEXT), draw(ANY_TEXT), kind, value)

    entries = [
        RawEntry(
            id=n,
            uid=draw(ANY_TEXT),
            kind=draw(st.sampled_from(exchange.ENTRY_KINDS)),
            at=draw(MOMENTS),
            created_at=draw(st.none() | MOMENTS),
            updated_at=draw(st.none() | MOMENTS),
            person_id=draw(ids),
            rupture_id=None,
            rupture_uid=draw(st.none() | ANY_TEXT),
            no_repair_needed=draw(st.booleans()),
            shared=draw(st.booleans()),  # a server's shared entry carries "shared": true
            answers=tuple(
                answer(kind) for kind in draw(st.lists(st.sampled_from(ANSWER_KINDS), max_size=4))
            ),
        )
        for n in range(draw(st.integers(0, 6)))
    ]
    return everyone, needed, entries


def _whole(dump: Dump, redact: bool) -> str:
    """The export as it was written before it streamed: one document, then encoded."""
    document = exchange.to_document(dump, LATEST)
    if redact:
        document = exchange.redact(document, dump.all_people)
    return "".join(export_formats.render_chunks(document, "json"))


def _pages(entries: list[RawEntry], size: int) -> list[tuple[RawEntry, ...]]:
    return [tuple(entries[i : i + size]) for i in range(0, len(entries), size)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows(), st.booleans(), st.integers(1, 4))
def test_streamed_json_is_the_whole_document_byte_for_byte(found, redact, page):
    everyone, needed, entries = found
    expected = _whole(Dump(tuple(needed), tuple(entries), tuple(everyone)), redact)
    redaction = exchange.Redaction(everyone) if redact else None
    streamed = "".join(iter_json(needed, everyone, _pages(entries, page), LATEST, redaction))
    assert streamed == expected


def test_an_empty_page_adds_nothing():
    expected = _whole(Dump((), ()), False)
    assert "".join(iter_json((), (), [(), ()], LATEST)) == expected
    assert json.loads(expected) == {
        "format": "attachjournal-export",
        "format_version": 1,
        "schema_version": LATEST,
        "people": [],
        "entries": [],
    }


# ---- storage's pages: the entries of `dump`, in its order, a page at a time ---------------


def _journal_with_edges(attach) -> None:
    """fill's journal, plus: a rupture whose repair comes after the window's end, a check-in
    with non-ASCII and control characters, an empty multi answer, a person with no entries."""
    fill(attach)
    assert attach("people", "add", "Zoë", "--role", "child", "--born", "2019-07-01").exit_code == 0
    assert attach("people", "add", "Ada", "--role", "other").exit_code == 0
    said = "Sprach \u201eleise\u201c mit Zoë \u00e9t\u00e9 \x1b[31m \x9b \u202e \x07 end"
    for args in (
        ("reflect", "--at", "2026-11-19T21:00", "-a", "resourced=3", "-a", f"note={said}"),
        ("repair", "--new", "--at", "2026-11-20T07:00", "--repaired-at", "2026-11-23T07:00",
         "-a", "who=Zoë", "-a", "intensity=2", "-a", "what=zoë and ZOË"),
    ):  # fmt: skip
        result = attach(*args, "--no-input")
        assert result.exit_code == 0, result.output
    nothing_chosen = json.dumps({"resourced": 4, "feelings": []})
    result = attach(
        "reflect", "--at", "2026-11-22T20:00", "--answers", "-", "--no-input", input=nothing_chosen
    )  # fmt: skip
    assert result.exit_code == 0, result.output


FILTERS = [
    {},
    {"since": datetime(2026, 11, 17, tzinfo=timezone.utc)},  # a repair inside, its rupture too
    {"until": datetime(2026, 11, 21, tzinfo=timezone.utc)},  # a repair after the end travels
    {"since": datetime(2026, 11, 18, tzinfo=timezone.utc),
     "until": datetime(2026, 11, 21, tzinfo=timezone.utc)},
    {"who": "Maya"},
    {"who": "Zoë", "since": datetime(2026, 11, 20, tzinfo=timezone.utc)},
    {"who": "Ada"},  # no entries: no people either
    {"since": datetime(2030, 1, 1, tzinfo=timezone.utc)},
]  # fmt: skip


@pytest.mark.parametrize("chosen", FILTERS)
def test_pages_hold_what_dump_holds(attach, db_path, chosen):
    _journal_with_edges(attach)
    journal = open_journal(db_path, create=False)
    assert journal is not None
    filters = {k: v for k, v in chosen.items() if k != "who"}
    try:
        with journal.read() as reader:
            if "who" in chosen:
                filters["person_id"] = reader.find_person(chosen["who"]).id
            whole = reader.dump(**filters)
            for size in (1, 2, 500):
                found = reader.export_pages(**filters, page=size)
                assert found.people == whole.people and found.all_people == whole.all_people
                pages = list(found.pages)
                assert all(0 < len(page) <= size for page in pages)
                assert tuple(e for page in pages for e in page) == whole.entries
                for redact in (False, True):
                    redaction = exchange.Redaction(whole.all_people) if redact else None
                    pages = reader.export_pages(**filters, page=size).pages
                    text = "".join(
                        iter_json(found.people, found.all_people, pages, LATEST, redaction)
                    )
                    assert text == _whole(whole, redact)
    finally:
        journal.close()


# ---- the command: stdout and -o FILE, every filter ---------------------------------------

COMMAND_FILTERS = [
    (),
    ("--since", "2026-11-17"),
    ("--until", "2026-11-20"),
    ("--since", "2026-11-18", "--until", "2026-11-20"),
    ("--who", "maya"),
    ("--who", "Zoë", "--since", "2026-11-21"),
    ("--redact",),
    ("--redact", "--who", "Sam", "--until", "2026-11-19"),
    ("--since", "2030-01-01"),
]


def _expected(db_path: Path, args: tuple[str, ...]) -> str:
    """What the command wrote before it streamed, made here from the whole dump."""
    from attachjournal.core.stats import local_midnight
    from attachjournal.core.when import parse_day

    rest = [a for a in args if a != "--redact"]
    options = dict(zip(rest[::2], rest[1::2], strict=True))
    today = date(2026, 11, 25)  # the days given are whole dates: today does not matter
    filters: dict[str, object] = {}
    if "--since" in options:
        filters["since"] = local_midnight(parse_day(options["--since"], today))
    if "--until" in options:
        filters["until"] = local_midnight(parse_day(options["--until"], today) + timedelta(days=1))
    journal = open_journal(db_path, create=False)
    assert journal is not None
    try:
        with journal.read() as reader:
            if "--who" in options:
                filters["person_id"] = reader.find_person(options["--who"]).id
            return _whole(reader.dump(**filters), "--redact" in args)  # type: ignore[arg-type]
    finally:
        journal.close()


@pytest.mark.parametrize("args", COMMAND_FILTERS, ids=lambda a: " ".join(a) or "all")
def test_the_command_writes_the_same_bytes_to_stdout_and_to_a_file(attach, db_path, tmp_path, args):
    _journal_with_edges(attach)
    expected = _expected(db_path, args)
    if not args:  # the journal holds what the streamed writer must get right
        assert '"born": "2019-07-01"' in expected and "Sprach \u201eleise\u201c" in expected
        assert "\\u009b" in expected and "\\u202e" in expected and '"value": []' in expected
    printed = attach("export", *args)
    assert printed.exit_code == 0, printed.output
    assert printed.stdout == expected
    target = tmp_path / "export.json"
    written = attach("export", *args, "-o", str(target))
    assert written.exit_code == 0, written.output
    assert target.read_text(encoding="utf-8") == expected
    count = len(json.loads(expected)["entries"])
    assert f"Wrote {count} entr{'y' if count == 1 else 'ies'} to" in written.stderr


def test_a_person_not_found_stops_the_export_before_a_byte(attach, tmp_path):
    _journal_with_edges(attach)
    printed = attach("export", "--who", "Nobody")
    assert printed.exit_code != 0 and printed.stdout == ""
    folder = tmp_path / "out"
    folder.mkdir()
    written = attach("export", "--who", "Nobody", "-o", str(folder / "export.json"))
    assert written.exit_code != 0
    assert list(folder.iterdir()) == []  # no file, not even a partial one


@pytest.mark.parametrize(
    "stored", ['"x"', "[1, 2]", '{"a": [true, null]}', "1.5", "NaN", " 3 ", '"a\\u00e9"', b"[1]"]
)
def test_stored_values_are_read_as_json_loads_reads_them(stored):
    from attachjournal.storage.dump import _decoded

    decoded, expected = _decoded(stored), json.loads(stored)
    assert json.dumps(decoded) == json.dumps(expected) and type(decoded) is type(expected)


@pytest.mark.parametrize("stored", ["", "1 2", "[1", "nope", '"a" x'])
def test_a_stored_value_that_is_not_json_fails_as_it_always_did(stored):
    from attachjournal.storage.dump import _decoded

    with pytest.raises(json.JSONDecodeError) as caught:
        _decoded(stored)
    with pytest.raises(json.JSONDecodeError) as before:
        json.loads(stored)
    assert str(caught.value) == str(before.value)


def test_the_export_is_one_moment_of_the_journal_while_it_is_printed(attach, db_path):
    from attachjournal.usecases import data

    _journal_with_edges(attach)
    before = attach("export").stdout
    result = data.export(
        db_path, "json", since=None, until=None, who=None, redact=False, prompts=None,
        output=None,
    )  # fmt: skip
    assert result.chunks is not None
    chunks = iter(result.chunks)
    printed = [next(chunks)]  # the people are out; the entries are still to be read
    saved = attach("reflect", "--no-input", "-a", "resourced=5", "-a", "note=written meanwhile")
    assert saved.exit_code == 0, saved.output  # a save is not held up by the export
    printed += list(chunks)
    assert "".join(printed) == before and result.count == len(json.loads(before)["entries"])
    assert "written meanwhile" in attach("export").stdout
