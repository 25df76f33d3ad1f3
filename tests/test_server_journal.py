"""A journal on a PostgreSQL server, through attach: two members who each see only their own
entries, each entry's author, two devices saving at once, a client killed in the middle of a
save, the doctor, and journals this attach must not use.

Sharing (attach share, review --together) comes later: here every entry is private.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
from tests.pg_server import ADMIN, SUPERUSER

from data_helpers import fill, said


@pytest.fixture
def server(backend):
    if backend.name != "server":
        pytest.skip("a server-only behaviour")
    return backend


def _count(server, sql: str) -> int:
    with server.server.connect(SUPERUSER, server.database) as conn:
        return int(conn.execute(sql).fetchone()[0])


@pytest.mark.parametrize("backend", ["server"], indirect=True)
def test_each_member_sees_only_their_own_entries(attach, server, monkeypatch):
    fill(attach)  # mum: #1 to #4, Maya and Sam
    mum = os.environ["ATTACH_DB"]
    monkeypatch.setenv("ATTACH_DB", server.member("dad"))
    assert json.loads(attach("log", "--json").stdout) == []
    shown = attach("show", "2")
    assert shown.exit_code == 1 and "There is no entry 2" in said(shown.stderr)
    edited = attach("edit", "2", "--no-input", "-a", "intensity=1")
    assert edited.exit_code == 1 and "There is no entry 2" in said(edited.stderr)
    deleted = attach("delete", "2", "--yes")
    assert deleted.exit_code == 1 and "There is no entry 2" in said(deleted.stderr)
    found = attach("search", "shoe", "--json")
    assert json.loads(found.stdout) == []
    # The children belong to the household: dad names Maya without adding her again.
    saved = attach("repair", "--new", "--no-input", "-a", "who=Maya", "-a", "intensity=2")
    assert saved.exit_code == 0, saved.output
    assert [e["id"] for e in json.loads(attach("log", "--json").stdout)] == [5]
    monkeypatch.setenv("ATTACH_DB", mum)
    assert sorted(e["id"] for e in json.loads(attach("log", "--json").stdout)) == [1, 2, 3, 4]
    # Nothing of mum's was changed by dad's attempts: #2 still has its intensity 3.
    assert json.loads(attach("show", "2", "--json").stdout)["answers"]["intensity"]["value"] == 3


@pytest.mark.parametrize("backend", ["server"], indirect=True)
def test_every_entry_records_its_author_by_the_server(attach, server):
    fill(attach)
    with server.server.connect(SUPERUSER, server.database) as conn:
        authors = {a for (a,) in conn.execute("SELECT author FROM attach.entry")}
    assert authors == {f"mum_{server.database}"}


_SAVES = """
import sys
from typer.testing import CliRunner
from attachjournal.cli.app import app

runner = CliRunner()
for n in range(int(sys.argv[1])):
    result = runner.invoke(
        app, ["repair", "--new", "--no-input", "-a", "who=Maya", "-a", "intensity=2"]
    )
    if result.exit_code != 0:
        print(result.output, file=sys.stderr)
        sys.exit(1)
"""


@pytest.mark.parametrize("backend", ["server"], indirect=True)
def test_two_devices_saving_at_once_all_land(attach, server):
    """2 processes x 200 saves at the same time: 400 ruptures, and no error said to anyone."""
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    devices = [
        subprocess.Popen([sys.executable, "-c", _SAVES, "200"], stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for device in devices:
        _, errors = device.communicate(timeout=300)
        assert device.returncode == 0, errors
        assert errors == ""
    assert _count(server, "SELECT count(*) FROM attach.entry WHERE kind = 'rupture'") == 400


_HALF_SAVE = """
import sys, time
from datetime import datetime, timezone
from attachjournal import storage
from attachjournal.core import prompts

journal = storage.open_journal(sys.argv[1], create=False)
reflect = prompts.load()["reflect"]
now = datetime.now(timezone.utc)
with journal.write() as session:
    session.add_entry(reflect, {"resourced": 3, "note": "half written"}, at=now, now=now)
    session.add_entry(reflect, {"resourced": 4, "note": "never whole"}, at=now, now=now)
    print("inside", flush=True)
    time.sleep(60)
