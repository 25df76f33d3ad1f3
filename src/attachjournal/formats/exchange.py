"""The export document and everything that reads one back in. Pure: no database, no terminal.

One JSON document carries a whole journal (or a filtered part of it):

    {"format": "attachjournal-export", "format_version": 1, "schema_version": 3,
     "people": [{"key", "name", "role", "born", "created_at"}],
     "entries": [{"uid", "kind", "at", "created_at", "updated_at", "person", "rupture",
                  "no_repair_needed", "answers": [{"id", "question", "kind", "value"}]}]}

Times are ISO 8601 in UTC with their offset. An entry's `at` is when it happened and its
`created_at` when it was written: null when that is not known (older files may leave it out). People are named by a stable key, so a renamed
person is still recognised; a person answer holds that key; a repair names its rupture's uid.
Nothing in it depends on the moment of export, so export -> import -> export is identical.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any

from attachjournal.core.prompts import KINDS, storable
from attachjournal.core.vocabulary import ENTRY_KINDS, ROLES
from attachjournal.errors import AttachError

if TYPE_CHECKING:
    from attachjournal.storage import Dump, EntryIn, ImportPlan, PersonRow

FORMAT = "attachjournal-export"
FORMAT_VERSION = 1
# \Z, not $: "$" also matches before a final newline, and a uid must be only these characters.
_UID = re.compile(r"^[A-Za-z0-9_-]{1,64}\Z")
_QID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}\Z")
MAX_PROBLEMS_SHOWN = 5


class ImportRefused(AttachError):
    """The file to import has a record that can't be read; nothing was imported."""


# ----------------------------------------------------------------------------- export


def iso(moment: datetime | None) -> str | None:
    return moment.astimezone(timezone.utc).isoformat() if moment is not None else None


def to_document(dump: Dump, schema_version: int) -> dict[str, Any]:
    keys = {p.id: p.uid for p in dump.all_people or dump.people}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": schema_version,
        "people": [
            {
                "key": p.uid,
                "name": p.name,
                "role": p.role,
                "born": p.born.isoformat() if p.born else None,
                "created_at": iso(p.created_at),
            }
            for p in dump.people
        ],
        "entries": [
            {
                "uid": e.uid,
                "kind": e.kind,
                "at": iso(e.at),
                "created_at": iso(e.created_at),
                "updated_at": iso(e.updated_at),
                "person": keys.get(e.person_id) if e.person_id is not None else None,
                "rupture": e.rupture_uid,
                "no_repair_needed": e.no_repair_needed,
                "answers": [
                    {
                        "id": a.question_id,
                        "question": a.question_text,
                        "kind": a.kind,
                        "value": keys.get(a.value) if a.kind == "person" else a.value,
                    }
                    for a in e.answers
                ],
            }
            for e in dump.entries
        ],
    }


def redaction_labels(people: Sequence[PersonRow]) -> dict[str, str]:
    """Person key -> 'child 1', 'partner 1', ... numbered per role in name order."""
    counters: dict[str, int] = {}
    labels = {}
    for person in sorted(people, key=lambda p: (p.name.casefold(), p.uid)):
        counters[person.role] = counters.get(person.role, 0) + 1
        labels[person.uid] = f"{person.role} {counters[person.role]}"
    return labels


def redact(document: dict[str, Any], people: Sequence[PersonRow]) -> dict[str, Any]:
    """A copy with every name replaced by role and number, also where a name is written in
    free text (as a whole word, any case) and in note tags; birth dates are left out."""
    labels = redaction_labels(people)
    names = sorted(((p.name, labels[p.uid]) for p in people), key=lambda n: -len(n[0]))
    patterns = [
        (re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE), label)
        for name, label in names
    ]

    def scrub(text: str) -> str:
        for pattern, label in patterns:
            text = pattern.sub(label, text)
        return text

    out = dict(document)
    out["people"] = [
        dict(p, name=labels.get(p["key"], p["role"]), born=None) for p in document["people"]
    ]
    entries = []
    for entry in document["entries"]:
        answers = []
        for answer in entry["answers"]:
            value = answer["value"]
            if answer["kind"] == "text" and isinstance(value, str):
                value = scrub(value)
            elif answer["kind"] == "multi" and isinstance(value, list):
                value = [scrub(v) if isinstance(v, str) else v for v in value]
            answers.append(dict(answer, value=value))
        entries.append(dict(entry, answers=answers))
    out["entries"] = entries
    return out


# ----------------------------------------------------------------------------- import: ours


