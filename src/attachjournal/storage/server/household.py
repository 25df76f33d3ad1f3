"""`attach server setup` and `add-member` on the server: the schema, the household's group
role with its grants, row security, and each member's membership.

Setup runs in one transaction (PostgreSQL's DDL is transactional): it is kept whole or not at
all, and running it again changes nothing. What changed is reported, so a second run can say
there was nothing to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from attachjournal.errors import JournalError, NotFoundError, UsageError
from attachjournal.storage.server import policies, roles
from attachjournal.storage.server.connect import connect, server_said
from attachjournal.storage.server.schema import (
    RLS_TABLES,
    SCHEMA,
    SERVER_WIDE_GROUP_ROLE,
    group_role,
)
from attachjournal.storage.server.urls import redact


@dataclass(frozen=True)
class Place:
    """Where the server is, as a member's URL names it (no role, no password)."""

    host: str  # a host name, or a socket folder ('/run/postgresql'); '' for libpq's default
    port: str
    database: str
    server_version: str


@dataclass(frozen=True)
class SetupDone:
    """What attach server setup did on the server: where, as whom, versions, what changed."""

    place: Place
    admin: str  # the role setup ran as
    admin_is_superuser: bool  # row security does not bind it
    # The tables' owner or a role with CREATEROLE: bound, but could give itself the power
    # to read every entry (storage/server/roles.py).
    admin_could_read_everything: bool
    version_before: int  # 0: there was no journal schema
    version: int
    group_role: str
    changes: tuple[str, ...]  # what this run did, in plain words; empty: nothing to do
    members: tuple[str, ...]  # the roles already granted the group role


@dataclass(frozen=True)
class MemberAdded:
    """What attach server add-member did: the role, and whether it was a member already."""

    place: Place
    role: str
    added: bool  # False: it was a member already
    can_login: bool
    # Bound by row security, but may give itself the power to read everything: the tables'
    # owner, or a role with CREATEROLE ('' when neither).
    more_than_a_member: str = ""


# What each member may do with each table; row security narrows entry and answer to rows.
_TABLE_RIGHTS = {
    "entry": ("SELECT", "INSERT", "UPDATE", "DELETE"),
    "answer": ("SELECT", "INSERT", "UPDATE", "DELETE"),
    "person": ("SELECT", "INSERT", "UPDATE", "DELETE"),
    "schema_version": ("SELECT",),
}


def _place(conn: Any) -> Place:
    info = conn.info
    database = conn.execute("SELECT current_database()").fetchone()[0]
    version = conn.execute("SHOW server_version").fetchone()[0]
    return Place(info.host or "", str(info.port or ""), database, str(version).split()[0])


def _role(conn: Any, name: str) -> tuple[bool, bool] | None:
    """(can log in, is superuser) of a role, or None when there is no such role."""
    row = conn.execute(
        "SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = %s", (name,)
    ).fetchone()
    return None if row is None else (bool(row[0]), bool(row[1]))


def _group(conn: Any) -> str:
    """This database's group role (schema.group_role)."""
    return group_role(conn.execute("SELECT current_database()").fetchone()[0])


def _ensure_group_role(conn: Any, group: str, changes: list[str]) -> None:
    from psycopg import sql

    found = _role(conn, group)
    if found is not None:
        if found[0]:  # a person's login role under that name: never hand it the household
            raise JournalError(
                f"A role that can log in is already called {group}, the name setup gives "
                "this household's group role.",
                "Rename that role (ALTER ROLE ... RENAME TO ...), then run setup again. "
                "Nothing was changed.",
            )
        return
    me = conn.execute(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    if not (me and me[0]):
        raise JournalError(
            f"This role may not create roles, and the group role {group} does not exist yet.",
            "Run setup as a role with CREATEROLE (the server's administrator can grant it: "
            "ALTER ROLE name CREATEROLE), or have the administrator create the group role: "
            f'CREATE ROLE "{group}" NOLOGIN.',
        )
    import psycopg

    try:
        with conn.transaction():  # a savepoint: losing the race below keeps the rest
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(group)))
    except (psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):
        # Roles belong to the whole server: another setup made it a moment ago.
        return
    changes.append(f"created the group role {group} (members are granted it)")


