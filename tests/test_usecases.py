"""The use cases on their own, without a command line: parameters in, a frozen result out."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from pathlib import Path

import pytest

from attachjournal.core import prompts as prompt_files
from attachjournal.errors import NotFoundError, UsageError
from attachjournal.usecases import changes, data, entries, people

NOW = datetime(2026, 11, 20, 18, 30, tzinfo=timezone.utc)


def _prompts():
    return prompt_files.load(None)


def test_reading_a_journal_that_does_not_exist_yet_says_so(tmp_path: Path):
    where = tmp_path / "none.db"
    listed = entries.list_entries(where, kind=None, who=None, since=None, limit=20)
    assert listed == entries.EntryList((), frozenset(), False)
    found = entries.search(where, "calm", kind=None, who=None, since=None, limit=20)
    assert found.entries == () and not found.journal_exists and found.words == ("calm",)
    assert people.everyone(where) == ()
    with pytest.raises(NotFoundError):
        entries.show_entry(where, 1)
    with pytest.raises(NotFoundError):
        data.backup(where, None, NOW, 3)
    assert not where.exists()  # reading never creates a journal


def test_results_are_frozen(tmp_path: Path):
    result = entries.list_entries(tmp_path / "none.db", kind=None, who=None, since=None, limit=5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.journal_exists = True  # type: ignore[misc]


def test_people_and_a_deletion_with_its_steps_handed_in(tmp_path: Path):
    where = tmp_path / "j.db"
    maya = people.add(where, "Maya", "child", None, NOW)
    assert (maya.name, maya.role) == ("Maya", "child")
    with pytest.raises(UsageError):
        people.add(where, "Sam", "cousin", None, NOW)
    exported = data.export(
        where, "json", since=None, until=None, who=None, redact=False, prompts=_prompts,
        output=tmp_path / "out.json",
    )  # fmt: skip
    assert exported.count == 0 and exported.chunks is None
    assert (tmp_path / "out.json").stat().st_mode & 0o777 == 0o600

    imported = data.import_entries(
        where,
        '{"entries": [{"date": "2026-11-19", "time": "21:00", "title": "A slow evening", '
        '"body": "", "tags": []}]}',
        label="notes.json",
        source="jrnl",
        now=NOW,
        prompts=_prompts,
    )
    assert (imported.added, imported.already_there, imported.concern) == (1, 0, None)
    (note,) = entries.list_entries(where, kind=None, who=None, since=None, limit=5).entries

    shown: list[changes.DeletePlan] = []
    kept = changes.delete(
        where, note.id, repair=None, choose_repair=None, preview=shown.append,
        confirm=lambda: False,
    )  # fmt: skip
    assert kept == changes.Deleted(()) and [p.entry.id for p in shown] == [note.id]
    gone = changes.delete(
        where, note.id, repair=None, choose_repair=None, preview=shown.append, confirm=None
    )
    assert gone.ids == (note.id,)
    assert entries.list_entries(where, kind=None, who=None, since=None, limit=5).entries == ()
