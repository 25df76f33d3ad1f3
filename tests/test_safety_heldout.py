"""The safety check on a held-out corpus written by someone else (data/safety_heldout.yaml).

This set was written independently, by someone who had not seen the detector's own corpus
or its rules, and it was first run as an unseen check. The rules were afterwards improved
against its misses (who "he" or a first name is, threats, means, and more), so it is no
longer unseen: it now guards those gains, and the figures below are what it meets today,
not an estimate of recall on new text. Keys: self, child, others (should raise that group)
and none (ordinary parenting text that must raise nothing).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from attachjournal.core import safety

HELDOUT = Path(__file__).parent / "data" / "safety_heldout.yaml"
# What it meets now (self 72/73, child 69/70, others 67/70, false alarms 0/245), with a little
# room so that a rule made more careful elsewhere need not fail here by one sentence.
RECALL = {"self": 0.95, "child": 0.95, "others": 0.93}
FALSE_ALARMS = 0.02


@pytest.fixture(scope="module")
def heldout():
    return yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))


def test_heldout_recall_per_group_and_false_alarms(heldout, capsys):
    assert set(heldout) == {*safety.GROUPS, "none"}
    lines = []
    recalls = {}
    for group in safety.GROUPS:
        sentences = heldout[group]
        caught = [s for s in sentences if group in safety.groups_in([s])]
        recalls[group] = len(caught) / len(sentences)
        lines.append(f"{group:7} recall {recalls[group]:6.1%} ({len(caught)}/{len(sentences)})")
        lines += [f"          missed: {s}" for s in sentences if s not in caught]
    ordinary = heldout["none"]
    alarms = [s for s in ordinary if safety.needs_care([s])]
    rate = len(alarms) / len(ordinary)
    lines.append(f"false alarms {rate:6.1%} ({len(alarms)}/{len(ordinary)})")
    lines += [f"          alarm: {s}" for s in alarms]
    with capsys.disabled():
        print("\nheld-out corpus\n" + "\n".join(lines))
    assert all(recalls[g] >= RECALL[g] for g in safety.GROUPS), recalls
    assert rate <= FALSE_ALARMS, alarms
