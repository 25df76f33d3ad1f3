"""The layers at run time: the HTML pages and the export formats draw text without loading
Rich, and nothing below the commands reads the clock. (The import rules themselves are read
from the source in test_architecture.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import attachjournal

PACKAGE = Path(attachjournal.__file__).parent


# A week with a check-in, a rupture and its repair, drawn as both pages and every export
# format, in a fresh interpreter that then reports whether Rich was loaded.
NO_RICH_PROBE = """
import json
import sys
from datetime import date, datetime, timezone
from attachjournal.core import patterns, prompts, review
from attachjournal.core.records import AnswerRecord, EntryRecord
from attachjournal.formats import export_formats
from attachjournal.views.html_patterns import patterns_page
from attachjournal.views.html_review import review_page

def entry(i, kind, day, rupture_id=None, **answers):
    at = datetime(2026, 11, day, 18, tzinfo=timezone.utc)
    kinds = {int: "scale", str: "text", list: "multi"}
    return EntryRecord(i, f"u{i}", kind, at, at, None, 1, "Maya", rupture_id, False,
        tuple(AnswerRecord(k, k, kinds[type(v)], v) for k, v in answers.items()))

shipped = prompts.load()
checkin = entry(1, "reflect", 17, resourced=2, mood=3, note="tired")
rupture = entry(2, "rupture", 18, intensity=4, what="shouted", context=["rushing"])
repair = entry(3, "repair", 18, rupture_id=2, connected=4, moves=["named_it"])
now = datetime(2026, 11, 23, 9, tzinfo=timezone.utc)
week = review.Period(date(2026, 11, 17), date(2026, 11, 23))
data = review.ReviewData(checkins=(checkin,), ruptures=(rupture,), repairs={2: repair},
    roles={"Maya": "child"})
assert "Maya" in review_page(review.summarize(week, data, now=now, prompts=shipped), shipped)
found = patterns.summarize(week, patterns.PatternsData(data.checkins, data.ruptures,
    data.repairs), now=now)
assert "<html" in patterns_page(found, shipped)
document = {"format": "attachjournal-export", "format_version": 1, "schema_version": 3,
    "people": [{"key": "p1", "name": "Maya", "role": "child", "born": None,
                "created_at": "2026-11-01T00:00:00+00:00"}],
    "entries": [{"uid": "u2", "kind": "rupture", "at": "2026-11-18T18:00:00+00:00",
                 "created_at": "2026-11-18T18:00:00+00:00", "updated_at": None,
                 "person": "p1", "rupture": None, "no_repair_needed": False,
                 "answers": [{"id": "what", "question": "What happened?", "kind": "text",
                              "value": "shouted"}]}]}
for fmt in export_formats.FORMATS:
    assert export_formats.render(document, fmt, shipped)
from attachjournal.formats.json_stream import iter_json  # the JSON the command streams
assert json.loads("".join(iter_json((), (), [], 3))) == dict(document, people=[], entries=[])
print("rich" in sys.modules)
"""


def test_the_html_pages_and_the_export_formats_do_not_load_rich():
    proc = subprocess.run(
        [sys.executable, "-c", NO_RICH_PROBE], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().lower()) is False


def test_the_core_views_and_formats_never_read_the_clock():
    # Time is passed in (now=, today=): a review of last week reads the same at any hour.
    reads = ("datetime.now(", "date.today(", "time.time(", "datetime.utcnow(")
    found = {
        f"{path.relative_to(PACKAGE)}: {read}"
        for folder in ("core", "views", "formats")
        for path in sorted((PACKAGE / folder).rglob("*.py"))
        for read in reads
        if read in path.read_text(encoding="utf-8")
    }
    assert not found
