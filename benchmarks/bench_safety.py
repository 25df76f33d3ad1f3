"""What the safety check costs a save: import time, first-use setup, and time per answer set.

    python benchmarks/bench_safety.py [--runs 2000]

A "typical answer set" is what one check-in or rupture brings: three or four free-text
answers of one to three sentences. Sets are drawn from tests/data/safety_corpus.yaml (both
kinds), so the timing covers the texts that trigger and the ones that do not. Import time is
measured in a fresh interpreter (`-X importtime` would also count attach's own imports).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "safety_corpus.yaml"


# What a save has done before the check runs: imported the CLI, loaded the prompts.
_BEFORE = (
    "import attachjournal.cli.app, attachjournal.core.prompts, attachjournal.cli.common; "
    "attachjournal.core.prompts.load(); "
)


def import_ms(module: str, runs: int = 7, before: str = "") -> float:
    """Median cost of importing `module` in a fresh interpreter (after `before`), in ms."""
    code = (
        before + "import time; t = time.perf_counter(); import " + module + "; "
        "print((time.perf_counter() - t) * 1000)"
    )
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(times)


def first_use_ms(text: str = "a calm day", runs: int = 5) -> float:
    """Fresh interpreter: the first check, which reads the data file and builds the rules."""
    code = (
        _BEFORE + "import time; from attachjournal.core import safety; t = time.perf_counter(); "
        f"safety.needs_care([{text!r}]); print((time.perf_counter() - t) * 1000)"
    )
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(times)


def best_us(call, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best * 1_000_000


def main() -> None:
    # Installed copies have their bytecode compiled; an editable checkout run with
    # PYTHONDONTWRITEBYTECODE would otherwise count compiling the sources as the check's cost.
    import compileall

    import attachjournal

    compileall.compile_dir(Path(attachjournal.__file__).parent, quiet=1)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    args = parser.parse_args()

    import yaml

    from attachjournal.core import safety

    data = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    sentences = [s for group in data["trigger"].values() for s in group] + data["ordinary"]
    rng = random.Random(7)
    answer_sets = [
        [" ".join(rng.sample(sentences, rng.randint(1, 3))) for _ in range(rng.randint(3, 4))]
        for _ in range(args.runs)
    ]
    safety.guide()  # built once per process, measured separately below
    # Best of three runs of each: the machine's other work should not count as the check's.
    per_set = [best_us(lambda texts=texts: safety.groups_in(texts)) for texts in answer_sets]
    per_sentence = [best_us(lambda s=s: safety.groups_in([s])) for s in sentences]
    longest = max(sentences, key=len) * 20  # a long answer written as one run-on paragraph
    long_us = best_us(lambda: safety.groups_in([longest]))
    chars = statistics.mean(sum(len(t) for t in texts) for texts in answer_sets)

    alone = import_ms("attachjournal.core.safety")
    marginal = import_ms(
        "attachjournal.core.safety, attachjournal.core.safety.detect", before=_BEFORE
    )
    print(f"import attachjournal.core.safety, alone:             {alone:7.1f} ms")
    print(f"  ... in a save (CLI and prompts already in):   {marginal:7.1f} ms")
    heavy = "I shook the baby. I don't want to be alive. My husband hit me."
    print(f"first check in a save (data file + rules):     {first_use_ms():7.1f} ms")
    print(f"  ... of a text that raises all three groups:   {first_use_ms(heavy):7.1f} ms")
    p95 = sorted(per_set)[int(len(per_set) * 0.95)]
    print(
        f"per answer set ({chars:.0f} chars on average):     median "
        f"{statistics.median(per_set):5.0f} µs, p95 {p95:5.0f} µs, max {max(per_set):5.0f} µs"
    )
    print(
        f"per sentence ({len(sentences)} sentences):        median "
        f"{statistics.median(per_sentence):5.0f} µs"
    )
    print(f"one run-on answer of {len(longest)} chars:        {long_us / 1000:7.1f} ms")


if __name__ == "__main__":
    main()
