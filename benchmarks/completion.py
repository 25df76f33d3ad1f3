"""How long Tab takes: shell completion timed as bash runs it.

    .venv/bin/python benchmarks/completion.py [--runs 30] [--days 3650]

Two completions that read the most: `attach review --who <TAB>` (people's names from the
journal, read-only) and `attach reflect -a <TAB>` (the question ids from prompts.yaml), each as
the process bash starts (`attach __complete bash LINE WORDBREAKS`), beside `python -c pass`
(the least any Python program costs) and `attach --help` (the Typer app, which completing never
loads). Then the same two through bash's own completion function in one running bash, timed
with $EPOCHREALTIME: what a person waits for after Tab.

Each measurement is a fresh process; every round runs each once, in an order rotated by one
each round, and the first round (which fills the prompts cache) is not counted. Medians.
The journal is a generated one (generate.py: two children and a partner, --days of history)
in a temporary folder; the attach on PATH is this environment's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_setup import machine  # noqa: E402
from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
ATTACH = str(BIN / "attach")
BREAKS = "\"'><=;|&(:"
LINES = {
    "complete `attach review --who `": "attach review --who ",
    "complete `attach reflect -a `": "attach reflect -a ",
}


def commands() -> dict[str, list[str]]:
    found = {"python -c pass": [sys.executable, "-c", "pass"]}
    for label, line in LINES.items():
        found[label] = [ATTACH, "__complete", "bash", line, BREAKS]
    found["attach --help (the Typer app)"] = [ATTACH, "--help"]
    return found


def time_processes(env: dict[str, str], runs: int) -> dict[str, list[float]]:
    todo = commands()
    times: dict[str, list[float]] = {label: [] for label in todo}
    labels = list(todo)
    for round_ in range(runs + 1):
        order = labels[round_ % len(labels) :] + labels[: round_ % len(labels)]
        for label in order:
            start = time.perf_counter()
            done = subprocess.run(todo[label], env=env, capture_output=True, text=True)
            took = (time.perf_counter() - start) * 1000
            if done.returncode != 0 or done.stderr:
                raise SystemExit(f"{label} failed: {done.stderr.strip()[:200]}")
            if round_:
                times[label].append(took)
    return times


BASH_LOOP = r"""
source <("$ATTACH" completion bash)
for line in "$@"; do
    total=()
    for ((i = 0; i <= RUNS; i++)); do
        COMP_LINE=$line; COMP_POINT=${#line}
        start=$EPOCHREALTIME
        _attach_complete attach "" ""
        end=$EPOCHREALTIME
        (( i )) && total+=("$(( (${end/./} - ${start/./}) ))")
    done
    echo "${#COMPREPLY[@]} ${total[*]}"
done
"""


def time_in_bash(env: dict[str, str], runs: int) -> dict[str, list[float]]:
    done = subprocess.run(
        ["bash", "-c", BASH_LOOP, "bash", *LINES.values()],
        env={**env, "ATTACH": ATTACH, "RUNS": str(runs)},
        capture_output=True,
        text=True,
        check=True,
    )
    times = {}
    for label, row in zip(LINES, done.stdout.splitlines(), strict=True):
        offered, *micros = row.split()
        if int(offered) == 0:
            raise SystemExit(f"{label}: nothing was offered")
        times[f"Tab in bash: {label.split(' ', 1)[1]}"] = [int(m) / 1000 for m in micros]
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--days", type=int, default=3650)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        db = folder / "journal.db"
        counts = generate(db, args.days)
        env = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "ATTACH_DB": str(db),
            "XDG_CACHE_HOME": str(folder / "cache"),
            "XDG_CONFIG_HOME": str(folder / "config"),
            "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        }
        env.pop("ATTACH_PROMPTS", None)
        times = time_processes(env, args.runs)
        times.update(time_in_bash(env, args.runs))
    floor = statistics.median(times["python -c pass"])
    print(f"- Machine: {machine()}; load average {os.getloadavg()[0]:.2f} at the end.")
    print(
        f"- Journal: {args.days} days generated ({counts['entries']} entries); "
        f"medians of {args.runs} rounds after one warm-up round."
    )
    print()
    print("| what | median | fastest | ratio to python -c pass |")
    print("|---|---:|---:|---:|")
    for label, values in times.items():
        median = statistics.median(values)
        print(f"| {label} | {median:.1f} ms | {min(values):.1f} ms | {median / floor:.2f}x |")


if __name__ == "__main__":
    main()
