"""On a server, `attach review` and `attach patterns` are "my week" and "my patterns": they
rest on what the reader wrote, while log, show and search go on showing the others' shared
entries with their labels, and `review --together` reads every member's shared ones."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta

import pytest

from data_helpers import said

SERVER = pytest.mark.parametrize("backend", ["server"], indirect=True)


def _day(days_ago: int) -> date:
    return date.today() - timedelta(days=days_ago)


def _at(days_ago: int, clock: str) -> str:
    """A local time a few days back, inside the review's last 7 days (TZ is fixed by conftest)."""
    return f"{_day(days_ago)}T{clock}"


def _id(result) -> int:
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    return (found[0] if isinstance(found, list) else found)["id"]


@pytest.fixture
def week(backend, attach, monkeypatch):
    """A week where mum has 2 ruptures with Maya (one shared and repaired, one private and
    open) and dad 1 (shared, open); each has one check-in, dad's first entry comes later."""
    mum, dad = os.environ["ATTACH_DB"], backend.member("dad")
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0

    def rupture(at: str, *share: str) -> int:
        args = ["repair", "--new", "--no-input", "--json", "--at", at, "-a", "who=Maya"]
        return _id(attach(*args, "-a", "intensity=2", *share))

    # mum: her first entry 4 days ago; a shared rupture 3 days ago, repaired 30 min later
    # (shared with it); a private one 2 days ago, still open.
    assert (
        attach("reflect", "--no-input", "--at", _at(4, "09:00"), "-a", "resourced=2").exit_code == 0
    )
    shared = rupture(_at(3, "10:00"), "--share")
    repaired = attach(
        "repair", "--of", str(shared), "--no-input", "--json", "--at", _at(3, "10:30"),
        "-a", "next_time=kneel down first",
    )  # fmt: skip
    _id(repaired)
    private = rupture(_at(2, "18:00"))
    # dad: a check-in yesterday (his first entry) and a shared rupture yesterday evening, open.
    monkeypatch.setenv("ATTACH_DB", dad)
    assert (
        attach("reflect", "--no-input", "--at", _at(1, "19:00"), "-a", "resourced=4").exit_code == 0
    )
    dads = rupture(_at(1, "20:00"), "--share")
    monkeypatch.setenv("ATTACH_DB", mum)

    class Week:
        mum_url, dad_url = mum, dad
        mums_shared, mums_private, dads_shared = shared, private, dads
        backend_database = backend.database

        def as_dad(self, *args: str):
            monkeypatch.setenv("ATTACH_DB", dad)
            try:
                return attach(*args)
            finally:
                monkeypatch.setenv("ATTACH_DB", mum)

    return Week()


@SERVER
def test_each_parents_review_counts_their_own_week(attach, week):
    mums = json.loads(attach("review", "--json").stdout)
    # Mum: her 2 ruptures (1 repaired, 1 open), her 1 check-in; dad's shared one is not hers.
    assert [r["id"] for r in mums["ruptures"]] == [week.mums_shared, week.mums_private]
    assert (mums["rupture_count"], mums["repair_count"], mums["open_rupture_count"]) == (
        1 + 1,
        1,
        1,
    )
    assert mums["checkin_count"] == 1 and mums["median_minutes_to_repair"] == 30
    # Her journal began 4 days ago: the days that could be written run from there.
    assert mums["days_counted"]["start"] == _day(4).isoformat()

    dads = json.loads(week.as_dad("review", "--json").stdout)
    # Dad: his 1 shared rupture, open; nothing repaired; his 1 check-in.
    assert [r["id"] for r in dads["ruptures"]] == [week.dads_shared]
    assert (dads["rupture_count"], dads["repair_count"], dads["open_rupture_count"]) == (1, 0, 1)
    assert dads["checkin_count"] == 1 and dads["median_minutes_to_repair"] is None
    # His own first entry was yesterday (mum's began 3 days before), so his days start
    # there: to the same journal day (today, or yesterday before the day starts at 04:00),
    # 3 fewer than hers.
    assert dads["days_counted"]["start"] == _day(1).isoformat()
    assert dads["days_counted"]["end"] == mums["days_counted"]["end"]
    assert dads["days_counted"]["days"] == mums["days_counted"]["days"] - 3


@SERVER
def test_my_review_offers_to_come_back_only_to_my_own_open_ruptures(attach, week):
    mums = said(attach("review").output)
    assert f"attach repair --of {week.mums_private}" in mums
    assert f"attach repair --of {week.dads_shared}" not in mums
    dads = said(week.as_dad("review").output)
    assert f"attach repair --of {week.dads_shared}" in dads
    assert f"attach repair --of {week.mums_shared}" not in dads
    assert "1 rupture (with Maya: 1)" in dads


@SERVER
def test_each_parents_patterns_count_their_own_and_start_at_their_own_first_entry(attach, week):
    mums = json.loads(attach("patterns", "--json").stdout)
    dads = json.loads(week.as_dad("patterns", "--json").stdout)
    # Mum 2 ruptures, 1 check-in; dad 1 rupture, 1 check-in.
    assert (mums["rupture_count"], mums["checkin_count"]) == (2, 1)
    assert (dads["rupture_count"], dads["checkin_count"]) == (1, 1)
    # "Starts at the journal's first entry": each one's own.
    assert mums["period"]["start"] == _day(4).isoformat()
    assert dads["period"]["start"] == _day(1).isoformat()


