"""`attach server`: set up a household's journal on a PostgreSQL server, and add its members.
Nothing here prints; the server's work happens behind the storage door."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from attachjournal.storage import ServerMemberAdded, ServerPlace, ServerSetupDone

# Hosts that never leave the machine: no certificate to check there.
_LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}


@dataclass(frozen=True)
class SetupResult:
    """What `attach server setup` hands its emitter: what was done, and the URLs to show."""

    done: ServerSetupDone
    shown_url: str  # the admin URL, without any password in it
    password_in_url: bool  # it had one: it is now in the shell's history
    member_url: str  # what a member puts in ATTACH_DB, with ROLE for their role


@dataclass(frozen=True)
class MemberResult:
    """What `attach server add-member` hands its emitter: the member, and their URL."""

    added: ServerMemberAdded
    member_url: str


def member_url(place: ServerPlace, role: str) -> str:
    """The URL a member connects with: their role, the server, no password (libpq finds it).

    Over a network the certificate is checked (sslmode=verify-full), so a device that joins
    the wrong network never hands its login to an impostor; a Unix socket or localhost needs
    none.
    """
    database = quote(place.database, safe="")
    user = quote(role, safe="") if role != "ROLE" else role
    if place.host.startswith("/"):
        port = f"&port={place.port}" if place.port not in ("", "5432") else ""
        return f"postgresql://{user}@/{database}?host={place.host}{port}"
    host = f"[{place.host}]" if ":" in place.host else place.host
    port = f":{place.port}" if place.port not in ("", "5432") else ""
    tls = "" if place.host in _LOCAL_HOSTS else "?sslmode=verify-full"
    return f"postgresql://{user}@{host}{port}/{database}{tls}"


def setup(admin_url: str) -> SetupResult:
    from attachjournal import storage

    done = storage.server_setup(admin_url)
    return SetupResult(
        done=done,
        shown_url=storage.redact_url(admin_url),
        password_in_url=storage.url_password(admin_url) is not None,
        member_url=member_url(done.place, "ROLE"),
    )


def add_member(role: str, admin_url: str | None) -> MemberResult:
    """Grant the household's group role to ROLE; without --admin, libpq's own defaults
    (PGHOST, PGUSER, PGDATABASE, a service file) say where the server is, as for psql."""
    from attachjournal import storage

    added = storage.server_add_member(admin_url or "", role)
    return MemberResult(added, member_url(added.place, role))
