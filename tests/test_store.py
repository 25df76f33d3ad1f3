"""store: a private file, one transaction per save, and never a write into someone else's file."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from attachjournal.core import prompts
from attachjournal.core.questionnaire import PersonRef
from attachjournal.errors import AttachError, JournalError, NotFoundError, NotSavedError, UsageError
from attachjournal.storage import store
from attachjournal.storage.connection import to_db_time
from attachjournal.storage.migrations import APPLICATION_ID, LATEST

UTC = timezone.utc
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
PROMPTS = prompts.load()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(path: Path, table: str = "entry") -> int:
    if not path.exists():
        return 0
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def journal(db_path: Path):
    opened = store.open_journal(db_path, create=True)
    assert opened is not None
    yield opened
    opened.close()


def add_person(journal: store.Journal, name: str = "Maya", role: str = "child") -> int:
    with journal.write() as session:
        return session.add_person(name, role, None, NOW).id


def add_rupture(journal: store.Journal, who: int, at: datetime = NOW, **answers) -> int:
    given = {"who": PersonRef(name="?", id=who), "intensity": 3, **answers}
    with journal.write() as session:
        return session.add_entry(PROMPTS["rupture"], given, at=at, now=NOW)


def add_repair(journal: store.Journal, rupture_id: int, at: datetime) -> int:
    with journal.write() as session:
        return session.add_entry(
            PROMPTS["repair"], {"moves": ["sorry"]}, at=at, now=NOW, rupture_id=rupture_id
        )


def add_checkin(journal: store.Journal, at: datetime = NOW, **answers) -> int:
    with journal.write() as session:
        return session.add_entry(PROMPTS["reflect"], {"resourced": 3, **answers}, at=at, now=NOW)


# ----------------------------------------------------------------------------- privacy


def test_a_new_journal_is_private_to_its_owner(db_path: Path):
    assert not db_path.parent.exists()
    store.open_journal(db_path, create=True).close()
    assert mode(db_path.parent) == 0o700
    assert mode(db_path) == 0o600


def test_files_stay_private_even_with_a_permissive_umask(tmp_path: Path):
    db = tmp_path / "open" / "nested" / "journal.db"
    script = textwrap.dedent(
        f"""
        import os, stat, sys
        from datetime import datetime, timezone
        from pathlib import Path
        os.umask(0)
        from attachjournal.core import prompts
        from attachjournal.storage import store
        db = Path({str(db)!r})
        journal = store.open_journal(db, create=True)
        with journal.write() as session:
            session.add_entry(prompts.load()["reflect"], {{"resourced": 3}},
                            at=datetime.now(timezone.utc), now=datetime.now(timezone.utc))
        with journal.read() as conn:
            # While a connection is open, WAL keeps its -wal and -shm files beside the journal.
            for p in (db, Path(str(db) + "-wal"), Path(str(db) + "-shm"), db.parent):
                print(p.name, oct(stat.S_IMODE(p.stat().st_mode)))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    modes = dict(line.split() for line in out.splitlines())
    assert modes == {
        "journal.db": "0o600",
        "journal.db-wal": "0o600",
        "journal.db-shm": "0o600",
        "nested": "0o700",  # the data dir itself; folders above it follow mkdir -p
    }


def test_a_journal_left_readable_by_others_is_tightened_on_open(journal, db_path: Path):
    journal.close()
    os.chmod(db_path, 0o644)
    store.open_journal(db_path, create=False).close()
    assert mode(db_path) == 0o600


# ----------------------------------------------------------------------------- settings


def test_a_new_journal_has_its_pragmas(journal, db_path: Path):
    with journal.read() as conn:
        assert conn._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn._conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert conn._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert raw.execute("PRAGMA user_version").fetchone()[0] == LATEST
    finally:
        raw.close()


# ----------------------------------------------------------------------------- refusing files


def _not_sqlite(path: Path) -> None:
    path.write_text("Dear diary,\n" * 20, encoding="utf-8")


def _foreign_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.close()


def _short_sqlite_header(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 10)