@SERVER
def test_together_still_reads_every_members_shared_ruptures(attach, week):
    together = json.loads(week.as_dad("review", "--together", "--who", "Maya", "--json").stdout)
    # Mum's shared one (repaired) and dad's (open); mum's private one is not there.
    assert [r["id"] for r in together["ruptures"]] == [week.mums_shared, week.dads_shared]
    assert (together["rupture_count"], together["repair_count"]) == (2, 1)


@SERVER
def test_log_and_show_still_list_the_others_shared_entries(attach, week):
    dads_log = json.loads(week.as_dad("log", "--json").stdout)
    assert week.mums_shared in [e["id"] for e in dads_log]
    assert week.mums_private not in [e["id"] for e in dads_log]
    assert week.as_dad("show", str(week.mums_shared)).exit_code == 0


@SERVER
def test_a_superusers_review_holds_only_what_the_superuser_wrote(attach, backend, week):
    from tests.pg_server import SUPERUSER

    # Row security does not bind a superuser, who reads every entry: still, "my week" is
    # what this role wrote, which is nothing.
    seen = attach("review", "--json", "--db", backend.server.url(SUPERUSER, backend.database))
    assert seen.exit_code == 0, seen.output
    found = json.loads(seen.stdout)
    assert (found["rupture_count"], found["checkin_count"]) == (0, 0)


@SERVER
def test_last_times_hope_is_my_own_not_the_other_parents(attach, week):
    from attachjournal import storage
    from attachjournal.usecases.flow_parts import last_hope

    # Mum's newest rupture with Maya, shared, repaired with a hope for next time: newer than
    # dad's own (yesterday), so it is the newest rupture with Maya dad can read.
    newest = _id(
        attach(
            "repair",
            "--new",
            "--no-input",
            "--json",
            "-a",
            "who=Maya",
            "-a",
            "intensity=1",
            "--share",
        )
    )
    hope = json.dumps({"next_time": "sing the song"})
    assert attach("repair", "--of", str(newest), "--answers", "-", input=hope).exit_code == 0
    maya = json.loads(attach("people", "list", "--json").stdout)[0]["id"]
    assert last_hope(storage.open_journal(week.mum_url, create=False), maya) == "sing the song"
    # Dad's own newest with Maya is still open: "Last time you hoped" has nothing of his.
    assert last_hope(storage.open_journal(week.dad_url, create=False), maya) is None


@pytest.mark.parametrize("backend", ["file"], indirect=True)
def test_on_a_file_review_and_patterns_send_the_sql_they_always_did(backend, attach, monkeypatch):
    from sqlite_hooks import recorded_statements

    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    assert (
        attach("repair", "--new", "--no-input", "-a", "who=Maya", "-a", "intensity=2").exit_code
        == 0
    )
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    for args in (("review", "--json"), ("patterns", "--json"), ("review",)):
        with recorded_statements(monkeypatch) as seen:
            result = attach(*args)
        assert result.exit_code == 0, result.output
        # Nothing about authors reaches a file: its SQL is the one it always sent.
        assert seen and not [sql for sql in seen if "author" in sql or "current_user" in sql]
    found = json.loads(attach("review", "--json").stdout)
    assert (found["rupture_count"], found["checkin_count"]) == (1, 1)


@pytest.mark.parametrize("backend", ["file"], indirect=True)
def test_on_a_file_my_own_reader_is_the_reader_itself(backend, attach):
    import os
    from datetime import datetime, timezone

    from attachjournal import storage

    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    journal = storage.open_journal(os.environ["ATTACH_DB"], create=False)
    assert journal is not None
    with journal.read() as reader:
        # The very same object: a file journal reads exactly as it did, SQL and all.
        assert reader.my_own() is reader
        start, end = datetime(2000, 1, 1, tzinfo=timezone.utc), datetime.now(timezone.utc)
        assert len(reader.my_own().entries_between(start, end)) == 1


@SERVER
def test_show_of_the_other_parents_open_rupture_says_whose_it_is(attach, week):
    dads_view = said(week.as_dad("show", str(week.mums_shared)).output)
    # Mum's shared rupture is repaired; dad's show of his own open one offers the command.
    assert f"attach repair --of {week.dads_shared}" in said(
        week.as_dad("show", str(week.dads_shared)).output
    )
    assert "repaired in" in dads_view
    # Mum's show of dad's open shared rupture: his to come back to, and no command she would
    # be refused.
    mums_view = said(attach("show", str(week.dads_shared)).output)
    assert "attach repair --of" not in mums_view
    assert f"still open: dad_{week.backend_database}'s to come back to" in mums_view
    assert f"written by dad_{week.backend_database}, shared" in mums_view


@SERVER
def test_the_change_from_last_week_is_against_my_own_last_week(attach, backend, monkeypatch):
    # Dad's shared rupture 9 days ago sits in the week before this one (days 7-13 back).
    # Mum wrote nothing then: her review has no last week to compare with; dad's has his 1.
    mum, dad = os.environ["ATTACH_DB"], backend.member("dad")
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    assert (
        attach("repair", "--new", "--no-input", "-a", "who=Maya", "-a", "intensity=2").exit_code
        == 0
    )
    monkeypatch.setenv("ATTACH_DB", dad)
    args = ["repair", "--new", "--no-input", "-a", "who=Maya", "-a", "intensity=2", "--share"]
    assert attach(*args, "--at", _at(9, "12:00")).exit_code == 0
    dads = json.loads(attach("review", "--json").stdout)["previous"]
    monkeypatch.setenv("ATTACH_DB", mum)
    mums = json.loads(attach("review", "--json").stdout)["previous"]
    assert (mums["had_entries"], mums["rupture_count"]) == (False, 0)
    assert (dads["had_entries"], dads["rupture_count"]) == (True, 1)
