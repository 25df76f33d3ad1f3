"""Server addresses as people see them: a password never shows, and a member's URL is right."""

from __future__ import annotations

import pytest

from attachjournal import storage
from attachjournal.usecases.server import member_url
from data_helpers import said


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "postgresql://mum:s3cr%40t@nas.local:5433/attach?sslmode=verify-full",
            "postgresql://mum@nas.local:5433/attach?sslmode=verify-full",
        ),
        ("postgres://mum:pw@nas/attach", "postgres://mum@nas/attach"),
        (
            "postgresql://mum@nas/attach?password=pw&sslmode=require",
            "postgresql://mum@nas/attach?sslmode=require",
        ),
        (
            "postgresql://mum@nas/attach?sslmode=require&password=pw",
            "postgresql://mum@nas/attach?sslmode=require",
        ),
        ("host=nas user=mum password='a b' dbname=attach", "host=nas user=mum dbname=attach"),
        ("postgresql://mum@nas/attach", "postgresql://mum@nas/attach"),
    ],
)
def test_a_url_is_shown_without_its_password(url, shown):
    assert storage.redact_url(url) == shown


def test_the_password_is_found_to_be_scrubbed_in_either_spelling():
    from attachjournal.storage.server.urls import scrub

    url = "postgresql://mum:s3cr%40t@nas/attach"
    assert storage.url_password(url) == "s3cr@t"
    said = "FATAL: odd reply mentioning s3cr@t and s3cr%40t"
    assert "s3cr" not in scrub(said, url)
    assert storage.url_password("postgresql://mum@nas/attach") is None


def test_a_path_mangled_url_is_still_known_as_a_server():
    from pathlib import Path

    # pathlib folds the double slash; the journal's location still must not become a file.
    assert storage.is_server_url(str(Path("postgresql://mum@nas/attach")))
    assert not storage.is_server_url("/home/mum/journal.db")


def _place(host: str, port: str = "5432", database: str = "attach"):
    return storage.ServerPlace(host=host, port=port, database=database, server_version="15.4")


def test_a_member_url_checks_the_certificate_over_a_network():
    assert member_url(_place("nas.local"), "mum") == (
        "postgresql://mum@nas.local/attach?sslmode=verify-full"
    )
    assert member_url(_place("192.168.1.5", "5433"), "dad") == (
        "postgresql://dad@192.168.1.5:5433/attach?sslmode=verify-full"
    )
    assert member_url(_place("fe80::1"), "dad") == (
        "postgresql://dad@[fe80::1]/attach?sslmode=verify-full"
    )


def test_a_member_url_on_this_machine_needs_no_certificate():
    assert member_url(_place("localhost"), "mum") == "postgresql://mum@localhost/attach"
    assert member_url(_place("/run/postgresql"), "mum") == (
        "postgresql://mum@/attach?host=/run/postgresql"
    )
    assert member_url(_place("/run/postgresql", "5433"), "mum") == (
        "postgresql://mum@/attach?host=/run/postgresql&port=5433"
    )


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
@pytest.mark.parametrize("given", ["ATTACH_DB", "--db"])
def test_a_server_url_as_the_journal_is_a_server_never_a_file(
    attach, tmp_path, monkeypatch, scheme, given
):
    """No server answers at this socket folder: one line naming the place without its
    password, exit 1, and nothing created where a URL was meant."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    away = tmp_path / "no-server-here"
    url = f"{scheme}://mum:hunter2@/attach?host={away}"
    if given == "ATTACH_DB":
        monkeypatch.setenv("ATTACH_DB", url)
        result = attach("review")
    else:
        result = attach("review", "--db", url)
    assert result.exit_code == 1
    assert said(result.stderr).startswith(
        f"✗ Nothing answers at postgresql://mum@/attach?host={away}"
    )
    assert len(result.stderr.strip().splitlines()) <= 2  # the line and its hint, no traceback
    assert "hunter2" not in result.output + result.stderr
    assert list(work.iterdir()) == [], "nothing may be created where a URL was meant"


class _Refused(Exception):
    """What psycopg raises when the server turns a connection away: its words, and libpq's
    connection object, which knows whether a password was asked for and missing."""

    def __init__(self, words: str, needs_password: bool) -> None:
        super().__init__(words)
        self.pgconn = type("PGconn", (), {"needs_password": needs_password})()


@pytest.mark.parametrize(
    ("words", "needs_password", "first"),
    [
        # The server asked for a password and libpq had none: said so, whatever the language.
        ("FATAL:  Passwort-Authentifizierung ...", True, "asks for a password, and none was found"),
        ('FATAL:  password authentication failed for user "mum"', False, "did not accept the login"),
        ('FATAL:  database "nodb" does not exist', False, "has no database by that name."),
        ('FATAL:  role "nobody" does not exist', False, "has no role by that name."),
    ],
)  # fmt: skip
def test_why_a_connection_failed_is_said_as_what_it_was(words, needs_password, first):
    from attachjournal.storage.server.connect import unreachable

    url = "postgresql://mum:hunter2@nas.local/attach?sslmode=verify-full"
    found = unreachable(url, _Refused(f"connection failed: {words}", needs_password))
    line = said(found.message + " " + (found.hint or ""))
    assert line.startswith("The server at postgresql://mum@nas.local/attach?sslmode=verify-full")
    assert first in line
    assert "hunter2" not in line


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("postgresql://mum@nas.local/attach",
         "postgresql://mum@NAS.local:5432/attach?sslmode=verify-full&connect_timeout=3", True),
        ("postgresql://mum@nas.local/attach", "postgresql://mum:secret@nas.local/attach", True),
        ("postgresql://mum@/attach?host=/run/pg", "postgres:/mum@/attach?host=/run/pg", True),
        ("postgresql://nas.local/attach?user=mum", "postgresql://mum@nas.local/attach", True),
        ("postgresql://mum@nas.local/attach", "postgresql://dad@nas.local/attach", False),
        ("postgresql://mum@nas.local/attach", "postgresql://mum@nas.local/attach2", False),
        ("postgresql://mum@nas.local/attach", "postgresql://mum@nas.local:5433/attach", False),
        ("postgresql://mum@/attach?host=/run/pg", "postgresql://mum@/attach?host=/run/PG", False),
    ],
)  # fmt: skip
def test_a_journal_is_named_by_host_port_database_and_role_not_by_options(one, other, same):
    from attachjournal.storage.server.urls import journal_key

    assert (journal_key(one) == journal_key(other)) is same
    assert "secret" not in journal_key(other)