def parse_document(data: Any, prompts: Any = None) -> ImportPlan:
    """Check every record of an attachjournal export; refuse the whole file if any is wrong.

    With prompts, every answer is also held to its question as a save is: a known id, the
    question's kind, a scale inside its range, choices among its values. Messages say which
    record and why, never what it says.
    """
    from attachjournal.storage import ImportPlan, PersonIn

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused(
            'This file is not an attachjournal export (no "format": "attachjournal-export"). '
            "For a jrnl export use --from jrnl."
        )
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version > FORMAT_VERSION:
        raise ImportRefused(
            f"This export has format version {version!r}; this attach reads up to "
            f"{FORMAT_VERSION}. Please upgrade attachjournal."
        )
    problems: list[str] = []
    raw_people = data.get("people")
    raw_entries = data.get("entries")
    if not isinstance(raw_people, list) or not isinstance(raw_entries, list):
        raise ImportRefused("The export needs a 'people' list and an 'entries' list.")

    people: list[PersonIn] = []
    keys: set[str] = set()
    name_keys: set[str] = set()
    for index, item in enumerate(raw_people):
        where = f"people[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
            continue
        key, name, role = item.get("key"), item.get("name"), item.get("role")
        if not isinstance(key, str) or not _UID.match(key):
            problems.append(f"{where}: 'key' must be a short id of letters and digits")
            continue
        if key in keys:
            problems.append(f"{where}: the key appears twice")
        keys.add(key)
        if not isinstance(name, str) or not name.strip() or len(name) > 60:
            problems.append(f"{where}: 'name' must be a name under 60 characters")
            continue
        if not all(ch.isprintable() for ch in " ".join(name.split())):
            # The rule `attach people add` keeps (it also refuses lone surrogates).
            problems.append(f"{where}: a name can't contain control characters")
            continue
        folded = " ".join(name.split()).casefold()
        if folded in name_keys:
            problems.append(f"{where}: two people share this name")
        name_keys.add(folded)
        if role not in ROLES:
            problems.append(f"{where}: 'role' must be one of {', '.join(ROLES)}")
            continue
        born = _date_or_none(item.get("born"))
        if born is False:
            problems.append(f"{where}: 'born' must be a date like 2021-03-14, or null")
            continue
        created = _moment(item.get("created_at"))
        if created is None:
            problems.append(f"{where}: 'created_at' must be a date and time with its UTC offset")
            continue
        people.append(PersonIn(key, " ".join(name.split()), role, born or None, created))

    entries: list[EntryIn] = []
    uids: set[str] = set()
    for index, item in enumerate(raw_entries):
        where = f"entries[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
            continue
        uid = item.get("uid")
        if not isinstance(uid, str) or not _UID.match(uid):
            problems.append(f"{where}: 'uid' must be a short id of letters and digits")
            continue
        where = f"{where} (uid {uid[:12]})"
        if uid in uids:
            problems.append(f"{where}: the uid appears twice")
            continue
        uids.add(uid)
        entry = _entry(item, where, keys, problems, prompts)
        if entry is not None:
            entries.append(entry)

    by_uid = {e.uid: e for e in entries}
    for entry in entries:
        rupture = by_uid.get(entry.rupture) if entry.rupture else None
        if rupture is not None and rupture.kind != "rupture":
            problems.append(
                f"{entry.label}: 'rupture' points at a "
                f"{'check-in' if rupture.kind == 'reflect' else rupture.kind}, not a rupture"
            )
        elif rupture is not None and entry.at < rupture.at:
            problems.append(f"{entry.label}: the repair is dated before its rupture")
    repaired = [e.rupture for e in entries if e.rupture]
    if len(repaired) != len(set(repaired)):
        problems.append("two repairs in the file point at the same rupture")

    if problems:
        shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
        more = len(problems) - MAX_PROBLEMS_SHOWN
        against_prompts = prompts is not None and any(", answer '" in p for p in problems)
        raise ImportRefused(
            f"Nothing was imported: {len(problems)} problem{'s' if len(problems) != 1 else ''} "
            f"in the file. {shown}" + (f" (and {more} more)." if more > 0 else "."),
            "Written with other questions? attach import --prompts FILE checks the answers "
            "against that prompts file."
            if against_prompts
            else None,
        )
    return ImportPlan(people=tuple(people), entries=tuple(entries))


