"""Two households on one server: each database has a group role of its own, so a member of
one household can neither read nor write in the other's, through attach or raw SQL; and a
household set up with the older server-wide group role is moved over by running setup again.
"""

from __future__ import annotations

import json

import psycopg
import pytest
from tests.pg_server import ADMIN, SUPERUSER

from attachjournal.storage.server.schema import SERVER_WIDE_GROUP_ROLE, group_role
from data_helpers import said


def _superuser(server, database):
    return server.connect(SUPERUSER, database, autocommit=True)


def test_each_database_names_its_own_group_role_within_63_bytes():
    assert group_role("attach") == "attach_member_attach"
    long_a, long_b = "é" * 40 + "a", "é" * 40 + "b"  # 81 bytes each, alike for 48 bytes
    for name in (long_a, long_b):
        role = group_role(name)
        assert len(role.encode()) <= 63
        role.encode().decode()  # whole characters only: never half of an é
    assert group_role(long_a) != group_role(long_b)  # the hash of the whole tells them apart
    assert group_role(long_a) == group_role(long_a)


@pytest.fixture
def two_households(attach, pg_db):
    """The household of pg_db (mum a member) and a second database on the same cluster."""
    server, first = pg_db
    second = f"{first}_next"
    with _superuser(server, "postgres") as conn:
        conn.execute(f"CREATE DATABASE {second} OWNER {ADMIN}")
    for database in (first, second):
        done = attach("server", "setup", server.url(ADMIN, database))
        assert done.exit_code == 0, done.output
    mum = f"mum_{first}"
    with _superuser(server, first) as conn:
        conn.execute(f"CREATE ROLE {mum} LOGIN")
    added = attach("server", "add-member", mum, "--admin", server.url(ADMIN, first))
    assert added.exit_code == 0, added.output
    return server, first, second, mum


def test_a_member_of_one_household_cannot_read_or_write_in_another(attach, two_households):
    server, first, second, mum = two_households
    # In her own household, everything works.
    assert attach("people", "add", "Maya", "--db", server.url(mum, first)).exit_code == 0
    # In the other database, attach refuses her, reading and writing alike.
    intruder = attach("people", "add", "Intruder", "--db", server.url(mum, second))
    assert intruder.exit_code == 1
    assert "Traceback" not in intruder.output
    read = attach("log", "--db", server.url(mum, second))
    assert read.exit_code == 1
    assert "does not let this role read the journal" in said(read.stderr)
    # And so does the server itself, whatever program she uses.
    with server.connect(mum, second, autocommit=True) as conn:
        for statement in (
            "SELECT count(*) FROM attach.entry",
            "SELECT count(*) FROM attach.person",
            "INSERT INTO attach.person (uid, name, name_key, role, created_at) "
            "VALUES ('x', 'Intruder', 'intruder', 'child', now())",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    with _superuser(server, second) as conn:
        assert conn.execute("SELECT count(*) FROM attach.person").fetchone() == (0,)
    # Adding her to the second household is a real change there, not "already a member".
    added = attach("server", "add-member", mum, "--admin", server.url(ADMIN, second))
    assert added.exit_code == 0, added.output
    assert f"{mum} is now a member of the household on {second}" in said(added.stdout)


def _as_before(server, database, members):
    """Put the household back as an older setup left it: its grants on the server-wide group
    role, the members granted that role, and no group role of the database's own."""
    group, old = group_role(database), SERVER_WIDE_GROUP_ROLE
    with _superuser(server, database) as conn:
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (old,)).fetchone():
            conn.execute(f"CREATE ROLE {old} NOLOGIN")
        conn.execute(f"GRANT USAGE ON SCHEMA attach TO {old}")
        conn.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON attach.entry, attach.answer, "
                     f"attach.person TO {old}")  # fmt: skip
        conn.execute(f"GRANT SELECT ON attach.schema_version TO {old}")
        for member in members:
            conn.execute(f"GRANT {old} TO {member}")
        conn.execute(f'REVOKE ALL ON ALL TABLES IN SCHEMA attach FROM "{group}"')
        conn.execute(f'REVOKE ALL ON SCHEMA attach FROM "{group}"')
        conn.execute(f'DROP ROLE "{group}"')


def test_setup_moves_a_household_off_the_server_wide_group_role(attach, pg_db, monkeypatch):
    server, database = pg_db
    url = server.url(ADMIN, database)
    assert attach("server", "setup", url).exit_code == 0
    mum = f"mum_{database}"
    with _superuser(server, database) as conn:
        conn.execute(f"CREATE ROLE {mum} LOGIN")
    _as_before(server, database, [mum])
    monkeypatch.setenv("ATTACH_DB", server.url(mum, database))
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0  # works today
    # add-member on the old layout says what to do.
    waiting = attach("server", "add-member", mum, "--admin", url)
    assert waiting.exit_code == 1
    assert "Run attach server setup ADMIN_URL again" in said(waiting.stderr)

    moved = attach("server", "setup", url)
    assert moved.exit_code == 0, moved.output
    assert (
        f"moved the household from {SERVER_WIDE_GROUP_ROLE}, a group role for the whole "
        f"server, to {group_role(database)}, which reaches this database only (members "
        f"carried over: {mum};" in said(moved.stdout)
    )
    with _superuser(server, database) as conn:
        held = conn.execute(
            "SELECT has_schema_privilege(%s, 'attach', 'USAGE'), "
            "has_table_privilege(%s, 'attach.entry', 'SELECT'), pg_has_role(%s, %s, 'MEMBER')",
            (SERVER_WIDE_GROUP_ROLE, SERVER_WIDE_GROUP_ROLE, mum, group_role(database)),
        ).fetchone()
    assert held == (False, False, True)
    # Mum keeps her journal, through her new group role.
    log = attach("log", "--json")
    assert log.exit_code == 0, log.output
    assert len(json.loads(log.stdout)) == 1
    again = attach("server", "setup", url)
    assert again.exit_code == 0, again.output
    assert "Nothing to change" in again.stdout
