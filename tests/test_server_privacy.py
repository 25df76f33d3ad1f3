"""Row security on the server: what each member of a household reads and may change, checked
through raw SQL as each member's own role (psycopg), as someone with psql would try it.

Two members, mum and dad, each write a private check-in and a shared rupture. Each must see
exactly their own two entries and the other's shared one (2 + 1 = 3), and the answers of those
three only.
"""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from tests.pg_server import ADMIN, SUPERUSER


@pytest.fixture
def household(attach, pg_db):
    """A set-up database with two members, each with a private and a shared entry."""
    server, database = pg_db
    url = server.url(ADMIN, database)
    assert attach("server", "setup", url).exit_code == 0
    mum, dad = f"mum_{database}", f"dad_{database}"
    with server.connect(SUPERUSER, database, autocommit=True) as conn:
        for role in (mum, dad):
            conn.execute(f"CREATE ROLE {role} LOGIN")
    for role in (mum, dad):
        assert attach("server", "add-member", role, "--admin", url).exit_code == 0
    with server.connect(mum, database, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO attach.person (uid, name, name_key, role, created_at) "
            "VALUES ('p-maya', 'Maya', 'maya', 'child', now())"
        )
    for role in (mum, dad):
        with server.connect(role, database) as conn:
            _write(conn, f"{role}-private", "reflect", shared=False, words=f"{role} tired alone")
            _write(conn, f"{role}-shared", "rupture", shared=True, words=f"{role} snapped at Maya")
    return server, database, mum, dad


def _write(conn, uid: str, kind: str, shared: bool, words: str) -> int:
    entry_id = conn.execute(
        "INSERT INTO attach.entry (uid, kind, at, person_id, shared) "
        "VALUES (%s, %s, now(), (SELECT id FROM attach.person WHERE name_key = 'maya'), %s) "
        "RETURNING id",
        (uid, kind, shared),
    ).fetchone()[0]
    conn.execute(
        "INSERT INTO attach.answer (entry_id, question_id, position, question_text, kind, value) "
        "VALUES (%s, 'what', 1, 'What happened?', 'text', %s)",
        (entry_id, f'"{words}"'),
    )
    conn.commit()
    return entry_id


def _uids(conn) -> list[str]:
    return [uid for (uid,) in conn.execute("SELECT uid FROM attach.entry ORDER BY uid")]


def test_each_member_sees_exactly_their_own_and_the_shared_entries(household):
    server, database, mum, dad = household
    with server.connect(mum, database) as conn:
        assert _uids(conn) == sorted([f"{mum}-private", f"{mum}-shared", f"{dad}-shared"])
        # Every entry records who wrote it: the role that inserted it.
        assert dict(conn.execute("SELECT uid, author FROM attach.entry")) == {
            f"{mum}-private": mum,
            f"{mum}-shared": mum,
            f"{dad}-shared": dad,
        }
        answers = conn.execute("SELECT value FROM attach.answer ORDER BY value").fetchall()
        assert answers == sorted(
            [
                (f'"{dad} snapped at Maya"',),
                (f'"{mum} snapped at Maya"',),
                (f'"{mum} tired alone"',),
            ]
        )
    with server.connect(dad, database) as conn:
        assert _uids(conn) == sorted([f"{dad}-private", f"{dad}-shared", f"{mum}-shared"])
        # Not even a count leaks: the other's private entry is simply not there.
        assert conn.execute("SELECT count(*) FROM attach.entry WHERE NOT shared").fetchone() == (1,)


def test_a_member_cannot_change_delete_or_unshare_the_others_entry(household):
    server, database, mum, dad = household
    with server.connect(dad, database) as conn:
        changed = conn.execute(
            "UPDATE attach.entry SET no_repair_needed = true WHERE uid = %s", (f"{mum}-shared",)
        )
        assert changed.rowcount == 0
        assert (
            conn.execute(
                "UPDATE attach.entry SET shared = false WHERE uid = %s", (f"{mum}-shared",)
            ).rowcount
            == 0
        )
        assert (
            conn.execute("DELETE FROM attach.entry WHERE uid = %s", (f"{mum}-shared",)).rowcount
            == 0
        )
        assert (
            conn.execute(
                "UPDATE attach.answer SET value = '\"rewritten\"' WHERE entry_id = "
                "(SELECT id FROM attach.entry WHERE uid = %s)",
                (f"{mum}-shared",),
            ).rowcount
            == 0
        )
        assert (
            conn.execute(
                "DELETE FROM attach.answer WHERE entry_id = (SELECT id FROM attach.entry WHERE uid = %s)",
                (f"{mum}-shared",),
            ).rowcount
            == 0
        )
        conn.commit()
    with server.connect(mum, database) as conn:
        row = conn.execute(
            "SELECT shared, no_repair_needed, (SELECT value FROM attach.answer a WHERE a.entry_id = e.id) "
            "FROM attach.entry e WHERE uid = %s",
            (f"{mum}-shared",),
        ).fetchone()
        assert row == (True, False, f'"{mum} snapped at Maya"')


