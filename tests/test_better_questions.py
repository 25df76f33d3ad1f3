"""The questions themselves: conditions, partner wording, retired questions, stopping early."""

from __future__ import annotations

import json

import pytest

from attachjournal.core import prompts
from attachjournal.core.questionnaire import PersonRef, StoppedEarly, collect, display_value
from attachjournal.errors import Cancelled, PromptsError
from test_questionnaire import ScriptedAsker

MAYA = PersonRef(name="Maya", id=1, role="child")
ALEX = PersonRef(name="Alex", id=2, role="partner")


@pytest.fixture(scope="module")
def shipped():
    return prompts.load(None)


def test_sure_is_asked_only_after_a_guess_or_a_need(shipped):
    rupture = shipped["rupture"]
    nothing = ScriptedAsker({"who": "Maya", "intensity": 2})
    collect(rupture, {}, nothing, people=[MAYA])
    assert "sure" not in nothing.ids

    a_need = ScriptedAsker({"who": "Maya", "intensity": 2, "their_needs": ["comfort"], "sure": 4})
    answers = collect(rupture, {}, a_need, people=[MAYA])
    assert answers["sure"] == 4

    a_guess = ScriptedAsker({"who": "Maya", "intensity": 2, "their_inner_world": "tired"})
    collect(rupture, {}, a_guess, people=[MAYA])
    assert "sure" in a_guess.ids
    # their_needs comes before the free-text guess.
    assert a_guess.ids.index("their_needs") < a_guess.ids.index("their_inner_world")


def test_the_context_note_follows_something_else_only(shipped):
    rupture = shipped["rupture"]
    plain = ScriptedAsker({"who": "Maya", "intensity": 2, "context": ["rushing"]})
    collect(rupture, {}, plain, people=[MAYA])
    assert "context_note" not in plain.ids
    other = ScriptedAsker(
        {"who": "Maya", "intensity": 2, "context": ["rushing", "other"], "context_note": "a call"}
    )
    assert collect(rupture, {}, other, people=[MAYA])["context_note"] == "a call"


def test_serve_steps_and_echo_questions_follow_their_yes(shipped):
    reflect = shipped["reflect"]
    asker = ScriptedAsker({"resourced": 3, "serve_noticed": False, "echo": True})
    collect(reflect, {}, asker)
    assert "serve_steps" not in asker.ids and "serve_return_note" not in asker.ids
    assert {"echo_note", "echo_about", "echo_keep"} <= set(asker.ids)
    # The retired count is never put to anyone.
    assert "serve_return" not in asker.ids


def test_partner_wording_is_used_for_a_partner_and_stored_as_asked(shipped):
    seen = {}

    class Recording(ScriptedAsker):
        def ask(self, question, **kwargs):
            seen[question.id] = question
            return super().ask(question, **kwargs)

    rupture = shipped["rupture"]
    script = {"who": "Alex", "intensity": 2}
    collect(rupture, {}, Recording(script), people=[MAYA, ALEX])
    assert "between us" in seen["their_needs"].text
    assert dict(seen["their_needs"].choices)["delight"] == "to feel wanted and enjoyed"
    assert dict(seen["context"].choices)["transition"].startswith("a transition (leaving")

    collect(rupture, {}, Recording({"who": "Maya", "intensity": 2}), people=[MAYA, ALEX])
    assert "between us" not in seen["their_needs"].text
    assert "bedtime" in dict(seen["context"].choices)["transition"]

    # What is stored is the wording asked: the questionnaire worded for the role.
    assert "between us" in rupture.worded_for("partner").get("their_needs").text
    assert rupture.worded_for("child") is rupture


def test_retired_questions_still_show_their_labels_and_old_answers_still_save(shipped):
    reflect, repair = shipped["reflect"], shipped["repair"]
    assert "serve_return" not in reflect.ids and reflect.get("serve_return") is not None
    assert display_value(reflect.get("serve_return"), "1-2") == "one or two"
    assert display_value(repair.get("calmed_first"), True) == "yes"
    # An old answers file (or script) still works: validated, saved, never asked.
    answers = collect(reflect, {"resourced": "3", "serve_return": "lots"}, None)
    assert answers == {"resourced": 3, "serve_return": "lots"}
    rupture = shipped["rupture"]
    old = collect(
        rupture, {"who": "Maya", "intensity": 2, "my_feelings": "rushed,hurt"}, None, people=[MAYA]
    )
    assert old["my_feelings"] == ["hurt", "rushed"]
    assert display_value(rupture.get("my_feelings"), ["rushed"]) == "rushed"