@pytest.mark.parametrize("make", [_not_sqlite, _foreign_sqlite, _short_sqlite_header])
@pytest.mark.parametrize("create", [True, False])
def test_a_file_that_is_not_an_attach_journal_is_refused_untouched(db_path, make, create):
    db_path.parent.mkdir(parents=True)
    make(db_path)
    before = digest(db_path)
    with pytest.raises(JournalError) as caught:
        store.open_journal(db_path, create=create)
    assert "not an attach journal" in caught.value.message
    assert "untouched" in caught.value.message
    assert digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


@pytest.mark.parametrize(
    "command", [["log"], ["review"], ["reflect", "-a", "resourced=3", "--no-input"]]
)
@pytest.mark.parametrize("make", [_not_sqlite, _foreign_sqlite])
def test_commands_refuse_a_foreign_file_with_exit_1(attach, db_path, make, command):
    db_path.parent.mkdir(parents=True)
    make(db_path)
    before = digest(db_path)
    result = attach(*command)
    assert result.exit_code == 1, result.output
    assert "not an attach journal" in result.stderr
    assert "Traceback" not in result.output
    assert digest(db_path) == before


def test_a_folder_at_the_journal_path_is_refused(attach, db_path):
    db_path.mkdir(parents=True)
    with pytest.raises(JournalError, match="is a folder"):
        store.open_journal(db_path, create=True)
    result = attach("reflect", "-a", "resourced=3", "--no-input")
    assert result.exit_code == 1, result.output
    assert "is a folder" in result.stderr
    assert list(db_path.iterdir()) == []


def test_a_journal_from_a_newer_attach_is_refused_untouched(attach, db_path):
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
        conn.execute("CREATE TABLE future (x)")
    conn.close()
    before = digest(db_path)
    with pytest.raises(JournalError, match="newer attach"):
        store.open_journal(db_path, create=True)
    result = attach("log")
    assert result.exit_code == 1, result.output
    assert "upgrade" in result.stderr
    assert digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


@pytest.mark.parametrize(
    "command", [["log"], ["review"], ["people", "list"], ["log", "--json"], ["review", "--json"]]
)
def test_reading_commands_on_a_missing_journal_create_nothing(attach, db_path, command):
    result = attach(*command)
    assert result.exit_code == 0, result.output
    assert not db_path.exists()
    assert not db_path.parent.exists()


def test_open_without_create_on_a_missing_journal_gives_none(db_path):
    assert store.open_journal(db_path, create=False) is None
    assert not db_path.parent.exists()


def test_an_empty_file_becomes_a_journal_only_when_asked_to_create(db_path):
    db_path.parent.mkdir(parents=True)
    db_path.touch()
    assert store.open_journal(db_path, create=False) is None
    assert db_path.stat().st_size == 0
    store.open_journal(db_path, create=True).close()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


# ----------------------------------------------------------------------------- time


def test_times_are_stored_as_utc_text_and_read_back_aware(journal, db_path):
    berlin_evening = datetime(2026, 11, 18, 19, 30, 15, tzinfo=timezone(timedelta(hours=1)))
    entry_id = add_checkin(journal, at=berlin_evening)
    with sqlite3.connect(db_path) as conn:
        stored_at, created = conn.execute("SELECT at, created_at FROM entry").fetchone()
    conn.close()
    assert stored_at == "2026-11-18 18:30:15.000000"
    assert created == "2026-11-20 12:00:00.000000"
    with journal.read() as conn:
        entry = conn.get_entry(entry_id)
    assert entry.at == berlin_evening
    assert entry.at.tzinfo == UTC
    assert entry.created_at == NOW


def test_to_db_time_refuses_a_naive_datetime():
    with pytest.raises(ValueError):
        to_db_time(datetime(2026, 11, 20, 12, 0))


def test_a_range_query_uses_instants_not_wall_clock_text(journal):
    # 23:30 Berlin on the 19th is 22:30 UTC on the 19th; it belongs to the 19th in local time.
    late = datetime(2026, 11, 19, 22, 30, tzinfo=UTC)
    add_checkin(journal, at=late)
    start = datetime(2026, 11, 20, 0, 0).astimezone()
    with journal.read() as conn:
        assert conn.entries_between(start, start + timedelta(days=1)) == []
        found = conn.entries_between(start - timedelta(days=1), start)
    assert [e.at for e in found] == [late]


# ----------------------------------------------------------------------------- entries


