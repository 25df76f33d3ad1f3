"""The throwaway PostgreSQL cluster the server tests stand on (tests/pg_server.py)."""

from __future__ import annotations

from tests.pg_server import ADMIN, SUPERUSER


def test_the_fixture_gives_a_working_server_on_a_socket_only(pg_db):
    server, database = pg_db
    with server.connect(ADMIN, database) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()[0]
        assert int(version) >= 130000
        # Nothing listens on TCP: the cluster is private to this test session.
        assert conn.execute("SHOW listen_addresses").fetchone()[0] == ""
        assert conn.execute("SELECT current_user, current_database()").fetchone() == (
            ADMIN,
            database,
        )
        # The household's admin is an ordinary role, as on a real server: row security binds it.
        assert conn.execute(
            "SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user"
        ).fetchone() == (False, True)
    with server.connect(SUPERUSER, database) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
