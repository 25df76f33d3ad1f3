"""Defects found reviewing the journal on a server (issue 12), kept as strict xfails.

Each test states what a member of a household would expect and fails today; when the defect
is fixed the xfail turns into an unexpected pass (strict), and the marker goes.
"""

from __future__ import annotations

import json

import pytest

from data_helpers import said
from two_parents import rupture, two_parents

SERVER = pytest.mark.parametrize("backend", ["server"], indirect=True)


@pytest.fixture
def household(backend, attach, monkeypatch):
    """mum (ATTACH_DB) with Maya in the household, and dad, a second member."""
    return two_parents(backend, attach, monkeypatch)


def _rupture(attach, *extra: str) -> int:
    return rupture(attach, *extra)["id"]


@SERVER
def test_deleting_the_other_members_shared_rupture_is_refused_not_reported_done(
    attach, backend, household
):
    rupture = _rupture(attach, "--share")
    deleted = household.as_dad("delete", str(rupture), "--yes")
    # Still there for mum: the server refused (rowcount 0), so attach must not say it deleted.
    assert [e["id"] for e in json.loads(attach("log", "--json").stdout)] == [rupture]
    assert "Deleted" not in said(deleted.output)
    assert deleted.exit_code != 0


@SERVER
def test_my_own_review_counts_only_what_i_wrote(attach, backend, household):
    _rupture(attach, "--share")  # mum's, shared with dad
    dads_week = household.as_dad("review", "--json")
    assert dads_week.exit_code == 0, dads_week.output
    found = json.loads(dads_week.stdout)
    # Dad wrote nothing: 0 ruptures, 0 open; mum's one belongs in review --together only.
    assert (found["rupture_count"], found["open_rupture_count"]) == (0, 0)


@SERVER
def test_my_own_patterns_count_only_what_i_wrote(attach, backend, household):
    _rupture(attach, "--share")
    dads_months = household.as_dad("patterns", "--json")
    assert dads_months.exit_code == 0, dads_months.output
    assert json.loads(dads_months.stdout)["rupture_count"] == 0


@SERVER
def test_a_weakened_read_policy_is_put_back_or_at_least_not_called_private(
    attach, backend, household
):
    from tests.pg_server import ADMIN

    private = _rupture(attach)  # mum's, private
    with backend.server.connect(ADMIN, backend.database, autocommit=True) as conn:
        conn.execute("ALTER POLICY entry_read ON attach.entry USING (true)")
    again = attach("server", "setup", backend.server.url(ADMIN, backend.database))
    assert again.exit_code == 0, again.output
    dads_log = json.loads(household.as_dad("log", "--json").stdout)
    doctor = json.loads(household.as_dad("doctor", "--json").stdout)
    # Either setup put the policy back (dad no longer reads mum's private rupture), or the
    # doctor at least does not say row security keeps each member's entries private.
    assert private not in [e["id"] for e in dads_log] or doctor["row_security"] is False


@SERVER
def test_a_private_entry_read_by_a_superuser_is_not_called_shared(attach, backend, household):
    from tests.pg_server import SUPERUSER

    _rupture(attach)  # private
    seen = attach("log", "--db", backend.server.url(SUPERUSER, backend.database))
    assert seen.exit_code == 0, seen.output
    assert "shared" not in said(seen.stdout)


@SERVER
def test_a_shared_repair_kept_as_a_note_is_not_left_shared(attach, backend, household):
    rupture = _rupture(attach, "--share")
    repaired = attach("repair", "--of", str(rupture), "--no-input", "--json")
    assert repaired.exit_code == 0, repaired.output
    found = json.loads(repaired.stdout)
    repair = (found[0] if isinstance(found, list) else found)["id"]
    gone = attach("delete", str(rupture), "--repair", "keep-note", "--yes")
    assert gone.exit_code == 0, gone.output
    assert gone.stdout.splitlines()[-1] == (
        f"✓ Deleted #{rupture}; repair #{repair} stays as your note, private now (a note is "
        "never shared)."
    )
    dads_log = json.loads(household.as_dad("log", "--json").stdout)
    assert repair not in [e["id"] for e in dads_log]


@SERVER
def test_share_by_default_does_not_share_the_repair_of_a_private_rupture(
    attach, backend, household, monkeypatch
):
    private = _rupture(attach)  # written private
    monkeypatch.setenv("ATTACH_SHARE_BY_DEFAULT", "yes")
    repaired = attach("repair", "--of", str(private), "--no-input", "--json")
    assert repaired.exit_code == 0, repaired.output
    found = json.loads(repaired.stdout)
    repair = (found[0] if isinstance(found, list) else found)["id"]
    # "A rupture and its repair move together": the rupture is private, so its repair is too.
    dads_log = json.loads(household.as_dad("log", "--json").stdout)
    assert repair not in [e["id"] for e in dads_log]