def test_a_member_shares_unshares_and_changes_only_their_own(household):
    server, database, mum, dad = household
    with server.connect(mum, database) as conn:
        assert (
            conn.execute(
                "UPDATE attach.entry SET shared = true WHERE uid = %s", (f"{mum}-private",)
            ).rowcount
            == 1
        )
        assert (
            conn.execute(
                "UPDATE attach.entry SET shared = false WHERE uid = %s", (f"{mum}-shared",)
            ).rowcount
            == 1
        )
        conn.commit()
    with server.connect(dad, database) as conn:
        assert _uids(conn) == sorted([f"{dad}-private", f"{dad}-shared", f"{mum}-private"])


def test_a_member_cannot_write_as_the_other(household):
    server, database, mum, dad = household
    with server.connect(dad, database) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO attach.entry (uid, kind, at, author) VALUES ('forged', 'reflect', now(), %s)",
                (mum,),
            )
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "UPDATE attach.entry SET author = %s WHERE uid = %s", (mum, f"{dad}-private")
            )
        conn.rollback()
        # Nor add words to the other's shared entry.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO attach.answer (entry_id, question_id, position, question_text, kind, value) "
                "SELECT id, 'extra', 2, 'More?', 'text', '\"planted\"' FROM attach.entry WHERE uid = %s",
                (f"{mum}-shared",),
            )
        conn.rollback()
    with server.connect(SUPERUSER, database) as conn:
        assert conn.execute(
            "SELECT count(*) FROM attach.entry WHERE uid = 'forged'"
        ).fetchone() == (0,)


def test_the_household_shares_its_people(household):
    server, database, mum, dad = household
    with server.connect(dad, database) as conn:
        assert conn.execute("SELECT name, added_by FROM attach.person").fetchall() == [
            ("Maya", mum)
        ]
        conn.execute(
            "INSERT INTO attach.person (uid, name, name_key, role, created_at) "
            "VALUES ('p-sam', 'Sam', 'sam', 'child', now())"
        )
        conn.commit()
    with server.connect(mum, database) as conn:
        assert [n for (n,) in conn.execute("SELECT name FROM attach.person ORDER BY name")] == [
            "Maya",
            "Sam",
        ]


def test_the_servers_search_finds_words_only_in_what_a_member_may_read(household):
    server, database, mum, dad = household
    query = (
        "SELECT e.uid FROM attach.answer a JOIN attach.entry e ON e.id = a.entry_id "
        "WHERE attach.folded_words(a.kind, a.value) @@ plainto_tsquery('simple', %s) "
        "ORDER BY e.uid"
    )
    with server.connect(mum, database) as conn:
        assert [u for (u,) in conn.execute(query, ("snapped",))] == sorted(
            [f"{dad}-shared", f"{mum}-shared"]
        )
        assert [u for (u,) in conn.execute(query, ("tired",))] == [f"{mum}-private"]
        # The same word in any case; the index is the GIN one on the answer's folded words.
        assert [u for (u,) in conn.execute(query, ("MAYA",))] == sorted(
            [f"{dad}-shared", f"{mum}-shared"]
        )
        plan = conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_answer_folded'"
        ).fetchone()[0]
        assert "USING gin (attach.folded_words(kind, value))" in plan


def test_row_security_binds_the_tables_owner_but_not_a_superuser(household):
    server, database, mum, dad = household
    # The household's admin owns the tables; FORCE makes row security bind it as well.
    with server.connect(ADMIN, database) as conn:
        assert _uids(conn) == sorted([f"{dad}-shared", f"{mum}-shared"])
    # A superuser is not bound at all: the README says so.
    with server.connect(SUPERUSER, database) as conn:
        assert len(_uids(conn)) == 4


def test_the_servers_tables_have_the_files_columns_and_the_households_own(pg_db, attach):
    from attachjournal import storage
    from attachjournal.storage.migrations import MIGRATIONS
    from attachjournal.storage.server.schema import LATEST

    assert LATEST == storage.SCHEMA_VERSION  # one sequence of versions for file and server
    server, database = pg_db
    assert attach("server", "setup", server.url(ADMIN, database)).exit_code == 0
    file = sqlite3.connect(":memory:")
    for step in MIGRATIONS:
        step(file)
    household_columns = {
        "entry": {"author", "shared"},
        "answer": set(),  # the words' index is an expression's since schema 6, no column
        "person": {"added_by"},
    }
    with server.connect(SUPERUSER, database) as conn:
        for table, extra in household_columns.items():
            on_file = {row[1] for row in file.execute(f"PRAGMA table_info({table})")}
            on_server = {
                name
                for (name,) in conn.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = 'attach' AND table_name = %s",
                    (table,),
                )
            }
            assert on_server == on_file | extra, table
