"""Each entry remembers whether its free text speaks of harm (entry.care), kept whenever its
answers are written, so a review reads the verdicts instead of every word; a verdict from
other rules, or none at all, is read again."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from pathlib import Path

from attachjournal.core import safety

HELP_LINE = "findahelpline.com"


def _care(db: Path) -> dict[int, str | None]:
    with closing(sqlite3.connect(db)) as conn:
        return dict(conn.execute("SELECT id, care FROM entry ORDER BY id"))


def _check_in(attach, note: str) -> None:
    payload = json.dumps({"resourced": 2, "note": note})
    result = attach("reflect", "--no-input", "--answers", "-", input=payload)
    assert result.exit_code == 0, result.output


def test_a_saved_entry_keeps_its_verdict(attach, db_path):
    _check_in(attach, "I want to die")
    _check_in(attach, "a fine day at the park")
    assert attach("reflect", "--no-input", "-a", "resourced=4").exit_code == 0  # no text at all
    assert _care(db_path) == {
        1: f"{safety.RULES}:self",
        2: f"{safety.RULES}:",
        3: f"{safety.RULES}:",
    }


def test_editing_the_words_works_the_verdict_out_again(attach, db_path):
    _check_in(attach, "a fine day at the park")
    result = attach("edit", "1", "--no-input", "-a", "note=I shook my baby when she cried")
    assert result.exit_code == 0, result.output
    assert _care(db_path) == {1: f"{safety.RULES}:child"}
    result = attach("edit", "1", "--no-input", "-a", "note=we baked bread")
    assert result.exit_code == 0, result.output
    assert _care(db_path) == {1: f"{safety.RULES}:"}


def test_imported_entries_keep_their_verdicts(attach, db_path, tmp_path):
    _check_in(attach, "I keep thinking about killing myself.")
    _check_in(attach, "a calm day")
    exported = tmp_path / "export.json"
    assert attach("export", "--output", str(exported)).exit_code == 0
    other = tmp_path / "other.db"
    assert attach("import", str(exported), "--db", str(other)).exit_code == 0
    assert sorted(_care(other).values()) == [f"{safety.RULES}:", f"{safety.RULES}:self"]


def test_the_review_reads_the_kept_verdict_not_the_words(attach, db_path):
    # A verdict kept under today's rules is believed as it is: here it names harm that the
    # words don't hold, which only the kept verdict can make the review show.
    _check_in(attach, "a fine day at the park")
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("UPDATE entry SET care = ?", (f"{safety.RULES}:self",))
    result = attach("review")
    assert result.exit_code == 0 and result.stderr.count(HELP_LINE) == 1


def test_a_verdict_from_other_rules_or_none_is_read_again(attach, db_path):
    _check_in(attach, "I wish I was dead")
    _check_in(attach, "a fine day at the park")
    with closing(sqlite3.connect(db_path)) as conn, conn:
        # Made by older rules (they said nothing), and never worked out (written before).
        conn.execute("UPDATE entry SET care = ? WHERE id = 1", (f"{safety.RULES - 1}:",))
        conn.execute("UPDATE entry SET care = NULL WHERE id = 2")
    result = attach("review")
    assert result.exit_code == 0
    assert result.stderr.count(HELP_LINE) == 1 and "1 entry" in " ".join(result.stderr.split())


def test_remembered_reads_only_verdicts_of_todays_rules():
    assert safety.remembered(f"{safety.RULES}:child,self") == {"child", "self"}
    assert safety.remembered(f"{safety.RULES}:") == frozenset()
    assert safety.remembered(f"{safety.RULES + 1}:self") is None
    assert safety.remembered(None) is None and safety.remembered("") is None


# What the rules were when RULES was last raised: the word lists and phrases, and the code
# that reads a text with them. A change to any of these changes what a verdict would say.
RULE_SOURCES = (
    "data/safety.yaml",
    *(f"core/safety/{m}.py" for m in ("detect", "grammar", "people", "phrases", "reading")),
)
FINGERPRINTS = {1: "feefde5e46b9ac01"}


def test_changed_rules_raise_the_rules_number():
    package = Path(safety.__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for name in RULE_SOURCES:
        digest.update((package / name).read_bytes())
    assert FINGERPRINTS.get(safety.RULES) == digest.hexdigest()[:16], (
        "The safety rules changed: raise RULES in core/safety/__init__.py (kept verdicts are "
        "then read again) and record this fingerprint for it: " + digest.hexdigest()[:16]
    )
