"""What a database role can see of a household's journal, whatever it is called.

Row security binds a member; it does not bind a superuser or a role with BYPASSRLS, which read
every entry. The tables' owner is bound (the policies are FORCEd) but may switch row security
off, and a role with CREATEROLE may grant itself any member's role (PostgreSQL 16 and later:
any role it created) and read as that member. Only a role with none of these is a member and
nothing more; add-member and doctor ask here rather than look at the superuser flag alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from attachjournal.storage.server.schema import SCHEMA

_READ = """
SELECT r.rolsuper, r.rolbypassrls, r.rolcreaterole,
       coalesce((SELECT pg_has_role(r.oid, c.relowner, 'MEMBER') FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = %s AND c.relname = 'entry'), false)
FROM pg_roles r WHERE r.rolname = %s
"""


@dataclass(frozen=True)
class Standing:
    """A role's powers over the journal beyond a member's."""

    superuser: bool = False
    bypassrls: bool = False
    owner: bool = False  # owns the journal's tables (or may act as their owner)
    createrole: bool = False

    @property
    def bypasses_row_security(self) -> bool:
        """Reads every entry, private ones too: row security does not bind it."""
        return self.superuser or self.bypassrls

    @property
    def could_read_everything(self) -> bool:
        """Bound today, but may give itself the power to read every entry."""
        return not self.bypasses_row_security and (self.owner or self.createrole)


def standing(conn: Any, role: str) -> Standing | None:
    """The role's powers, or None when the server has no role by that name."""
    row = conn.execute(_READ, (SCHEMA, role)).fetchone()
    if row is None:
        return None
    return Standing(*(bool(value) for value in row))


def bypass_words(found: Standing) -> str:
    """Why row security does not bind the role, in a few words."""
    return "a superuser" if found.superuser else "a role with BYPASSRLS"
