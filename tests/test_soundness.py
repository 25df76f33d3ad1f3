"""A save reads the whole journal for damage first, unless the file is exactly as attach's
own last save left it (storage/soundness.py). These tests hold the protection that matters:
a file changed, replaced or damaged outside attach is still refused before anything is
written, and what attach keeps to know it is private and holds no words."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from attachjournal.paths import journal_state_file
from attachjournal.storage import soundness

NOTE = "we read the dinosaur book twice"


def _save(attach, note: str = NOTE) -> None:
    result = attach("reflect", "--no-input", "-a", "resourced=3", "-a", f"note={note}")
    assert result.exit_code == 0, result.output


def _damage_people(db: Path) -> None:
    """Scribble over the page of the index on people's names, as a bad disk block would. A
    check-in never reads or writes it: only the check before writing can notice."""
    with closing(sqlite3.connect(db)) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_person_2'"
        ).fetchone()
    with open(db, "r+b") as handle:
        handle.seek(page_size * (root - 1))
        handle.write(b"\xff" * 12)


def _stamp(db: Path) -> Path:
    return journal_state_file(db, "checked")


def _refused_untouched(attach, db: Path) -> None:
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    result = attach("reflect", "--no-input", "-a", "resourced=2", "-a", "note=later words")
    assert result.exit_code == 1
    assert "NOT saved" in result.stderr and "damaged" in result.stderr
    assert "later words" not in result.stdout + result.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_after_a_save_attach_knows_the_file_as_it_left_it(attach, db_path):
    _save(attach)
    assert soundness.as_left(db_path)
    with open(db_path, "ab") as handle:  # anything else touching the file
        handle.write(b"\0" * 4096)
    assert not soundness.as_left(db_path)


def test_a_file_damaged_after_the_last_save_is_refused_before_writing(attach, db_path):
    _save(attach)
    assert attach("people", "add", "Maya").exit_code == 0
    _damage_people(db_path)
    _refused_untouched(attach, db_path)
    # What was found is not forgotten: the next save reads the whole file again.
    assert not _stamp(db_path).exists()
    _refused_untouched(attach, db_path)


def test_a_damaged_copy_put_in_its_place_with_the_old_size_and_time_is_refused(
    attach, db_path, tmp_path
):
    # A restore by hand or a sync tool swaps the file: same size, same modification time,
    # but another file (another inode), so attach does not take it as the one it left.
    _save(attach)
    assert attach("people", "add", "Maya").exit_code == 0
    before = os.stat(db_path)
    copy = tmp_path / "copy.db"
    shutil.copyfile(db_path, copy)
    _damage_people(copy)
    os.replace(copy, db_path)
    os.utime(db_path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(db_path).st_size == before.st_size
    _refused_untouched(attach, db_path)


def test_what_is_kept_is_private_numbers_away_from_the_journal(attach, db_path):
    _save(attach)
    place = _stamp(db_path)
    assert place.is_file()
    assert place.stat().st_mode & 0o777 == 0o600
    assert place.parent.stat().st_mode & 0o777 == 0o700
    text = place.read_text(encoding="ascii")
    assert re.fullmatch(r"[0-9:\- ]+", text), "only device, inode, size and times"
    assert "dinosaur" not in text
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["journal.db"]


def test_a_journal_kept_twice_in_a_row_is_saved_both_times(attach, db_path):
    # The everyday path: the second save trusts the first's stamp and lands.
    _save(attach, "first evening")
    _save(attach, "second evening")
    with closing(sqlite3.connect(db_path)) as conn:
        notes = [r[0] for r in conn.execute("SELECT value FROM answer WHERE question_id='note'")]
    assert len(notes) == 2
    assert "first evening" in notes[0] and "second evening" in notes[1]


def test_damage_that_leaves_no_trace_on_the_file_is_found_by_doctor(attach, db_path):
    # The trade, written down: a page gone bad in place with the file's size and time
    # unchanged (a failing disk) is not looked for by every save, only by SQLite where a
    # save reads or writes, and by `attach doctor`. The save that follows still lands.
    _save(attach)
    assert attach("people", "add", "Maya").exit_code == 0
    before = os.stat(db_path)
    _damage_people(db_path)
    os.utime(db_path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert soundness.as_left(db_path)
    _save(attach, "an evening after")
    doctor = attach("doctor")
    assert doctor.exit_code != 0
    assert "damaged" in doctor.stdout + doctor.stderr
