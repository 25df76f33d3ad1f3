"""Typed answers outlive a failed save: a private draft the next check-in offers back."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

import pytest

from attachjournal.core import prompts
from attachjournal.errors import NotSavedError
from attachjournal.storage import drafts
from attachjournal.usecases import flows

PHRASE = "Marigold-ferry-3317"
PASSPHRASE = "Sesame-7f3a-tulip"


class Asker:
    """Types the given answers; runs `during` once, while the person is still answering."""

    def __init__(self, answers: dict, choices=(), during=None) -> None:
        self.answers, self.choices, self.during = answers, list(choices), during
        self.offered: list[str] = []
        self.defaults: dict = {}

    def ask(self, question, *, position, total, default=None, people=()):
        if self.during is not None:
            self.during()
            self.during = None
        self.defaults[question.id] = default
        return self.answers.get(question.id, default)

    def choose(self, message, options, default=None):
        self.offered.append(message)
        return self.choices.pop(0) if self.choices else default

    def text(self, message, default=""):
        return default


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _reflect(db: Path, asker) -> flows.FlowResult:
    return flows.reflect(db, prompts.load(), {}, asker, at=_now(), now=_now())


def _notes(db: Path) -> list[str]:
    with closing(sqlite3.connect(db)) as conn:
        return [r[0] for r in conn.execute("SELECT value FROM answer WHERE question_id = 'note'")]


def _hold_write_lock(db: Path):
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def test_a_save_that_fails_keeps_the_typed_answers_and_the_next_checkin_offers_them(
    attach, db_path, monkeypatch
):
    assert attach("reflect", "--no-input", "-a", "resourced=4").exit_code == 0
    monkeypatch.setenv("ATTACH_BUSY_TIMEOUT_MS", "50")
    typed = {"resourced": 2, "mood": 3, "note": f"today {PHRASE}"}
    holder = []
    asker = Asker(typed, choices=["add"], during=lambda: holder.append(_hold_write_lock(db_path)))
    with pytest.raises(NotSavedError) as failed:
        _reflect(db_path, asker)
    holder[0].rollback()
    holder[0].close()
    assert "busy in another attach process" in failed.value.message
    assert PHRASE not in failed.value.message + (failed.value.hint or "")
    kept = drafts.waiting(db_path, "reflect")
    assert len(kept) == 1
    assert f"private draft ({kept[0]})" in failed.value.hint
    assert stat.S_IMODE(os.stat(kept[0]).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(kept[0].parent).st_mode) == 0o700
    assert _notes(db_path) == []

    again = Asker({}, choices=["add", "use"])
    result = _reflect(db_path, again)
    assert any("could not be saved then" in m for m in again.offered)
    assert again.defaults["note"] == f"today {PHRASE}"
    assert result.saved[0].answer("resourced") == 2
    assert _notes(db_path) == [f'"today {PHRASE}"']
    assert drafts.waiting(db_path, "reflect") == []  # saved, so the draft is gone


def test_a_draft_can_wait_or_be_thrown_away(db_path):
    drafts.keep(db_path, "reflect", {"resourced": 2, "note": PHRASE})
    later = Asker({"resourced": 3}, choices=["later"])
    _reflect(db_path, later)
    assert later.defaults["note"] is None and len(drafts.waiting(db_path, "reflect")) == 1
    _reflect(db_path, Asker({"resourced": 3}, choices=["add", "discard"]))
    assert drafts.waiting(db_path, "reflect") == []


def test_an_encrypt_while_someone_answers_says_so_and_keeps_their_answers(
    attach, db_path, monkeypatch
):
    pytest.importorskip("sqlcipher3.dbapi2", reason="sqlcipher3 is not installed")
    assert attach("reflect", "--no-input", "-a", "resourced=4").exit_code == 0

    def encrypt_elsewhere() -> None:
        done = subprocess.run(
            [sys.executable, "-m", "attachjournal", "encrypt"],
            env={**os.environ, "ATTACH_DB": str(db_path), "ATTACH_PASSPHRASE": PASSPHRASE},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr

    typed = {"resourced": 1, "note": f"evening {PHRASE}"}
    with pytest.raises(NotSavedError) as failed:
        _reflect(db_path, Asker(typed, choices=["add"], during=encrypt_elsewhere))
    said = f"{failed.value.message} {failed.value.hint}"
    assert "encrypted by another attach command while this one was open" in said
    assert "damaged" not in said
    assert "The draft is not encrypted: the journal was not when you began." in said
    (kept,) = drafts.waiting(db_path, "reflect")
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600

    monkeypatch.setenv("ATTACH_PASSPHRASE", PASSPHRASE)
    result = _reflect(db_path, Asker({}, choices=["add", "use"]))
    assert result.saved[0].answer("note") == f"evening {PHRASE}"
    assert drafts.waiting(db_path, "reflect") == []


def test_a_draft_of_an_encrypted_journal_is_encrypted_with_its_passphrase(db_path):
    pytest.importorskip("sqlcipher3.dbapi2", reason="sqlcipher3 is not installed")
    where, encrypted = drafts.keep(db_path, "reflect", {"note": PHRASE}, passphrase=PASSPHRASE)
    assert encrypted and PHRASE.encode() not in where.read_bytes()
    assert drafts.load(where, None) is None
    assert drafts.load(where, PASSPHRASE).answers == {"note": PHRASE}


# ----------------------------------------------------------------------------- disk full


def _fill(place: Path) -> None:
    fd = os.open(place / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)


def test_doctor_says_a_full_disk_is_full_not_damaged(attach, small_disk, monkeypatch):
    db = small_disk / "data" / "journal.db"
    monkeypatch.setenv("ATTACH_DB", str(db))
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    _fill(small_disk)
    result = attach("doctor")
    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert "The disk holding the journal is full" in said
    assert "damaged" not in said and "restore" not in said
    data = attach("doctor", "--json").stdout
    assert '"disk_full": true' in data
    for args in (["log"], ["reflect", "--no-input", "-a", "resourced=2"]):
        refused = " ".join(attach(*args).stderr.split())
        assert "the disk is full" in refused and "may be full" not in refused, refused


def test_doctor_tells_of_drafts_waiting(attach, db_path):
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    drafts.keep(db_path, "reflect", {"note": PHRASE})
    said = " ".join(attach("doctor").stdout.split())
    assert "1 draft of answers that could not be saved waits in" in said
    assert PHRASE not in said
    assert '"drafts_waiting": 1' in attach("doctor", "--json").stdout


def test_a_checkin_without_a_terminal_mentions_a_draft_waiting(attach, db_path):
    drafts.keep(db_path, "reflect", {"note": PHRASE})
    result = attach("reflect", "--no-input", "-a", "resourced=3")
    assert result.exit_code == 0, result.output
    said = " ".join(result.stdout.split())
    assert "could not be saved still wait in a draft" in said and PHRASE not in said
    assert len(drafts.waiting(db_path, "reflect")) == 1  # only a terminal hands it back