def test_a_retired_question_can_not_be_required(tmp_path):
    data = {
        "questionnaires": {
            name: {"questions": [{"id": "x", "kind": "yesno", "text": "x?"}]}
            for name in ("reflect", "rupture", "repair")
        }
    }
    data["questionnaires"]["reflect"]["questions"][0].update(retired=True, required=True)
    with pytest.raises(PromptsError, match="retired"):
        prompts.parse(json.loads(json.dumps(data)))


def test_when_answered_must_name_an_earlier_question():
    raw = {
        "questionnaires": {
            name: {"questions": [{"id": "a", "kind": "text", "text": "a?"}]}
            for name in ("reflect", "rupture", "repair")
        }
    }
    raw["questionnaires"]["reflect"]["questions"].append(
        {"id": "b", "kind": "scale", "text": "b?", "when": {"answered": ["later"]}}
    )
    with pytest.raises(PromptsError, match="'when: answered' names 'later'"):
        prompts.parse(raw)


def test_ctrl_c_with_the_required_answers_offers_to_save_what_is_there(shipped):
    reflect = shipped["reflect"]
    asker = ScriptedAsker(
        {"resourced": 2, "mood": 4, "feelings": Cancelled()}, choices=["back", "save"]
    )
    # "back" puts the same question again (still Ctrl-C here), then "save" keeps what is in.
    with pytest.raises(StoppedEarly) as stopped:
        collect(reflect, {}, asker, offer_save=True)
    assert stopped.value.answers == {"resourced": 2, "mood": 4}
    assert asker.ids == ["resourced", "mood", "feelings", "feelings"]


def test_ctrl_c_then_discard_or_without_the_required_answers_cancels(shipped):
    reflect = shipped["reflect"]
    discard = ScriptedAsker({"resourced": 2, "mood": Cancelled()}, choices=["discard"])
    with pytest.raises(Cancelled):
        collect(reflect, {}, discard, offer_save=True)
    # Nothing required given yet: no question about saving, it simply cancels.
    early = ScriptedAsker({"resourced": Cancelled()}, choices=[])
    with pytest.raises(Cancelled):
        collect(reflect, {}, early, offer_save=True)
    # Without offer_save (editing an entry) Ctrl-C cancels as before.
    plain = ScriptedAsker({"resourced": 2, "mood": Cancelled()}, choices=[])
    with pytest.raises(Cancelled):
        collect(reflect, {}, plain)


def test_the_new_ids_and_values_are_the_agreed_ones(shipped):
    def values(kind, qid):
        return set(shipped[kind].get(qid).values)

    assert {"angry", "resentful", "touched_out", "numb", "proud"} <= values("reflect", "feelings")
    assert {"listened_to", "own_time"} <= values("reflect", "refill")
    assert "alone_with_it" in values("reflect", "drain")
    assert shipped["reflect"].get("serve_noticed").kind == "yesno"
    assert values("reflect", "serve_steps") == {"focus", "encourage", "name", "wait", "end_begin"}
    assert values("reflect", "echo_about") == {"me", "others", "feelings"}
    assert values("reflect", "echo_keep") == {"keep", "change", "not_sure"}
    feelings = shipped["rupture"].get("my_feelings")
    # "rushed" is no longer offered (it is a context now) but old answers stay valid.
    assert "rushed" not in dict(feelings.choices) and "rushed" in feelings.values
    assert {"flooded", "embarrassed"} <= values("rupture", "my_feelings")
    assert values("rupture", "their_needs") == {
        "comfort",
        "protection",
        "help",
        "delight",
        "feelings",
        "explore",
    }
    assert shipped["rupture"].get("context_note").kind == "text"
    assert {"touch", "soft_voice", "sat_close", "not_their_fault", "self_repair"} <= values(
        "repair", "moves"
    )
    assert values("repair", "settled_by") == {
        "breathing",
        "stepped_away",
        "named_it",
        "water_or_food",
        "moved",
        "someone_helped",
        "time",
    }
    assert [q.id for q in shipped["repair"].retired] == ["calmed_first"]


