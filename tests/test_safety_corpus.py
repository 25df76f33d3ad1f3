"""The safety check measured on a corpus of its own: recall per group and false alarms.

Missing a cry for help and crying wolf both cost trust, so both are measured and held:
recall at least 95% in every group, false alarms at most 2% of ordinary sentences.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from attachjournal.core import safety

CORPUS = Path(__file__).parent / "data" / "safety_corpus.yaml"


@pytest.fixture(scope="module")
def corpus():
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


def test_the_corpus_is_large_enough(corpus):
    triggers = sum(len(sentences) for sentences in corpus["trigger"].values())
    assert triggers >= 150
    assert len(corpus["ordinary"]) >= 150
    assert set(corpus["trigger"]) == set(safety.GROUPS)


def test_recall_per_group_and_false_alarms(corpus, capsys):
    lines = []
    recalls = {}
    for group in safety.GROUPS:
        sentences = corpus["trigger"][group]
        caught = [s for s in sentences if group in safety.groups_in([s])]
        recalls[group] = len(caught) / len(sentences)
        missed = [s for s in sentences if s not in caught]
        lines.append(f"{group:7} recall {recalls[group]:6.1%} ({len(caught)}/{len(sentences)})")
        lines += [f"          missed: {s}" for s in missed]
    ordinary = corpus["ordinary"]
    alarms = [s for s in ordinary if safety.needs_care([s])]
    rate = len(alarms) / len(ordinary)
    lines.append(f"false alarms {rate:6.1%} ({len(alarms)}/{len(ordinary)})")
    lines += [f"          alarm: {s}" for s in alarms]
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert all(r >= 0.95 for r in recalls.values()), recalls
    assert rate <= 0.02, alarms


def test_a_trigger_raises_only_its_own_group_mostly(corpus):
    """Each notice carries its group's resources, so the group itself matters too."""
    wrong = [
        (group, s)
        for group, sentences in corpus["trigger"].items()
        for s in sentences
        if safety.groups_in([s]) - {group}
    ]
    total = sum(len(v) for v in corpus["trigger"].values())
    assert len(wrong) / total <= 0.05, wrong


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Negation governs only its own verb, in its own clause and sentence.
        ("I would never hurt her.", set()),
        ("Never again. I hit her.", {"child"}),
        ("She never listens. I want to end it.", {"self"}),
        ("I never thought I would hit him, but I did.", {"child"}),
        ("I can't stop thinking about hurting him.", {"child"}),
        ("I'm not suicidal, but I wish I was dead.", {"self"}),
        ("I'm not suicidal, just tired.", set()),
        # Who acts: me, an adult, a child, a thing.
        ("The vaccine hurt my son.", set()),
        ("His sister hit him.", set()),
        ("My partner hit him.", {"others"}),
        ("Hit him again tonight.", {"child"}),  # a diary leaves out the "I"
        # Whom: a child by pronoun or noun, a few words between; not a feeling or a thing.
        ("I shook my tiny 5 week old baby.", {"child"}),
        ("I shook the snow globe for the baby.", set()),
        ("I hurt his feelings.", set()),
        # Someone else's words, quoted or reported, are theirs.
        ('She screamed "I want to die!" when the TV went off.', set()),
        ("He yelled I hate you I want to die and slammed the door.", set()),
        ("I said I want to die.", {"self"}),
        ("My husband said he would kill me.", {"others"}),
        # Who "he", "she" or a first name is: the person named before, or a child's doings.
        ("He hurts me.", {"others"}),
        ("Jason grabbed me by the throat.", {"others"}),
        ("My son is 2. He hits me when he's tired.", set()),
        ("He bit me at pickup.", set()),
        ("My husband was at work all day. He bit me when I changed his nappy.", set()),
        ("She hit her head on the table.", set()),
        ("My husband hurt his back lifting the pram.", set()),
        ("Lily hit me with her spoon.", set()),
        ("I Want To Die", {"self"}),  # capitals on every word say nothing of names
        ("honestly i just Want to Die tonight", {"self"}),
        ("My partner snores so loud I want to smother him with a pillow.", set()),
        ("My ex grabbed Lily by the arm and left bruises.", {"others"}),
        ("He threatens the kids.", {"others"}),
        ("My partner is away. He said he'd kill me if I threw his drawing away, he's four.", set()),
        ("I threatened him with an early night.", set()),
        # A screening question answered no is not a thought.
        ("The midwife asked if I had thoughts of harming the baby and I said no.", set()),
        ("The midwife asked if I had thoughts of harming the baby and I said yes.", {"child"}),
    ],
)
def test_grammar_cases(text, expected):
    assert set(safety.groups_in([text])) == expected


def test_explanations_name_rules_never_words():
    hits = safety.explain("I shook my baby, zebra-quartz")
    assert hits and all("zebra" not in h.rule and "shook my" not in h.rule for h in hits)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=60),
            st.sampled_from(["i", "hit", "him", "not", "never", "want", "to", "die", "that", ","]),
        ),
        max_size=30,
    )
)
def test_any_text_is_read_without_error(parts):
    found = safety.groups_in([" ".join(parts)])
    assert found <= set(safety.GROUPS)
