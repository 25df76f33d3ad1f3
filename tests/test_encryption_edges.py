"""Encryption at its edges: links, old backups, killed conversions, exports over encrypted files."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from attachjournal.storage import backup as backups

sqlcipher = pytest.importorskip(
    "sqlcipher3.dbapi2",
    reason="sqlcipher3 is not installed (pip install -e '.[test,encrypted]')",
)

PASSPHRASE = "Sesame-7f3a-tulip"
PHRASE = "Zebra-quartz-4471 under the kitchen table"
LATER = "Mauve-lantern-9023 at bedtime"
# Runs attach with os.replace stopping the process dead when it would put SUFFIX in place:
# a kill -9 at the last moment before a conversion's swap, every time.
DIE_AT_SWAP = (
    "import os, sys\n"
    "real = os.replace\n"
    "def replace(src, dst, *args, **kwargs):\n"
    "    if str(src).endswith(sys.argv[1]):\n"
    "        os._exit(137)\n"
    "    return real(src, dst, *args, **kwargs)\n"
    "os.replace = replace\n"
    "from attachjournal.cli.app import app\n"
    "app(sys.argv[2:], prog_name='attach')\n"
)
CONVERSION_KILLS = int(os.environ.get("ATTACH_TEST_CONVERSION_KILLS", "6"))


@pytest.fixture
def secret(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("ATTACH_PASSPHRASE", PASSPHRASE)
    return PASSPHRASE


def _save(attach, note: str) -> None:
    result = attach("reflect", "--no-input", "-a", "resourced=3", "-a", f"note={note}")
    assert result.exit_code == 0, result.output


def _plaintext_files(folder: Path, needle: str) -> list[str]:
    """Files in folder (not below it) that hold needle as readable bytes."""
    return sorted(
        p.name for p in folder.iterdir() if p.is_file() and needle.encode() in p.read_bytes()
    )


def _count(path: Path) -> int:
    conn = sqlcipher.connect(str(path))
    try:
        if path.read_bytes()[:4] == b"ATTJ":
            conn.set_key(PASSPHRASE)
        return conn.execute("SELECT count(*) FROM entry").fetchone()[0]
    finally:
        conn.close()


def test_encrypt_through_a_link_encrypts_the_real_file_and_keeps_the_link(
    attach, db_path, secret, monkeypatch
):
    _save(attach, PHRASE)
    link = db_path.parent / "linked.db"
    link.symlink_to(db_path)
    monkeypatch.setenv("ATTACH_DB", str(link))
    result = attach("encrypt")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == db_path
    assert db_path.read_bytes()[:4] == b"ATTJ"
    assert _plaintext_files(db_path.parent, PHRASE) == []  # no plaintext left anywhere
    doctor = attach("doctor")
    assert doctor.exit_code == 0 and "ncrypted" in doctor.stdout
    assert attach("search", "Zebra").stdout.count("#1") == 1


def test_restoring_a_backup_from_before_encryption_keeps_the_journal_encrypted(
    attach, db_path, secret
):
    _save(attach, PHRASE)
    assert attach("backup").exit_code == 0
    old = backups.list_backups(db_path.parent / "backups")[-1]
    assert attach("encrypt").exit_code == 0
    result = attach("restore", str(old))
    assert result.exit_code == 0, result.output
    assert "before the journal was encrypted" in " ".join(result.stderr.split())
    assert db_path.read_bytes()[:4] == b"ATTJ"
    _save(attach, LATER)  # later entries are encrypted too
    assert _plaintext_files(db_path.parent, PHRASE) == []
    assert _plaintext_files(db_path.parent, LATER) == []
    assert _count(db_path) == 2
    found = attach("search", "Mauve")
    assert found.exit_code == 0 and "#2" in found.stdout


def test_export_never_overwrites_an_encrypted_backup_or_journal(attach, db_path, secret, tmp_path):
    _save(attach, PHRASE)
    assert attach("encrypt").exit_code == 0
    assert attach("backup").exit_code == 0
    copy = backups.list_backups(db_path.parent / "backups")[-1]
    renamed = tmp_path / "journal-old.db"  # a backup under a name of the person's choosing
    renamed.write_bytes(copy.read_bytes())
    for target in (copy, renamed, db_path):
        before = target.read_bytes()
        result = attach("export", "-o", str(target))
        assert result.exit_code == 2, result.output
        assert target.read_bytes() == before
    page = attach("review", "--html", str(renamed))
    assert page.exit_code == 2 and renamed.read_bytes()[:4] == b"ATTJ"


@pytest.mark.parametrize("then", ["log", "doctor"])
@pytest.mark.parametrize("command", ["encrypt", "decrypt"])
def test_a_conversion_killed_before_its_swap_leaves_the_old_journal_and_is_cleaned_up(
    attach, db_path, secret, command, then
):
    _save(attach, PHRASE)
    if command == "decrypt":
        assert attach("encrypt").exit_code == 0
    before = db_path.read_bytes()[:16]
    killed = subprocess.run(
        [sys.executable, "-c", DIE_AT_SWAP, ".converting", command],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert killed.returncode == 137, killed.stderr
    leftover = db_path.parent / "journal.db.converting"
    assert leftover.exists()  # the kill fell after the copy was whole, before the swap
    assert db_path.read_bytes()[:16] == before  # the old journal, as it was
    result = attach(then)
    assert result.exit_code == 0, result.output
    assert _files(db_path.parent) == ["journal.db"]
    assert _plaintext_files(db_path.parent, PHRASE) == (
        [] if command == "decrypt" else ["journal.db"]
    )
    if command == "encrypt":
        assert _wal_mode(db_path)
    assert _count(db_path) == 1
    assert attach(command).exit_code == 0  # and the conversion can simply be run again


def _files(folder: Path) -> list[str]:
    """What is in the folder, beside the -wal and -shm SQLite keeps while it is open."""
    return sorted(
        p.name for p in folder.iterdir() if p.is_file() and not p.name.endswith(("-wal", "-shm"))
    )


def _wal_mode(path: Path) -> bool:
    header = path.read_bytes()[:20]
    return header[18] == header[19] == 2


def test_conversions_killed_at_random_moments_leave_the_old_or_the_new_journal(
    attach, db_path, secret
):
    for n in range(12):
        _save(attach, f"{PHRASE} {n}")
    rng = random.Random(20261125)
    states, interrupted = set(), 0
    for _ in range(CONVERSION_KILLS):
        command = "decrypt" if db_path.read_bytes()[:4] == b"ATTJ" else "encrypt"
        proc = subprocess.Popen(
            [sys.executable, "-m", "attachjournal", command],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        interrupted += (db_path.parent / "journal.db.converting").exists()
        # Whole, in one state or the other, every entry there; the next command tidies up.
        result = attach("log", "-n", "100")
        assert result.exit_code == 0, result.output
        encrypted = db_path.read_bytes()[:4] == b"ATTJ"
        states.add(encrypted)
        assert _count(db_path) == 12
        assert _files(db_path.parent) == ["journal.db"]
        if encrypted:
            assert _plaintext_files(db_path.parent, PHRASE) == []
        else:
            assert _wal_mode(db_path)
    doctor = attach("doctor")
    assert doctor.exit_code == 0, doctor.output
    print(
        f"\n{CONVERSION_KILLS} conversions killed, {interrupted} mid-copy; "
        f"ended {'both ways' if len(states) == 2 else 'one way'}; nothing lost, nothing left"
    )


@pytest.mark.parametrize("change", ["encrypt", "restore"])
def test_a_save_open_across_an_encrypt_or_restore_lands_in_the_new_file(
    attach, db_path, secret, change
):
    from datetime import datetime, timezone

    from attachjournal.core import prompts
    from attachjournal.storage import store

    _save(attach, PHRASE)
    assert attach("encrypt").exit_code == 0
    assert attach("backup").exit_code == 0  # an encrypted backup
    assert attach("decrypt").exit_code == 0
    # Someone in the middle of `attach reflect`: the journal is open, the answers not saved yet.
    journal = store.open_journal(db_path, create=False)
    assert journal is not None
    if change == "encrypt":
        assert attach("encrypt").exit_code == 0
    else:
        copy = backups.list_backups(db_path.parent / "backups")[-1]
        assert attach("restore", str(copy)).exit_code == 0
    reflect = prompts.load()["reflect"]
    now = datetime.now(timezone.utc)
    with journal.write() as session:
        session.add_entry(reflect, {"resourced": 4, "note": LATER}, at=now, now=now)
    with journal.read() as conn:
        assert len(conn.list_entries()) == 2
    journal.close()
    assert db_path.read_bytes()[:4] == b"ATTJ"
    assert _plaintext_files(db_path.parent, LATER) == []
    assert _count(db_path) == 2


def test_what_an_older_interrupted_encrypt_left_is_put_right_by_the_next_command(attach, db_path):
    import sqlite3

    _save(attach, PHRASE)
    # An encrypt of an earlier version, killed after it switched the journal out of WAL.
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    conn.close()
    (db_path.parent / "journal.db-mj1A2B3C4D").write_bytes(b"journal.db\x00")
    (db_path.parent / "journal.db.converting").write_bytes(db_path.read_bytes())
    assert not _wal_mode(db_path)
    result = attach("log")
    assert result.exit_code == 0, result.output
    assert _wal_mode(db_path)
    assert _files(db_path.parent) == ["journal.db"]
