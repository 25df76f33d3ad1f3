"""Whether the row-security policies on the server are still the ones setup made.

A policy can be changed without being dropped (`ALTER POLICY entry_read ON attach.entry USING
(true)` opens every entry to every member), and a policy can be added beside them (permissive
policies are OR-ed together, so one more that says `true` opens everything too). Setup finds
both and puts the household's rules back; doctor, on a member's connection, says so.

How a policy is compared: PostgreSQL keeps a policy's rule as a parsed expression and prints it
back in its own words (`pg_get_expr`: parentheses, casts and spacing of its own, which change
between major versions). Rather than guess that spelling, setup creates each expected policy
again under a scratch name inside a savepoint, reads back how this very server prints it, and
rolls the savepoint back: the comparison is the server's own words against the server's own
words. Only the tables' owner may create a policy, so a member's doctor cannot do that; setup
therefore writes a fingerprint of each policy as it should be into the policy's comment, which
anyone may read, and doctor compares the live policy with that.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from attachjournal.storage.server.schema import POLICIES, RLS_TABLES, SCHEMA, create_policy

_SCRATCH = "attach_expected_"  # the scratch copies' name prefix (rolled back, never kept)
_MARK = "attach setup: "  # what a policy's comment starts with, before its fingerprint

# Every policy on the journal's tables, as the server prints it. Read from the catalog itself
# (pg_policy, readable by every role) rather than the pg_policies view, for the comment.
_READ = """
SELECT c.relname, p.polname, p.polcmd, p.polpermissive,
       ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r) END
             FROM unnest(p.polroles) AS r ORDER BY 1),
       pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid),
       obj_description(p.oid, 'pg_policy')
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relname = ANY(%s)
"""


@dataclass(frozen=True)
class Policy:
    """One policy as the server keeps it: what it applies to, and its two rules."""

    table: str
    name: str
    command: str  # r, a, w, d or * (SELECT, INSERT, UPDATE, DELETE, ALL)
    permissive: bool
    roles: tuple[str, ...]
    using: str | None
    check: str | None
    comment: str | None = None

    def fingerprint(self) -> str:
        """The rule's definition in a few characters (never the comment or the name)."""
        parts = (self.command, str(self.permissive), ",".join(self.roles))
        whole = "\x1f".join((*parts, self.using or "", self.check or ""))
        return hashlib.sha256(whole.encode()).hexdigest()[:16]

    @property
    def recorded(self) -> str | None:
        """The fingerprint setup wrote into the comment, if it did."""
        if self.comment and self.comment.startswith(_MARK):
            return self.comment[len(_MARK) :]
        return None


@dataclass(frozen=True)
class Drift:
    """How the live policies differ from the household's: each as (table, name)."""

    missing: tuple[tuple[str, str], ...] = ()
    changed: tuple[tuple[str, str], ...] = ()
    extra: tuple[tuple[str, str], ...] = ()  # permissive policies attach did not make

    def __bool__(self) -> bool:
        return bool(self.missing or self.changed or self.extra)


def live(conn: Any) -> dict[tuple[str, str], Policy]:
    """Every policy on the journal's tables now, by (table, name).

    pg_get_expr leaves out the schema of a table the search path reaches (`attach.entry` is
    printed `entry` on a member's connection), so the rules are read with the search path
    set to the catalog alone: every connection then prints them alike."""
    # In a transaction (or savepoint) of its own: if the read is refused, rolling it back
    # puts the search path back too.
    with conn.transaction():
        was = conn.execute("SELECT current_setting('search_path')").fetchone()[0]
        conn.execute("SELECT set_config('search_path', 'pg_catalog', false)")
        rows = conn.execute(_READ, (SCHEMA, list(RLS_TABLES))).fetchall()
        conn.execute("SELECT set_config('search_path', %s, false)", (was,))
    found = {}
    for table, name, command, permissive, roles, using, check, comment in rows:
        policy = Policy(table, name, command, bool(permissive), tuple(roles), using, check, comment)
        found[(table, name)] = policy
    return found


