"""`attach outbox`: a person can read what waits on this device for the server, and let go of
an entry the server refused (here: a repair kept on the laptop while the rupture got its
repair from another device)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from data_helpers import said
from test_drafts import Asker
from test_server_outbox import door  # noqa: F401  (the fixture)

WORDS = "we read the dinosaur book twice"


@pytest.mark.parametrize("backend", ["server"], indirect=True)
def test_a_refused_repair_is_listed_shown_and_discarded(attach, door, monkeypatch):  # noqa: F811
    from attachjournal.core import prompts
    from attachjournal.errors import KeptForLater
    from attachjournal.storage import outbox
    from attachjournal.usecases import flows

    monkeypatch.setenv("ATTACH_DB", door.url)
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    rupture = attach("repair", "--new", "--no-input", "-a", "who=Maya", "-a", "intensity=2")
    assert rupture.exit_code == 0, rupture.output
    # The laptop: the server goes while the repair of #1 is answered; it waits in the outbox.
    now = datetime.now(timezone.utc)
    with pytest.raises(KeptForLater):
        flows.repair(door.url, prompts.load(), {"moves": ["sorry"], "next_time": WORDS},
                     Asker({}, during=door.close), flows.RepairRequest(of=1, at=now), now=now,
                     parse_when=lambda text: None)  # fmt: skip
    (parcel,) = outbox.parcels(door.url)
    door.open()
    # The desktop meanwhile, straight to the server: rupture 1 gets its repair there.
    door.rows(
        "INSERT INTO attach.entry (uid, kind, at, created_at, rupture_id, author) "
        "SELECT 'from-the-desktop', 'repair', at, at, id, author FROM attach.entry WHERE id = 1"
    )

    # Any command that reaches the server says so once, in one line, with where to look.
    log = attach("log")
    assert log.exit_code == 0
    lines = [line for line in said(log.stderr).split("ℹ") if "refused" in line]
    assert len(lines) == 1
    assert "The server refused 1 entry kept on this device" in lines[0]
    assert "attach outbox" in lines[0]

    # doctor does not say it will be delivered, and says what to do.
    doctor = said(attach("doctor").output)
    assert "delivers them" not in doctor
    assert "The server refused 1 entry kept in this device's outbox" in doctor
    assert "Why: Rupture 1 already has its repair" in doctor and WORDS not in doctor

    # The list: numbered, kind, date, status and why; never the words.
    listed = attach("outbox")
    assert listed.exit_code == 0
    assert said(listed.stdout).startswith("1 repair of rupture #1, ")
    assert "refused by the server: Rupture 1 already has its repair" in said(listed.stdout)
    assert WORDS not in listed.stdout
    (row,) = json.loads(attach("outbox", "--json").stdout)
    assert (row["number"], row["kind"], row["status"]) == (1, "repair", "refused")
    assert "answers" not in row

    # show: the person's own words, as attach show prints an entry.
    shown = attach("outbox", "show", "1")
    assert shown.exit_code == 0
    assert WORDS in shown.stdout and "Repair" in shown.stdout
    assert "kept on this device as #1 of its outbox" in said(shown.stdout)
    assert (
        json.loads(attach("outbox", "show", "1", "--json").stdout)["answers"]["next_time"]["value"]
        == WORDS
    )

    # discard: asks first (or --yes); the file goes, and nothing is said about it any more.
    assert attach("outbox", "discard", "1", "--no-input").exit_code == 2  # says: add --yes
    assert parcel.exists()
    gone = attach("outbox", "discard", "1", "--yes")
    assert gone.exit_code == 0
    assert said(gone.stdout) == (
        "✓ Discarded #1 (repair of rupture #1) from this device's outbox. It will not be delivered."
    )
    assert not parcel.exists()
    assert list(parcel.parent.iterdir()) == []  # its refusal note went with it
    assert said(attach("outbox").stdout) == (
        "Nothing waits in this device's outbox: everything written here is on the server."
    )
    assert "refused" not in attach("log").stderr
    missing = attach("outbox", "show", "1")
    assert missing.exit_code == 1
    assert said(missing.stderr) == "✗ Nothing waits in this device's outbox."


def test_a_journal_file_has_no_outbox(attach):
    listed = attach("outbox")
    assert listed.exit_code == 0
    assert said(listed.stdout) == (
        "A journal file has no outbox: every entry is saved in it at once. The outbox keeps what "
        "was written while a journal's server was away."
    )
    refused = attach("outbox", "show", "1")
    assert refused.exit_code == 2
    assert len(refused.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("backend", ["server"], indirect=True)
def test_an_encrypted_outbox_is_listed_with_the_passphrase_of_the_journal_on_this_device(
    attach,
    door,  # noqa: F811
    monkeypatch,
):
    from attachjournal import storage
    from attachjournal.paths import DB_FILENAME, data_dir
    from test_server_outbox import NOTE, PASSPHRASE, _kept_away

    server_url = door.url
    monkeypatch.setenv("ATTACH_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("ATTACH_DB", str(data_dir() / DB_FILENAME))
    assert attach("reflect", "-a", "resourced=3").exit_code == 0
    assert attach("encrypt").exit_code == 0
    storage.use_passphrase_source(lambda: PASSPHRASE)
    try:
        _kept_away(door)
    finally:
        storage.use_passphrase_source(None)
    monkeypatch.setenv("ATTACH_DB", server_url)
    monkeypatch.setenv("ATTACH_PASSPHRASE", "not the one")
    locked = attach("outbox")
    assert locked.exit_code == 1
    assert said(locked.stderr).startswith(
        "✗ What waits in this device's outbox is encrypted with the journal on this device, and "
        "that passphrase doesn't open the journal on this device. Nothing was changed."
    )
    monkeypatch.setenv("ATTACH_PASSPHRASE", PASSPHRASE)
    assert said(attach("outbox").stdout).startswith("1 check-in, ")
    assert NOTE in attach("outbox", "show", "1").stdout
