"""The door over a server, below the commands: sharing's seam in the Writer, a connection the
server dropped meanwhile, and a save that cannot reach it (what happens to its entry then:
test_server_outbox.py).
"""

from __future__ import annotations

import os

import pytest
from tests.pg_server import SUPERUSER

from data_helpers import said


@pytest.fixture
def server(backend):
    if backend.name != "server":
        pytest.skip("a server-only behaviour")
    return backend


def _rupture(journal, *, shared: bool = False) -> int:
    from datetime import datetime, timezone

    from attachjournal.core import prompts

    now = datetime.now(timezone.utc)
    with journal.write() as writer:
        answers = {"who": writer.find_person("Maya").ref(), "intensity": 2}
        return writer.add_entry(prompts.load()["rupture"], answers, at=now, now=now, shared=shared)


def test_sharing_at_the_door(attach, backend, monkeypatch):
    """The Writer's seam for sharing: on a server a rupture is shared when written or later,
    and only by its author; a file says sharing needs a server."""
    from attachjournal import storage
    from attachjournal.errors import UsageError

    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    journal = storage.open_journal(os.environ["ATTACH_DB"], create=True)
    if backend.name == "file":
        with pytest.raises(UsageError, match="Sharing needs a journal on a server"):
            _rupture(journal, shared=True)
        return
    shared, private = _rupture(journal, shared=True), _rupture(journal)
    dad = storage.open_journal(backend.member("dad"), create=False)
    with dad.read() as reader:
        assert [e.id for e in reader.list_entries()] == [shared]
        assert reader.get_entry(shared).author == f"mum_{backend.database}"
    with pytest.raises(UsageError, match="another member's"), dad.write() as writer:
        writer.unshare(shared)
    with journal.write() as writer:
        writer.share(private)
        writer.unshare(shared)
    with dad.read() as reader:
        assert [e.id for e in reader.list_entries()] == [private]
    # Row security lets dad read the shared one but delete none of it (0 rows, no error from
    # the server): the Writer refuses rather than return ids that are still there.
    with pytest.raises(UsageError, match="only its author can delete it"), dad.write() as writer:
        writer.delete_entry(private)
    with journal.read() as reader:
        assert private in [e.id for e in reader.list_entries()]


@pytest.mark.parametrize("backend", ["server"], indirect=True)
def test_a_connection_the_server_dropped_meanwhile_is_made_again(attach, server):
    """Between reading and saving (the person answering), the server ends the connection:
    the save makes a new one and lands."""
    from datetime import datetime, timezone

    from attachjournal import storage
    from attachjournal.core import prompts

    journal = storage.open_journal(os.environ["ATTACH_DB"], create=False)
    with journal.read() as reader:
        assert reader.entry_count() == 0
    with server.server.connect(SUPERUSER, server.database, autocommit=True) as conn:
        ended = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'attach' AND datname = %s",
            (server.database,),
        ).fetchone()[0]
    assert ended == 1
    now = datetime.now(timezone.utc)
    with journal.write() as writer:
        writer.add_entry(prompts.load()["reflect"], {"resourced": 3}, at=now, now=now)
    with journal.read() as reader:
        assert reader.entry_count() == 1


@pytest.mark.parametrize("backend", ["server"], indirect=True)
def test_a_vanished_server_is_noticed_in_seconds_not_minutes(server):
    """Keepalives and tcp_user_timeout go with every connection (the URL's own win)."""
    from attachjournal.storage.server.connect import connect

    url = os.environ["ATTACH_DB"]
    with connect(url) as conn:
        given = conn.info.get_parameters()
    assert given["keepalives_idle"] == "5" and given["tcp_user_timeout"] == "15000"
    with connect(url + "&keepalives_idle=30") as conn:
        assert conn.info.get_parameters()["keepalives_idle"] == "30"


def test_a_save_that_cannot_reach_the_server_says_so_by_its_type(pg_db):
    """What the outbox will catch: a ServerAwayError (a NotSavedError), nothing written."""
    from attachjournal.errors import NotSavedError, ServerAwayError
    from attachjournal.storage.server.journal import ServerJournal

    server, database = pg_db
    journal = ServerJournal(f"postgresql://mum@/{database}?host={server.socket_dir}/gone")
    with pytest.raises(ServerAwayError) as caught, journal.write():
        pass
    assert isinstance(caught.value, NotSavedError)
    assert said(caught.value.message).startswith("Your entry was NOT saved: nothing answers at")
