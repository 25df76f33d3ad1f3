"""Export -> import into an empty journal -> export gives the identical JSON, for any journal."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attachjournal.core import prompts
from attachjournal.formats import exchange, export_formats
from attachjournal.storage import importing, store
from attachjournal.storage.migrations import LATEST
from attachjournal.storage.people import person_key

PROMPTS = prompts.load()
# Any printable or not unicode, but no lone surrogates (they are not text SQLite can hold).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
NAMES = st.text(st.characters(categories=("L", "N")), min_size=1, max_size=12)
ZONES = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
MOMENTS = st.builds(
    lambda naive, zone: naive.replace(tzinfo=zone),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)),
    ZONES,
)


def _value(draw, question, people):
    kind = question.kind
    if kind == "scale":
        return draw(st.integers(question.min, question.max))
    if kind == "choice":
        return draw(st.sampled_from(question.values))
    if kind == "multi":
        chosen = draw(st.sets(st.sampled_from(question.values)))
        return [v for v in question.values if v in chosen]
    if kind == "yesno":
        return draw(st.booleans())
    if kind == "person":
        return draw(st.sampled_from(people))
    return draw(TEXT)


@st.composite
def journals(draw):
    names = draw(st.lists(NAMES, min_size=1, max_size=3, unique_by=person_key))
    roles = [draw(st.sampled_from(exchange.ROLES)) for _ in names]
    entries = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["reflect", "rupture", "note"]))
        entries.append((kind, draw(MOMENTS), draw(st.data())))
    return list(zip(names, roles, strict=True)), entries


def _build(path: Path, people, entries) -> None:
    journal = store.open_journal(path, create=True)
    assert journal is not None
    now = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
    with journal.write() as session:
        refs = [session.add_person(n, r, None, now).ref() for n, r in people]
        for kind, at, data in entries:
            if kind == "note":
                plan = importing.ImportPlan(
                    entries=(
                        importing.EntryIn(
                            uid=data.draw(st.uuids()).hex,
                            kind="note",
                            at=at,
                            created_at=now,
                            updated_at=None,
                            person=None,
                            rupture=None,
                            no_repair_needed=False,
                            answers=(importing.AnswerIn("body", "Entry", "text", data.draw(TEXT)),),
                            label="x",
                        ),
                    )
                )
                session.apply_import(plan)
                continue
            questionnaire = PROMPTS[kind]
            answers = {q.id: _value(data.draw, q, refs) for q in questionnaire.questions}
            entry_id = session.add_entry(questionnaire, answers, at=at, now=now)
            fate = data.draw(st.sampled_from(["repaired", "open", "no repair needed"]))
            if kind == "rupture" and fate == "no repair needed":
                session.mark_no_repair_needed(entry_id)
            if kind == "rupture" and fate == "repaired":
                repair_q = PROMPTS["repair"]
                repair = {q.id: _value(data.draw, q, refs) for q in repair_q.questions}
                later = at + data.draw(st.timedeltas(timedelta(0), timedelta(days=40)))
                session.add_entry(
                    repair_q,
                    repair,
                    at=later.astimezone(data.draw(ZONES)),
                    now=now,
                    rupture_id=entry_id,
                )
    journal.close()


def _export(path: Path) -> str:
    journal = store.open_journal(path, create=False)
    assert journal is not None
    try:
        with journal.read() as conn:
            return export_formats.to_json(exchange.to_document(conn.dump(), LATEST))
    finally:
        journal.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journals())
def test_export_import_export_is_identical(journal):
    people, entries = journal
    with tempfile.TemporaryDirectory() as folder:
        source, copy = Path(folder) / "a.db", Path(folder) / "b.db"
        _build(source, people, entries)
        first = _export(source)
        plan = exchange.parse_document(__import__("json").loads(first))
        target = store.open_journal(copy, create=True)
        assert target is not None
        with target.write() as session:
            result = session.apply_import(plan)
        target.close()
        assert result.already_there == 0
        assert _export(copy) == first