def expected(conn: Any) -> dict[tuple[str, str], Policy]:
    """Every policy as setup makes it, printed by this server: made under scratch names in a
    savepoint, read back, and rolled back (needs the tables' owner; nothing is kept)."""
    import psycopg

    found: dict[tuple[str, str], Policy] = {}
    with conn.transaction() as scratch:
        for table, policies in POLICIES.items():
            for name in (policy[0] for policy in policies):
                create_policy(conn, table, name, as_name=_SCRATCH + name)
        for (table, name), policy in live(conn).items():
            if name.startswith(_SCRATCH):
                real = name[len(_SCRATCH) :]
                found[(table, real)] = Policy(
                    table, real, policy.command, policy.permissive, policy.roles,
                    policy.using, policy.check,
                )  # fmt: skip
        raise psycopg.Rollback(scratch)
    return found


def differences(now: dict[tuple[str, str], Policy], wanted: dict[tuple[str, str], Policy]) -> Drift:
    """What differs between the live policies and the wanted ones (a fingerprint each)."""
    missing = tuple(key for key in wanted if key not in now)
    changed = tuple(
        key for key, policy in wanted.items()
        if key in now and now[key].fingerprint() != policy.fingerprint()
    )  # fmt: skip
    extra = tuple(
        key for key, policy in sorted(now.items()) if key not in wanted and policy.permissive
    )
    return Drift(missing, changed, extra)


def restore(conn: Any, changes: list[str]) -> None:
    """Put back every policy that was dropped or changed and drop a permissive one attach did
    not make, saying which (by name, never any data); then record each one's fingerprint."""
    from psycopg import sql

    if not _may_create_policies(conn):
        # Setup run again by a role that does not own the tables: what setup recorded is all
        # it can compare with. Nothing differs: nothing to do; something does: putting it
        # back is refused below, and setup says to run it as the tables' owner.
        drift, recorded = check(conn)
        if recorded and not drift:
            return
    wanted = expected(conn)
    now = live(conn)
    drift = differences(now, wanted)
    for table, name in drift.missing:
        create_policy(conn, table, name)
        changes.append(f"put back the row-security policy {name} on {table}")
    for table, name in drift.changed:
        conn.execute(sql.SQL("DROP POLICY {} ON attach.{}").format(*_ids(name, table)))
        create_policy(conn, table, name)
        changes.append(
            f"put back the row-security policy {name} on {table}, which had been changed"
        )
    for table, name in drift.extra:
        conn.execute(sql.SQL("DROP POLICY {} ON attach.{}").format(*_ids(name, table)))
        changes.append(
            f"removed the row-security policy {name} on {table}, which attach did not make "
            "(it could let members read or change more than their own and the shared entries)"
        )
    now = live(conn) if drift else now
    for key, policy in wanted.items():
        mark = policy.fingerprint()
        if now[key].recorded != mark:  # a record for doctor, not a change to the rules
            conn.execute(
                sql.SQL("COMMENT ON POLICY {} ON attach.{} IS {}").format(
                    *_ids(key[1], key[0]), sql.Literal(_MARK + mark)
                )
            )


def _may_create_policies(conn: Any) -> bool:
    """Whether this role owns the journal's tables (a superuser counts as every owner)."""
    row = conn.execute(
        "SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relname = %s",
        (SCHEMA, RLS_TABLES[0]),
    ).fetchone()
    return bool(row and row[0])


def _ids(name: str, table: str) -> tuple[Any, Any]:
    from psycopg import sql

    return sql.Identifier(name), sql.Identifier(table)


def check(conn: Any) -> tuple[Drift, bool]:
    """For doctor on any role's connection: how the live policies differ from what setup
    recorded, and whether setup recorded them at all (False: only an older setup ran)."""
    now = live(conn)
    names = {(table, p[0]) for table, policies in POLICIES.items() for p in policies}
    missing = tuple(sorted(key for key in names if key not in now))
    present = [now[key] for key in sorted(names) if key in now]
    if any(policy.recorded is None for policy in present):
        return Drift(missing=missing), False
    changed = tuple((p.table, p.name) for p in present if p.recorded != p.fingerprint())
    extra = tuple(
        key for key, policy in sorted(now.items()) if key not in names and policy.permissive
    )
    return Drift(missing, changed, extra), True