"""


@pytest.mark.parametrize("backend", ["server"], indirect=True)
def test_a_client_killed_mid_save_leaves_nothing_half_written(attach, server):
    device = subprocess.Popen(
        [sys.executable, "-c", _HALF_SAVE, os.environ["ATTACH_DB"]],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert device.stdout is not None
    assert device.stdout.readline().strip() == "inside"  # both entries written, not committed
    device.send_signal(signal.SIGKILL)
    device.wait(timeout=30)
    # The server notices the connection went and rolls its transaction back.
    with server.server.connect(SUPERUSER, server.database) as conn:
        for _ in range(100):
            busy = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'attach' "
                "AND datname = %s",
                (server.database,),
            ).fetchone()[0]
            conn.commit()
            if not busy:
                break
            conn.execute("SELECT pg_sleep(0.05)")
    assert _count(server, "SELECT count(*) FROM attach.entry") == 0
    assert _count(server, "SELECT count(*) FROM attach.answer") == 0
    assert attach("reflect", "--no-input", "-a", "resourced=2").exit_code == 0
    assert [e["id"] for e in json.loads(attach("log", "--json").stdout)] != []


@pytest.mark.parametrize("backend", ["server"], indirect=True)
def test_doctor_on_a_server(attach, server):
    fill(attach)
    result = attach("doctor", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["backend"] == "server" and found["healthy"] is True
    assert found["schema_version"] == 6 and found["row_security"] is True
    assert found["tls"] is False  # the tests' server listens on a local socket only
    assert found["superuser"] is False
    assert found["entries"]["rupture"] == 2 and found["people"] == 2
    shown = said(attach("doctor").stdout)
    assert "Row security is on and forced" in shown
    assert "The connection is not encrypted" in shown
    assert "2 ruptures" in shown and "1 check-in" in shown  # fill: #1 check-in, #2 and #4


def test_doctor_warns_a_superuser(attach, pg_db, monkeypatch):
    server, database = pg_db
    assert attach("server", "setup", server.url(ADMIN, database)).exit_code == 0
    monkeypatch.setenv("ATTACH_DB", server.url(SUPERUSER, database))
    shown = said(attach("doctor").stdout)
    assert "a superuser: row security does not bind it, so it reads every entry" in shown


def test_a_database_without_a_journal_says_so_in_one_line(attach, pg_db, monkeypatch):
    server, database = pg_db
    monkeypatch.setenv("ATTACH_DB", server.url(ADMIN, database))
    result = attach("log")
    assert result.exit_code == 1
    assert said(result.stderr).startswith("✗ There is no journal on this database yet")
    assert "attach server setup" in said(result.stderr)
    saved = attach("reflect", "--no-input", "-a", "resourced=3")
    assert saved.exit_code == 1 and "There is no journal on this database yet" in said(saved.stderr)


@pytest.mark.parametrize("backend", ["server"], indirect=True)
def test_a_newer_server_schema_is_refused_untouched(attach, server):
    fill(attach)
    with server.server.connect(ADMIN, server.database) as conn:
        conn.execute("INSERT INTO attach.schema_version (version) VALUES (99)")
        conn.commit()
    result = attach("log")
    assert result.exit_code == 1 and "newer" in said(result.stderr)
    saved = attach("reflect", "--no-input", "-a", "resourced=3")
    assert saved.exit_code == 1
    assert _count(server, "SELECT count(*) FROM attach.entry") == 4


@pytest.mark.parametrize("backend", ["server"], indirect=True)
@pytest.mark.parametrize(
    ("command", "instead"),
    [
        (["backup"], "pg_dump"),
        (["restore", "some-backup.db"], "pg_restore"),
        (["encrypt"], "disk encryption"),
        (["decrypt"], "disk encryption"),
    ],
)
def test_file_only_commands_say_what_to_use_instead(attach, server, command, instead):
    result = attach(*command)
    assert result.exit_code == 2
    assert instead in said(result.stderr)
    assert len(result.stderr.strip().splitlines()) <= 2


def test_a_server_that_is_away_is_said_before_any_question(attach, pg_db, monkeypatch):
    """No server answers: one line naming where, before anything is asked or typed."""
    server, database = pg_db
    monkeypatch.setenv("ATTACH_DB", f"postgresql://mum@/{database}?host={server.socket_dir}/gone")
    result = attach("reflect", "--no-input", "-a", "resourced=3")
    assert result.exit_code == 1
    assert said(result.stderr).startswith("✗ Nothing answers at postgresql://mum@/")
    assert "Traceback" not in result.output + result.stderr


@pytest.mark.parametrize("backend", ["server"], indirect=True)
def test_the_journal_setting_points_attach_at_the_server(attach, server, monkeypatch, tmp_path):
    url = os.environ["ATTACH_DB"]
    monkeypatch.delenv("ATTACH_DB")
    assert attach("config", "set", "journal", url).exit_code == 0
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    assert _count(server, "SELECT count(*) FROM attach.person") == 1
    # ATTACH_DB (and --db) still win over the setting.
    monkeypatch.setenv("ATTACH_DB", str(tmp_path / "elsewhere.db"))
    assert json.loads(attach("people", "list", "--json").stdout) == []
    listed = attach("people", "list", "--json", "--db", url)
    assert [p["name"] for p in json.loads(listed.stdout)] == ["Maya"]


def test_answers_of_a_save_the_server_refused_wait_in_a_private_draft(tmp_path):
    """A server has no folder beside it: its drafts wait in attach's data folder (0700, each
    0600), one folder per URL, named by its hash, never by the URL (it may hold a password)."""
    from attachjournal import storage
    from attachjournal.errors import NotSavedError

    url = "postgresql://mum:hunter2@/attach?host=/nowhere"
    failed = NotSavedError("Your entry was NOT saved: the server could not be reached.")
    storage.keep_draft(failed, url, "reflect", {"resourced": 3, "note": "the zoo"}, None)
    assert "the next attach reflect offers them back" in said(failed.hint or "")
    (kept,) = storage.draft_waiting(url, "reflect")
    assert kept.is_relative_to(tmp_path / "xdg-data")
    assert "hunter2" not in str(kept) and "nowhere" not in str(kept)
    assert kept.stat().st_mode & 0o777 == 0o600
    assert kept.parent.stat().st_mode & 0o777 == 0o700
    assert storage.draft_waiting("postgresql://dad@/attach?host=/nowhere", "reflect") == []


@pytest.mark.parametrize("backend", ["server"], indirect=True)
def test_removing_a_person_another_member_still_names_says_so(attach, server, monkeypatch):
    fill(attach)  # mum's entries name Maya and Sam
    monkeypatch.setenv("ATTACH_DB", server.member("dad"))
    result = attach("people", "remove", "Sam", "--yes")
    assert result.exit_code == 1
    assert "Nobody was removed: another member's entries still refer to it" in said(result.stderr)
    assert _count(server, "SELECT count(*) FROM attach.person") == 2


@pytest.mark.parametrize("backend", ["server"], indirect=True)
def test_doctor_when_the_server_is_away(attach, server, monkeypatch):
    away = f"postgresql://mum@/{server.database}?host={server.server.socket_dir}/gone"
    monkeypatch.setenv("ATTACH_DB", away)
    result = attach("doctor")
    assert result.exit_code == 1
    # Said once: the error line on stderr; the report on stdout names the journal only.
    assert said(result.stdout + result.stderr).count("Nothing answers at") == 1
    assert said(result.stderr).startswith("✗ Nothing answers at")
    assert said(result.stdout).startswith("Journal: on a server,")


@pytest.mark.parametrize("backend", ["server"], indirect=True)
def test_a_role_that_is_not_a_member_is_told_how_to_become_one(attach, server, monkeypatch):
    stranger = f"stranger_{server.database}"
    with server.server.connect(SUPERUSER, server.database, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {stranger} LOGIN")
    monkeypatch.setenv("ATTACH_DB", server.url(stranger))
    result = attach("log")
    assert result.exit_code == 1
    assert "attach server add-member" in said(result.stderr)


def test_the_journal_setting_never_keeps_or_shows_a_password(attach, monkeypatch):
    refused = attach("config", "set", "journal", "postgresql://mum:hunter2@nas.local/attach")
    assert refused.exit_code == 2
    assert "without its password" in said(refused.stderr) and "~/.pgpass" in said(refused.stderr)
    assert "hunter2" not in refused.output + refused.stderr
    # One given through the environment is used, but never shown.
    monkeypatch.setenv("ATTACH_DB", "postgresql://mum:hunter2@nas.local/attach")
    for args in (["config", "get", "journal"], ["config"], ["config", "--json"]):
        shown = attach(*args)
        assert shown.exit_code == 0, shown.output
        assert "postgresql://mum@nas.local/attach" in shown.stdout
        assert "hunter2" not in shown.stdout + shown.stderr


@pytest.mark.parametrize("backend", ["server"], indirect=True)
def test_an_older_server_schema_waits_for_the_administrator(attach, server):
    """A member never changes the tables: an older schema is the administrator's to upgrade."""
    with server.server.connect(ADMIN, server.database) as conn:
        # As if made by the attach before schema 6 (whose step this one brings).
        conn.execute("DELETE FROM attach.schema_version WHERE version = 6")
        conn.commit()
    result = attach("log")
    assert result.exit_code == 1
    shown = said(result.stderr)
    assert "older layout (schema 5; this attach uses 6)" in shown
    assert "attach server setup" in shown


@pytest.mark.parametrize("backend", ["server"], indirect=True)
def test_the_nudge_reads_the_marker_a_check_in_on_the_server_writes(attach, server):
    from attachjournal.paths import checkin_marker

    shown = attach("remind", "--shell", "bash")
    assert shown.exit_code == 0, shown.output
    assert "hunter2" not in shown.stdout and "postgresql" not in shown.stdout
    marker = checkin_marker(os.environ["ATTACH_DB"])
    assert str(marker) in shown.stdout  # the snippet looks where a save leaves the day
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    assert marker.read_text().strip() != ""