def _entry(
    item: Mapping[str, Any], where: str, keys: set[str], problems: list[str], prompts: Any = None
) -> Any:
    from attachjournal.storage import AnswerIn, EntryIn

    kind = item.get("kind")
    if kind not in ENTRY_KINDS:
        problems.append(f"{where}: 'kind' must be one of {', '.join(ENTRY_KINDS)}")
        return None
    written = item.get("created_at")
    at, created = _moment(item.get("at")), _moment(written) if written is not None else None
    if at is None or (written is not None and created is None):
        problems.append(f"{where}: 'at' and 'created_at' need a date and time with a UTC offset")
        return None
    updated = item.get("updated_at")
    updated_at = _moment(updated) if updated is not None else None
    if updated is not None and updated_at is None:
        problems.append(f"{where}: 'updated_at' needs a date and time with a UTC offset, or null")
        return None
    person = item.get("person")
    if person is not None and (not isinstance(person, str) or person not in keys):
        problems.append(f"{where}: 'person' is not one of the people in the file")
        return None
    rupture = item.get("rupture")
    if (kind == "repair") != (rupture is not None):
        problems.append(f"{where}: a repair (and only a repair) names the rupture it belongs to")
        return None
    if rupture is not None and (not isinstance(rupture, str) or not _UID.match(rupture)):
        problems.append(f"{where}: 'rupture' must be the uid of a rupture")
        return None
    no_repair = item.get("no_repair_needed", False)
    if not isinstance(no_repair, bool) or (no_repair and kind != "rupture"):
        problems.append(
            f"{where}: 'no_repair_needed' is true or false, and true only for a rupture"
        )
        return None
    raw_answers = item.get("answers")
    if not isinstance(raw_answers, list):
        problems.append(f"{where}: 'answers' must be a list")
        return None
    answers = []
    seen: set[str] = set()
    for number, answer in enumerate(raw_answers):
        here = f"{where}, answers[{number}]"
        if not isinstance(answer, dict):
            problems.append(f"{here}: not an object")
            return None
        qid, qtext, akind = answer.get("id"), answer.get("question"), answer.get("kind")
        if not isinstance(qid, str) or not _QID.match(qid):
            problems.append(f"{here}: 'id' must be a question id like 'resourced'")
            return None
        here = f"{where}, answer '{qid}'"
        if qid in seen:
            problems.append(f"{here}: answered twice")
            return None
        seen.add(qid)
        if not isinstance(qtext, str) or not qtext.strip():
            problems.append(f"{here}: 'question' (the text as asked) is missing")
            return None
        if akind not in KINDS:
            problems.append(f"{here}: 'kind' must be one of {', '.join(KINDS)}")
            return None
        value = answer.get("value")
        reason = _value_problem(akind, value, keys) or _prompt_problem(
            kind, qid, akind, value, prompts
        )
        if reason:
            problems.append(f"{here}: {reason}")
            return None
        answers.append(AnswerIn(qid, storable(qtext), akind, _storable_value(value)))
    return EntryIn(
        uid=item["uid"],
        kind=kind,
        at=at,
        created_at=created,
        updated_at=updated_at,
        person=person,
        rupture=rupture,
        no_repair_needed=no_repair,
        answers=tuple(answers),
        label=where,
    )


def _value_problem(kind: str, value: Any, keys: set[str]) -> str | None:
    if kind == "scale" and (not isinstance(value, int) or isinstance(value, bool)):
        return "a scale answer is a whole number"
    if kind in ("choice", "text") and not isinstance(value, str):
        return f"a {kind} answer is a string"
    if kind == "multi" and (
        not isinstance(value, list) or not all(isinstance(v, str) for v in value)
    ):
        return "a multi answer is a list of strings"
    if kind == "yesno" and not isinstance(value, bool):
        return "a yes/no answer is true or false"
    if kind == "person" and (not isinstance(value, str) or value not in keys):
        return "a person answer names one of the people in the file by key"
    return None


def _prompt_problem(entry_kind: str, qid: str, kind: str, value: Any, prompts: Any) -> str | None:
    """What a save would refuse in this answer, given the questions it claims to answer."""
    if prompts is None:
        return None
    if entry_kind == "note":
        expected = {"title": "text", "body": "text", "tags": "multi", "starred": "yesno"}
        if expected.get(qid) != kind:
            return f"a note holds only {', '.join(expected)}, each with its own kind"
        return None
    question = prompts[entry_kind].get(qid)
    if question is None:
        return f"'{qid}' is not a question of {entry_kind} in your prompts"
    if question.kind != kind:
        return f"the question is a {question.kind}, not a {kind}"
    if kind == "scale" and not question.min <= value <= question.max:
        return f"takes a whole number from {question.min} to {question.max}"
    chosen = [value] if kind == "choice" else value if kind == "multi" else []
    if any(v not in question.values for v in chosen):
        return f"takes only its choices ({', '.join(question.values)})"
    return None


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            return None
        return _in_range(parsed.astimezone(timezone.utc))
    except (ValueError, OverflowError):  # year 1 at +14:00 is before the first datetime
        return None


