"""Every test gets its own journal and config folder; real data is never touched."""

from __future__ import annotations

import itertools
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from attachjournal.cli.app import app


@pytest.fixture(autouse=True)
def journal_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "data" / "journal.db"
    monkeypatch.setenv("ATTACH_DB", str(db))
    monkeypatch.delenv("ATTACH_PROMPTS", raising=False)
    monkeypatch.setenv("ATTACH_SETTINGS", str(tmp_path / "config" / "settings.toml"))
    for name in ("ATTACH_DAY_STARTS_AT", "ATTACH_COUNTRY", "ATTACH_ACCESSIBLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    # Fixed local time zone so day boundaries in tests are the ones worked out by hand.
    monkeypatch.setenv("TZ", "Europe/Berlin")
    import time

    time.tzset()
    return db


@pytest.fixture
def db_path(journal_env: Path) -> Path:
    return journal_env


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def attach(runner: CliRunner):
    """Run `attach ARGS...` in-process; returns the click Result (exit_code, stdout, stderr)."""

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run


@pytest.fixture
def small_disk(tmp_path: Path):
    """A real 1 MB tmpfs, for disk-full tests (skipped, with the reason, where none can mount)."""
    place = tmp_path / "small"
    place.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(place)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root (and a machine that allows it)")
    yield place
    subprocess.run(["umount", "-l", str(place)], capture_output=True)


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL cluster (tests/pg_server.py), started once per session.

    Skipped with the reason where none can be started; CI sets ATTACH_REQUIRE_PG=1 so that
    there a missing server fails instead of skipping.
    """
    from tests.pg_server import Cluster, Unavailable

    cluster = Cluster()
    try:
        server = cluster.start()
    except Unavailable as exc:
        cluster.stop()
        if os.environ.get("ATTACH_REQUIRE_PG"):
            pytest.fail(f"ATTACH_REQUIRE_PG is set and no PostgreSQL could be started: {exc}")
        pytest.skip(f"no PostgreSQL server for these tests: {exc}")
    try:
        yield server
    finally:
        cluster.stop()


@pytest.fixture
def pg_db(pg_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A fresh, empty database on the throwaway cluster, owned by the household's admin.

    Returns (server, database name). libpq's own environment is cleared, so nothing from the
    machine's settings reaches the tests.
    """
    from tests.pg_server import ADMIN, SUPERUSER

    for name in ("PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGPASSWORD", "PGSERVICE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "no-pg_service.conf"))
    name = f"journal_{next(_PG_DATABASES)}"
    with pg_server.connect(SUPERUSER, "postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} OWNER {ADMIN}")
    return pg_server, name


_PG_DATABASES = itertools.count(1)  # one database per test, on the session's one cluster


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    os.environ.pop("TZ", None)


@dataclass(frozen=True)
class Backend:
    """Where a contract test's journal is: `file`, or `server` (a set-up household on the
    throwaway cluster, ATTACH_DB pointing at its first member). `url(role)` is a member's URL;
    `member(name)` adds another member (a new login role) and returns its URL."""

    name: str
    server: Any = None
    database: str = ""

    def url(self, role: str) -> str:
        return self.server.url(role, self.database)

    def member(self, name: str) -> str:
        from tests.pg_server import ADMIN, SUPERUSER

        from attachjournal.storage import server_add_member

        role = f"{name}_{self.database}"
        with self.server.connect(SUPERUSER, self.database, autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {role} LOGIN")
        server_add_member(self.server.url(ADMIN, self.database), role)
        return self.url(role)


@pytest.fixture(params=["file", "server"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Backend:
    """The same test on a journal file and on a journal on a PostgreSQL server (skipped, with
    its reason, only where no PostgreSQL can start). Commands reach it through ATTACH_DB."""
    if request.param == "file":
        return Backend("file")
    from tests.pg_server import ADMIN

    from attachjournal.storage import server_setup

    server, database = request.getfixturevalue("pg_db")
    server_setup(server.url(ADMIN, database))
    found = Backend("server", server, database)
    monkeypatch.setenv("ATTACH_DB", found.member("mum"))
    return found
