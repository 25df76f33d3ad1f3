"""One contract, two backends: the same command lines give the same results on a journal file
and on a journal on a PostgreSQL server (ATTACH_DB alone says which).

`fill` (data_helpers) writes, in Europe/Berlin: Maya (child, born 2021-03-14) and Sam
(partner); #1 a check-in on Mon 16 Nov 08:10; #2 a rupture with Maya on Tue 17 Nov 07:45,
repaired at 08:30 as #3; #4 an open rupture with Sam on Wed 18 Nov 23:30. All in 2026-W47.
"""

from __future__ import annotations

import json
import os

from data_helpers import export_json, fill, said


def _show(attach, entry_id: int) -> dict:
    shown = attach("show", str(entry_id), "--json")
    assert shown.exit_code == 0, shown.output
    return json.loads(shown.stdout)


def _ids(attach, *args: str) -> list[int]:
    listed = attach("log", "--json", *args)
    assert listed.exit_code == 0, listed.output
    return sorted(entry["id"] for entry in json.loads(listed.stdout))


def test_save_then_read_back(attach, backend):
    fill(attach)
    assert _ids(attach) == [1, 2, 3, 4]
    from attachjournal import storage

    journal = storage.open_journal(os.environ["ATTACH_DB"], create=False)
    with journal.read() as reader:
        assert reader.is_sound() and reader.entry_count() == 4
    checkin = _show(attach, 1)
    assert checkin["kind"] == "reflect"
    assert checkin["answers"]["feelings"]["value"] == ["tender", "tired"]  # as listed
    assert checkin["answers"]["echo"]["value"] is True
    assert checkin["answers"]["resourced"]["value"] == 2
    assert _show(attach, 3)["rupture_id"] == 2
    assert _show(attach, 2)["who"] == "Maya"
    assert _ids(attach, "--kind", "rupture") == [2, 4]
    assert _ids(attach, "--who", "Sam") == [4]


def test_edit_and_delete(attach, backend):
    fill(attach)
    edited = attach("edit", "1", "--no-input", "-a", "resourced=4", "-a", "feelings=calm")
    assert edited.exit_code == 0, edited.output
    answers = _show(attach, 1)["answers"]
    assert answers["resourced"]["value"] == 4 and answers["feelings"]["value"] == ["calm"]
    assert answers["mood"]["value"] == 4  # untouched
    # Deleting the repaired rupture takes its repair with it: #2 and #3 go, #1 and #4 stay.
    deleted = attach("delete", "2", "--yes", "--repair", "delete")
    assert deleted.exit_code == 0, deleted.output
    assert _ids(attach) == [1, 4]
    gone = attach("show", "3")
    assert gone.exit_code == 1 and "There is no entry 3" in said(gone.stderr)


def test_people(attach, backend):
    fill(attach)
    listed = attach("people", "list", "--json")
    assert listed.exit_code == 0, listed.output
    people = {p["name"]: p for p in json.loads(listed.stdout)}
    assert people["Maya"]["born"] == "2021-03-14" and people["Maya"]["role"] == "child"
    # Maya: the rupture #2 is with her; Sam: #4.
    assert people["Maya"]["entries"] == 1 and people["Sam"]["entries"] == 1
    assert attach("people", "rename", "Sam", "Sammy").exit_code == 0
    assert _show(attach, 4)["who"] == "Sammy"
    moved = attach("people", "remove", "Sammy", "--reassign-to", "Maya", "--yes")
    assert moved.exit_code == 0, moved.output
    assert _ids(attach, "--who", "Maya") == [2, 4]


def test_search(attach, backend):
    fill(attach)
    # 'snail' starts 'snails' in #1's note; 'shoe' starts 'shoes' in #2's 'what'.
    found = attach("search", "snail", "--json")
    assert found.exit_code == 0, found.output
    assert [hit["id"] for hit in json.loads(found.stdout)] == [1]
    found = attach("search", "SHOE", "--json")
    assert [hit["id"] for hit in json.loads(found.stdout)] == [2]
    # Every word must be there: 'five minute' is the repair #3's next_time; 'five zebra'
    # is nowhere.
    found = attach("search", "five minute", "--json")
    assert [hit["id"] for hit in json.loads(found.stdout)] == [3]
    nothing = attach("search", "five zebra", "--json")
    assert json.loads(nothing.stdout) == []


