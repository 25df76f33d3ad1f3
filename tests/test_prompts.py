"""prompts.yaml: the shipped questionnaires, a person's own file, and clear errors for bad ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from attachjournal.core import prompts
from attachjournal.errors import PromptsError

# The contract from DOMAIN.md: question id -> kind.
EXPECTED_KINDS = {
    "reflect": {
        "resourced": "scale",
        "mood": "scale",
        "feelings": "multi",
        "refill": "multi",
        "drain": "multi",
        "serve_return": "choice",
        "serve_return_note": "text",
        "connection": "text",
        "echo": "yesno",
        "echo_note": "text",
        "kind_to_self": "scale",
        "note": "text",
    },
    "rupture": {
        "who": "person",
        "what": "text",
        "intensity": "scale",
        "my_feelings": "multi",
        "my_need": "multi",
        "their_inner_world": "text",
        "sure": "scale",
        "context": "multi",
        "older_echo": "yesno",
        "resourced_then": "scale",
    },
    "repair": {
        "reached_first": "choice",
        "calmed_first": "yesno",
        "moves": "multi",
        "connected": "scale",
        "next_time": "text",
        "kind_to_self": "scale",
    },
}


def shipped_data() -> dict[str, Any]:
    return yaml.safe_load(prompts.packaged_path().read_text(encoding="utf-8"))


def write_prompts(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def question(data: dict[str, Any], set_name: str, qid: str) -> dict[str, Any]:
    return next(q for q in data["questionnaires"][set_name]["questions"] if q["id"] == qid)


# ----------------------------------------------------------------------------- the shipped file


def test_shipped_prompts_have_every_id_from_the_domain_with_its_kind():
    loaded = prompts.load()
    for set_name, kinds in EXPECTED_KINDS.items():
        questionnaire = loaded[set_name]
        for qid, kind in kinds.items():
            found = questionnaire.get(qid)
            assert found is not None, f"{set_name} lacks {qid}"
            assert found.kind == kind, f"{set_name}.{qid} is {found.kind}, expected {kind}"


def test_shipped_scales_have_labelled_ends_and_free_text_is_never_required():
    for questionnaire in prompts.load().questionnaires.values():
        for q in questionnaire.questions:
            if q.kind == "scale":
                assert q.low and q.high, q.id
                assert q.min < q.max
            if q.kind == "text":
                assert not q.required, q.id


def test_shipped_prompts_require_how_resourced_and_who_and_how_big():
    loaded = prompts.load()
    assert loaded["reflect"].get("resourced").required
    assert loaded["rupture"].get("who").required
    assert loaded["rupture"].get("intensity").required


def test_shipped_choices_cover_the_domain_options():
    loaded = prompts.load()
    assert set(loaded["reflect"].get("serve_return").values) == {"none", "1-2", "3-5", "lots"}
    assert set(loaded["repair"].get("reached_first").values) == {"me", "them", "together"}
    context = loaded["rupture"].get("context").values
    for value in ("i_tired", "i_hungry", "rushing", "transition", "illness", "screens", "other"):
        assert value in context


def test_echo_note_is_asked_only_after_a_yes_to_echo():
    echo_note = prompts.load()["reflect"].get("echo_note")
    assert echo_note.when == (("echo", (True,)),)


def test_shipped_prompts_have_review_questions():
    assert len(prompts.load().review_questions) >= 3


# ----------------------------------------------------------------------------- override order


def reflect_question_text(attach, *extra: str) -> str:
    result = attach("reflect", "-a", "resourced=3", "--no-input", "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["answers"]["resourced"]["question"]


def custom_file(path: Path, text: str) -> Path:
    data = shipped_data()
    question(data, "reflect", "resourced")["text"] = text
    return write_prompts(path, data)


@pytest.fixture
def three_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    config = tmp_path / "config" / "attachjournal"
    config.mkdir(parents=True)
    return {
        "config": custom_file(config / "prompts.yaml", "From the config folder?"),
        "env": custom_file(tmp_path / "env.yaml", "From ATTACH_PROMPTS?"),
        "option": custom_file(tmp_path / "option.yaml", "From --prompts?"),
    }


def test_without_a_file_of_my_own_the_shipped_wording_is_used(attach):
    assert reflect_question_text(attach) == "How resourced do I feel right now?"


def test_a_prompts_file_in_the_config_folder_replaces_the_shipped_one(attach, three_files):
    assert reflect_question_text(attach) == "From the config folder?"


def test_attach_prompts_wins_over_the_config_folder(attach, three_files, monkeypatch):
    monkeypatch.setenv("ATTACH_PROMPTS", str(three_files["env"]))
    assert reflect_question_text(attach) == "From ATTACH_PROMPTS?"


def test_the_prompts_option_wins_over_everything(attach, three_files, monkeypatch):
    monkeypatch.setenv("ATTACH_PROMPTS", str(three_files["env"]))
    text = reflect_question_text(attach, "--prompts", str(three_files["option"]))
    assert text == "From --prompts?"


# ----------------------------------------------------------------------------- invalid files


def broken(tmp_path: Path, change) -> Path:
    data = shipped_data()
    change(data)
    return write_prompts(tmp_path / "mine.yaml", data)


def reflect_questions(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["questionnaires"]["reflect"]["questions"]


def _unknown_kind(data):
    question(data, "reflect", "mood")["kind"] = "slider"


def _missing_text(data):
    del question(data, "reflect", "mood")["text"]


def _scale_min_not_below_max(data):
    question(data, "reflect", "mood").update({"min": 5, "max": 5})


def _when_names_a_later_question(data):
    question(data, "reflect", "mood")["when"] = {"note": "x"}


def _when_names_an_unknown_question(data):
    question(data, "reflect", "mood")["when"] = {"weather": "sunny"}


def _duplicate_id(data):
    reflect_questions(data).append({"id": "mood", "kind": "text", "text": "Again?"})


def _missing_required_id(data):
    data["questionnaires"]["reflect"]["questions"] = [
        q for q in reflect_questions(data) if q["id"] != "echo_note"
    ]


def _required_free_text(data):
    question(data, "reflect", "note")["required"] = True


def _choice_when_unknown_value(data):
    question(data, "reflect", "serve_return_note")["when"] = {"serve_return": ["heaps"]}


def _when_echo_is_maybe(data):
    question(data, "reflect", "echo_note")["when"] = {"echo": "maybe"}


def _when_mood_is_nine(data):
    question(data, "reflect", "note")["when"] = {"mood": [1, 9]}


@pytest.mark.parametrize(
    ("change", "qid", "problem"),
    [
        (_unknown_kind, "mood", "'kind' must be one of"),
        (_missing_text, "mood", "'text' is missing"),
        (_scale_min_not_below_max, "mood", "min to a larger max"),
        (_when_names_a_later_question, "mood", "'note', which is not an earlier question"),
        (_when_names_an_unknown_question, "mood", "'weather', which is not an earlier question"),
        (_duplicate_id, "mood", "used twice"),
        (_missing_required_id, "echo_note", "missing question id"),
        (_required_free_text, "note", "never required"),
        (_choice_when_unknown_value, "serve_return_note", "'heaps'"),
        (_when_echo_is_maybe, "echo_note", "'maybe', not yes or no for 'echo'"),
        (_when_mood_is_nine, "note", "9, not a number 1-5 of 'mood'"),
    ],
    ids=lambda v: v.__name__.strip("_") if callable(v) else None,
)
def test_an_invalid_prompts_file_names_the_file_the_question_and_the_problem(
    tmp_path, attach, change, qid, problem
):
    path = broken(tmp_path, change)
    with pytest.raises(PromptsError) as caught:
        prompts.load(path)
    message = caught.value.message
    assert str(path) in message
    assert qid in message
    assert problem in message

    result = attach("reflect", "--prompts", str(path), "-a", "resourced=3", "--no-input")
    assert result.exit_code == 1, result.output
    assert problem in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_a_file_that_is_not_yaml_names_the_line(tmp_path, attach):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "questionnaires:\n  reflect:\n    questions: [\n  - id: : :\n", encoding="utf-8"
    )
    with pytest.raises(PromptsError) as caught:
        prompts.load(path)
    assert str(path) in caught.value.message
    assert "not valid YAML at line" in caught.value.message

    result = attach("reflect", "--prompts", str(path), "--no-input")
    assert result.exit_code == 1, result.output
    assert "not valid YAML at line" in result.stderr
    assert "Traceback" not in result.output


def test_the_yaml_error_line_is_the_line_of_the_mistake(tmp_path):
    path = tmp_path / "mine.yaml"
    # Line 3 has a tab where YAML allows none.
    path.write_text("version: 1\nquestionnaires:\n\t reflect: {}\n", encoding="utf-8")
    with pytest.raises(PromptsError, match="at line 3"):
        prompts.load(path)


def test_a_missing_prompts_file_is_named(tmp_path, attach):
    path = tmp_path / "nowhere.yaml"
    result = attach("reflect", "--prompts", str(path), "--no-input")
    assert result.exit_code == 1, result.output
    assert str(path) in result.stderr
    assert "no such prompts file" in result.stderr


def test_a_folder_given_as_prompts_file_is_named(tmp_path, attach):
    result = attach("reflect", "--prompts", str(tmp_path), "--no-input")
    assert result.exit_code == 1, result.output
    assert "is a directory" in result.stderr


def test_a_file_without_a_questionnaire_names_it(tmp_path):
    data = shipped_data()
    del data["questionnaires"]["repair"]
    path = write_prompts(tmp_path / "mine.yaml", data)
    with pytest.raises(PromptsError, match="questionnaire 'repair' is missing"):
        prompts.load(path)


def test_a_user_file_may_add_and_reword_questions(tmp_path):
    data = shipped_data()
    reflect_questions(data).append(
        {"id": "weather", "kind": "choice", "text": "Weather?", "choices": ["sun", "rain"]}
    )
    loaded = prompts.load(write_prompts(tmp_path / "mine.yaml", data))
    assert loaded["reflect"].get("weather").values == ("sun", "rain")
    assert loaded.source == str(tmp_path / "mine.yaml")


@pytest.mark.parametrize("written", ["yes", "Yes", True, ["yes"]])
def test_a_when_on_a_yes_no_question_may_say_yes_in_words(tmp_path, written):
    data = shipped_data()
    question(data, "reflect", "echo_note")["when"] = {"echo": written}
    loaded = prompts.load(write_prompts(tmp_path / "mine.yaml", data))
    assert loaded["reflect"].get("echo_note").when == (("echo", (True,)),)


def test_a_when_on_a_scale_matches_the_numbers_stored(tmp_path):
    data = shipped_data()
    question(data, "reflect", "note")["when"] = {"mood": ["1", 2]}
    loaded = prompts.load(write_prompts(tmp_path / "mine.yaml", data))
    assert loaded["reflect"].get("note").when == (("mood", (1, 2)),)