def _may_create_schema(conn: Any) -> None:
    allowed = conn.execute(
        "SELECT has_database_privilege(current_database(), 'CREATE')"
    ).fetchone()[0]
    if not allowed:
        raise JournalError(
            f"This role may not create the {SCHEMA} schema in this database.",
            "Run setup as the database's owner (createdb --owner ROLE attach makes one), or "
            "have the administrator grant it: GRANT CREATE ON DATABASE name TO role.",
        )


def _rights_missing(conn: Any, role: str) -> list[tuple[str, str]]:
    """The (table, right) pairs of _TABLE_RIGHTS the role does not hold."""
    return [
        (table, right)
        for table, rights in _TABLE_RIGHTS.items()
        for right in rights
        if not conn.execute(
            "SELECT has_table_privilege(%s, %s, %s)", (role, f"{SCHEMA}.{table}", right)
        ).fetchone()[0]
    ]


def _ensure_rights(conn: Any, group: str, changes: list[str]) -> None:
    from psycopg import sql

    who = sql.Identifier(group)
    missing = not conn.execute(
        "SELECT has_schema_privilege(%s, %s, 'USAGE')", (group, SCHEMA)
    ).fetchone()[0]
    if missing:
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA attach TO {}").format(who))
    for table, right in _rights_missing(conn, group):
        missing = True
        conn.execute(
            sql.SQL("GRANT {} ON attach.{} TO {}").format(
                sql.SQL(right), sql.Identifier(table), who
            )
        )
    if missing:
        changes.append(f"granted {group} its rights on the journal's tables")


def _leave_the_server_wide_role(conn: Any, group: str, changes: list[str]) -> None:
    """A household set up before group roles were per database used one for the whole
    server: its members are carried to this database's group role, and that role's grants
    here are taken back, so no member of another household on the server can reach this one.
    (The old role stays: another database may still use it until its setup runs.)"""
    from psycopg import sql

    old = SERVER_WIDE_GROUP_ROLE
    if _role(conn, old) is None:
        return
    uses_it = conn.execute(
        "SELECT has_schema_privilege(%s, %s, 'USAGE')", (old, SCHEMA)
    ).fetchone()[0] or len(_rights_missing(conn, old)) < sum(map(len, _TABLE_RIGHTS.values()))
    if not uses_it:
        return
    carried = [m for m in _members(conn, old) if m not in _members(conn, group)]
    for member in carried:
        conn.execute(
            sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(member))
        )
    conn.execute(
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA attach FROM {}").format(sql.Identifier(old))
    )
    conn.execute(sql.SQL("REVOKE ALL ON SCHEMA attach FROM {}").format(sql.Identifier(old)))
    names = ", ".join(carried) if carried else "none"
    # Everyone who could reach this database keeps reaching it; the old role cannot say who
    # belongs to which household, so one who does not belong here is named, to be let go.
    changes.append(
        f"moved the household from {old}, a group role for the whole server, to {group}, "
        f"which reaches this database only (members carried over: {names}; one who is not "
        f'of this household can be let go with REVOKE "{group}" FROM ROLE)'
    )


def _ensure_row_security(conn: Any, changes: list[str]) -> None:
    rows = conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relname = ANY(%s) "
        "AND NOT (c.relrowsecurity AND c.relforcerowsecurity)",
        (SCHEMA, list(RLS_TABLES)),
    ).fetchall()
    for (table,) in rows:
        conn.execute(f"ALTER TABLE attach.{table} ENABLE ROW LEVEL SECURITY")
        conn.execute(f"ALTER TABLE attach.{table} FORCE ROW LEVEL SECURITY")
        changes.append(f"turned row security back on for {table}")


def _members(conn: Any, group: str) -> tuple[str, ...]:
    rows = conn.execute(
        "SELECT m.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
        "JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = %s ORDER BY m.rolname",
        (group,),
    ).fetchall()
    return tuple(name for (name,) in rows)