def _in_range(moment: datetime) -> datetime | None:
    """The years `--at` accepts; they keep every later conversion to local time in range."""
    from attachjournal.core.when import EARLIEST_YEAR, LATEST_YEAR

    return moment if EARLIEST_YEAR <= moment.year <= LATEST_YEAR else None


def _storable_value(value: Any) -> Any:
    """Text and lists of text with each lone surrogate (a \\udcff escape) made U+FFFD."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, list):
        return [storable(v) if isinstance(v, str) else v for v in value]
    return value


def _date_or_none(value: Any) -> date | bool | None:
    if value is None:
        return None
    if not isinstance(value, str):
        return False
    try:
        return date.fromisoformat(value)
    except ValueError:
        return False


# ----------------------------------------------------------------------------- import: jrnl

JRNL_QUESTIONS = {
    "title": "Title (from jrnl)",
    "body": "Entry (from jrnl)",
    "tags": "Tags (from jrnl)",
    "starred": "Starred in jrnl",
}


def parse_jrnl(data: Any, now: datetime) -> ImportPlan:
    """A `jrnl --export json` file as notes. jrnl keeps local wall-clock times without a zone,
    so they are read in this machine's zone. Each note's uid comes from its content and time,
    so importing the same file twice adds nothing the second time."""
    from attachjournal.storage import AnswerIn, EntryIn, ImportPlan

    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ImportRefused("This file is not a jrnl JSON export (no 'entries' list).")
    problems: list[str] = []
    entries = []
    for index, item in enumerate(data["entries"]):
        where = f"entries[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
            continue
        title, body = item.get("title", ""), item.get("body", "")
        day, clock = item.get("date"), item.get("time", "00:00")
        tags = item.get("tags", [])
        if not isinstance(title, str) or not isinstance(body, str):
            problems.append(f"{where}: 'title' and 'body' must be text")
            continue
        try:
            local = datetime.fromisoformat(f"{day}T{clock}")
            at = _in_range(
                (local.astimezone() if local.tzinfo is None else local).astimezone(timezone.utc)
            )
        except (TypeError, ValueError, OverflowError):
            at = None
        if at is None:
            problems.append(f"{where}: 'date' and 'time' must look like 2026-11-14 and 21:52")
            continue
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            problems.append(f"{where}: 'tags' must be a list of text")
            continue
        title, body, tags = storable(title), storable(body), [storable(t) for t in tags]
        starred = item.get("starred") is True
        answers = [AnswerIn("title", JRNL_QUESTIONS["title"], "text", title)] if title else []
        if body:
            answers.append(AnswerIn("body", JRNL_QUESTIONS["body"], "text", body))
        if tags:
            answers.append(AnswerIn("tags", JRNL_QUESTIONS["tags"], "multi", list(tags)))
        if starred:
            answers.append(AnswerIn("starred", JRNL_QUESTIONS["starred"], "yesno", True))
        digest = hashlib.sha256(f"jrnl\0{day}\0{clock}\0{title}\0{body}".encode()).hexdigest()
        entries.append(
            EntryIn(
                uid=f"jrnl-{digest[:27]}",
                kind="note",
                at=at,
                created_at=None,  # jrnl does not say when an entry was written
                updated_at=None,
                person=None,
                rupture=None,
                no_repair_needed=False,
                answers=tuple(answers),
                label=where,
            )
        )
    if problems:
        shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
        raise ImportRefused(
            f"Nothing was imported: {len(problems)} problem{'s' if len(problems) != 1 else ''} "
            f"in the jrnl file. {shown}."
        )
    uids = [e.uid for e in entries]
    if len(uids) != len(set(uids)):
        # Two identical notes at the same minute: keep them apart by their place in the file.
        seen: dict[str, int] = {}
        fixed = []
        for entry in entries:
            count = seen.get(entry.uid, 0)
            seen[entry.uid] = count + 1
            if count:
                from dataclasses import replace

                entry = replace(entry, uid=f"{entry.uid}-{count}")
            fixed.append(entry)
        entries = fixed
    return ImportPlan(entries=tuple(entries))