def test_an_entry_keeps_its_answers_and_the_question_text_as_asked(journal):
    maya = add_person(journal)
    entry_id = add_rupture(journal, maya, context=["rushing", "i_tired"], what="[bold]shouted[/]")
    with journal.read() as conn:
        entry = conn.get_entry(entry_id)
    assert entry.kind == "rupture"
    assert entry.person == "Maya"
    assert entry.answer("who") == "Maya"
    assert entry.answer("intensity") == 3
    assert entry.answer("context") == ["rushing", "i_tired"]
    assert entry.answer("what") == "[bold]shouted[/]"
    texts = {a.question_id: a.question_text for a in entry.answers}
    assert texts["intensity"] == PROMPTS["rupture"].get("intensity").text
    assert len(entry.uid) == 32 and int(entry.uid, 16) >= 0


def test_a_new_person_named_in_an_answer_is_added_with_the_entry(journal):
    with journal.write() as session:
        entry_id = session.add_entry(
            PROMPTS["rupture"],
            {"who": PersonRef(name="Noor", role="friend"), "intensity": 2},
            at=NOW,
            now=NOW,
        )
    with journal.read() as conn:
        assert conn.get_entry(entry_id).person == "Noor"
        assert [(p.name, p.role, p.entry_count) for p in conn.list_people()] == [
            ("Noor", "friend", 1)
        ]


def test_a_repair_cannot_come_before_its_rupture(journal, db_path):
    rupture = add_rupture(journal, add_person(journal))
    with pytest.raises(UsageError, match="can't come before its rupture"):
        add_repair(journal, rupture, NOW - timedelta(minutes=1))
    assert count(db_path) == 1
    add_repair(journal, rupture, NOW)  # the same minute is fine
    assert count(db_path) == 2


def test_a_rupture_has_one_repair(journal, db_path):
    rupture = add_rupture(journal, add_person(journal))
    first = add_repair(journal, rupture, NOW + timedelta(hours=1))
    with pytest.raises(UsageError, match=f"already has its repair \\(entry {first}\\)"):
        add_repair(journal, rupture, NOW + timedelta(hours=2))
    assert count(db_path) == 2


def test_the_database_itself_refuses_a_second_repair(journal, db_path):
    rupture = add_rupture(journal, add_person(journal))
    add_repair(journal, rupture, NOW + timedelta(hours=1))
    with pytest.raises(NotSavedError), journal.write() as session:
        session._conn.execute(
            "INSERT INTO entry (uid, kind, at, created_at, rupture_id, no_repair_needed) "
            "VALUES ('x', 'repair', '2026-11-20 14:00:00.000000', "
            "'2026-11-20 14:00:00.000000', :r, 0)",
            {"r": rupture},
        )
    assert count(db_path) == 2


def test_only_a_rupture_can_be_repaired(journal):
    checkin = add_checkin(journal)
    with pytest.raises(NotFoundError, match=f"no rupture {checkin}"):
        add_repair(journal, checkin, NOW)
    with pytest.raises(NotFoundError):
        add_repair(journal, 999, NOW)


def test_no_repair_needed_marks_the_rupture_and_closes_it(journal):
    rupture = add_rupture(journal, add_person(journal))
    with journal.read() as conn:
        assert [e.id for e in conn.open_ruptures()] == [rupture]
    with journal.write() as session:
        session.mark_no_repair_needed(rupture)
    with journal.read() as conn:
        assert conn.open_ruptures() == []
        assert conn.get_entry(rupture).no_repair_needed


def test_updating_a_checkin_replaces_its_answers_and_stamps_the_update(journal):
    entry_id = add_checkin(journal, mood=2, note="first go")
    later = NOW + timedelta(hours=3)
    with journal.write() as session:
        session.replace_answers(entry_id, PROMPTS["reflect"], {"resourced": 5}, later)
    with journal.read() as conn:
        entry = conn.get_entry(entry_id)
    assert [(a.question_id, a.value) for a in entry.answers] == [("resourced", 5)]
    assert entry.updated_at == later
    assert entry.at == NOW


