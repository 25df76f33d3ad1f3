"""Encryption at rest: nothing readable without the passphrase, nothing lost by converting."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from attachjournal.storage.migrations import LATEST

sqlcipher = pytest.importorskip(
    "sqlcipher3.dbapi2",
    reason="sqlcipher3 is not installed (pip install -e '.[test,encrypted]')",
)

PASSPHRASE = "Sesame-7f3a-tulip"
PHRASE = "Zebra-quartz-4471 under the kitchen table"
PHRASE2 = "Mauve-lantern-9023 at bedtime"
# --at 2026-03-14T09:26 in Europe/Berlin (UTC+1 in March) is stored as 2026-03-14 08:26 UTC.
AT = "2026-03-14T09:26"
STORED_DAY = b"2026-03-14"
QUESTION = b"How resourced do I feel right now?"


@pytest.fixture
def secret(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("ATTACH_PASSPHRASE", PASSPHRASE)
    return PASSPHRASE


def _fill(attach) -> None:
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    saved = attach(
        "reflect",
        "-a",
        "resourced=2",
        "-a",
        "mood=4",
        "-a",
        f"note={PHRASE}",
        "--at",
        AT,
        "--no-input",
    )
    assert saved.exit_code == 0, saved.output
    rupture = attach(
        "repair",
        "--new",
        "-a",
        "who=Maya",
        "-a",
        "intensity=3",
        "-a",
        f"what={PHRASE}",
        "-a",
        "connected=4",
        "--at",
        AT,
        "--no-input",
    )
    assert rupture.exit_code == 0, rupture.output


def _said(result) -> str:
    """stderr as one line (Rich wraps long messages at the terminal width)."""
    return " ".join(result.stderr.split())


def _raw(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def _dump(attach) -> list[dict]:
    listing = attach("log", "--json", "-n", "1000")
    assert listing.exit_code == 0, listing.output
    return json.loads(listing.stdout)


def test_plain_journal_is_readable_so_the_checks_below_mean_something(attach, db_path):
    _fill(attach)
    raw = _raw(db_path) + _raw(Path(f"{db_path}-wal"))
    assert PHRASE.encode() in raw and STORED_DAY in raw and QUESTION in raw


def test_encrypted_file_wal_and_backup_show_no_text_date_or_score(attach, db_path, secret):
    _fill(attach)
    result = attach("encrypt")
    assert result.exit_code == 0, result.output
    assert "Encrypted your journal (3 entries)" in result.stdout
    # No plaintext copy is left beside it, and the file is its owner's only.
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["journal.db"]
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    raw = _raw(db_path)
    assert not raw.startswith(b"SQLite format 3")
    for needle in (PHRASE.encode(), STORED_DAY, QUESTION, b"resourced", b"Maya"):
        assert needle not in raw

    # A reader keeps the -wal alive, so a new save is caught in it before any checkpoint.
    reader = sqlcipher.connect(str(db_path))
    reader.execute("PRAGMA cipher_log_level = NONE")
    reader.set_key(PASSPHRASE)
    assert reader.execute("SELECT count(*) FROM entry").fetchone()[0] == 3
    try:
        saved = attach(
            "reflect",
            "-a",
            "resourced=5",
            "-a",
            f"note={PHRASE2}",
            "--at",
            "2026-03-15T10:00",
            "--no-input",
        )
        assert saved.exit_code == 0, saved.output
        wal = _raw(Path(f"{db_path}-wal"))
        assert len(wal) > 4096  # the new entry's pages are in there
        for needle in (PHRASE2.encode(), b"2026-03-15", QUESTION, b"resourced"):
            assert needle not in wal and needle not in _raw(db_path)
    finally:
        reader.close()

    # A backup taken through the journal's own connection, and a plain copy of the file.
    from attachjournal.storage import store

    journal = store.open_journal(db_path, create=False)
    assert journal is not None
    backup = db_path.parent / "backup.db"
    conn = journal.connect()  # keyed like every connection the journal opens
    try:
        conn.execute("VACUUM INTO ?", (str(backup),))
    finally:
        conn.close()
    journal.close()
    copy = db_path.parent / "copy.db"
    shutil.copyfile(db_path, copy)
    for file in (backup, copy):
        data = file.read_bytes()
        assert len(data) > 4096
        for needle in (PHRASE.encode(), PHRASE2.encode(), STORED_DAY, QUESTION):
            assert needle not in data
    # ...and the backup still opens with the passphrase, with every entry.
    check = sqlcipher.connect(str(backup))
    check.set_key(PASSPHRASE)
    assert check.execute("SELECT count(*) FROM entry").fetchone()[0] == 4
    check.close()


def test_round_trip_keeps_every_entry_and_every_command_works(attach, db_path, tmp_path):
    _fill(attach)
    before = _dump(attach)
    show_before = attach("show", "1", "--json").stdout
    key_file = tmp_path / "key.txt"
    key_file.write_text(PASSPHRASE + "\n")
    # A script's way: --passphrase-file for every command, the passphrase never in argv.
    pf = ("--passphrase-file", str(key_file))
    assert attach(*pf, "encrypt").exit_code == 0
    assert _dump(lambda *a: attach(*pf, *a)) == before
    assert attach(*pf, "show", "1", "--json").stdout == show_before
    people = attach(*pf, "people", "list")
    assert people.exit_code == 0 and "Maya" in people.stdout
    assert attach(*pf, "review", "--since", "2026-03-10", "--until", "2026-03-16").exit_code == 0
    added = attach(*pf, "reflect", "-a", "resourced=3", "--no-input")
    assert added.exit_code == 0, added.output
    repaired = attach(*pf, "repair", "--new", "-a", "who=Maya", "-a", "intensity=1", "--no-input")
    assert repaired.exit_code == 0, repaired.output
    assert attach(*pf, "people", "rename", "Maya", "May").exit_code == 0
    during = _dump(lambda *a: attach(*pf, *a))
    assert len(during) == len(before) + 2

    result = attach(*pf, "decrypt")
    assert result.exit_code == 0, result.output
    assert "Decrypted your journal (5 entries)" in result.stdout
    assert db_path.read_bytes().startswith(b"SQLite format 3\x00")
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["journal.db"]
    assert _dump(attach) == during  # no passphrase needed any more
    import sqlite3

    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    conn.close()


def test_wrong_passphrase_is_one_clear_line_and_changes_nothing(
    attach, db_path, secret, monkeypatch, capfd
):
    _fill(attach)
    assert attach("encrypt").exit_code == 0
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    capfd.readouterr()
    monkeypatch.setenv("ATTACH_PASSPHRASE", "not-the-one")
    for args in (("log",), ("reflect", "-a", "resourced=3", "--no-input"), ("decrypt",)):
        result = attach(*args)
        assert result.exit_code == 1
        assert _said(result).startswith("✗ That passphrase doesn't open this journal.")
        assert "not a database" not in result.output
        # SQLCipher's own log lines go straight to file descriptor 2; there must be none.
        leaked = capfd.readouterr()
        assert "ERROR" not in leaked.err and "hmac" not in leaked.err
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["journal.db"]


def test_no_passphrase_says_it_is_encrypted_and_how_to_give_it(
    attach, db_path, secret, monkeypatch
):
    _fill(attach)
    assert attach("encrypt").exit_code == 0
    monkeypatch.delenv("ATTACH_PASSPHRASE")
    result = attach("log")
    assert result.exit_code == 1
    assert "is an encrypted journal and no passphrase was given for it" in _said(result)
    assert "ATTACH_PASSPHRASE" in _said(result) and "--passphrase-file" in _said(result)


def test_the_passphrase_never_appears_in_any_output(attach, db_path, secret, monkeypatch):
    _fill(attach)
    outputs = [attach("encrypt").output, attach("log").output, attach("review").output]
    outputs.append(attach("show", "99").output)  # an error on an encrypted journal
    outputs.append(attach("reflect", "-a", "resourced=9", "--no-input").output)
    from attachjournal.storage import store

    journal = store.open_journal(db_path, create=False)
    assert journal is not None
    conn = journal.connect()
    outputs += [repr(journal), str(journal), repr(conn), str(journal.path)]
    conn.close()
    journal.close()
    assert not any(PASSPHRASE in text for text in outputs)
    assert "There is no entry 99" in outputs[3]


def test_a_random_file_is_refused_untouched_with_or_without_a_passphrase(
    attach, db_path, monkeypatch
):
    db_path.parent.mkdir(parents=True)
    noise = b"\x00junk" + os.urandom(8187)  # 8 KiB, like a small database, but nobody's
    lookalike = b"ATTJ" + os.urandom(8188)  # starts like ours: only the key check can tell
    for content, message in (
        (noise, "is not an attach journal"),
        (lookalike, "That passphrase doesn't open this journal."),
    ):
        db_path.write_bytes(content)
        for passphrase in (None, PASSPHRASE):
            if passphrase:
                monkeypatch.setenv("ATTACH_PASSPHRASE", passphrase)
            else:
                monkeypatch.delenv("ATTACH_PASSPHRASE", raising=False)
            for args in (("log",), ("reflect", "-a", "resourced=3", "--no-input"), ("encrypt",)):
                result = attach(*args)
                assert result.exit_code == 1, (args, result.output)
                if args == ("encrypt",) and content is lookalike:
                    expected = "already encrypted"  # all it can know without the key
                elif content is lookalike and not passphrase:
                    expected = "no passphrase"
                else:
                    expected = message
                assert expected in _said(result), (args, passphrase)
            assert db_path.read_bytes() == content
            assert sorted(p.name for p in db_path.parent.iterdir()) == ["journal.db"]


def test_typed_passphrase_is_asked_twice_on_encrypt_and_once_per_command(db_path, attach):
    from typer.testing import CliRunner

    from attachjournal.cli.app import app
    from attachjournal.cli.context import Context

    _fill(attach)
    answers: list[str] = []
    asked: list[str] = []

    def typed(prompt: str) -> str:
        asked.append(prompt)
        return answers.pop(0)

    def attach(*args: str):  # a person at the terminal who types the answers above
        context = Context(ask_passphrase=typed)
        return CliRunner().invoke(app, list(args), obj=context, catch_exceptions=False)

    answers[:] = [PASSPHRASE, PASSPHRASE + "x"]
    result = attach("encrypt")
    assert result.exit_code == 2
    assert "not the same" in result.stderr
    assert db_path.read_bytes().startswith(b"SQLite format 3")

    answers[:] = [PASSPHRASE, PASSPHRASE]
    asked.clear()
    assert attach("encrypt").exit_code == 0
    assert len(asked) == 2
    answers[:] = [PASSPHRASE]
    asked.clear()
    # reflect opens the journal several times; the person is asked once.
    saved = attach("reflect", "-a", "resourced=4", "--no-input")
    assert saved.exit_code == 0, saved.output
    assert len(asked) == 1


def test_encrypt_while_another_attach_is_saving_changes_nothing(
    attach, db_path, secret, monkeypatch
):
    _fill(attach)
    # Another process in the middle of a save (in-process locks would not conflict: POSIX
    # locks are per process).
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(db_path)!r}, isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "print('ready', flush=True)\n"
            "sys.stdin.readline()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        monkeypatch.setenv("ATTACH_BUSY_TIMEOUT_MS", "200")
        result = attach("encrypt")
    finally:
        holder.communicate("\n", timeout=10)
    assert result.exit_code == 1
    assert "open in another attach" in _said(result)
    assert db_path.read_bytes().startswith(b"SQLite format 3")
    assert not (db_path.parent / "journal.db.converting").exists()
    import sqlite3

    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert len(_dump(attach)) == 3
    assert attach("encrypt").exit_code == 0


def test_without_the_extra_the_message_says_how_to_install_it(attach, db_path, secret, monkeypatch):
    _fill(attach)
    monkeypatch.setitem(sys.modules, "sqlcipher3.dbapi2", None)
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    result = attach("encrypt")
    assert result.exit_code == 1
    assert "pip install 'attachjournal[encrypted]'" in result.stderr
    assert db_path.read_bytes().startswith(b"SQLite format 3")


def test_plain_commands_never_import_sqlcipher(db_path):
    code = (
        "import sys\n"
        "from attachjournal.cli.app import app\n"
        "try:\n    app(['reflect', '-a', 'resourced=3', '--no-input'])\n"
        "except SystemExit:\n    pass\n"
        "print('sqlcipher3' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "False"
    assert db_path.exists()


def test_attach_backup_of_an_encrypted_journal_is_encrypted_and_restores(attach, db_path, secret):
    _fill(attach)
    assert attach("encrypt").exit_code == 0
    made = attach("backup")
    assert made.exit_code == 0, made.output
    assert "Backed up 3 entries" in made.stdout
    (backup,) = (db_path.parent / "backups").iterdir()
    raw = backup.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    for needle in (PHRASE.encode(), STORED_DAY, QUESTION, b"Maya"):
        assert needle not in raw
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600

    before = _dump(attach)
    extra = attach("reflect", "-a", "resourced=1", "--no-input")
    assert extra.exit_code == 0, extra.output
    restored = attach("restore", str(backup))
    assert restored.exit_code == 0, restored.output
    assert _dump(attach) == before
    # Still encrypted after the restore, and the journal as it was is kept aside.
    assert not db_path.read_bytes().startswith(b"SQLite format 3")
    assert any(p.name.startswith("journal.db.before-restore-") for p in db_path.parent.iterdir())


def test_restoring_an_encrypted_backup_with_the_wrong_passphrase_changes_nothing(
    attach, db_path, secret, monkeypatch
):
    _fill(attach)
    assert attach("encrypt").exit_code == 0
    assert attach("backup").exit_code == 0
    (backup,) = (db_path.parent / "backups").iterdir()
    journal_bytes = db_path.read_bytes()
    monkeypatch.setenv("ATTACH_PASSPHRASE", "not-the-passphrase")
    result = attach("restore", str(backup))
    assert result.exit_code == 1
    assert "That passphrase doesn't open this journal." in _said(result)
    assert db_path.read_bytes() == journal_bytes
