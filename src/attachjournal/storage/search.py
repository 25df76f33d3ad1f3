"""Full-text search over the text answers (SQLite FTS5, a contentless index)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from attachjournal.storage.connection import entry_filters, on_server


@dataclass(frozen=True)
class SearchHit:
    """One text answer that matched a search: its entry, its question, and the text."""

    entry_id: int
    question_id: str
    question_text: str
    text: str


def search(
    conn: Any,
    match: str,
    *,
    kind: str | None = None,
    person_id: int | None = None,
    since: datetime | None = None,
    limit: int = 20,
) -> tuple[list[int], list[SearchHit]]:
    """Entry ids whose text answers match (newest first, at most `limit`), and the matches.

    `match` must already be a safe FTS5 query (search_text.match_query builds one).
    """
    server = on_server(conn)
    found, source = (
        # The server's own index: each text answer's words, folded, in a GIN expression
        # index (storage/server/schema.py, schema 6); the expression must be written as the
        # index's for the planner to use it.
        ("attach.folded_words(a.kind, a.value) @@ to_tsquery('simple', :q)", "answer a")
        if server
        else ("answer_fts MATCH :q", "answer_fts f JOIN answer a ON a.id = f.rowid")
    )
    where, params = entry_filters(found, kind=kind, person_id=person_id, since=since)
    params["q"] = server_query(match) if server else match
    rows = conn.execute(
        # The JSON text itself, decoded here: json_extract hands back text cut at a NUL.
        "SELECT e.id, a.question_id, a.question_text, a.value "
        f"FROM {source} JOIN entry e ON e.id = a.entry_id "
        f"WHERE {where} ORDER BY e.at DESC, e.id DESC, a.position",
        params,
    ).fetchall()
    ids: list[int] = []
    hits: list[SearchHit] = []
    for entry_id, qid, qtext, value in rows:
        if entry_id not in ids:
            if len(ids) == limit:
                break
            ids.append(entry_id)
        body = json.loads(value)
        hits.append(SearchHit(entry_id, qid, qtext, body if isinstance(body, str) else str(body)))
    return ids, hits


def server_query(match: str) -> str:
    """The FTS5 query search_text.match_query built ('"word"* "other"*'), as PostgreSQL's
    tsquery with the same meaning: every word, each as the start of a word ('word:* &
    other:*'). The words are folded already (no case, no accents), as the server's index
    folds the answers, and hold letters and digits only, so nothing in them is tsquery
    syntax."""
    words = re.findall(r'"([^"]+)"\*', match)
    return " & ".join(f"{word}:*" for word in words) or "''"
