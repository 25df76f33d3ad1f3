"""The outbox: an entry whose answers were given while the journal's server was away waits on
this device (0600, encrypted when the local journal is) and is delivered, once, by the next
command that reaches the server."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone

import pytest
from tests.pg_server import SUPERUSER

from data_helpers import said
from test_drafts import Asker

pytestmark = pytest.mark.parametrize("backend", ["server"], indirect=True)

NOTE = "the zoo, and the long way home"
PASSPHRASE = "a long and private passphrase"


@pytest.fixture
def door(backend, tmp_path):
    """A URL to the member's journal through a socket link the test can take away and put
    back: the server going (and its connections ended) and coming back."""
    socket_name = ".s.PGSQL.5432"
    folder = tmp_path / "door"
    folder.mkdir()
    link, real = folder / socket_name, backend.server.socket_dir / socket_name
    role = os.environ["ATTACH_DB"].split("//", 1)[1].split("@", 1)[0]

    class Door:
        url = f"postgresql://{role}@/{backend.database}?host={folder}"

        def close(self) -> None:
            link.unlink()
            with backend.server.connect(SUPERUSER, backend.database, autocommit=True) as conn:
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = 'attach' AND datname = %s",
                    (backend.database,),
                )

        def open(self) -> None:
            link.symlink_to(real)

        def rows(self, sql: str, *params) -> list:
            with backend.server.connect(SUPERUSER, backend.database, autocommit=True) as conn:
                cursor = conn.execute(sql, params)
                return cursor.fetchall() if cursor.description else []

    found = Door()
    found.open()
    return found


def _reflect(url, asker, given=None):
    from attachjournal.core import prompts
    from attachjournal.usecases import flows

    now = datetime.now(timezone.utc)
    return flows.reflect(url, prompts.load(), given or {}, asker, at=now, now=now)


def _kept_away(door, typed=None):
    """A check-in answered while the server goes: kept in the outbox, said in one line."""
    from attachjournal.errors import KeptForLater

    with pytest.raises(KeptForLater) as kept:
        _reflect(door.url, Asker(typed or {"resourced": 2, "note": NOTE}, during=door.close))
    return kept.value


def test_an_entry_answered_while_the_server_goes_waits_and_lands_once(attach, door, monkeypatch):
    from attachjournal.storage import drafts, outbox

    kept = _kept_away(door)
    line = kept.message + (kept.hint or "")
    assert said(kept.message).startswith("The server could not be reached, so your check-in is")
    assert "will be delivered" in kept.message and "saved" not in kept.message
    assert NOTE not in line and "zoo" not in line
    (parcel,) = outbox.parcels(door.url)
    assert parcel.stat().st_mode & 0o777 == 0o600
    assert parcel.parent.stat().st_mode & 0o777 == 0o700
    assert drafts.waiting(door.url, "reflect") == []  # kept once, in the outbox only
    from attachjournal.usecases import marker

    assert marker.read(door.url) is not None  # the evening nudge knows today has its check-in

    # doctor, with the server still away: how many wait and since when, never the words
    monkeypatch.setenv("ATTACH_DB", door.url)
    doctor = attach("doctor")
    assert "1 entry waits in this device's outbox since" in said(doctor.output)
    assert "zoo" not in doctor.output

    door.open()
    delivered = attach("log")  # the next command delivers it, and says so in one line
    assert delivered.exit_code == 0
    assert (
        "Delivered 1 entry kept on this device while the server was away; the journal on the "
        "server holds it now." in said(delivered.output)
    )
    again = attach("log")  # the one after finds nothing to do
    assert again.exit_code == 0 and "Delivered" not in again.output
    notes = door.rows("SELECT value FROM attach.answer WHERE question_id = 'note'")
    assert [r[0] for r in notes] == [json.dumps(NOTE)]  # one row, not two (kept as JSON)
    assert outbox.parcels(door.url) == []
    assert "outbox" not in said(attach("doctor").output)


def test_a_crash_between_the_commit_and_the_files_removal_delivers_nothing_twice(
    attach, door, monkeypatch
):
    """The state a kill leaves between the server's commit and the unlink: the entry is on
    the server and its parcel still here. The next command adds no second row."""
    from attachjournal import storage
    from attachjournal.storage import outbox

    _kept_away(door)
    door.open()
    (path,) = outbox.parcels(door.url)
    journal = storage.open_journal(os.environ["ATTACH_DB"], create=False)
    with journal.write() as writer:  # delivered by hand, as a killed delivery would have
        assert writer.deliver(outbox.load(path, None)) is True
    journal.close()
    assert path.exists()
    monkeypatch.setenv("ATTACH_DB", door.url)
    assert attach("log").exit_code == 0
    assert door.rows("SELECT count(*) FROM attach.entry")[0][0] == 1
    assert not path.exists()


def test_a_shared_rupture_answered_while_the_server_goes_lands_shared(attach, door, monkeypatch):
    from attachjournal.core import prompts
    from attachjournal.errors import KeptForLater
    from attachjournal.usecases import flows

    monkeypatch.setenv("ATTACH_DB", door.url)
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    now = datetime.now(timezone.utc)
    asker = Asker({"who": "Maya", "what": "shouted at bedtime", "intensity": 2}, during=door.close)
    request = flows.RepairRequest(new=True, at=now, no_repair_needed=True, share=True)
    with pytest.raises(KeptForLater, match="your rupture is kept"):
        flows.repair(door.url, prompts.load(), {}, asker, request, now=now,
                     parse_when=lambda text: None)  # fmt: skip
    door.open()
    assert attach("log").exit_code == 0
    rows = door.rows("SELECT kind, shared, no_repair_needed FROM attach.entry")
    assert rows == [("rupture", True, True)]


def test_a_rupture_and_its_repair_kept_together_land_linked_in_order(attach, door, monkeypatch):
    """Both entries of one save (attach repair --new with its repair given) wait as two
    parcels; the repair names its rupture by uid and lands pointing at it."""
    from attachjournal import storage
    from attachjournal.core import prompts
    from attachjournal.storage import outbox

    loaded, now = prompts.load(), datetime.now(timezone.utc)
    rupture_uid, repair_uid = storage.new_uid(), storage.new_uid()
    rupture = outbox.parcel(loaded["rupture"], {"what": "the car ride"}, uid=rupture_uid,
                            at=now, now=now)  # fmt: skip
    repair = outbox.parcel(loaded["repair"], {"next_time": "a hug first"}, uid=repair_uid, at=now,
                           now=now, rupture_uid=rupture_uid)  # fmt: skip
    assert outbox.keep(door.url, [rupture, repair])
    monkeypatch.setenv("ATTACH_DB", door.url)
    assert attach("log").exit_code == 0
    rows = door.rows(
        "SELECT e.uid, r.uid FROM attach.entry e "
        "LEFT JOIN attach.entry r ON r.id = e.rupture_id ORDER BY e.id"
    )
    assert rows == [(rupture_uid, None), (repair_uid, rupture_uid)]
    assert outbox.parcels(door.url) == []


def test_a_delivery_the_server_refuses_stays_and_doctor_says_why(attach, door, monkeypatch):
    """The rupture names Maya; she is removed before the server comes back: the entry stays
    in the outbox (nothing lost), and doctor says the server refused it."""
    from attachjournal.core import prompts
    from attachjournal.errors import KeptForLater
    from attachjournal.storage import outbox
    from attachjournal.usecases import flows

    monkeypatch.setenv("ATTACH_DB", door.url)
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    now = datetime.now(timezone.utc)
    asker = Asker({"who": "Maya", "what": "the long car ride", "intensity": 3}, during=door.close)
    with pytest.raises(KeptForLater):
        flows.repair(door.url, prompts.load(), {}, asker, flows.RepairRequest(new=True, at=now, no_repair_needed=True),
                     now=now, parse_when=lambda text: None)  # fmt: skip
    door.open()
    door.rows("DELETE FROM attach.person")
    assert attach("log").exit_code == 0
    assert len(outbox.parcels(door.url)) == 1
    doctor = said(attach("doctor").output)
    assert "waits in this device's outbox" not in doctor  # refused: not said to be on its way
    assert "The server refused 1 entry kept in this device's outbox" in doctor
    assert "Why: The person this entry is about is no longer" in doctor
    assert "car ride" not in doctor


def test_with_an_encrypted_local_journal_the_outbox_holds_no_plaintext(attach, door, monkeypatch):
    from attachjournal import storage
    from attachjournal.paths import DB_FILENAME, data_dir
    from attachjournal.storage import outbox

    server_url = os.environ["ATTACH_DB"]
    local = data_dir() / DB_FILENAME
    monkeypatch.setenv("ATTACH_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("ATTACH_DB", str(local))
    assert attach("reflect", "-a", "resourced=3").exit_code == 0
    assert attach("encrypt").exit_code == 0
    storage.use_passphrase_source(lambda: PASSPHRASE)
    try:
        _kept_away(door)
        (parcel,) = outbox.parcels(door.url)
        assert parcel.suffix == ".db"
        body = parcel.read_bytes()
        assert b"zoo" not in body and NOTE.encode() not in body and b"resourced" not in body
        door.open()
        monkeypatch.setenv("ATTACH_DB", door.url)
        assert attach("log").exit_code == 0  # the passphrase from ATTACH_PASSPHRASE opens it
    finally:
        storage.use_passphrase_source(None)
    assert outbox.parcels(door.url) == []
    assert server_url and door.rows("SELECT count(*) FROM attach.entry")[0][0] == 1


@pytest.fixture
def encrypted_here(attach, monkeypatch):
    """The journal on this device encrypted, and a person at a hidden prompt typing `typed`
    in turn (the prompts they saw are kept), with no ATTACH_PASSPHRASE to fall back on."""
    from attachjournal import storage
    from attachjournal.cli.passphrase import PassphraseSource
    from attachjournal.paths import DB_FILENAME, data_dir

    server_url = os.environ["ATTACH_DB"]
    monkeypatch.setenv("ATTACH_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("ATTACH_DB", str(data_dir() / DB_FILENAME))
    assert attach("reflect", "-a", "resourced=3").exit_code == 0
    assert attach("encrypt").exit_code == 0
    monkeypatch.delenv("ATTACH_PASSPHRASE")
    monkeypatch.setenv("ATTACH_DB", server_url)

    class Typing:
        def __init__(self) -> None:
            self.prompts: list[str] = []
            self.typed: list[str] = []

        def __call__(self, prompt: str) -> str:
            self.prompts.append(prompt)
            return self.typed.pop(0)

    person = Typing()
    storage.use_passphrase_source(PassphraseSource(ask=person))
    yield person
    storage.use_passphrase_source(None)


def test_a_mistyped_passphrase_for_the_journal_on_this_device_can_be_typed_again(
    door, encrypted_here
):
    from attachjournal.storage import outbox

    encrypted_here.typed = ["not it", "nor this", PASSPHRASE]
    _kept_away(door)
    (parcel,) = outbox.parcels(door.url)
    assert parcel.suffix == ".db"  # kept encrypted, with the passphrase typed the third time
    first, second, third = encrypted_here.prompts
    # It names the journal it wants (the person's journal is the server's) and why.
    assert first == (
        "Passphrase for the journal on this device (it keeps what you typed safe until the "
        "server answers): "
    )
    assert second.startswith("That one doesn't open it. Passphrase for the journal on this")
    assert third == second


def test_no_right_passphrase_keeps_nothing_and_says_so_in_one_line(door, encrypted_here):
    from attachjournal.errors import KeptForLater, NotSavedError
    from attachjournal.paths import data_dir
    from attachjournal.storage import drafts, outbox

    encrypted_here.typed = ["not it", "nor this", "nor that"]
    asker = Asker({"resourced": 2, "note": NOTE}, during=door.close)
    with pytest.raises(NotSavedError) as refused:
        _reflect(door.url, asker)
    assert not isinstance(refused.value, KeptForLater)
    assert said(refused.value.message) == (
        "Your check-in was NOT saved: the server could not be reached, and it could not be kept "
        "on this device either (that passphrase doesn't open the journal on this device; what "
        "belongs with an encrypted journal is never kept unencrypted). Nothing was written."
    )
    assert refused.value.hint is None  # one line
    assert len(encrypted_here.prompts) == 3  # three tries, not three more for a draft
    assert outbox.parcels(door.url) == [] and drafts.waiting(door.url, "reflect") == []
    # Not a word in plain text anywhere in the data folder.
    for path in data_dir().rglob("*"):
        assert not path.is_file() or NOTE.encode() not in path.read_bytes()


def test_a_check_in_answered_again_while_the_server_goes_waits_and_lands_once(
    attach, door, monkeypatch
):
    """Answering today's check-in again is a change, not a new entry: it waits in the outbox
    under the check-in's own uid (encrypted as the outbox is), said in one line ("kept", never
    "saved"), and the next command replaces the check-in's answers with it; once."""
    import shutil

    from attachjournal import storage
    from attachjournal.errors import KeptForLater
    from attachjournal.paths import DB_FILENAME, data_dir
    from attachjournal.storage import drafts, outbox

    monkeypatch.setenv("ATTACH_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("ATTACH_DB", str(data_dir() / DB_FILENAME))
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    assert attach("encrypt").exit_code == 0
    monkeypatch.setenv("ATTACH_DB", door.url)
    assert attach("reflect", "--no-input", "-a", "resourced=3", "-a", "mood=2").exit_code == 0
    (first,) = door.rows("SELECT id, uid FROM attach.entry")
    storage.use_passphrase_source(lambda: PASSPHRASE)
    try:
        typed = Asker({"note": NOTE, "resourced": 4}, choices=["update"], during=door.close)
        with pytest.raises(KeptForLater) as kept:
            _reflect(door.url, typed)
    finally:
        storage.use_passphrase_source(None)
    assert said(kept.value.message) == (
        f"The server could not be reached, so your change to check-in #{first[0]} is kept on "
        "this device (privately) and will be delivered the next time attach reaches the server."
    )
    assert drafts.waiting(door.url, "reflect") == []  # kept once, in the outbox only
    (parcel,) = outbox.parcels(door.url)
    assert parcel.suffix == ".db" and b"zoo" not in parcel.read_bytes()
    assert parcel.stat().st_mode & 0o777 == 0o600
    spare = parcel.with_name("spare")
    shutil.copy(parcel, spare)  # to play a crash between the server's commit and the unlink

    door.open()
    delivered = attach("log", "--json")  # any command that reaches the server delivers it
    assert delivered.exit_code == 0, delivered.output
    assert "Delivered 1 entry kept on this device" in said(delivered.stderr)
    (entry,) = json.loads(delivered.stdout)
    assert entry["id"] == first[0]  # the same check-in, changed: no second one
    answers = {qid: a["value"] for qid, a in entry["answers"].items()}
    # Every answer replaced by the new set: resourced 3 -> 4, the note added, mood kept
    # (it was the default the question offered, and Enter kept it).
    assert answers == {"resourced": 4, "mood": 2, "note": NOTE}
    stamp = door.rows("SELECT updated_at FROM attach.entry")[0][0]

    # The parcel again, as if attach had stopped before removing it: nothing changes twice.
    shutil.move(spare, parcel)
    again = attach("log", "--json")
    assert again.exit_code == 0 and "Delivered" not in again.stderr
    assert outbox.parcels(door.url) == []
    assert door.rows("SELECT updated_at FROM attach.entry")[0][0] == stamp


def test_an_older_kept_change_never_overwrites_a_newer_one(attach, door, monkeypatch):
    """A change kept on the laptop while the server was away, and a later change to the same
    check-in made from another device meanwhile: the newer stays, and the kept one waits,
    refused, with doctor saying why (never its words)."""
    from attachjournal.errors import KeptForLater
    from attachjournal.storage import outbox

    monkeypatch.setenv("ATTACH_DB", door.url)
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    with pytest.raises(KeptForLater):
        _reflect(door.url, Asker({"note": NOTE}, choices=["update"], during=door.close))
    door.open()
    # The other device, straight to the server (not through this device's outbox).
    later = datetime.now(timezone.utc)
    door.rows("UPDATE attach.entry SET updated_at = %s", later.replace(tzinfo=None))
    result = attach("log", "--json")
    assert result.exit_code == 0 and "Delivered" not in result.stderr
    notes = door.rows("SELECT count(*) FROM attach.answer WHERE question_id = 'note'")
    assert notes[0][0] == 0  # the newer check-in stands
    assert len(outbox.parcels(door.url)) == 1
    doctor = said(attach("doctor").output)
    assert "Why: The entry was changed again since, on another" in doctor
    assert "zoo" not in doctor


def test_an_edit_typed_while_the_server_goes_waits_and_lands(attach, door, monkeypatch):
    """attach edit, asked in a terminal: the answers typed again are kept, not lost."""
    from attachjournal.core import prompts
    from attachjournal.errors import KeptForLater
    from attachjournal.usecases import changes

    monkeypatch.setenv("ATTACH_DB", door.url)
    assert attach("reflect", "--no-input", "-a", "resourced=3", "-a", "mood=2").exit_code == 0
    now = datetime.now(timezone.utc)
    typed = Asker({"mood": 5, "note": NOTE}, during=door.close)
    with pytest.raises(KeptForLater) as kept:
        changes.edit(
            door.url, 1, prompts=prompts.load(), given={}, new_at=None, now=now, asker=typed
        )
    assert said(kept.value.message).startswith(
        "The server could not be reached, so your change to check-in #1 is kept on this device"
    )
    door.open()
    shown = attach("show", "1", "--json")
    assert shown.exit_code == 0, shown.output
    answers = {qid: a["value"] for qid, a in json.loads(shown.stdout)["answers"].items()}
    assert answers == {"resourced": 3, "mood": 5, "note": NOTE}  # only what changed, changed


def test_the_outbox_follows_the_journal_not_the_urls_spelling(attach, door, monkeypatch):
    """Kept with one URL, delivered with the same journal's URL written otherwise (sslmode and
    a timeout added, the default port written out); another role's or database's is apart."""
    from attachjournal.storage import outbox

    _kept_away(door)
    base, _, query = door.url.partition("?")
    respelled = base.replace("@/", "@:5432/") + "?sslmode=disable&connect_timeout=4&" + query
    assert outbox.parcels(respelled) == outbox.parcels(door.url) != []
    assert outbox.parcels(door.url.replace("postgresql://", "postgresql://dad")) == []
    door.open()
    monkeypatch.setenv("ATTACH_DB", respelled)
    delivered = attach("log")
    assert "Delivered 1 entry" in said(delivered.output)
    assert door.rows("SELECT count(*) FROM attach.entry")[0][0] == 1


def test_what_an_older_attach_kept_under_the_urls_text_is_still_delivered(
    attach, door, monkeypatch
):
    from attachjournal.paths import data_dir, journal_state_file
    from attachjournal.storage import outbox

    _kept_away(door)
    (parcel,) = outbox.parcels(door.url)
    # Where attach kept it before the outbox was keyed by the journal: the URL's exact text.
    older = data_dir() / "outbox" / journal_state_file(door.url, "x").name
    older.mkdir(mode=0o700)
    os.replace(parcel, older / parcel.name)
    parcel.parent.rmdir()
    door.open()
    monkeypatch.setenv("ATTACH_DB", door.url)
    assert "Delivered 1 entry" in said(attach("log").output)
    assert not older.exists() and outbox.parcels(door.url) == []
    assert door.rows("SELECT count(*) FROM attach.entry")[0][0] == 1
