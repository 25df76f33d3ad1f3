"""Read an attach export document back into an import plan: every record checked, every
problem named by where it is (never by the text it holds), nothing imported when one is found."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from attachjournal.core.prompts import KINDS, storable
from attachjournal.core.vocabulary import ENTRY_KINDS, ROLES
from attachjournal.formats.document import (
    FORMAT,
    FORMAT_VERSION,
    MAX_PROBLEMS_SHOWN,
    QID_PATTERN,
    UID_PATTERN,
    ImportRefused,
    read_moment,
)

if TYPE_CHECKING:
    from attachjournal.storage import EntryIn, ImportPlan


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
        if not isinstance(key, str) or not UID_PATTERN.match(key):
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
        created = read_moment(item.get("created_at"))
        if created is None:
            problems.append(f"{where}: 'created_at' must be a date and time with its UTC offset")
            continue
        people.append(
            PersonIn(
                key, " ".join(name.split()), role, born if isinstance(born, date) else None, created
            )
        )

    entries: list[EntryIn] = []
    uids: set[str] = set()
    for index, item in enumerate(raw_entries):
        where = f"entries[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
            continue
        uid = item.get("uid")
        if not isinstance(uid, str) or not UID_PATTERN.match(uid):
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
    at, created = read_moment(item.get("at")), read_moment(written) if written is not None else None
    if at is None or (written is not None and created is None):
        problems.append(f"{where}: 'at' and 'created_at' need a date and time with a UTC offset")
        return None
    updated = item.get("updated_at")
    updated_at = read_moment(updated) if updated is not None else None
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
    if rupture is not None and (not isinstance(rupture, str) or not UID_PATTERN.match(rupture)):
        problems.append(f"{where}: 'rupture' must be the uid of a rupture")
        return None
    no_repair = item.get("no_repair_needed", False)
    if not isinstance(no_repair, bool) or (no_repair and kind != "rupture"):
        problems.append(
            f"{where}: 'no_repair_needed' is true or false, and true only for a rupture"
        )
        return None
    shared = item.get("shared", False)
    if not isinstance(shared, bool) or (shared and kind not in ("rupture", "repair")):
        problems.append(
            f"{where}: 'shared' is true or false, and true only for a rupture or repair"
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
        if not isinstance(qid, str) or not QID_PATTERN.match(qid):
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
        shared=shared,
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
