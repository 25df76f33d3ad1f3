"""`attach doctor` for a journal on a server: what a member can see from their own connection.

The server's version, the journal's schema version, whether row security is on and forced on
the private tables (so privacy is the server's, not attach's) under the policies setup made,
whether the connection is encrypted (TLS), and what this role can see: a superuser or a role
with BYPASSRLS reads every entry; the tables' owner or a role with CREATEROLE could give itself
that power (storage/server/roles.py).
Reads only; never changes anything on the server.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from attachjournal.errors import JournalError
from attachjournal.storage.server.urls import redact


@dataclass(frozen=True)
class ServerCheckup:
    """What doctor found on the server; `state` says whether the journal can be used."""

    journal: str  # the URL without its password
    state: str  # journal | unreachable | no_journal | older | newer | refused
    note: str | None = None  # the one line saying why, when it is not usable
    server_version: str | None = None
    schema_version: int | None = None
    latest: int = 0
    role: str | None = None
    superuser: bool = False
    bypassrls: bool = False  # like a superuser, row security does not bind it
    owner: bool = False  # owns the journal's tables: could switch row security off
    createrole: bool = False  # could make itself a member's role and read as them
    row_security: bool = False  # on and forced on every private table
    # Policies not as setup made them, as "entry_read on entry (changed)"; and why they could
    # not be compared, when they could not (setup has not recorded them, or no right to read).
    policy_drift: tuple[str, ...] = ()
    policies_unchecked: str | None = None
    tls: bool = False
    entries: dict[str, int] = field(default_factory=dict)  # what this role may read
    people: int | None = None
    drafts: int = 0  # answers of failed saves waiting to be offered back
    # Entries kept in this device's outbox while the server was away (never their text):
    # how many, since when (UTC, ISO), and the server's reasons for any it refused.
    outbox: int = 0
    outbox_since: str | None = None
    outbox_refused: tuple[str, ...] = ()
    # Shared with the file's Checkup, so doctor's verdict reads both the same way.
    integrity: str = "not_checked"
    not_checked_because: str | None = None
    disk_full: bool = False

    @property
    def healthy(self) -> bool:
        return self.state == "journal"

    def as_dict(self) -> dict[str, Any]:
        found = asdict(self)
        found["backend"] = "server"
        found["healthy"] = self.healthy
        return found


def examine(url: str) -> ServerCheckup:
    """Everything doctor reports about the journal on the server the URL names."""
    import psycopg

    from attachjournal.storage.drafts import waiting
    from attachjournal.storage.outbox import waiting as outbox_waiting
    from attachjournal.storage.server.journal import ServerJournal
    from attachjournal.storage.server.schema import LATEST, RLS_TABLES

    drafts = len(waiting(url, "reflect")) + len(waiting(url, "repair"))
    base: dict[str, Any] = {"journal": redact(url), "latest": LATEST, "drafts": drafts}
    kept = outbox_waiting(url)
    if kept.count:
        since = kept.oldest.isoformat(timespec="seconds") if kept.oldest else None
        base.update(outbox=kept.count, outbox_since=since, outbox_refused=kept.refused)
    journal = ServerJournal(url)
    try:
        try:
            raw = journal.connect().raw
        except JournalError as exc:
            return ServerCheckup(state="unreachable", note=exc.message, **base)
        try:
            base["server_version"] = str(raw.execute("SHOW server_version").fetchone()[0])
            base["server_version"] = base["server_version"].split()[0]
            from attachjournal.storage.server.roles import standing

            role = raw.execute("SELECT current_user").fetchone()[0]
            powers = standing(raw, role)
            base["role"] = role
            if powers is not None:
                base.update(
                    superuser=powers.superuser,
                    bypassrls=powers.bypassrls,
                    owner=powers.owner,
                    createrole=powers.createrole,
                )
            tls = raw.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            base["tls"] = bool((tls.fetchone() or (False,))[0])
            forced = raw.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'attach' AND c.relname = ANY(%s) "
                "AND c.relrowsecurity AND c.relforcerowsecurity",
                (list(RLS_TABLES),),
            ).fetchone()[0]
            base["row_security"] = forced == len(RLS_TABLES)
            base.update(_policies(raw))
        except psycopg.Error as exc:
            from attachjournal.storage.server.connect import server_said

            said = server_said(url, exc)  # without the URL's password, if it held one
            return ServerCheckup(state="refused", note=f"The server refused: {said}", **base)
        try:
            journal.check_version()
        except JournalError as exc:
            from attachjournal.storage.server import versions

            version = versions.read(raw)
            base["schema_version"] = version
            state = "no_journal" if version == 0 else "newer" if version > LATEST else "older"
            return ServerCheckup(state=state, note=exc.message, **base)
        base["schema_version"] = LATEST
        with journal.read() as reader:  # one moment of what this role may read
            from attachjournal.core.vocabulary import ENTRY_KINDS

            rows = journal.connect().execute("SELECT kind, count(*) FROM entry GROUP BY kind")
            counts = dict(rows.fetchall())
            base["entries"] = {kind: int(counts.get(kind, 0)) for kind in ENTRY_KINDS}
            base["people"] = len(reader.list_people())
        return ServerCheckup(state="journal", **base)
    finally:
        journal.close()


def _policies(raw: Any) -> dict[str, Any]:
    """Whether the row-security policies are still as setup recorded them (storage/server/
    policies.py); a role that may not read the catalog is told so, not failed."""
    import psycopg

    from attachjournal.storage.server import policies

    try:  # the catalog is read in a savepoint of its own: a refusal leaves the rest of doctor
        drift, recorded = policies.check(raw)
    except psycopg.errors.InsufficientPrivilege:
        return {"policies_unchecked": "this role may not read the server's policy catalog"}
    found: list[str] = []
    for keys, how in ((drift.missing, "missing"), (drift.changed, "changed"),
                      (drift.extra, "not made by attach")):  # fmt: skip
        found += [f"{name} on {table} ({how})" for table, name in keys]
    unchecked = None if recorded else "setup has not recorded them yet (run it again)"
    return {"policy_drift": tuple(found), "policies_unchecked": unchecked}
