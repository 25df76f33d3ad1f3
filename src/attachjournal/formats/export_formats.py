"""An export document written as JSON, Markdown or CSV. Pure: document in, text out.

Markdown is for reading and printing: grouped by local day, each rupture with its repair
beneath it. CSV is for spreadsheets: one row per entry, one column per question id; a multi
answer's values are joined with "; ".
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from attachjournal.core.vocabulary import kind_title

if TYPE_CHECKING:
    from attachjournal.core.prompts import Prompts

FORMATS = ("json", "markdown", "csv")
MULTI_SEPARATOR = "; "
_CSV_FIXED = (
    "uid",
    "kind",
    "at",
    "local_time",
    "person",
    "rupture_uid",
    "no_repair_needed",
    "created_at",
    "updated_at",
)
# Markdown that would change how the text looks; escaped so words stay words.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
# A cell a spreadsheet would run as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render(document: dict[str, Any], fmt: str, prompts: Prompts | None = None) -> str:
    return "".join(render_chunks(document, fmt, prompts))


def render_chunks(
    document: dict[str, Any], fmt: str, prompts: Prompts | None = None
) -> Iterator[str]:
    """The export in pieces, so ten years of JSON never sits in memory as one string."""
    if fmt == "json":
        from attachjournal.views.text import json_safe

        # iterencode yields tiny pieces; gather them so the escaping runs on ~64 KB at a time.
        pending: list[str] = []
        size = 0
        for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(document):
            pending.append(chunk)
            size += len(chunk)
            if size >= 65536:
                yield json_safe("".join(pending))
                pending, size = [], 0
        yield json_safe("".join(pending))
        yield "\n"
    elif fmt == "markdown":
        yield to_markdown(document, prompts)
    elif fmt == "csv":
        yield to_csv(document, prompts)
    else:
        raise ValueError(fmt)


def to_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# ----------------------------------------------------------------------------- markdown


def to_markdown(document: dict[str, Any], prompts: Prompts | None = None) -> str:
    names = {p["key"]: p["name"] for p in document["people"]}
    entries = document["entries"]
    repairs = {e["rupture"]: e for e in entries if e["kind"] == "repair"}
    shown_with_rupture = {
        e["uid"] for e in entries if e["kind"] == "repair" and _has(entries, e["rupture"])
    }
    lines = ["# My attachjournal", ""]
    if entries:
        first, last = _local(entries[0]["at"]), _local(entries[-1]["at"])
        lines += [
            f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}, "
            f"{first:%d %B %Y} to {last:%d %B %Y}. Times are local ({first:%Z}).",
            "",
        ]
    else:
        lines += ["No entries.", ""]
    day = None
    for entry in entries:
        if entry["uid"] in shown_with_rupture:
            continue
        at = _local(entry["at"])
        if at.date() != day:
            day = at.date()
            lines += [f"## {at:%A %d %B %Y}", ""]
        lines += _entry_block(entry, at, "###", f"{at:%H:%M}", names, prompts)
        repair = repairs.get(entry["uid"]) if entry["kind"] == "rupture" else None
        if repair is not None:
            repaired = _local(repair["at"])
            minutes = (repaired - at).total_seconds() / 60
            when = f"{repaired:%a %d %b %H:%M}, {_duration(minutes)} later"
            lines += _entry_block(repair, repaired, "####", when, names, prompts)
        elif entry["kind"] == "rupture":
            lines += [
                "*No repair needed.*" if entry["no_repair_needed"] else "*Not repaired yet.*",
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"


def _entry_block(
    entry: dict[str, Any],
    at: datetime,
    level: str,
    when: str,
    names: dict[str, str],
    prompts: Prompts | None,
) -> list[str]:
    title = f"{level} {when} · {kind_title(entry['kind'])}"
    if entry.get("person"):
        title += f" with {md_escape(names.get(entry['person'], '?'))}"
    lines = [title, ""]
    questionnaire = prompts.questionnaires.get(entry["kind"]) if prompts else None
    for answer in entry["answers"]:
        if answer["kind"] == "person" and answer["value"] == entry.get("person"):
            continue  # already in the heading
        question = questionnaire.get(answer["id"]) if questionnaire else None
        shown = _display(answer, question, names)
        label = f"**{md_escape(answer['question'])}**"
        if answer["kind"] == "text":
            lines.append(f"- {label}")
            lines += [f"  > {md_escape(line)}" if line else "  >" for line in shown.split("\n")]
        else:
            lines.append(f"- {label} {md_escape(shown)}")
    lines.append("")
    return lines


def md_escape(text: str) -> str:
    """Markdown characters escaped, control and bidi characters made visible (as in every view)."""
    from attachjournal.views.text import clean

    return _MD_SPECIAL.sub(r"\\\1", clean(text))


def _has(entries: Sequence[dict[str, Any]], uid: str | None) -> bool:
    return any(e["uid"] == uid for e in entries)


def _duration(minutes: float) -> str:
    from attachjournal.views.text import duration_label

    return duration_label(minutes)


def _local(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone()


# ----------------------------------------------------------------------------- csv


def to_csv(document: dict[str, Any], prompts: Prompts | None = None) -> str:
    names = {p["key"]: p["name"] for p in document["people"]}
    question_ids: list[str] = []
    if prompts is not None:
        for questionnaire in prompts.questionnaires.values():
            question_ids += [q for q in questionnaire.ids if q not in question_ids]
    for entry in document["entries"]:
        question_ids += [
            a["id"]
            for a in entry["answers"]
            if a["id"] not in question_ids and a["id"] not in _CSV_FIXED
        ]
    used = {a["id"] for e in document["entries"] for a in e["answers"]}
    question_ids = [q for q in question_ids if q in used]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*_CSV_FIXED, *question_ids])
    for entry in document["entries"]:
        values = {a["id"]: _cell(a, names) for a in entry["answers"]}
        writer.writerow(
            [
                entry["uid"],
                entry["kind"],
                entry["at"],
                _local(entry["at"]).strftime("%Y-%m-%d %H:%M"),
                _safe_cell(names.get(entry["person"], "")) if entry["person"] else "",
                entry["rupture"] or "",
                "yes" if entry["no_repair_needed"] else "",
                entry["created_at"] or "",
                entry["updated_at"] or "",
                *(values.get(q, "") for q in question_ids),
            ]
        )
    return buffer.getvalue()


def _cell(answer: dict[str, Any], names: dict[str, str]) -> str:
    value = answer["value"]
    if answer["kind"] == "multi" and isinstance(value, list):
        return _safe_cell(MULTI_SEPARATOR.join(map(str, value)))
    if answer["kind"] == "yesno":
        return "yes" if value else "no"
    if answer["kind"] == "person":
        return _safe_cell(names.get(value, ""))
    return _safe_cell(str(value))


def _safe_cell(text: str) -> str:
    """A leading apostrophe keeps a spreadsheet from running '=...' or '@tag' as a formula;
    control and bidi characters are made visible, as in every view."""
    from attachjournal.views.text import clean

    text = clean(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _display(answer: dict[str, Any], question: Any, names: dict[str, str]) -> str:
    from attachjournal.core.questionnaire import display_value

    value = answer["value"]
    if answer["kind"] == "person":
        return names.get(value, "")
    from attachjournal.storage import UNFIT, fit_value

    fitting = fit_value(answer["kind"], value)
    if question is not None and question.kind == answer["kind"] and fitting is not UNFIT:
        return display_value(question, fitting)
    return display_value(None, value) if answer["kind"] != "yesno" else ("yes" if value else "no")
