"""Sharing a rupture and its repair with the household's other member: `--share`, `attach
share` / `unshare`, the share_by_default setting; seen through attach and through raw SQL as
the other member's own role (the server's row security decides, not attach)."""

from __future__ import annotations

import json

import pytest

from data_helpers import said
from two_parents import rupture, two_parents

SERVER = pytest.mark.parametrize("backend", ["server"], indirect=True)


@pytest.fixture
def household(backend, attach, monkeypatch):
    """mum (ATTACH_DB) with Maya in the household; dad a second member. On a file: None."""
    if backend.name != "server":
        return None
    return two_parents(backend, attach, monkeypatch)


def _rupture(attach, *extra: str) -> int:
    return rupture(attach, *extra)["id"]


def _id(saved) -> int:
    found = json.loads(saved.stdout)
    return (found[0] if isinstance(found, list) else found)["id"]


def _ids_in_log(result) -> list[int]:
    assert result.exit_code == 0, result.output
    return sorted(e["id"] for e in json.loads(result.stdout))


@pytest.mark.parametrize("backend", ["file"], indirect=True)
def test_on_a_file_each_way_of_sharing_says_it_needs_a_server(attach, backend, household):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    for args in (
        ["repair", "--new", "--no-input", "-a", "who=Maya", "-a", "intensity=2", "--share"],
        ["share", "1"],
        ["unshare", "1"],
    ):
        result = attach(*args)
        assert result.exit_code == 2
        assert said(result.output).startswith("✗ Sharing needs a journal on a server")
    assert attach("log", "--json").stdout.strip() == "[]"  # --share saved nothing
    # The setting alone never stops a file journal's repair: there is no one to share with.
    assert attach("config", "set", "share_by_default", "yes").exit_code == 0
    assert _rupture(attach) == 1


@SERVER
def test_shared_entries_are_seen_by_the_other_member_and_hidden_again(attach, backend, household):
    shared = _rupture(attach, "--share")
    private = _rupture(attach)
    repair = attach("repair", "--of", str(shared), "--no-input", "--json", "-a", "connected=4")
    repair_id = _id(repair)
    # The repair of a shared rupture is shared with it; the private rupture stays mine.
    assert _ids_in_log(household.as_dad("log", "--json")) == [shared, repair_id]
    assert household.dad_sees_in_sql() == [(shared, "rupture"), (repair_id, "repair")]
    assert _ids_in_log(attach("log", "--json")) == [shared, private, repair_id]

    hidden = attach("unshare", str(repair_id))  # either of the two: both go private
    assert hidden.exit_code == 0
    assert said(hidden.output) == (
        f"Rupture #{shared} and its repair #{repair_id} are private again: only you can read them."
    )
    assert household.dad_sees_in_sql() == []
    assert _ids_in_log(household.as_dad("log", "--json")) == []

    shown = attach("share", str(private), "--json")
    assert json.loads(shown.stdout) == {
        "shared": True,
        "entries": [{"id": private, "kind": "rupture"}],
    }
    assert household.dad_sees_in_sql() == [(private, "rupture")]


@SERVER
def test_a_member_cannot_share_or_unshare_the_others_entry(attach, backend, household):
    shared, private = _rupture(attach, "--share"), _rupture(attach)
    refused = household.as_dad("unshare", str(shared))
    assert refused.exit_code == 2
    assert "another member's; only its author can change it" in said(refused.output)
    unseen = household.as_dad("share", str(private))  # row security: not even there for dad
    assert unseen.exit_code == 1
    assert f"There is no entry {private}" in said(unseen.output)
    assert household.dad_sees_in_sql() == [(shared, "rupture")]


@SERVER
def test_share_by_default_shares_new_ruptures_unless_private_is_given(attach, backend, household):
    assert attach("config", "set", "share_by_default", "yes").exit_code == 0
    by_default = _rupture(attach)
    kept_mine = _rupture(attach, "--private")
    assert household.dad_sees_in_sql() == [(by_default, "rupture")]
    both = attach("repair", "--new", "--no-input", "-a", "who=Maya", "--share", "--private")
    assert both.exit_code == 2 and "either --share or --private" in said(both.output)
    assert kept_mine not in _ids_in_log(household.as_dad("log", "--json"))


@SERVER
def test_only_ruptures_and_repairs_are_shared(attach, backend, household):
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    refused = attach("share", "1")
    assert refused.exit_code == 2
    assert "Only a rupture or a repair can be shared" in said(refused.output)


@SERVER
def test_a_shared_rupture_is_repaired_by_its_author_only(attach, backend, household):
    # Mum's rupture with Maya, shared: dad reads it but its repair is mum's to write (one
    # repair per rupture: his would shut her out of her own). Refused by attach in one line,
    # and by the server's row security for any program.
    rupture = _rupture(attach, "--share")
    result = household.as_dad("repair", "--of", str(rupture), "--no-input", "-a", "moves=sorry")
    assert result.exit_code == 2, result.output
    assert said(result.output) == (
        f"✗ Rupture {rupture} is another member's; only its author can record its repair."
    )
    role = f"dad_{backend.database}"
    import psycopg

    with backend.server.connect(role, backend.database, autocommit=True) as conn:
        conn.execute("SET search_path = attach")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO entry (uid, kind, at, created_at, rupture_id, no_repair_needed) "
                "VALUES ('forged', 'repair', now(), now(), %s, FALSE)",
                (rupture,),
            )
    # Mum's own repair still lands.
    mine = attach("repair", "--of", str(rupture), "--no-input", "-a", "moves=sorry")
    assert mine.exit_code == 0, mine.output


