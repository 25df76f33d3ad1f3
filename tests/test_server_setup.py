"""`attach server setup` and `add-member` against a real PostgreSQL server (tests/pg_server.py).

Every test gets a fresh database on the session's throwaway cluster; roles are the
cluster's own, so each test names its members after its database.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest
from tests.pg_server import ADMIN, SUPERUSER

from attachjournal.storage.server.schema import group_role
from data_helpers import said

SECRET = "hunter2-never-shown"


def _superuser(server, database):
    conn = server.connect(SUPERUSER, database)
    conn.autocommit = True
    return conn


def _state(server, database):
    """What setup decides: versions, policies, grants and row security, as the catalog says."""
    with _superuser(server, database) as conn:
        return (
            conn.execute(
                "SELECT array_agg(version ORDER BY version) FROM attach.schema_version"
            ).fetchone(),
            conn.execute(
                "SELECT array_agg(tablename || '.' || policyname ORDER BY tablename, policyname) FROM pg_policies "
                "WHERE schemaname = 'attach'"
            ).fetchone(),
            conn.execute(
                "SELECT array_agg(table_name || ':' || privilege_type ORDER BY table_name, privilege_type) "
                "FROM information_schema.role_table_grants WHERE grantee = %s",
                (group_role(database),),
            ).fetchone(),
            conn.execute(
                "SELECT array_agg(relname || ':' || relrowsecurity || relforcerowsecurity ORDER BY relname) "
                "FROM pg_class WHERE relnamespace = 'attach'::regnamespace AND relkind = 'r'"
            ).fetchone(),
        )


def test_setup_creates_the_household_and_a_second_run_changes_nothing(attach, pg_db):
    server, database = pg_db
    url = server.url(ADMIN, database)
    first = attach("server", "setup", url)
    assert first.exit_code == 0, first.output
    assert "set up on" in first.stdout
    assert "created the journal's tables (schema 6)" in first.stdout
    # The next steps, in plain words: a role per member, add-member, the member's URL.
    assert "createuser --pwprompt" in first.stdout
    # The admin is told plainly what it could do, and to write as a member.
    assert (
        f"{ADMIN} owns the journal's tables (or may create roles): row security binds it, but "
        "it could give itself the power to read every entry." in said(first.stderr)
    )
    assert "attach server add-member" in first.stdout
    assert (
        f"attach config set journal 'postgresql://ROLE@/{database}?host={server.socket_dir}'"
        in first.stdout
    )
    after_first = _state(server, database)
    assert after_first[0] == ([5, 6],)
    assert "entry:truetrue" in after_first[3][0] and "answer:truetrue" in after_first[3][0]

    again = attach("server", "setup", url)
    assert again.exit_code == 0, again.output
    assert "Nothing to change" in again.stdout
    assert _state(server, database) == after_first


def test_setup_and_add_member_wrap_their_words_at_a_narrow_terminal(attach, pg_db, monkeypatch):
    # At 60 columns the words wrap at spaces, a list item's later lines under its words; a
    # command to copy stays whole on one line, however long.
    monkeypatch.setenv("COLUMNS", "60")
    server, database = pg_db
    url = server.url(ADMIN, database)
    with server.connect(SUPERUSER, database, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE narrow_{database} LOGIN")
    outputs = [
        attach("server", "setup", url).stdout,
        attach("server", "add-member", f"narrow_{database}", "--admin", url).stdout,
    ]
    for out in outputs:
        commands = [
            line for line in out.splitlines() if line.lstrip().startswith(("attach ", "sudo "))
        ]
        assert commands, out
        for line in out.splitlines():
            assert line in commands or len(line) <= 60, line
    steps = outputs[0].splitlines()
    first = next(i for i, line in enumerate(steps) if line.startswith("  1. Each member"))
    assert steps[first + 1].startswith("     ") and not steps[first + 1].startswith("      ")


def test_setup_puts_back_what_was_taken_away(attach, pg_db):
    server, database = pg_db
    url = server.url(ADMIN, database)
    assert attach("server", "setup", url).exit_code == 0
    whole = _state(server, database)
    with server.connect(ADMIN, database, autocommit=True) as conn:
        conn.execute("ALTER TABLE attach.entry NO FORCE ROW LEVEL SECURITY")
        conn.execute(f'REVOKE DELETE ON attach.answer FROM "{group_role(database)}"')
        conn.execute("DROP POLICY entry_add ON attach.entry")
    again = attach("server", "setup", url)
    assert again.exit_code == 0, again.output
    assert "turned row security back on for entry" in again.stdout
    assert f"granted {group_role(database)} its rights" in again.stdout
    assert "put back the row-security policy entry_add on entry" in again.stdout
    assert _state(server, database) == whole


def test_a_newer_schema_is_refused_and_left_untouched(attach, pg_db):
    server, database = pg_db
    url = server.url(ADMIN, database)
    assert attach("server", "setup", url).exit_code == 0
    with server.connect(ADMIN, database, autocommit=True) as conn:
        conn.execute("INSERT INTO attach.schema_version (version) VALUES (7)")
        # Something setup would put back, to see that it did not.
        conn.execute(f'REVOKE DELETE ON attach.answer FROM "{group_role(database)}"')
    before = _state(server, database)
    result = attach("server", "setup", url)
    assert result.exit_code == 1
    assert "newer attach" in result.stderr and "schema 7" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert _state(server, database) == before


def test_two_setups_at_once_both_succeed_and_build_it_once(pg_db):
    server, database = pg_db
    url = server.url(ADMIN, database)
    command = [sys.executable, "-m", "attachjournal", "server", "setup", url]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    said = sorted("Nothing to change" in out for out, _ in outputs)
    # One built it; the other waited on the advisory lock, then found the work done.
    assert said == [False, True], outputs
    assert _state(server, database)[0] == ([5, 6],)


def test_a_role_without_the_rights_to_set_up_is_told_what_is_missing(attach, pg_db):
    server, database = pg_db
    visitor = f"visitor_{database}"
    with _superuser(server, database) as conn:
        conn.execute(f"CREATE ROLE {visitor} LOGIN")
        conn.execute(f"REVOKE CREATE ON DATABASE {database} FROM PUBLIC")
        # With the household's group role in place, what this role lacks is the right to
        # create the schema.
        conn.execute(f'CREATE ROLE "{group_role(database)}" NOLOGIN')
    result = attach("server", "setup", server.url(visitor, database))
    assert result.exit_code == 1
    assert "may not create the attach schema" in result.stderr
    assert "GRANT CREATE ON DATABASE" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    with _superuser(server, database) as conn:
        assert (
            conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'attach'").fetchone() is None
        )


def test_a_password_in_the_url_never_appears_in_what_attach_says(attach, pg_db):
    server, database = pg_db
    url = server.url(ADMIN, database, password=SECRET)  # trust auth: the password is unused
    result = attach("server", "setup", url)
    assert result.exit_code == 0, result.output
    assert SECRET not in result.stdout + result.stderr
    assert "now in your shell's history" in result.stderr
    assert server.url(ADMIN, database) in result.stdout  # the same URL, without it

    failed = attach("server", "setup", server.url(ADMIN, "no_such_db", password=SECRET))
    assert failed.exit_code == 1
    assert SECRET not in failed.stdout + failed.stderr
    assert "no_such_db" in failed.stderr
    # Said as a missing database, not as a login the server refused.
    assert "has no database by that name" in said(failed.stderr)
    assert "login" not in failed.stderr


def test_a_missing_database_or_role_is_named_as_such(attach, pg_db):
    server, database = pg_db
    for args, said_first in (
        (["log", "--db", server.url(ADMIN, "no_such_db", password=SECRET)],
         "has no database by that name."),
        (["doctor", "--db", server.url("nobody_here", database)], "has no role by that name."),
    ):  # fmt: skip
        result = attach(*args)
        assert result.exit_code == 1
        lines = said(result.stderr)
        assert lines.startswith("✗ The server at postgresql://") and said_first in lines
        assert SECRET not in result.stdout + result.stderr
        assert "did not accept the login" not in lines


def test_a_server_where_nothing_listens_fails_at_once_in_one_line(attach, tmp_path):
    url = f"postgresql://mum:{SECRET}@/attach?host={tmp_path}"
    result = attach("server", "setup", url)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"✗ Nothing answers at postgresql://mum@/attach?host={tmp_path}."
    assert len(lines) == 2  # the line, and its hint
    assert SECRET not in result.stderr


def test_a_server_that_never_answers_is_given_up_on_after_the_timeout(attach, tmp_path):
    # A socket that takes the connection but never says a word: libpq waits for the server's
    # reply until connect_timeout (2 s, its smallest), then attach says so in one line.
    silent = socket.socket(socket.AF_UNIX)
    silent.bind(str(tmp_path / ".s.PGSQL.5432"))
    silent.listen(4)
    try:
        result = attach(
            "server", "setup", f"postgresql://mum@/attach?host={tmp_path}&connect_timeout=2"
        )
    finally:
        silent.close()
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"✗ The server at postgresql://mum@/attach?host={tmp_path}&connect_timeout=2 "
        "did not answer within 2 seconds."
    )


def test_add_member_grants_the_group_role_once(attach, pg_db):
    server, database = pg_db
    url = server.url(ADMIN, database)
    mum = f"mum_{database}"
    assert attach("server", "setup", url).exit_code == 0
    missing = attach("server", "add-member", mum, "--admin", url)
    assert missing.exit_code == 1
    assert "no role by that name" in missing.stderr
    assert "createuser --pwprompt ROLE" in missing.stderr

    with _superuser(server, database) as conn:
        conn.execute(f"CREATE ROLE {mum} LOGIN")
    added = attach("server", "add-member", mum, "--admin", url)
    assert added.exit_code == 0, added.output
    assert f"{mum} is now a member" in added.stdout
    # The same next step as setup's: the journal setting.
    assert (
        f"attach config set journal 'postgresql://{mum}@/{database}?host={server.socket_dir}'"
        in added.stdout
    )
    again = attach("server", "add-member", mum, "--admin", url)
    assert again.exit_code == 0
    assert "already a member" in again.stdout
    with _superuser(server, database) as conn:
        assert conn.execute(
            "SELECT pg_has_role(%s, %s, 'MEMBER')", (mum, group_role(database))
        ).fetchone() == (True,)


def test_add_member_before_setup_says_to_run_setup(attach, pg_db):
    server, database = pg_db
    result = attach("server", "add-member", "someone", "--admin", server.url(ADMIN, database))
    assert result.exit_code == 1
    assert "Run attach server setup ADMIN_URL first" in result.stderr


def test_add_member_reads_the_server_from_libpqs_environment(attach, pg_db, monkeypatch):
    server, database = pg_db
    assert attach("server", "setup", server.url(ADMIN, database)).exit_code == 0
    dad = f"dad_{database}"
    with _superuser(server, database) as conn:
        conn.execute(f"CREATE ROLE {dad} LOGIN")
    monkeypatch.setenv("PGHOST", str(server.socket_dir))
    monkeypatch.setenv("PGUSER", ADMIN)
    monkeypatch.setenv("PGDATABASE", database)
    result = attach("server", "add-member", dad)
    assert result.exit_code == 0, result.output
    assert f"{dad} is now a member" in result.stdout


@pytest.mark.parametrize("bad", ["nonsense words", "postgresql://mum@nas/attach?nosuchoption=1"])
def test_an_address_attach_cannot_read_is_refused_without_repeating_it(attach, bad):
    result = attach("server", "setup", bad)
    assert result.exit_code == 2
    assert "postgresql://ROLE@HOST/DATABASE" in result.stderr
    assert bad not in result.stderr


def test_setting_up_as_a_superuser_warns_and_adding_one_is_refused(attach, pg_db):
    server, database = pg_db
    url = server.url(SUPERUSER, database)
    result = attach("server", "setup", url)
    assert result.exit_code == 0, result.output
    assert "postgres is a superuser: row security does not bind it" in result.stderr
    added = attach("server", "add-member", SUPERUSER, "--admin", url)
    assert added.exit_code == 1
    assert said(added.stderr).startswith(
        "✗ postgres is a superuser: row security does not bind it, so every member's private "
        "entries would be open to it. It was not added."
    )
    assert "createuser --pwprompt NAME" in said(added.stderr)


def test_adding_the_admin_itself_says_it_could_read_everything(attach, pg_db):
    server, database = pg_db
    url = server.url(ADMIN, database)
    assert attach("server", "setup", url).exit_code == 0
    added = attach("server", "add-member", ADMIN, "--admin", url)
    assert added.exit_code == 0, added.output
    assert (
        f"{ADMIN} is the owner of the journal's tables: row security binds it, but it could "
        "give itself the power to read every member's entries" in said(added.stderr)
    )


def test_setup_upgrades_a_schema_5_household_and_search_then_folds_accents(
    attach, pg_db, monkeypatch
):
    """A household set up by an attach of schema 5, with an entry in it: setup brings it to 6
    in one step (as the tables' owner, whom row security would hide the entry from), and the
    member's search finds the old entry's words with or without their accents."""
    from attachjournal.storage.server import schema

    server, database = pg_db
    url = server.url(ADMIN, database)
    with server.connect(ADMIN, database) as conn:  # what setup of schema 5 built
        conn.execute("CREATE SCHEMA attach")
        conn.execute(
            "CREATE TABLE attach.schema_version (version integer PRIMARY KEY, "
            "applied_at timestamptz NOT NULL DEFAULT now(), "
            "applied_by text NOT NULL DEFAULT current_user)"
        )
        schema.STEPS[5](conn)
        conn.execute("INSERT INTO attach.schema_version (version) VALUES (5)")
        conn.commit()
    mum = f"mum_{database}"
    with _superuser(server, database) as conn:
        conn.execute(f"CREATE ROLE {mum} LOGIN")
        # Mum's check-in from those days (the superuser writes it: row security binds no one
        # else here, and the admin who runs setup could not see it).
        conn.execute(
            "INSERT INTO attach.entry (uid, kind, at, created_at, author) "
            f"VALUES ('old-one', 'reflect', now(), now(), '{mum}')"
        )
        conn.execute(
            "INSERT INTO attach.answer (entry_id, question_id, position, question_text, kind, "
            """value) VALUES (1, 'note', 1, 'Note', 'text', '"Déjà vu at the café"')"""
        )
    upgraded = attach("server", "setup", url)
    assert upgraded.exit_code == 0, upgraded.output
    assert "upgraded the journal's tables from schema 5 to 6" in upgraded.stdout
    assert _state(server, database)[0] == ([5, 6],)
    assert attach("server", "add-member", mum, "--admin", url).exit_code == 0
    monkeypatch.setenv("ATTACH_DB", server.url(mum, database))
    for words in ("deja cafe", "DÉJÀ café"):
        found = attach("search", words, "--json")
        assert found.exit_code == 0, found.output
        assert [hit["uid"] for hit in json.loads(found.stdout)] == ["old-one"]
    with _superuser(server, database) as conn:  # search's condition is the index's expression
        conn.execute("SET enable_seqscan = off")  # one row: else a scan is cheaper
        plan = conn.execute(
            "EXPLAIN SELECT a.id FROM attach.answer a "
            "WHERE attach.folded_words(a.kind, a.value) @@ to_tsquery('simple', 'deja:*')"
        ).fetchall()
        assert "ix_answer_folded" in " ".join(row[0] for row in plan)


def test_the_folded_words_are_never_read_in_a_parallel_worker(attach, pg_db):
    """Folding catches an error (a value that is not JSON, an old server), which starts a
    subtransaction; a parallel worker may not start one. The functions say PARALLEL UNSAFE,
    so a search the planner would gladly run in parallel runs in one process and answers."""
    server, database = pg_db
    assert attach("server", "setup", server.url(ADMIN, database)).exit_code == 0
    with _superuser(server, database) as conn:
        conn.execute(
            "CREATE TABLE public.many AS SELECT 'text' AS kind, "
            """'"Déjà vu ' || g || '"' AS value FROM generate_series(1, 2000) AS g"""
        )
        conn.execute("ANALYZE public.many")
        for setting in (  # parallel at any size, and the workers doing all the reading
            "max_parallel_workers_per_gather = 2",
            "parallel_setup_cost = 0",
            "parallel_tuple_cost = 0",
            "min_parallel_table_scan_size = 0",
            "parallel_leader_participation = off",
        ):
            conn.execute(f"SET {setting}")
        found = conn.execute(
            "SELECT count(*) FROM public.many "
            "WHERE attach.folded_words(kind, value) @@ to_tsquery('simple', 'deja:*')"
        ).fetchone()[0]
    assert found == 2000
