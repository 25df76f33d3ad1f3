"""Setup puts back a row-security policy someone changed (not only one someone dropped), and
removes one added beside them; doctor, on a member's own connection, says when they differ.

Each case is seen the way it matters: through raw SQL as the other member's own role, which is
what row security decides for any program."""

from __future__ import annotations

import json
import os
from typing import ClassVar

import pytest
from tests.pg_server import ADMIN

from data_helpers import said

SERVER = pytest.mark.parametrize("backend", ["server"], indirect=True)


@pytest.fixture
def household(backend, attach):
    """mum (ATTACH_DB) writes a private and a shared rupture with Maya; dad one of his own."""
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    mum, dad = os.environ["ATTACH_DB"], backend.member("dad")
    rupture = ["repair", "--new", "--no-input", "--json", "-a", "who=Maya", "-a", "intensity=2"]
    private = json.loads(attach(*rupture).stdout)["id"]
    shared = json.loads(attach(*rupture, "--share").stdout)["id"]
    os.environ["ATTACH_DB"] = dad
    try:
        his = json.loads(attach(*rupture).stdout)["id"]
    finally:
        os.environ["ATTACH_DB"] = mum

    class Household:
        admin = backend.url(ADMIN)
        ids: ClassVar[dict[str, int]] = {"private": private, "shared": shared, "his": his}

        def as_admin(self, *statements: str) -> None:
            with backend.server.connect(ADMIN, backend.database, autocommit=True) as conn:
                for statement in statements:
                    conn.execute(statement)

        def dad_sees_in_sql(self) -> list[int]:
            role = f"dad_{backend.database}"
            with backend.server.connect(role, backend.database, autocommit=True) as conn:
                rows = conn.execute("SELECT id FROM attach.entry ORDER BY id").fetchall()
                return [i for (i,) in rows]

        def dads_doctor(self):
            os.environ["ATTACH_DB"] = dad
            try:
                return attach("doctor")
            finally:
                os.environ["ATTACH_DB"] = mum

    return Household()


def _setup(attach, household) -> str:
    done = attach("server", "setup", household.admin)
    assert done.exit_code == 0, done.output
    return said(done.stdout)


@SERVER
def test_setup_puts_back_a_policy_whose_rule_was_opened(attach, household):
    ids = household.ids
    assert household.dad_sees_in_sql() == [ids["shared"], ids["his"]]
    # Someone opens the read rule to everyone: dad's psql now shows mum's private rupture.
    household.as_admin("ALTER POLICY entry_read ON attach.entry USING (true)")
    assert household.dad_sees_in_sql() == [ids["private"], ids["shared"], ids["his"]]
    doctor = said(household.dads_doctor().stdout)
    assert "not as setup made them: entry_read on entry (changed)" in doctor

    out = _setup(attach, household)
    assert "put back the row-security policy entry_read on entry, which had been changed" in out
    assert household.dad_sees_in_sql() == [ids["shared"], ids["his"]]
    assert "The row-security policies are the ones setup made." in said(
        household.dads_doctor().stdout
    )
    # And now nothing is left to do: the comparison is the server's words against its own.
    assert "Nothing to change" in _setup(attach, household)


@SERVER
def test_setup_puts_back_a_changed_check_and_a_narrowed_role_list(attach, household):
    # WITH CHECK opened (dad could write rows as mum), and a policy narrowed to one role
    # (every other member locked out of deleting): both differ from what setup made.
    household.as_admin(
        "ALTER POLICY entry_add ON attach.entry WITH CHECK (true)",
        f"ALTER POLICY entry_remove ON attach.entry TO {ADMIN}",
    )
    out = _setup(attach, household)
    assert "put back the row-security policy entry_add on entry, which had been changed" in out
    assert "put back the row-security policy entry_remove on entry, which had been changed" in out
    assert "entry_read" not in out  # only the two that differ
    assert "Nothing to change" in _setup(attach, household)


@SERVER
def test_setup_removes_a_permissive_policy_it_did_not_make(attach, household):
    # Permissive policies are OR-ed: one more that says true opens every entry.
    household.as_admin("CREATE POLICY peek ON attach.entry FOR SELECT USING (true)")
    ids = household.ids
    assert household.dad_sees_in_sql() == [ids["private"], ids["shared"], ids["his"]]
    doctor = said(household.dads_doctor().stdout)
    assert "peek on entry (not made by attach)" in doctor
    out = _setup(attach, household)
    assert "removed the row-security policy peek on entry, which attach did not make" in out
    assert household.dad_sees_in_sql() == [ids["shared"], ids["his"]]


@SERVER
def test_an_untouched_setup_says_nothing_changed_and_doctor_finds_them_whole(attach, household):
    assert "Nothing to change" in _setup(attach, household)
    doctor = household.dads_doctor()
    assert doctor.exit_code == 0, doctor.output
    assert "The row-security policies are the ones setup made." in said(doctor.stdout)


@SERVER
def test_doctor_says_when_setup_has_not_recorded_the_policies(attach, household):
    # A household set up by an attach from before the record: doctor can't compare, and says
    # why rather than calling the policies fine.
    household.as_admin("COMMENT ON POLICY entry_read ON attach.entry IS NULL")
    doctor = said(household.dads_doctor().stdout)
    assert "could not be compared: setup has not recorded them yet (run it again)" in doctor
    _setup(attach, household)
    assert "are the ones setup made" in said(household.dads_doctor().stdout)


@SERVER
def test_doctor_says_so_when_a_member_may_not_read_the_policies(attach, backend, household):
    # Every role may read the policy catalog unless the server's superuser took that away
    # (in this database only); doctor then says it could not compare, and carries on.
    from tests.pg_server import SUPERUSER

    with backend.server.connect(SUPERUSER, backend.database, autocommit=True) as conn:
        conn.execute("REVOKE SELECT ON pg_catalog.pg_policy FROM PUBLIC")
    doctor = household.dads_doctor()
    assert doctor.exit_code == 0, doctor.output
    out = said(doctor.stdout)
    assert "could not be compared: this role may not read the server's policy catalog" in out
    assert "Entries you can read: 2" in out  # mum's shared one and his own


@SERVER
def test_setup_by_a_role_that_does_not_own_the_tables(attach, backend, household):
    # Another admin (may create roles, does not own the tables): with the policies as setup
    # recorded them, nothing to do; with one changed, told to run setup as the owner.
    from tests.pg_server import SUPERUSER

    from attachjournal.storage.server.schema import group_role

    other = f"other_admin_{backend.database}"
    with backend.server.connect(SUPERUSER, backend.database, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {other} LOGIN CREATEROLE")
        conn.execute(f'GRANT "{group_role(backend.database)}" TO {other} WITH ADMIN OPTION')
    url = backend.url(other)
    fine = attach("server", "setup", url)
    assert fine.exit_code == 0, fine.output
    assert "Nothing to change" in said(fine.stdout)
    household.as_admin("ALTER POLICY entry_read ON attach.entry USING (true)")
    refused = attach("server", "setup", url)
    assert refused.exit_code == 1
    assert "Run setup as the role that first set the server up" in said(refused.stderr)
    assert "Traceback" not in refused.output
