"""Full-text search over the text answers (SQLite FTS5, a contentless index)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from attachjournal.core.search_text import fold
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
    written: Sequence[str] = (),
) -> tuple[list[int], list[SearchHit]]:
    """Entry ids whose text answers match (newest first, at most `limit`), and the matches.

    `match` must already be a safe FTS5 query (search_text.match_query builds one).
    """
    server = on_server(conn)
    found, source = (
        # The server's own index: each text answer's words in a tsvector column (GIN).
        ("a.search @@ to_tsquery('simple', :q)", "answer a")
        if server
        else ("answer_fts MATCH :q", "answer_fts f JOIN answer a ON a.id = f.rowid")
    )
    where, params = entry_filters(found, kind=kind, person_id=person_id, since=since)
    params["q"] = server_query(match, written) if server else match
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


def server_query(match: str, written: Sequence[str] = ()) -> str:
    """The FTS5 query search_text.match_query built ('"word"* "other"*'), as PostgreSQL's
    tsquery with the same meaning: every word, each as the start of a word ('word:* &
    other:*'). The server's `simple` index keeps accents where the file's folds them, so a
    word written with accents is looked for as written or folded ('(déjà:* | deja:*)'); one
    written without finds only words without. Words hold letters and digits only, so
    nothing in them is tsquery syntax."""
    folded = re.findall(r'"([^"]+)"\*', match)
    groups: list[list[str]] = [[word] for word in folded]
    for word in written:
        plain = fold(word)
        for group in groups:
            if group[0] == plain and word not in group:
                group.append(word)
    parts = [
        f"{group[0]}:*" if len(group) == 1 else "(" + " | ".join(f"{w}:*" for w in group) + ")"
        for group in groups
    ]
    return " & ".join(parts) or "''"
