"""What the nudge costs a new shell: `bash -i -c exit` with and without the snippet.

    .venv/bin/python benchmarks/remind_snippet.py [--runs 300] [--shell bash|zsh|fish]

Two startup files in a temporary HOME: an empty one, and one holding only what
`attach remind --shell SHELL` prints. Runs alternate between them (a slow moment of the
machine falls on both), after a few warm-up runs; the medians are compared. The snippet's
clock is set to 20:30 with yesterday's check-in and today's nudge already given, so every
run takes its longest quiet path: both small files read, nothing printed. Issue 13's
target is under 10 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time as clock
from datetime import date, datetime, time, timedelta
from pathlib import Path

from attachjournal.core.nudge import SHELLS, NudgePlace, shell_snippet

WARM_UP = 5


def prepare(home: Path, shell: str, with_snippet: bool, place: NudgePlace) -> list[str]:
    """The command that starts one interactive shell reading this home's startup file."""
    home.mkdir(parents=True)
    text = shell_snippet(shell, place, time(19), time(4)) if with_snippet else ""
    if shell == "bash":
        (home / ".bashrc").write_text(text)
        return ["bash", "--rcfile", str(home / ".bashrc"), "-i", "-c", "exit"]
    if shell == "zsh":
        (home / ".zshrc").write_text(text)
        return ["zsh", "-i", "-c", "exit"]
    config = home / ".config" / "fish"
    config.mkdir(parents=True)
    (config / "config.fish").write_text(text)
    return ["fish", "-i", "-c", "exit"]


def environment(home: Path, now: int) -> dict[str, str]:
    return {
        "HOME": str(home),
        "ZDOTDIR": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "TERM": "dumb",
        "ATTACH_REMIND_NOW": str(now),
    }


def once(command: list[str], env: dict[str, str]) -> float:
    start = clock.perf_counter()
    done = subprocess.run(
        command, env=env, stdin=subprocess.DEVNULL, capture_output=True, check=False
    )
    took = clock.perf_counter() - start
    if done.stdout.strip() not in (b"", b"exit"):
        raise SystemExit(f"the shell printed something: {done.stdout!r}")
    return took


def measure(shell: str, runs: int) -> tuple[float, float]:
    """Median seconds of a bare startup and of one with the snippet."""
    with tempfile.TemporaryDirectory(prefix="attach-remind-bench-") as folder:
        root = Path(folder)
        state = root / "state"
        state.mkdir()
        place = NudgePlace(state, state / "last-checkin", state / "nudged")
        today = date.today()
        place.marker.write_text(f"{today - timedelta(days=1)}\n")
        place.nudged.write_text(f"{today}\n")
        evening = int(datetime.combine(today, time(20, 30)).timestamp())
        bare = prepare(root / "bare", shell, False, place)
        nudge = prepare(root / "nudge", shell, True, place)
        bare_env, nudge_env = (
            environment(root / "bare", evening),
            environment(root / "nudge", evening),
        )
        # First make sure the snippet really runs in this shell: without today's nudge it
        # speaks (and writes the nudged file again, as every timed run then finds it).
        place.nudged.unlink()
        spoke = subprocess.run(nudge, env=nudge_env, stdin=subprocess.DEVNULL, capture_output=True)
        if b"attach reflect" not in spoke.stdout:
            raise SystemExit(f"the snippet did not run in {shell}: {spoke.stderr!r}")
        for _ in range(WARM_UP):
            once(bare, bare_env)
            once(nudge, nudge_env)
        bare_times, nudge_times = [], []
        for _ in range(runs):
            bare_times.append(once(bare, bare_env))
            nudge_times.append(once(nudge, nudge_env))
        return statistics.median(bare_times), statistics.median(nudge_times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--shell", choices=SHELLS, default="bash")
    args = parser.parse_args(argv)
    if shutil.which(args.shell) is None:
        print(f"{args.shell} is not installed here.", file=sys.stderr)
        return 2
    bare, nudge = measure(args.shell, args.runs)
    cost_ms = (nudge - bare) * 1000
    print(f"{args.shell} -i -c exit, medians of {args.runs} alternating runs")
    print(f"  without the snippet: {bare * 1000:.2f} ms")
    print(f"  with the snippet:    {nudge * 1000:.2f} ms")
    print(
        f"  cost: {cost_ms:.2f} ms ({nudge / bare:.3f}x); target under 10 ms: "
        f"{'met' if cost_ms < 10 else 'not met'}"
    )
    print(f"  load average: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