@SERVER
def test_the_other_members_open_rupture_is_not_offered_to_come_back_to(attach, backend, household):
    # `attach repair` offers the ruptures still open: mine only, never a shared one of the
    # other parent's (its repair is theirs; asking first and refusing after would waste it).
    from attachjournal import storage

    rupture = _rupture(attach, "--share")
    dad = storage.open_journal(household.dad, create=False)
    with dad.read() as reader:
        assert [e.id for e in reader.list_entries()] == [rupture]  # he reads it
        assert reader.open_ruptures() == []  # but is not offered to repair it
        assert not reader.is_mine(rupture)
    mum = storage.open_journal(household.mum, create=False)
    with mum.read() as reader:
        assert [e.id for e in reader.open_ruptures()] == [rupture]
        assert reader.is_mine(rupture)


@SERVER
def test_log_and_show_say_whose_a_shared_entry_is(attach, backend, household):
    # Dad's `attach log` must not make mum's shared rupture look like his own.
    rupture = _rupture(attach, "--share")
    mum = f"mum_{backend.database}"
    dads_log = household.as_dad("log")
    assert dads_log.exit_code == 0, dads_log.output
    assert f"written by {mum}, shared · intensity 2/5" in said(dads_log.stdout)
    dads_view = household.as_dad("show", str(rupture))
    assert f"written by {mum}, shared" in said(dads_view.stdout)
    # Mum's own: only that it is shared; a private one of hers says nothing more.
    private = _rupture(attach)
    mums_log = said(attach("log").stdout)
    assert "shared · intensity 2/5" in mums_log and "written by" not in mums_log
    assert "shared" not in said(attach("show", str(private)).stdout)


# What a rupture saved at 21:40 on 2 Nov 2026 prints on a journal file, byte for byte.
_SAVED_ON_A_FILE = (
    "✓ Saved rupture #{n} for Mon 02 Nov 2026, 21:40 with Maya.\n"
    "Whenever you are ready, come back to it with: attach repair --of {n}\n"
)
_SHARED = "shared: the household's other members can read it."


@pytest.mark.parametrize("backend", ["file", "server"], indirect=True)
def test_a_shared_save_says_who_else_can_read_it(attach, backend, household):
    if household is None:
        assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    at = ("--at", "2026-11-02T21:40")
    rupture = ["repair", "--new", "--no-input", "-a", "who=Maya", "-a", "intensity=2", *at]
    if backend.name == "file":
        # A journal file has no one to share with: its lines are exactly as they always were.
        assert attach(*rupture).stdout == _SAVED_ON_A_FILE.format(n=1)
        return
    shared = attach(*rupture, "--share")
    assert shared.exit_code == 0, shared.output
    assert said(shared.stdout).startswith(
        f"✓ Saved rupture #1 for Mon 02 Nov 2026, 21:40 with Maya, {_SHARED} Whenever"
    )
    # Its repair is shared with it (README), and says so too.
    repair = attach("repair", "--of", "1", "--no-input", "-a", "connected=4", *at)
    assert repair.exit_code == 0, repair.output
    assert (
        said(repair.stdout)
        == f"✓ Saved repair #2 of rupture #1 for Mon 02 Nov 2026, 21:40, {_SHARED}"
    )
    # A private save on a server prints what a file prints: nothing about anyone else.
    assert attach(*rupture, "--private").stdout == _SAVED_ON_A_FILE.format(n=3)
    # share_by_default shares without a word on the command line; the line is what tells.
    assert attach("config", "set", "share_by_default", "yes").exit_code == 0
    assert _SHARED in said(attach(*rupture).stdout)


@SERVER
def test_a_repair_logged_later_follows_its_rupture_and_moves_it_when_asked(
    attach, backend, household, monkeypatch
):
    # share_by_default is for new ruptures: the repair of a private one stays private with it.
    monkeypatch.setenv("ATTACH_SHARE_BY_DEFAULT", "yes")
    private = _rupture(attach, "--private")
    quiet = attach("repair", "--of", str(private), "--no-input")
    assert quiet.exit_code == 0, quiet.output
    assert "shared" not in said(quiet.output)
    assert household.dad_sees_in_sql() == []

    # --share on the repair shares both, as attach share does, and says the rupture moved.
    other = _rupture(attach, "--private")
    both = attach("repair", "--of", str(other), "--no-input", "--share")
    assert both.exit_code == 0, both.output
    assert f"Rupture #{other} is shared now too: a rupture and its repair go together." in said(
        both.output
    )
    assert household.dad_sees_in_sql() == [(other, "rupture"), (other + 1, "repair")]

    # --private on the repair of a shared rupture keeps both private.
    shared = _rupture(attach, "--share")
    kept = attach("repair", "--of", str(shared), "--no-input", "--private")
    assert kept.exit_code == 0, kept.output
    assert f"Rupture #{shared} is private again too: a rupture and its repair go together." in said(
        kept.output
    )
    assert household.dad_sees_in_sql() == [(other, "rupture"), (other + 1, "repair")]
