"""One vocabulary: every view and format names kinds and roles from core/vocabulary, and
prompts.yaml keeps the question ids the review and patterns read."""

from attachjournal.core import prompts, vocabulary
from attachjournal.core.patterns import QUESTION_IDS
from attachjournal.core.questionnaire import ROLES
from attachjournal.formats import exchange


def test_the_shipped_prompts_keep_every_id_the_review_reads_with_its_kind():
    shipped = prompts.load()
    for kind, read in vocabulary.READ_ANSWERS.items():
        for question_id, question_kind in read.items():
            question = shipped[kind].get(question_id)
            assert question is not None, f"{kind}.{question_id} is read by the review"
            assert question.kind == question_kind, f"{kind}.{question_id}"


def test_the_shipped_scales_the_review_reads_run_over_the_default_range():
    shipped = prompts.load()
    for kind, read in vocabulary.READ_ANSWERS.items():
        for question_id, question_kind in read.items():
            if question_kind == "scale":
                question = shipped[kind].get(question_id)
                assert (question.min, question.max) == vocabulary.DEFAULT_SCALE


def test_patterns_load_only_answers_in_the_contract():
    read = {qid for ids in vocabulary.READ_ANSWERS.values() for qid in ids}
    assert set(QUESTION_IDS) <= read


def test_kinds_and_roles_have_one_source():
    assert exchange.ENTRY_KINDS is vocabulary.ENTRY_KINDS
    assert exchange.ROLES is vocabulary.ROLES is ROLES
    assert set(vocabulary.KINDS) == set(vocabulary.ENTRY_KINDS)
    for alias, kind in vocabulary.KIND_ALIASES.items():
        assert kind in vocabulary.ENTRY_KINDS, alias


def test_every_kind_has_a_label_a_symbol_and_a_title():
    assert vocabulary.kind_label("reflect") == "check-in"
    assert vocabulary.kind_title("reflect") == "Check-in"
    for kind in vocabulary.ENTRY_KINDS:
        found = vocabulary.KINDS[kind]
        assert found.label and found.title and len(found.symbol) == 1
        assert found.title == found.label.capitalize()


def test_no_copy_of_the_kinds_or_roles_in_the_core_views_or_formats():
    from pathlib import Path

    import attachjournal

    package = Path(attachjournal.__file__).parent
    copies = ('"reflect", "rupture", "repair", "note"', '"child", "partner", "parent"')
    found = {
        f"{path.relative_to(package)}: {copy}"
        for folder in ("core", "views", "formats")
        for path in sorted((package / folder).rglob("*.py"))
        if path.name != "vocabulary.py"
        for copy in copies
        if copy in path.read_text(encoding="utf-8")
    }
    assert not found