def test_old_answers_travel_through_export_and_import_and_still_read_well(
    attach, tmp_path, monkeypatch
):
    # Entries made with the old questions (an old answers file still gives them).
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    assert attach("reflect", "-a", "resourced=3", "-a", "serve_return=1-2").exit_code == 0
    assert attach("repair", "--new", "-a", "who=Maya", "-a", "intensity=2").exit_code == 0
    assert attach("repair", "--of", "2", "-a", "calmed_first=yes").exit_code == 0
    export = tmp_path / "old.json"
    assert attach("export", "-o", str(export)).exit_code == 0

    monkeypatch.setenv("ATTACH_DB", str(tmp_path / "fresh" / "journal.db"))
    done = attach("import", str(export))
    assert done.exit_code == 0, done.output
    check_in = attach("show", "1").stdout
    assert "How many serve-and-return moments did I notice" in check_in
    assert "one or two" in check_in  # the label, not the stored value
    repair = attach("show", "3").stdout
    assert "Did I calm myself before reaching out?" in repair
    assert "yes" in repair.split("Did I calm myself before reaching out?")[1]


def test_a_partner_rupture_is_stored_in_the_words_asked_and_last_hope_is_offered(
    attach, db_path, shipped
):
    from datetime import datetime, timezone

    from attachjournal.core.when import When
    from attachjournal.usecases import flows

    assert attach("people", "add", "Alex", "--role", "partner").exit_code == 0
    assert attach("repair", "--new", "-a", "who=Alex", "-a", "intensity=2").exit_code == 0
    assert attach("repair", "--of", "1", "-a", "moves=touch").exit_code == 0
    said: list[str] = []
    now = datetime.now(timezone.utc)  # after the entries made just above

    def run(script):
        return flows.repair(
            db_path,
            shipped,
            {},
            ScriptedAsker(script, choices=["no"]),  # not repaired yet
            flows.RepairRequest(new=True, at=now),  # when it happened: given, not asked
            now=now,
            parse_when=lambda text: When(now),
            remind=said.append,
        )

    result = run({"who": "Alex", "intensity": 3, "their_needs": ["delight"]})
    assert said == []  # the repair of #1 held no "next time": nothing to bring back
    answers = result.saved[0].as_dict()["answers"]
    assert "between us" in answers["their_needs"]["question"]
    assert result.saved[0].answer("their_needs") == ["delight"]  # values stay the same

    hope = "say 'we're okay' sooner"
    given = json.dumps({"next_time": hope})
    assert attach("repair", "--of", "3", "--answers", "-", input=given).exit_code == 0
    run({"who": "Alex", "intensity": 1})
    assert said == [hope]


def test_updating_todays_check_in_keeps_an_answer_to_a_retired_question(attach, db_path, shipped):
    from datetime import datetime, timezone

    from attachjournal.usecases import flows

    assert attach("reflect", "-a", "resourced=2", "-a", "serve_return=lots").exit_code == 0
    now = datetime.now(timezone.utc)
    asker = ScriptedAsker({"resourced": 4}, choices=["update"])
    result = flows.reflect(db_path, shipped, {}, asker, at=now, now=now)
    assert result.updated
    entry = result.saved[0]
    assert entry.answer("resourced") == 4 and entry.answer("serve_return") == "lots"


def test_show_gives_a_partners_answers_the_labels_they_were_asked_with(attach):
    assert attach("people", "add", "Alex", "--role", "partner").exit_code == 0
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    for who in ("Alex", "Maya"):
        assert attach("repair", "--new", "-a", f"who={who}", "-a", "intensity=2").exit_code == 0
    assert attach("repair", "--of", "1", "-a", "moves=touch").exit_code == 0
    assert attach("repair", "--of", "2", "-a", "moves=touch").exit_code == 0
    assert "a hug or a touch" in attach("show", "3").stdout  # with Alex
    assert "a cuddle or a touch" in attach("show", "4").stdout  # with Maya
