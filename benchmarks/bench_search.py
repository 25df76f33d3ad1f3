"""Time `attach search` on a journal: the median of several runs of the real command.

    python benchmarks/bench_search.py --db PATH [--query WORDS] [--runs 7]

Each run is a fresh `python -m attachjournal search` process, so the number includes start-up,
as a person would feel it. The in-process time of the query alone is printed too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_MS = 300


def time_command(db: Path, args: list[str], runs: int) -> list[float]:
    env = dict(os.environ, NO_COLOR="1", ATTACH_DB=str(db))
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "attachjournal", *args, "--db", str(db)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def time_query(db: Path, query: str, runs: int) -> list[float]:
    from attachjournal.core import search_text
    from attachjournal.storage import store

    journal = store.open_journal(db, create=False)
    if journal is None:
        raise SystemExit(f"no journal at {db}")
    match = search_text.match_query(query)
    assert match is not None
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        with journal.read() as conn:
            ids, _hits = conn.search(match, limit=20)
            conn.entries_by_id(ids)
        timings.append((time.perf_counter() - start) * 1000)
    journal.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the journal to search")
    parser.add_argument("--query", default="tired bedtime", help="what to search for")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    searches: list[float] = []
    baselines: list[float] = []
    for _ in range(args.runs):  # interleaved, so a busy moment weighs on both alike
        searches += time_command(args.db, ["search", args.query], 1)
        # The same process start and journal opening without the search: any command's cost.
        baselines += time_command(args.db, ["log", "-n", "1"], 1)
    with_startup, baseline = statistics.median(searches), statistics.median(baselines)
    query_only = statistics.median(time_query(args.db, args.query, args.runs))
    verdict = "within" if with_startup < TARGET_MS else "OVER"
    print(
        f"attach search {args.query!r}: median {with_startup:.0f} ms over {args.runs} runs "
        f"({verdict} the {TARGET_MS} ms target)\n"
        f"  attach log -n 1 on the same journal: {baseline:.0f} ms (start-up and opening)\n"
        f"  the search query itself: {query_only:.1f} ms"
    )


if __name__ == "__main__":
    main()
