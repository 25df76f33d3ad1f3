"""kill -9 during encrypt, decrypt, backup and restore; saves on a disk that fills up.

Bounded to seconds: a few kills per command by default (ATTACH_TEST_SAFEKEEPING_KILLS sets
more for a soak). After every kill the journal must open and hold every entry it held before
(for restore: the entries of the journal before or of the backup, nothing else). What a kill
leaves beside the journal is counted and printed, for docs/reliability.md.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

KILLS = int(os.environ.get("ATTACH_TEST_SAFEKEEPING_KILLS", "4"))
SEED = int(os.environ.get("ATTACH_TEST_SEED", "20261125"))
PASSPHRASE = "Sesame-7f3a-tulip"
FIGURES: dict[str, int] = {}


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "ATTACH_DB": str(db), "ATTACH_PASSPHRASE": PASSPHRASE}


def _entries(attach) -> int:
    """Entries in the journal as doctor counts them, after its full integrity check."""
    result = attach("doctor", "--json")
    report = json.loads(result.stdout)
    assert report["integrity"] == "ok", report
    return report["entry_count"]


def _left_beside(db: Path) -> list[str]:
    names = [p.name for p in db.parent.iterdir() if p.is_file()]
    return [n for n in names if n != db.name and not n.endswith(("-wal", "-shm"))]


def _kill_during(db: Path, args: list[str], rng: random.Random) -> bool:
    """Start the command, SIGKILL it at a random moment; True if it was still running."""
    child = subprocess.Popen(
        [sys.executable, "-m", "attachjournal", *args],
        env=_env(db),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(rng.uniform(0.05, 1.5))
    running = child.poll() is None
    if running:
        os.kill(child.pid, signal.SIGKILL)
    child.wait()
    return running


def _journal(attach, count: int) -> None:
    for n in range(count):
        note = f"entry {n} " + "words " * 300  # enough pages that a copy takes a moment
        saved = attach("reflect", "--no-input", "-a", "resourced=3", "-a", f"note={note}")
        assert saved.exit_code == 0, saved.output


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch):
    monkeypatch.setenv("ATTACH_PASSPHRASE", PASSPHRASE)


@pytest.fixture(scope="module", autouse=True)
def _report(request):
    yield
    if FIGURES:
        capture = request.config.pluginmanager.getplugin("capturemanager")
        with capture.global_and_fixture_disabled():
            print("\nsafekeeping faults: " + json.dumps(FIGURES, sort_keys=True))


def test_kill_9_during_encrypt_and_decrypt_loses_nothing(attach, db_path):
    pytest.importorskip("sqlcipher3.dbapi2", reason="sqlcipher3 is not installed")
    rng = random.Random(SEED)
    _journal(attach, 12)
    for _ in range(KILLS):
        for command in ("encrypt", "decrypt"):
            encrypted = db_path.read_bytes()[:4] == b"ATTJ"
            if (command == "encrypt") == encrypted:
                # Already the way this command would make it: turn it back first, unhurried.
                back = attach("decrypt" if encrypted else "encrypt")
                assert back.exit_code == 0, back.output
            killed = _kill_during(db_path, [command], rng)
            FIGURES[f"{command}_runs"] = FIGURES.get(f"{command}_runs", 0) + 1
            FIGURES[f"{command}_killed"] = FIGURES.get(f"{command}_killed", 0) + killed
            left = _left_beside(db_path)
            FIGURES["conversion_leftovers"] = FIGURES.get("conversion_leftovers", 0) + bool(left)
            assert _entries(attach) == 12, command


def test_kill_9_during_backup_loses_nothing_and_leaves_no_broken_backup(attach, db_path):
    rng = random.Random(SEED + 1)
    _journal(attach, 12)
    for _ in range(KILLS * 2):
        killed = _kill_during(db_path, ["backup"], rng)
        FIGURES["backup_runs"] = FIGURES.get("backup_runs", 0) + 1
        FIGURES["backup_killed"] = FIGURES.get("backup_killed", 0) + killed
        assert _entries(attach) == 12
    folder = db_path.parent / "backups"
    for backup in folder.glob("attach-backup-*"):
        other = db_path.parent / "check" / "journal.db"
        restored = attach("restore", str(backup), "--db", str(other))
        assert restored.exit_code == 0, restored.output  # every named backup is whole
        report = json.loads(attach("doctor", "--json", "--db", str(other)).stdout)
        assert report["entry_count"] == 12
        for path in other.parent.iterdir():
            path.unlink()
    hidden = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    FIGURES["backup_partials_left"] = len(hidden)


def test_kill_9_during_restore_leaves_the_journal_before_or_the_backup(attach, db_path):
    rng = random.Random(SEED + 2)
    _journal(attach, 5)
    made = attach("backup")
    assert made.exit_code == 0, made.output
    backup = next((db_path.parent / "backups").glob("attach-backup-*"))
    _journal(attach, 4)  # now 9; the backup holds 5
    outcomes: dict[int, int] = {}
    for _ in range(KILLS * 2):
        killed = _kill_during(db_path, ["restore", str(backup)], rng)
        FIGURES["restore_runs"] = FIGURES.get("restore_runs", 0) + 1
        FIGURES["restore_killed"] = FIGURES.get("restore_killed", 0) + killed
        count = _entries(attach)
        assert count in (5, 9), count
        outcomes[count] = outcomes.get(count, 0) + 1
        if count == 5:
            _journal(attach, 4)  # back to 9, so every round starts the same
    FIGURES["restore_found_backup_state"] = outcomes.get(5, 0)
    FIGURES["restore_found_journal_state"] = outcomes.get(9, 0)


# ----------------------------------------------------------------------------- disk full


def test_saves_on_a_disk_that_fills_up_lose_nothing_acknowledged(attach, small_disk, monkeypatch):
    db = small_disk / "data" / "journal.db"
    monkeypatch.setenv("ATTACH_DB", str(db))
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * (1024 * 1024 - 400 * 1024))  # about 400 KB left to fill
    acknowledged, refused = [], 0
    for n in range(400):
        note = f"disk-{n} " + "x" * 8000
        result = attach("reflect", "--no-input", "-a", "resourced=3", "-a", f"note={note}")
        if result.exit_code == 0:
            acknowledged.append(f"disk-{n}")
            continue
        refused += 1
        said = " ".join(result.stderr.split())
        assert result.exit_code == 1 and "NOT saved" in said and "full" in said, said
        assert "Traceback" not in result.output
        if refused == 5:
            break
    assert refused == 5, "the disk never filled"
    doctor = attach("doctor")
    assert "The disk holding the journal is full" in " ".join(doctor.output.split())
    filler.unlink()
    log = json.loads(attach("log", "--json", "-n", "1000").stdout)
    stored = {e["answers"]["note"]["value"].split(" ")[0] for e in log if "note" in e["answers"]}
    assert set(acknowledged) <= stored
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0  # room again
    FIGURES["disk_full_acknowledged"] = len(acknowledged)
    FIGURES["disk_full_refused"] = refused
    FIGURES["disk_full_stored"] = len(stored)