@SERVER
def test_a_role_that_bypasses_row_security_is_refused_and_named_by_doctor(
    attach, backend, household
):
    from tests.pg_server import ADMIN, SUPERUSER

    from attachjournal.storage.server.schema import group_role

    _rupture(attach)  # mum's, private
    role = f"peeker_{backend.database}"
    with backend.server.connect(SUPERUSER, backend.database, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN BYPASSRLS")
    added = attach(
        "server", "add-member", role, "--admin", backend.server.url(ADMIN, backend.database)
    )
    # Refused in one line saying why; nothing granted.
    assert added.exit_code == 1
    assert said(added.stderr).startswith(
        f"✗ {role} is a role with BYPASSRLS: row security does not bind it, so every "
        "member's private entries would be open to it. It was not added."
    )
    assert "Traceback" not in added.output
    # Granted by hand anyway, it reads mum's private rupture: doctor says so, not "a member".
    with backend.server.connect(SUPERUSER, backend.database, autocommit=True) as conn:
        conn.execute(f'GRANT "{group_role(backend.database)}" TO {role}')
    assert len(json.loads(attach("log", "--json", "--db", backend.url(role)).stdout)) == 1
    doctor = said(attach("doctor", "--db", backend.url(role)).stdout)
    assert (
        f"! You connect as {role}, a role with BYPASSRLS: row security does not bind it, so it "
        "reads every entry, every member's private ones too." in doctor
    )
    assert "a member role" not in doctor
    found = json.loads(attach("doctor", "--json", "--db", backend.url(role)).stdout)
    assert (found["bypassrls"], found["superuser"], found["owner"]) == (True, False, False)


@SERVER
def test_doctor_names_the_admin_for_what_it_is_not_a_member(attach, backend, household):
    from tests.pg_server import ADMIN

    # The admin owns the tables and has CREATEROLE: bound by row security, not a member.
    doctor = said(attach("doctor", "--db", backend.url(ADMIN)).stdout)
    assert (
        f"! You connect as {ADMIN}, the owner of the journal's tables, not a member: row "
        "security binds it, but it could switch row security off or make itself a member's "
        "role and read every entry." in doctor
    )
    mums = said(attach("doctor").stdout)
    assert "a member role: you read your own entries and the shared ones." in mums
    mine = json.loads(attach("doctor", "--json").stdout)
    assert (mine["owner"], mine["createrole"], mine["bypassrls"]) == (False, False, False)


@SERVER
def test_what_the_readme_says_the_admin_and_members_can_learn(attach, backend, household):
    """The README's privacy paragraphs, as the server behaves: the admin (the tables' owner,
    with CREATEROLE) is bound by row security yet can make itself a member and read as them;
    a member reads no private words, but the server's statistics count every entry."""
    from tests.pg_server import ADMIN

    private = _rupture(attach)  # mum's, private
    _rupture(attach, "--share")
    mum, dad = f"mum_{backend.database}", f"dad_{backend.database}"
    with backend.server.connect(ADMIN, backend.database, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM attach.entry").fetchone() == (1,)  # bound
        conn.execute(f"GRANT {mum} TO {ADMIN}")
        conn.execute(f"SET ROLE {mum}")
        ids = {row[0] for row in conn.execute("SELECT id FROM attach.entry")}
        assert private in ids  # ... and reads her private rupture as her
        conn.execute("RESET ROLE")
        conn.execute(f"REVOKE {mum} FROM {ADMIN}")
    with backend.server.connect(dad, backend.database, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM attach.entry").fetchone() == (1,)  # shared
        # The statistics are the server's, sent as each session ends (mum's commands have
        # ended; the server notices a moment later): they count both entries, words never.
        for _ in range(100):
            counted = conn.execute(
                "SELECT n_live_tup FROM pg_stat_user_tables "
                "WHERE schemaname = 'attach' AND relname = 'entry'"
            ).fetchone()[0]
            if counted == 2:
                break
            conn.execute("SELECT pg_sleep(0.05), pg_stat_clear_snapshot()")
        assert counted == 2


class _NeverAsked:
    """A person at the terminal who must not be asked anything: the refusal comes first."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def ask(self, question, *, position, total, default=None, people=()):
        self.asked.append(question.id)
        return default

    def choose(self, message, options, default=None):
        self.asked.append(message)
        return "yes"

    def text(self, message, default=""):
        self.asked.append(message)
        return default


def _as_dad_at_a_terminal(household, monkeypatch, *args: str):
    from typer.testing import CliRunner

    from attachjournal.cli.app import app
    from attachjournal.cli.context import Context, Terminal

    asker = _NeverAsked()
    person = Terminal(stdin_tty=True, stdout_tty=True, stderr_tty=True, no_color=True)
    monkeypatch.setenv("ATTACH_DB", household.dad)
    try:
        context = Context(terminal=person, asker=lambda *_: asker)
        result = CliRunner().invoke(app, list(args), obj=context, catch_exceptions=False)
    finally:
        monkeypatch.setenv("ATTACH_DB", household.mum)
    return result, asker.asked


@SERVER
@pytest.mark.parametrize(
    ("command", "verb"), [("edit", "change"), ("delete", "delete")], ids=["edit", "delete"]
)
def test_the_other_members_shared_entry_is_refused_before_anything_is_asked(
    attach, backend, household, monkeypatch, command, verb
):
    rupture = _rupture(attach, "--share")
    result, asked = _as_dad_at_a_terminal(household, monkeypatch, command, str(rupture))
    assert asked == []  # not one question, not "Delete for good?"
    assert result.exit_code == 2
    assert said(result.output) == (
        f"✗ Entry {rupture} is another member's; only its author can {verb} it."
    )
    assert "add-member" not in result.output  # no hint about adding a member


@SERVER
def test_decrypt_on_a_server_says_what_decrypt_does(attach, backend):
    result = attach("decrypt")
    assert result.exit_code == 2
    assert said(result.stderr).startswith("✗ attach decrypt turns an encrypted journal file")
    assert "nothing to decrypt" in said(result.stderr)
    assert "protects a journal file" not in result.stderr