def test_export_import_is_idempotent_by_uid(attach, backend, tmp_path):
    fill(attach)
    first = export_json(attach)
    path = tmp_path / "out.json"
    path.write_text(json.dumps(first))
    again = attach("import", str(path))
    assert again.exit_code == 0, again.output
    assert export_json(attach) == first  # nothing doubled: every uid was already there


def test_review_and_patterns_json_are_the_same_on_both(attach, pg_db, monkeypatch, tmp_path):
    """The hand-worked week 2026-W47 reviewed from a file and from a server, and the months'
    patterns since 1 November, byte for byte."""
    from tests.pg_server import ADMIN

    from attachjournal.storage import server_setup
    from conftest import Backend

    fill(attach)
    on_file = attach("review", "--week", "2026-W47", "--json")
    assert on_file.exit_code == 0, on_file.output
    patterns_on_file = attach("patterns", "--since", "2026-11-01", "--json")
    assert patterns_on_file.exit_code == 0, patterns_on_file.output
    server, database = pg_db
    server_setup(server.url(ADMIN, database))
    monkeypatch.setenv("ATTACH_DB", Backend("server", server, database).member("mum"))
    fill(attach)
    on_server = attach("review", "--week", "2026-W47", "--json")
    assert on_server.exit_code == 0, on_server.output
    assert on_server.stdout == on_file.stdout
    review = json.loads(on_server.stdout)
    # Two ruptures (#2, #4), one repaired (#3): the same honest count on both.
    assert review["rupture_count"] == 2 and review["repair_count"] == 1
    patterns_on_server = attach("patterns", "--since", "2026-11-01", "--json")
    assert patterns_on_server.stdout == patterns_on_file.stdout


def test_file_to_server_and_back_gives_identical_json(attach, pg_db, monkeypatch, tmp_path):
    from tests.pg_server import ADMIN

    from attachjournal.storage import server_setup
    from conftest import Backend

    fill(attach)
    from_file = export_json(attach)
    exported = tmp_path / "from-file.json"
    exported.write_text(json.dumps(from_file))
    server, database = pg_db
    server_setup(server.url(ADMIN, database))
    monkeypatch.setenv("ATTACH_DB", Backend("server", server, database).member("mum"))
    for _ in range(2):  # a second time adds nothing
        imported = attach("import", str(exported))
        assert imported.exit_code == 0, imported.output
    from_server = export_json(attach)
    assert from_server == from_file
    back = tmp_path / "from-server.json"
    back.write_text(json.dumps(from_server))
    monkeypatch.setenv("ATTACH_DB", str(tmp_path / "back" / "journal.db"))
    assert attach("import", str(back)).exit_code == 0
    assert export_json(attach) == from_file


def test_search_ignores_accents_both_ways_on_both(attach, backend):
    """The file's index folds accents (remove_diacritics), the server's folds them too (schema
    6): a word found with or without its accents, and the same entries either way."""
    for note in ("Déjà vu at the café", "a deja-vu, at the cafe", "Ömer's naïve coöperation"):
        args = ("reflect", "--no-input", "-a", "resourced=3", "-a", f"note={note}")
        saved = attach(*args)
        assert saved.exit_code == 0, saved.output

    def found(words: str) -> list[int]:
        result = attach("search", words, "--json")
        assert result.exit_code == 0, result.output
        return sorted(hit["id"] for hit in json.loads(result.stdout))

    assert found("DÉJÀ café") == found("deja cafe") == [1, 2]
    assert found("déjà") == found("Deja") == [1, 2]
    assert found("omer naive") == found("ÖMER NAÏVE") == [3]
    assert found("coop") == [3]  # the start of a word, folded: coöperation
    assert found("cafés") == []  # folding never invents an ending