def test_log_lists_newest_first_with_filters(journal):
    maya, sam = add_person(journal, "Maya"), add_person(journal, "Sam", "partner")
    first = add_checkin(journal, at=NOW - timedelta(days=3))
    second = add_rupture(journal, maya, at=NOW - timedelta(days=2))
    third = add_rupture(journal, sam, at=NOW - timedelta(days=1))
    with journal.read() as conn:
        assert [e.id for e in conn.list_entries()] == [third, second, first]
        assert [e.id for e in conn.list_entries(kind="rupture")] == [third, second]
        assert [e.id for e in conn.list_entries(person_id=maya)] == [second]
        since = NOW - timedelta(days=2, hours=1)
        assert [e.id for e in conn.list_entries(since=since)] == [third, second]
        assert [e.id for e in conn.list_entries(limit=1)] == [third]


# ----------------------------------------------------------------------------- people


def test_names_are_unique_in_any_case_and_spacing(journal):
    add_person(journal, "Maya")
    for name in ("maya", " MAYA ", "Maya"):
        with pytest.raises(UsageError, match="already someone called Maya"):
            add_person(journal, name)


@pytest.mark.parametrize(
    ("name", "problem"), [("   ", "empty"), ("x" * 61, "under 60"), ("Ma\x1bya", "control")]
)
def test_names_are_labels_without_control_characters(journal, name, problem):
    with pytest.raises(UsageError, match=problem):
        add_person(journal, name)


def test_a_role_must_be_one_of_the_known_ones(journal):
    with pytest.raises(UsageError, match="Role must be one of child, partner"):
        add_person(journal, "Boss", "boss")


def test_rename_keeps_the_entries_with_the_person(journal):
    maya = add_person(journal, "Maya")
    rupture = add_rupture(journal, maya)
    with journal.write() as session:
        session.rename_person("maya", "Mimi")
    with journal.read() as conn:
        assert conn.get_entry(rupture).person == "Mimi"
        assert conn.find_person("MIMI").id == maya


def test_rename_may_change_only_the_case(journal):
    add_person(journal, "maya")
    with journal.write() as session:
        assert session.rename_person("maya", "Maya").name == "Maya"


def test_rename_to_a_name_already_taken_is_refused(journal):
    add_person(journal, "Maya")
    add_person(journal, "Sam")
    with pytest.raises(UsageError, match="already someone called Sam"), journal.write() as session:
        session.rename_person("Maya", "sam")


def test_remove_refuses_while_entries_refer_to_the_person(journal, db_path):
    maya = add_person(journal, "Maya")
    add_rupture(journal, maya)
    with pytest.raises(UsageError) as caught, journal.write() as session:
        session.remove_person("Maya")
    assert "appears in 1 entry" in caught.value.message
    assert "--reassign-to" in caught.value.message and "--delete-entries" in caught.value.message
    assert count(db_path, "person") == 1


def test_remove_with_reassign_moves_entries_and_person_answers(journal):
    maya, mimi = add_person(journal, "Maya"), add_person(journal, "Mimi")
    rupture = add_rupture(journal, maya)
    with journal.write() as session:
        removed, moved = session.remove_person("maya", reassign_to="Mimi")
    assert (removed.name, moved) == ("Maya", 1)
    with journal.read() as conn:
        entry = conn.get_entry(rupture)
        raw_who = conn._conn.execute(
            "SELECT value FROM answer WHERE entry_id = :e AND question_id = 'who'",
            {"e": rupture},
        ).fetchone()[0]
        assert [p.name for p in conn.list_people()] == ["Mimi"]
    assert (entry.person_id, entry.person) == (mimi, "Mimi")
    assert raw_who == str(mimi)


def test_remove_with_reassign_to_themselves_is_refused(journal):
    add_rupture(journal, add_person(journal, "Maya"))
    with pytest.raises(UsageError, match="someone other"), journal.write() as session:
        session.remove_person("Maya", reassign_to="maya")


def test_remove_with_delete_entries_takes_their_entries_and_repairs(journal, db_path):
    maya, sam = add_person(journal, "Maya"), add_person(journal, "Sam")
    rupture = add_rupture(journal, maya)
    add_repair(journal, rupture, NOW + timedelta(hours=1))
    kept = add_rupture(journal, sam)
    checkin = add_checkin(journal)
    with journal.write() as session:
        session.remove_person("Maya", delete_entries=True)
    with journal.read() as conn:
        assert sorted(e.id for e in conn.list_entries()) == [kept, checkin]
        assert [p.name for p in conn.list_people()] == ["Sam"]
    with sqlite3.connect(db_path) as conn:
        orphans = conn.execute(
            "SELECT count(*) FROM answer WHERE entry_id NOT IN (SELECT id FROM entry)"
        ).fetchone()[0]
    conn.close()
    assert orphans == 0