def setup(url: str) -> SetupDone:
    """Create or upgrade the schema, the group role, its grants and the policies, at once."""
    import psycopg

    from attachjournal.storage.server import versions

    with connect(url) as conn:
        changes: list[str] = []
        try:
            with conn.transaction():
                # The lock first: a second setup waits here, then finds the work done.
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (versions.LOCK_KEY,))
                before = versions.read(conn)
                versions.refuse_newer(before)
                group = _group(conn)
                _ensure_group_role(conn, group, changes)
                if before == 0:
                    _may_create_schema(conn)
                _, after = versions.upgrade(conn)
                if after != before:
                    changes.append(
                        f"created the journal's tables (schema {after})"
                        if before == 0
                        else f"upgraded the journal's tables from schema {before} to {after}"
                    )
                _ensure_rights(conn, group, changes)
                _leave_the_server_wide_role(conn, group, changes)
                _ensure_row_security(conn, changes)
                policies.restore(conn, changes)
        except psycopg.errors.InsufficientPrivilege as exc:
            raise JournalError(
                f"This role may not change the journal's tables: {server_said(url, exc)}",
                "Run setup as the role that first set the server up (the tables' owner). "
                "Nothing was changed.",
            ) from None
        except psycopg.OperationalError as exc:
            from attachjournal.storage.server.connect import unreachable

            raise unreachable(url, exc) from None
        except psycopg.Error as exc:
            raise JournalError(
                f"The server refused the setup: {server_said(url, exc)}",
                "Nothing was changed.",
            ) from None
        admin = str((conn.execute("SELECT current_user").fetchone() or ("",))[0])
        powers = roles.standing(conn, admin) or roles.Standing()
        return SetupDone(
            place=_place(conn),
            admin=admin,
            admin_is_superuser=powers.superuser,
            admin_could_read_everything=powers.could_read_everything,
            version_before=before,
            version=after,
            group_role=group,
            changes=tuple(changes),
            members=_members(conn, group),
        )


def add_member(url: str, role: str) -> MemberAdded:
    """Grant the household's group role to an existing login role."""
    import psycopg
    from psycopg import sql

    if not role or role.startswith(SERVER_WIDE_GROUP_ROLE):
        raise UsageError("Name the member's own database role, e.g. attach server add-member mum.")
    with connect(url, autocommit=True) as conn:
        group = _group(conn)
        version, has_group = versions_read(conn), _role(conn, group) is not None
        if version > 0 and not has_group:
            raise JournalError(
                "The household here was set up by an older attach, with a group role for the "
                "whole server.",
                "Run attach server setup ADMIN_URL again: it moves the household to a group "
                "role of this database's own, with its members.",
            )
        if not has_group or version == 0:
            raise JournalError(
                f"This database has no household set up yet ({redact(url)}).",
                "Run attach server setup ADMIN_URL first.",
            )
        found = _role(conn, role)
        if found is None:
            raise NotFoundError(
                "The server has no role by that name yet.",
                "Create it first, on the server, with a password typed at a hidden prompt: "
                "sudo -u postgres createuser --pwprompt ROLE.",
            )
        can_login = found[0]
        powers = roles.standing(conn, role) or roles.Standing()
        if powers.bypasses_row_security:
            raise JournalError(
                f"{role} is {roles.bypass_words(powers)}: row security does not bind it, so "
                "every member's private entries would be open to it. It was not added.",
                "Give each member an ordinary role of their own: "
                "sudo -u postgres createuser --pwprompt NAME.",
            )
        already = role in _members(conn, group)
        if not already:
            try:
                conn.execute(
                    sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(role))
                )
            except psycopg.errors.InsufficientPrivilege:
                raise JournalError(
                    f"This role may not grant {group} to others.",
                    "Run add-member as the role that ran setup, or as one with CREATEROLE.",
                ) from None
        more = "the owner of the journal's tables" if powers.owner else ""
        more = more or ("a role with CREATEROLE" if powers.createrole else "")
        return MemberAdded(_place(conn), role, not already, can_login, more)


def versions_read(conn: Any) -> int:
    from attachjournal.storage.server import versions

    return versions.read(conn)
