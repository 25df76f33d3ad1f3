"""Reaching the PostgreSQL server: quickly, or with one clear line saying why not.

Credentials come the libpq way (~/.pgpass, a service file, PGPASSWORD); attach never asks for
one. Every message shows the URL without its password (urls.redact) and scrubs the password
from anything the server said.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from attachjournal.errors import JournalError, UsageError
from attachjournal.storage.server.urls import redact, scrub

if TYPE_CHECKING:
    import psycopg

# libpq's connect_timeout, in seconds (its smallest useful value is 2): a server that is away
# (a NAS asleep, a laptop off the home network) is reported in seconds, never waited on.
TIMEOUT = 5

URL_FORM = "postgresql://ROLE@HOST/DATABASE"


def connect(
    url: str, *, timeout: int = TIMEOUT, autocommit: bool = False, options: str | None = None
) -> psycopg.Connection:
    """A connection to the server the URL names, as the role it names, or a JournalError.

    `options`: server settings for the session (libpq's options, '-c name=value')."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        given = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        raise not_a_url() from None
    settings: dict[str, Any] = {"application_name": "attach"}
    if options is not None:
        # After the URL's own options (a URL may set others): the last -c of a name wins.
        settings["options"] = f"{given.get('options', '')} {options}".strip()
    # A server that vanishes in the middle of a command (a NAS unplugged, the Wi-Fi gone) is
    # noticed within seconds instead of the system's TCP timeout (many minutes): TCP
    # keepalives, and a limit on unacknowledged data. The URL's own values win; on a Unix
    # socket libpq ignores them.
    watch: dict[str, Any] = {"keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 3}
    if psycopg.pq.version() >= 120000:
        watch["tcp_user_timeout"] = 15_000  # ms
    settings.update({key: value for key, value in watch.items() if key not in given})
    if "connect_timeout" in given:  # the URL's own wins, and is the one reported
        given_timeout = str(given["connect_timeout"])
        timeout = int(given_timeout) if given_timeout.isdigit() else 0
    else:
        settings["connect_timeout"] = timeout
    try:
        return psycopg.connect(url, autocommit=autocommit, **settings)
    except psycopg.OperationalError as exc:
        raise unreachable(url, exc, timeout) from None
    except psycopg.ProgrammingError:
        raise not_a_url() from None


def not_a_url() -> UsageError:
    # The address is not repeated: it may hold a password.
    return UsageError(f"That is not a server address attach can read; write it as {URL_FORM}.")


def unreachable(url: str, exc: BaseException, timeout: int = TIMEOUT) -> JournalError:
    """One line for a connection that failed, naming the server without its password."""
    shown = redact(url)
    # An empty address means libpq's own defaults, as psql without arguments.
    server = f"the server at {shown}" if shown else "the server psql would use (PGHOST, PGDATABASE)"
    Server = server[0].upper() + server[1:]
    said = scrub(str(exc), url)
    first = next((line.strip() for line in said.splitlines() if line.strip()), "")
    # libpq prefixes its reason with where it tried ('connection to server on socket ... failed:')
    reason = first.rsplit("failed: ", 1)[-1] if "failed: " in first else first
    lowered = said.lower()
    if "timeout expired" in lowered:
        within = f" within {timeout} seconds" if timeout > 0 else ""
        return JournalError(
            f"{Server} did not answer{within}.",
            "Is it switched on and on this network? Nothing was changed.",
        )
    if _needed_a_password(exc):  # libpq's own flag: the same in any language
        return JournalError(
            f"{Server} asks for a password, and none was found for this role and database.",
            _PASSWORD_HINT,
        )
    if "authentication failed" in lowered:
        return JournalError(f"{Server} did not accept the login.", _PASSWORD_HINT)
    # What the server answers when the login is right but a name is not: said as such, not as
    # a login failure. libpq gives no error class (SQLSTATE) for a failed connection, only
    # the server's words, in the server's language; an unknown wording falls through to the
    # server's own words below.
    if re.search(r'database ".*" does not exist', said):
        return JournalError(
            f"{Server} has no database by that name.",
            "Is the name in the address right? The server's administrator makes one with "
            "createdb (see the README). Nothing was changed.",
        )
    if re.search(r'role ".*" does not exist', said):
        return JournalError(
            f"{Server} has no role by that name.",
            "Is the role in the address right? The server's administrator makes one with "
            "sudo -u postgres createuser --pwprompt NAME, then attach server add-member NAME.",
        )
    if any(
        sign in lowered
        for sign in ("no such file", "connection refused", "could not translate host name")
    ):
        return JournalError(
            f"Nothing answers at {shown}." if shown else f"{Server} does not answer.",
            "Is the server running, and are the host and port right? Nothing was changed.",
        )
    return JournalError(f"Could not connect to {server}: {reason}")


_PASSWORD_HINT = (
    "attach takes the password the way psql does: from ~/.pgpass (one line, "
    "host:port:database:role:password, mode 0600), a service file (PGSERVICE) or PGPASSWORD, "
    "never from the command line."
)


def _needed_a_password(exc: BaseException) -> bool:
    """Whether the server asked for a password that libpq did not have."""
    pgconn = getattr(exc, "pgconn", None)
    try:
        return bool(pgconn is not None and pgconn.needs_password)
    except Exception:  # a connection object too far gone to ask
        return False


def server_said(url: str, exc: BaseException) -> str:
    """The first line of what the server said, without the URL's password."""
    said = scrub(str(exc), url)
    return next((line.strip() for line in said.splitlines() if line.strip()), "an error")
