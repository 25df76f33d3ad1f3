"""`attach export` on a server is the member's own: the entries they wrote, the shared ones
marked shared, never another member's (shared or not); and it comes back as it went.

(A file's export is held byte for byte by test_backends' file -> server -> file test and by
test_export_stream.)
"""

from __future__ import annotations

import json

import pytest

from data_helpers import export_json, said
from two_parents import rupture, two_parents

SERVER = pytest.mark.parametrize("backend", ["server"], indirect=True)


@pytest.fixture
def household(backend, attach, monkeypatch):
    """mum (ATTACH_DB) and dad, members; Maya in the household; each with a private and a
    shared rupture of their own."""
    found = two_parents(backend, attach, monkeypatch)
    found.mums = frozenset({rupture(attach)["uid"], rupture(attach, "--share")["uid"]})
    monkeypatch.setenv("ATTACH_DB", found.dad)
    found.dads_private = rupture(attach)["uid"]
    found.dads_shared = rupture(attach, "--share")["uid"]
    monkeypatch.setenv("ATTACH_DB", found.mum)
    return found


@SERVER
def test_dads_export_holds_his_own_entries_and_none_of_mums(attach, household, tmp_path):
    # Dad reads mum's shared rupture in his log, but his export holds only what he wrote.
    assert len(json.loads(household.as_dad("log", "--json").stdout)) == 3
    out = tmp_path / "dad.json"
    written = household.as_dad("export", "-o", str(out))
    assert written.exit_code == 0, written.output
    assert (
        f"Wrote the 2 entries you wrote on the server to {out} (only you can read it). Other "
        "members' entries, shared or not, are theirs to export." in said(written.stderr)
    )
    document = json.loads(out.read_text())
    by_uid = {entry["uid"]: entry for entry in document["entries"]}
    assert set(by_uid) == {household.dads_private, household.dads_shared}
    assert not set(by_uid) & household.mums
    assert by_uid[household.dads_shared]["shared"] is True
    assert "shared" not in by_uid[household.dads_private]  # private: as a file writes it
    # The other formats read the same entries.
    markdown = household.as_dad("export", "--format", "markdown")
    assert markdown.exit_code == 0, markdown.output
    assert markdown.stdout.count("Rupture") == 2
    # Mum's own export, likewise, holds her two and none of dad's.
    mine = {entry["uid"] for entry in export_json(attach)["entries"]}
    assert mine == household.mums


@SERVER
def test_importing_my_own_export_into_the_same_server_adds_nothing(attach, household, tmp_path):
    out = tmp_path / "dad.json"
    assert household.as_dad("export", "-o", str(out)).exit_code == 0
    again = household.as_dad("import", str(out))
    assert again.exit_code == 0, again.output
    assert "Imported 0 entries. 2 were already in the journal" in said(again.stdout)
    assert len(json.loads(household.as_dad("log", "--json").stdout)) == 3
    # Mum importing dad's file: his private entry's id is taken on the server. The refusal
    # says nothing of whose it is, and nothing is imported.
    refused = attach("import", str(out))
    assert refused.exit_code == 1
    message = said(refused.stderr)
    assert message.startswith(
        "✗ Nothing was imported: the server already holds one of these under the same id."
    )
    assert "member" not in message
    assert {e["uid"] for e in json.loads(attach("log", "--json").stdout)} >= household.mums
    assert len(json.loads(attach("log", "--json").stdout)) == 3  # her two and dad's shared


@SERVER
def test_a_shared_entry_stays_shared_on_the_way_to_another_server_and_not_in_a_file(
    attach, backend, household, tmp_path, monkeypatch
):
    from tests.pg_server import ADMIN, SUPERUSER

    from attachjournal.storage import server_add_member, server_setup

    pg_server = backend.server
    out = tmp_path / "dad.json"
    assert household.as_dad("export", "-o", str(out)).exit_code == 0
    # Into a journal file: sharing means nothing there, and its export is a file's.
    monkeypatch.setenv("ATTACH_DB", str(tmp_path / "journal.db"))
    assert attach("import", str(out)).exit_code == 0
    on_file = export_json(attach)
    assert len(on_file["entries"]) == 2
    assert all("shared" not in entry for entry in on_file["entries"])
    # Into another household's database, as dad there: shared again, so its other member
    # reads it; the private one stays his.
    moved = f"{backend.database}_moved"
    with pg_server.connect(SUPERUSER, "postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {moved} OWNER {ADMIN}")
    server_setup(pg_server.url(ADMIN, moved))
    dad, other = f"dad_{backend.database}", f"other_{moved}"
    with pg_server.connect(SUPERUSER, moved, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {other} LOGIN")
    for role in (dad, other):
        server_add_member(pg_server.url(ADMIN, moved), role)
    monkeypatch.setenv("ATTACH_DB", pg_server.url(dad, moved))
    landed = attach("import", str(out))
    assert landed.exit_code == 0, landed.output
    assert export_json(attach) == json.loads(out.read_text())  # the same document back
    monkeypatch.setenv("ATTACH_DB", pg_server.url(other, moved))
    seen = [entry["uid"] for entry in json.loads(attach("log", "--json").stdout)]
    assert seen == [household.dads_shared]


def test_a_shared_mark_on_a_check_in_is_refused_before_anything_is_imported(
    attach, tmp_path, monkeypatch
):
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    document = export_json(attach)
    document["entries"][0]["shared"] = True  # only a rupture or a repair is ever shared
    marked = tmp_path / "marked.json"
    marked.write_text(json.dumps(document))
    monkeypatch.setenv("ATTACH_DB", str(tmp_path / "other.db"))
    refused = attach("import", str(marked))
    assert refused.exit_code != 0
    assert "'shared' is true or false, and true only for a rupture or repair" in said(
        refused.stderr
    )
    document["entries"][0]["shared"] = False  # said plainly: fine anywhere
    marked.write_text(json.dumps(document))
    assert attach("import", str(marked)).exit_code == 0