def test_remove_someone_unknown_is_not_found(journal):
    with pytest.raises(NotFoundError, match="nobody by that name"), journal.write() as session:
        session.remove_person("Nobody")


# ----------------------------------------------------------------------------- failed writes


def test_a_failed_write_leaves_no_row_at_all(journal, db_path):
    with pytest.raises(NotSavedError) as caught, journal.write() as session:
        session.add_person("Maya", "child", None, NOW)
        # The CHECK constraint refuses this kind; the person added above must go too.
        session._conn.execute(
            "INSERT INTO entry (uid, kind, at, created_at, no_repair_needed) "
            "VALUES (:uid, 'diary', '2026-11-20 12:00:00.000000', "
            "'2026-11-20 12:00:00.000000', 0)",
            {"uid": "secret words I wrote"},
        )
    assert isinstance(caught.value, AttachError)
    assert "NOT saved" in caught.value.message
    assert "secret words" not in caught.value.message
    assert count(db_path, "person") == 0
    assert count(db_path, "entry") == 0


def test_a_database_error_in_the_middle_of_a_save_rolls_everything_back(journal, db_path):
    with pytest.raises(NotSavedError), journal.write() as session:
        add_entry = session.add_entry(PROMPTS["reflect"], {"resourced": 2}, at=NOW, now=NOW)
        assert add_entry
        session._conn.execute("SELECT * FROM no_such_table")
    assert count(db_path) == 0
    assert count(db_path, "answer") == 0


def test_an_error_of_ours_in_the_middle_of_a_save_rolls_back_too(journal, db_path):
    with pytest.raises(UsageError), journal.write() as session:
        session.add_person("Maya", "child", None, NOW)
        session.add_person("maya", "child", None, NOW)
    assert count(db_path, "person") == 0


def test_after_a_failed_write_the_next_one_saves_only_itself(journal, db_path):
    with pytest.raises(NotSavedError), journal.write() as session:
        session.add_entry(PROMPTS["reflect"], {"resourced": 2}, at=NOW, now=NOW)
        session._conn.execute("SELECT * FROM no_such_table")
    add_checkin(journal)
    assert count(db_path) == 1


def test_a_file_where_the_journal_folder_should_be_is_a_clear_error(attach, tmp_path, monkeypatch):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ATTACH_DB", str(blocker / "journal.db"))
    with pytest.raises(JournalError, match="Can't create a journal"):
        store.open_journal(blocker / "journal.db", create=True)
    result = attach("reflect", "-a", "resourced=3")
    assert result.exit_code == 1, result.output
    assert "Can't create a journal" in result.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_journal_busy_in_another_process_is_reported_and_nothing_rides_along_later(
    db_path, monkeypatch, attach
):
    store.open_journal(db_path, create=True).close()
    monkeypatch.setenv("ATTACH_BUSY_TIMEOUT_MS", "50")  # wait briefly, not 15 s
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another attach is saving right now
        journal = store.open_journal(db_path, create=False)
        with pytest.raises(NotSavedError, match="busy in another attach process"):
            add_checkin(journal)
        result = attach("reflect", "-a", "resourced=3")
        assert result.exit_code == 1, result.output
        assert "NOT saved" in result.stderr
    finally:
        other.execute("ROLLBACK")
        other.close()
    add_checkin(journal)
    assert count(db_path) == 1


def test_each_journal_counts_its_own_commits_and_says_so_when_it_fails_after_one(journal, db_path):
    other = store.open_journal(db_path, create=False)
    assert other is not None
    add_checkin(journal)
    assert (journal.commits, other.commits) == (1, 0)
    # Another program swaps a file that is not a journal in: both fail to read it.
    stranger = db_path.with_name("stranger.db")
    stranger.write_bytes(b"not a journal at all" * 10)
    os.replace(stranger, db_path)
    for opened, saved in ((journal, True), (other, False)):
        with pytest.raises(JournalError) as failed, opened.read():
            pass
        assert failed.value.after_save is saved
    other.close()
