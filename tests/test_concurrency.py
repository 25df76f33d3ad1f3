"""Several attach processes saving and editing at once: every save lands, none is told "locked"."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from attachjournal.storage import backup as backups

SCRIPTS = Path(__file__).parent / "scripts"
SAVES_PER_PROCESS = 300
EDITS_PER_PROCESS = 40


def _spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_writers_and_two_editors_lose_nothing(attach, db_path):
    first = attach("reflect", "--no-input", "-a", "resourced=3", "-a", "mood=3")
    assert first.exit_code == 0, first.output

    procs = {
        "a": _spawn(str(SCRIPTS / "save_many.py"), str(SAVES_PER_PROCESS), "a"),
        "b": _spawn(str(SCRIPTS / "save_many.py"), str(SAVES_PER_PROCESS), "b"),
        "e1": _spawn(str(SCRIPTS / "edit_many.py"), str(db_path), "1", str(EDITS_PER_PROCESS)),
        "e2": _spawn(str(SCRIPTS / "edit_many.py"), str(db_path), "1", str(EDITS_PER_PROCESS)),
    }
    out = {name: proc.communicate(timeout=120) for name, proc in procs.items()}

    for name, proc in procs.items():
        stdout, stderr = out[name]
        assert proc.returncode == 0, stderr
        assert stderr == "", f"{name} reported: {stderr[:500]}"
        assert "locked" not in stdout + stderr
    saved = {
        name: [int(n) for n in re.findall(r"Saved check-in #(\d+)", out[name][0])]
        for name in ("a", "b")
    }
    assert len(saved["a"]) == len(saved["b"]) == SAVES_PER_PROCESS
    assert out["e1"][0].count("edited") == out["e2"][0].count("edited") == EDITS_PER_PROCESS

    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        ids = {row[0] for row in conn.execute("SELECT id FROM entry")}
        notes = {
            row[0] for row in conn.execute("SELECT value FROM answer WHERE question_id = 'note'")
        }
        edited = dict(
            conn.execute("SELECT question_id, value FROM answer WHERE entry_id = 1").fetchall()
        )
    # 1 first entry + 2 x 300 saves, each id acknowledged exactly once.
    assert len(ids) == 1 + 2 * SAVES_PER_PROCESS
    assert ids == {1, *saved["a"], *saved["b"]}
    assert notes == {f'"{tag}-{n}"' for tag in "ab" for n in range(SAVES_PER_PROCESS)}
    # The last edit won whole: both answers come from the same edit.
    assert set(edited) == {"resourced", "mood"}
    assert edited["resourced"] == edited["mood"]
    print(
        f"\n{2 * SAVES_PER_PROCESS} saves attempted, {len(saved['a']) + len(saved['b'])} landed; "
        f"{2 * EDITS_PER_PROCESS} edits of entry #1, all landed"
    )


RESTORE_SAVES = 100
# Each encrypted save derives its key (PBKDF2, deliberately slow) a few times: fewer of them.
RESTORE_SAVES_ENCRYPTED = 8
BACKUP_RUNNERS, BACKUPS_EACH = 4, 4
BACKUP_LOOP = (
    "import sys\n"
    "from attachjournal.cli.app import app\n"
    "for _ in range(int(sys.argv[2])):\n"
    "    try:\n"
    "        app(['backup', sys.argv[1], '--keep', '100'], standalone_mode=False, prog_name='attach')\n"
    "    except SystemExit as exc:\n"
    "        print(f'exit {exc.code}', file=sys.stderr)\n"
)


def _notes(path: Path, passphrase: str | None) -> set[str]:
    if passphrase is None:
        conn = sqlite3.connect(path)
    else:
        from attachjournal.storage import encryption

        conn = encryption.connect(path, passphrase)
    try:
        return {r[0] for r in conn.execute("SELECT value FROM answer WHERE question_id = 'note'")}
    finally:
        conn.close()


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_saves_made_while_restore_runs_land_in_the_restored_journal_or_the_copy_aside(
    attach, db_path, monkeypatch, encrypted
):
    passphrase = None
    if encrypted:
        pytest.importorskip("sqlcipher3.dbapi2")
        passphrase = "Sesame-7f3a-tulip"
        monkeypatch.setenv("ATTACH_PASSPHRASE", passphrase)
    assert attach("reflect", "--no-input", "-a", "resourced=3", "-a", "note=before").exit_code == 0
    if encrypted:
        assert attach("encrypt").exit_code == 0
    assert attach("backup").exit_code == 0
    copy = db_path.parent / "backups"
    backup = next(copy.iterdir())
    saves = RESTORE_SAVES_ENCRYPTED if encrypted else RESTORE_SAVES
    procs = {tag: _spawn(str(SCRIPTS / "save_many.py"), str(saves), tag) for tag in "ab"}
    restores = 0
    while any(p.poll() is None for p in procs.values()) and restores < (3 if encrypted else 30):
        result = attach("restore", str(backup))
        assert result.exit_code == 0, result.output
        restores += 1
    out = {tag: proc.communicate(timeout=120) for tag, proc in procs.items()}
    for tag, (_, stderr) in out.items():
        assert stderr == "", f"{tag} reported: {stderr[:500]}"  # every save was acknowledged
    # Each save is in the journal as restored last, or in the copy a later restore kept aside.
    found = _notes(db_path, passphrase)
    aside = [p for p in db_path.parent.iterdir() if ".before-restore-" in p.name]
    assert len(aside) == restores
    for path in aside:
        found |= _notes(path, passphrase)
    acknowledged = {f'"{tag}-{n}"' for tag in "ab" for n in range(saves)}
    lost = acknowledged - found
    assert restores >= 2  # the restores really fell among the saves
    assert not lost, f"acknowledged but lost: {sorted(lost)}"
    print(f"\n{restores} restores under 2 x {saves} saves: {len(lost)} lost")


def test_backups_made_in_the_same_second_all_succeed_under_their_own_names(attach, db_path):
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    folder = db_path.parent / "together"
    procs = [
        _spawn("-c", BACKUP_LOOP, str(folder), str(BACKUPS_EACH)) for _ in range(BACKUP_RUNNERS)
    ]
    out = [proc.communicate(timeout=120) for proc in procs]
    for proc, (stdout, stderr) in zip(procs, out, strict=True):
        assert proc.returncode == 0 and stderr == "", stderr[:500]
        assert stdout.count("Backed up 1 entry") == BACKUPS_EACH
    made = backups.list_backups(folder)
    assert len(made) == BACKUP_RUNNERS * BACKUPS_EACH
    for path in made:
        with closing(sqlite3.connect(path)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # Nothing half-made is left behind.
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in made)


# Another attach in the middle of a restore or a save: it holds the journal folder's lock.
LOCK_HOLDER = (
    "import fcntl, os, sys\n"
    "fd = os.open(sys.argv[1], os.O_RDONLY)\n"
    "fcntl.flock(fd, fcntl.LOCK_EX if sys.argv[2] == 'swap' else fcntl.LOCK_SH)\n"
    "print('ready', flush=True)\n"
    "sys.stdin.readline()\n"
)


def _holding(folder: Path, what: str) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(folder), what],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
    return holder


def test_a_save_that_waits_too_long_for_a_swap_says_why_and_saves_nothing(
    attach, db_path, monkeypatch
):
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    monkeypatch.setenv("ATTACH_BUSY_TIMEOUT_MS", "200")
    holder = _holding(db_path.parent, "swap")
    try:
        result = attach("reflect", "--no-input", "-a", "resourced=4")
    finally:
        holder.communicate("\n", timeout=10)
    assert result.exit_code == 1
    assert "NOT saved: a restore or an encryption is running" in " ".join(result.stderr.split())
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT count(*) FROM entry").fetchone() == (1,)


def test_a_restore_that_waits_too_long_for_a_save_changes_nothing(attach, db_path, monkeypatch):
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    assert attach("backup").exit_code == 0
    backup = next((db_path.parent / "backups").iterdir())
    assert attach("reflect", "--no-input", "-a", "resourced=4").exit_code == 0
    monkeypatch.setenv("ATTACH_BUSY_TIMEOUT_MS", "200")
    holder = _holding(db_path.parent, "save")
    try:
        result = attach("restore", str(backup))
    finally:
        holder.communicate("\n", timeout=10)
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert "busy in another attach" in said and "Nothing was changed" in said
    assert not [p for p in db_path.parent.iterdir() if ".before-restore-" in p.name]
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT count(*) FROM entry").fetchone() == (2,)
