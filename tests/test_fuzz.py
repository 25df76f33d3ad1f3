"""Bad input, tried: every hostile input either works or is one clear error, never a traceback.

Fuzzed: -a answers, --answers files (YAML, JSON, malformed, via a file and stdin), --at and
--since values, and prompts.yaml files given with --prompts (import files are fuzzed in
tests/test_fuzz_import.py). Each run checks the exit code is 0, 1 or 2, that
a failure prints one "✗" line and saves nothing, and that a success saves exactly the
entries it reports. The terminal-safety tests put hostile text in every text field and in a
person's name and read every view: no escape or C1 control byte reaches the output, and
markup is shown literally, never interpreted.

The number of inputs fuzzed is printed at the end of the run ("fuzz: N inputs").
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
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from attachjournal.core import prompts as prompts_module

FUZZED = {"inputs": 0}

SETTINGS = settings(
    deadline=None,
    derandomize=True,  # the same inputs every run: a failure here is never a fluke
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE_BITS = [
    "[bold]",
    "[/x]",
    "[/]",
    "[link=https://example.com/x]click[/link]",
    "[red on white]loud",
    ":smile:",
    "\x1b[31m",
    "\x1b[2J\x1b[H",
    "\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\",
    "\x1b]0;title\x07",
    "\x9b31m",
    "\x85",
    "\x07",
    "\x00",
    "a\x00b",
    "\r",
    "\n",
    "\t",
    "\x7f",
    "\u202eevil\u202c",
    "\u2066",
    "\u200f",
    "\u2028",
    "\ufeff",
    "שלום",
    "مرحبا",
    "e\u0301\u0302\u0303",
    "\u0300",
    "Z\u0351\u0352\u0353\u0354",
    "'; DROP TABLE entry; --",
    '" OR 1=1 --',
    "Robert'); DELETE FROM answer; --",
    "%s %d {0} {}",
    "\\",
    "🙂",
    "\udcff",
    "\ud800",
    "yes",
    "3",
    ",",
    "=",
]

hostile_text = st.one_of(
    st.lists(
        st.one_of(st.sampled_from(HOSTILE_BITS), st.text(max_size=12)), min_size=1, max_size=6
    ).map("".join),
    st.text(max_size=40),
)


def _count(db: Path) -> tuple[int, int]:
    """(entries, answers whose entry is missing) straight from the file."""
    if not db.exists() or db.stat().st_size == 0:
        return 0, 0
    conn = sqlite3.connect(db)
    try:
        entries = conn.execute("SELECT count(*) FROM entry").fetchone()[0]
        orphans = conn.execute(
            "SELECT count(*) FROM answer WHERE entry_id NOT IN (SELECT id FROM entry)"
        ).fetchone()[0]
    except sqlite3.OperationalError:
        return 0, 0
    finally:
        conn.close()
    return entries, orphans


def _check(attach, db: Path, *args: str, input: str | None = None) -> Any:
    """Run one input and hold it to the contract; return the result for further checks."""
    FUZZED["inputs"] += 1
    before, _ = _count(db)
    result = attach(*args, input=input)
    after, orphans = _count(db)
    shown = f"args={[a[:80] for a in args]!r} out={result.output[:400]!r}"
    assert result.exit_code in (0, 1, 2), shown
    assert "Traceback" not in result.output, shown
    assert orphans == 0, shown
    if result.exit_code == 0:
        saved = len(re.findall(r"✓ Saved", result.stdout))
        assert after - before == saved, shown
    else:
        assert after == before, shown  # nothing of a refused input was written
        assert result.stderr.startswith("✗ "), shown
    return result


@pytest.fixture
def maya(attach, db_path):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    return "Maya"


@pytest.fixture(scope="session", autouse=True)
def _report_count(request):
    """Print how many inputs were fuzzed (past output capture), and keep it in the cache.

    Session-wide, so the import fuzzing (tests/test_fuzz_import.py, which shares FUZZED and
    this fixture) is in the total; whichever copy of the fixture ends first reports."""
    yield
    if FUZZED.get("reported"):
        return
    FUZZED["reported"] = 1
    line = f"fuzz: {FUZZED['inputs']} inputs"
    if FUZZED.get("import"):
        line += f" ({FUZZED['import']} of them import files, {FUZZED.get('imported', 0)} accepted)"
    if getattr(request.config, "cache", None) is not None:  # absent under -p no:cacheprovider
        request.config.cache.set("attachjournal/fuzzed_inputs", FUZZED["inputs"])
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\n{line}")


# ----------------------------------------------------------------------------- -a values

BASE = prompts_module.load()
ALL_IDS = sorted({q.id for q in BASE.questionnaires.values() for q in q.questions})


@settings(SETTINGS, max_examples=130)
@given(
    command=st.sampled_from(["reflect", "rupture", "repair"]),
    qid=st.one_of(st.sampled_from([*ALL_IDS, "bogus", "", " ", "resourced "]), hostile_text),
    value=hostile_text,
    with_required=st.booleans(),
)
# Found by fuzzing: bytes that are not UTF-8 reach Python as lone surrogates and made the save
# crash; they are kept as U+FFFD now.
@example(command="reflect", qid="note", value="a\udcffb\ud800", with_required=True)
@example(command="rupture", qid="what", value="\x1b[2J[bold]\x00", with_required=True)
def test_fuzz_answer_values(attach, db_path, maya, command, qid, value, with_required):
    args = ["--no-input", "-a", f"{qid}={value}"]
    if command == "reflect":
        args = ["reflect", *args] + (["-a", "resourced=3"] if with_required else [])
    elif command == "rupture":
        args = ["repair", "--new", *args]
        args += ["-a", "who=Maya", "-a", "intensity=2"] if with_required else []
    else:
        args = ["repair", "--new", "-a", "who=Maya", "-a", "intensity=2", *args]
        args += ["-a", "connected=4"] if with_required else []
    _check(attach, db_path, *args)


# ----------------------------------------------------------------------------- --answers files

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | hostile_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
    max_leaves=8,
)
answer_maps = st.dictionaries(
    st.one_of(st.sampled_from([*ALL_IDS, "nope"]), hostile_text), json_values, max_size=5
)
MALFORMED = [
    "{",
    "[",
    "{'resourced': 3",
    "resourced: [3",
    "a: b: c",
    "- [",
    "[" * 5000 + "]" * 5000,
    "[" * 50000 + "]" * 50000,  # libyaml's C parser crashes the process on this one
    "{" + '"a":{' * 3000 + "}" * 3001,
    "- " * 3000 + "x",
    "x: &a [1, *a]",
    "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: &d [*c, *c]\nnote: [*d, *d]",
    "!!python/object/apply:os.system ['true']",
    "resourced: !!binary aGVsbG8=",
    "? [complex, key]\n: 3",
    "resourced: 3\nresourced: 4",
    "%YAML 9.9\n---\nresourced: 3",
    "---\nresourced: 3\n---\nmood: 2",
    "\x00",
    '\ufeff{"resourced": 3}',
    "resourced: .nan",
    "resourced: 2026-11-20",
    "resourced: 0x03",
    "note: !!str",
    "null",
    "[]",
    "3",
    '"just a string"',
]


def _dump_answers(mapping: dict, style: str) -> str:
    try:
        if style == "yaml":
            return yaml.safe_dump(mapping, allow_unicode=True)
        return json.dumps(mapping, ensure_ascii=style == "json-ascii")
    except (ValueError, yaml.YAMLError, TypeError):
        return json.dumps(mapping)


answers_text = st.one_of(
    st.builds(_dump_answers, answer_maps, st.sampled_from(["yaml", "json", "json-ascii"])),
    st.sampled_from(MALFORMED),
    hostile_text,
    json_values.map(json.dumps),
)


@settings(SETTINGS, max_examples=120)
@given(
    text=answers_text,
    via=st.sampled_from(["file", "stdin"]),
    command=st.sampled_from(["reflect", "repair"]),
)
@example(text='{"resourced": 3, "note": "\\udcff"}', via="file", command="reflect")
@example(text="[" * 5000 + "]" * 5000, via="stdin", command="reflect")
def test_fuzz_answers_files(attach, db_path, maya, tmp_path, text, via, command):
    args = ["reflect"] if command == "reflect" else ["repair", "--new", "-a", "who=Maya"]
    if via == "file":
        path = tmp_path / "answers.yaml"
        # Lone surrogates cannot be UTF-8: such a file is simply undecodable, as it would be.
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        _check(attach, db_path, *args, "--no-input", "--answers", str(path))
    else:
        stdin = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        _check(attach, db_path, *args, "--no-input", "--answers", "-", input=stdin)


# ----------------------------------------------------------------------------- --at values

EDGE_AT = [
    "",
    " ",
    "now",
    "0001-01-01",
    "0001-01-01T00:00+14:00",
    "9999-12-31T23:59",
    "9999-12-31T23:59-14:00",
    "2026-02-30",
    "2026-11-20T25:00",
    "2026-11-20T19:30+99:00",
    "2026-11-20T19:30Z",
    "2026-11-20 19:30:00.123456789",
    "yesterday 24:00",
    "today 23:59",
    "today 99:99",
    "99999999999999999999h ago",
    "999999999 days ago",
    "-1h ago",
    "0m ago",
    "tomorrow",
    "2026-W47",
    "1e10",
    "\x00",
    "yesterday\x00 19:30",
]

at_values = st.one_of(
    st.sampled_from(EDGE_AT),
    hostile_text,
    st.builds(
        "{}{}{} ago".format,
        st.integers(min_value=0, max_value=10**25),
        st.sampled_from(["", " "]),
        st.sampled_from(["m", "h", "d", "w", "days", "weeks", "hours"]),
    ),
    st.builds(
        "{} {}:{:02d}".format,
        st.sampled_from(["today", "yesterday", "today at"]),
        st.integers(min_value=0, max_value=120),
        st.integers(min_value=0, max_value=120),
    ),
    st.datetimes().map(lambda d: d.isoformat()),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
)


@settings(SETTINGS, max_examples=130)
@given(at=at_values, command=st.sampled_from(["reflect", "rupture", "repaired", "log", "review"]))
@example(at="999999999 days ago", command="reflect")
@example(at="0001-01-01", command="review")
@example(at="9999-12-31T23:59-14:00", command="rupture")
def test_fuzz_at_values(attach, db_path, maya, at, command):
    if command == "reflect":
        _check(attach, db_path, "reflect", "-a", "resourced=3", "--no-input", "--at", at)
    elif command == "rupture":
        args = ["repair", "--new", "-a", "who=Maya", "-a", "intensity=3", "--no-input"]
        _check(attach, db_path, *args, "--at", at)
    elif command == "repaired":
        args = ["repair", "--new", "-a", "who=Maya", "-a", "intensity=3", "--no-input"]
        _check(attach, db_path, *args, "--at", "2020-01-01T10:00", "--repaired-at", at)
    elif command == "log":
        _check(attach, db_path, "log", "--since", at)
    else:
        _check(attach, db_path, "review", "--since", at)


# ----------------------------------------------------------------------------- prompts files

SHIPPED = yaml.safe_load(prompts_module.packaged_path().read_text(encoding="utf-8"))


@st.composite
def prompts_documents(draw) -> str:
    doc = copy.deepcopy(SHIPPED)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        where = draw(st.sampled_from(["question", "question", "set", "top", "review", "drop"]))
        if where == "top":
            key = draw(st.sampled_from(["questionnaires", "review_questions", "version"]))
            doc[key] = draw(json_values)
            continue
        if where == "review":
            doc["review_questions"] = draw(
                st.lists(st.one_of(hostile_text, st.fixed_dictionaries({"text": hostile_text})))
            )
            continue
        name = draw(st.sampled_from(["reflect", "rupture", "repair"]))
        qset = doc["questionnaires"].get(name) if isinstance(doc["questionnaires"], dict) else None
        if not isinstance(qset, dict) or not isinstance(qset.get("questions"), list):
            continue
        questions = qset["questions"]
        if where == "set":
            qset[draw(st.sampled_from(["title", "intro", "questions"]))] = draw(json_values)
            continue
        index = draw(st.integers(min_value=0, max_value=len(questions) - 1))
        if where == "drop":
            del questions[index]
            if not questions:
                break
            continue
        question = questions[index]
        if not isinstance(question, dict):
            continue
        field = draw(
            st.sampled_from(
                ["id", "kind", "text", "required", "choices", "min", "max", "low", "high", "when"]
            )
        )
        question[field] = draw(
            st.one_of(
                json_values,
                st.sampled_from(["scale", "choice", "multi", "text", "yesno", "person"]),
                st.dictionaries(hostile_text, hostile_text, max_size=3),
            )
        )
    try:
        return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, ValueError, TypeError):
        return json.dumps(doc)


def _with_surrogate_question_text() -> str:
    doc = copy.deepcopy(SHIPPED)
    doc["questionnaires"]["reflect"]["questions"][0]["text"] = "How resourced \udcff?"
    return json.dumps(doc)  # JSON is YAML; the \\udcff escape becomes a lone surrogate


@settings(SETTINGS, max_examples=90)
@given(
    text=st.one_of(prompts_documents(), st.sampled_from(MALFORMED), hostile_text),
)
@example(text="[" * 5000 + "]" * 5000)
@example(text=_with_surrogate_question_text())
def test_fuzz_prompts_files(attach, db_path, tmp_path, text):
    path = tmp_path / "prompts.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    saved = _check(
        attach, db_path, "reflect", "-a", "resourced=3", "--no-input", "--prompts", str(path)
    )
    if saved.exit_code == 0:
        entry = re.search(r"#(\d+)", saved.stdout)
        assert entry is not None
        _check(attach, db_path, "show", entry.group(1), "--prompts", str(path))
        _check(attach, db_path, "review", "--prompts", str(path))


# ----------------------------------------------------------------------------- huge inputs

MEGABYTE = "Ж" * (1 << 19) + "x" * (1 << 19)  # 1.5 MB of UTF-8, 1 Mi characters


def test_huge_answers_either_save_whole_or_are_refused(attach, db_path, maya, tmp_path):
    note = _check(
        attach, db_path, "reflect", "-a", "resourced=3", "-a", f"note={MEGABYTE}", "--no-input"
    )
    assert note.exit_code == 0
    entry_id = re.search(r"#(\d+)", note.stdout).group(1)
    shown = json.loads(attach("show", entry_id, "--json").stdout)
    assert shown["answers"]["note"]["value"] == MEGABYTE
    file = tmp_path / "big.json"
    file.write_text(json.dumps({"resourced": 2, "note": MEGABYTE, "what": MEGABYTE}))
    _check(attach, db_path, "reflect", "--no-input", "--answers", str(file))
    _check(
        attach,
        db_path,
        "reflect",
        "--no-input",
        "--answers",
        "-",
        input=json.dumps({"resourced": 2, "note": MEGABYTE}),
    )
    for huge_value in (f"resourced={MEGABYTE}", f"{MEGABYTE}=3", f"feelings={MEGABYTE}"):
        assert _check(attach, db_path, "reflect", "--no-input", "-a", huge_value).exit_code == 2
    assert (
        _check(
            attach, db_path, "reflect", "-a", "resourced=3", "--no-input", "--at", MEGABYTE
        ).exit_code
        == 2
    )
    big_prompts = tmp_path / "prompts.yaml"
    doc = copy.deepcopy(SHIPPED)
    doc["questionnaires"]["reflect"]["questions"][0]["text"] = MEGABYTE
    big_prompts.write_text(yaml.safe_dump(doc, allow_unicode=True))
    _check(
        attach, db_path, "reflect", "-a", "resourced=3", "--no-input", "--prompts", str(big_prompts)
    )
    assert "Traceback" not in attach("log").output


# ----------------------------------------------------------------------------- terminal safety

ESC_OR_C1 = re.compile("[\x1b\x07\x00\x80-\x9f\u202a-\u202e\u2066-\u2069]")
NAME = "[link=https://example.com/x]Ma\u0301ya[/link] [bold]مريم[/bold]"
HOSTILE_TEXTS = [
    "[bold]not bold[/bold] [/x] [link=https://example.com/x]click[/link] :smile:",
    "\x1b[31mred\x1b[0m \x1b]8;;https://example.com\x1b\\l\x1b]8;;\x1b\\ \x9b2J \x1b[2J",
    "\u202eevil\u202c שלום e\u0301\u0302 '; DROP TABLE entry; --",
]
MARKUP_SURVIVES = ["[bold]not bold[/bold]", "[/x]", "[link=https://example.com/x]click[/link]"]


def _fill_every_field(questionnaire, text: str, person: str) -> list[str]:
    args = []
    for q in questionnaire.questions:
        if q.kind == "text":
            value = text
        elif q.kind == "scale":
            value = str(q.min)
        elif q.kind in ("choice", "multi"):
            value = q.values[0]
        elif q.kind == "yesno":
            value = "yes"
        else:
            value = person
        args += ["-a", f"{q.id}={value}"]
    return args


def _assert_safe(output: str, expect_literal: list[str]) -> None:
    bad = ESC_OR_C1.search(output)
    assert bad is None, (
        f"raw control {bad.group()!r} in {output[max(0, bad.start() - 200) : bad.start() + 50]!r}"
    )
    for literal in expect_literal:
        assert literal in output, (literal, output[:500])


@pytest.mark.parametrize("hostile", HOSTILE_TEXTS)
def test_no_view_interprets_what_a_person_typed(attach, db_path, hostile, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # keep each piece of text on one line
    # A name can't hold control characters at all; markup, RTL and combining marks are fine.
    refused = attach("people", "add", "\x1b[31mMaya\x9b", "--role", "child")
    assert refused.exit_code == 2 and "control characters" in refused.stderr
    assert attach("people", "add", NAME, "--role", "child").exit_code == 0
    day = ["--at", "2026-11-18T19:00"]
    reflect = _fill_every_field(BASE["reflect"], hostile, NAME)
    assert attach("reflect", *reflect, *day, "--no-input").exit_code == 0
    rupture = _fill_every_field(BASE["rupture"], hostile, NAME)
    repair = _fill_every_field(BASE["repair"], hostile, NAME)
    saved = attach(
        "repair",
        "--new",
        *rupture,
        *repair,
        *day,
        "--repaired-at",
        "2026-11-18T19:30",
        "--no-input",
    )
    assert saved.exit_code == 0, saved.output
    FUZZED["inputs"] += 2
    literal = [m for m in MARKUP_SURVIVES if m in hostile]
    name_literal = ["[link=https://example.com/x]", "[bold]"]
    for entry_id in ("1", "2", "3"):
        shown = attach("show", entry_id)
        assert shown.exit_code == 0
        # Only the rupture (#2) is about NAME; check-ins and repairs have no person.
        _assert_safe(shown.output, literal + (name_literal if entry_id == "2" else []))
    listing = attach("log")
    _assert_safe(listing.output, name_literal)
    week = attach("review", "--since", "2026-11-16", "--until", "2026-11-22")
    assert week.exit_code == 0
    _assert_safe(week.output, name_literal + [m[:20] for m in literal if "link" not in m])
    people = attach("people", "list")
    _assert_safe(people.output, name_literal)
    # --json is for scripts, but it may well be read in a terminal too: escaped, same data.
    for args in (("show", "2", "--json"), ("log", "--json"), ("people", "list", "--json")):
        out = attach(*args)
        _assert_safe(out.output, [])
        json.loads(out.stdout)
    data = json.loads(attach("show", "2", "--json").stdout)
    assert data["answers"]["what"]["value"] == hostile.strip()
    assert data["who"] == NAME


def test_hostile_prompts_text_is_shown_literally_too(attach, db_path, tmp_path):
    """A prompts.yaml is text a person wrote as well: questions, labels, review questions."""
    doc = copy.deepcopy(SHIPPED)
    evil = "\x1b[31m[bold]Q[/bold]\x9b2J\u202e"
    for qset in doc["questionnaires"].values():
        for q in qset["questions"]:
            q["text"] = f"{evil} {q['text']}"
            if isinstance(q.get("choices"), dict):
                q["choices"] = {k: f"{evil}{v}" for k, v in q["choices"].items()}
            for end in ("low", "high"):
                if q.get(end):
                    q[end] = f"{evil}{q[end]}"
    doc["review_questions"] = [{"text": f"{evil} what helped?", "when": "always"}]
    path = tmp_path / "prompts.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    p = ("--prompts", str(path))
    assert attach("people", "add", "Maya").exit_code == 0
    reflect = _fill_every_field(BASE["reflect"], "fine", "Maya")
    assert attach("reflect", *reflect, "--at", "2026-11-18T19:00", "--no-input", *p).exit_code == 0
    rupture = _fill_every_field(BASE["rupture"], "x", "Maya")
    repair = _fill_every_field(BASE["repair"], "y", "Maya")
    saved = attach(
        "repair",
        "--new",
        *rupture,
        *repair,
        "--at",
        "2026-11-18T19:00",
        "--repaired-at",
        "2026-11-18T19:30",
        "--no-input",
        *p,
    )
    assert saved.exit_code == 0, saved.output
    FUZZED["inputs"] += 2
    for entry_id in ("1", "2", "3"):
        _assert_safe(attach("show", entry_id, *p).output, ["[bold]Q[/bold]"])
    week = attach("review", "--since", "2026-11-16", "--until", "2026-11-22", *p)
    assert week.exit_code == 0
    _assert_safe(week.output, ["[bold]Q[/bold]\\x9b2J<U+202E> what helped?"])
