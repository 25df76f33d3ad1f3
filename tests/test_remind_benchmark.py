"""The nudge's benchmark keeps working (run with a handful of runs here; it times nothing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "remind_snippet.py"


def test_the_benchmark_compares_a_bare_bash_with_one_holding_the_snippet():
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--runs", "2", "--shell", "bash"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "without the snippet:" in done.stdout and "with the snippet:" in done.stdout
    assert "target under 10 ms" in done.stdout
