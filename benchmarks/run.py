"""Time the everyday commands on a 1-month and a 10-year journal.

    python benchmarks/run.py [--runs 7] [--keep DIR]

Builds both journals with generate.py, then runs each command several times as a separate
process (as a person would) and prints, as a markdown table, the median wall time and the peak
memory (the child's max RSS from wait4) of each.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

COMMANDS: list[tuple[str, list[str], float | None]] = [
    ("attach --help", ["--help"], 0.120),
    ("attach review", ["review"], 0.250),
    ("attach review --json", ["review", "--json"], 0.250),
    ("attach patterns (12 weeks)", ["patterns"], 0.400),
    ("attach patterns --since all", ["patterns", "--since", "all"], 1.5),
    ("attach log -n 20", ["log", "-n", "20"], None),
    ("attach search bedtime", ["search", "bedtime"], 0.300),
    ("attach export --format json (all)", ["export", "--format", "json"], None),
    ("attach reflect --no-input (save)", ["reflect", "-a", "resourced=3", "--no-input"], 0.400),
]
MEMORY_LIMIT_MB = 100
TIME = Path("/usr/bin/time")
PERF = shutil.which("perf")


def measure(argv: list[str], db: Path, runs: int) -> tuple[float, float, float, float, float]:
    """Median and fastest wall seconds, median CPU seconds (user + system), largest peak RSS
    (MB), and median instructions (millions; 0 without perf): the one figure other work on
    the machine hardly moves."""
    attach = Path(sys.executable).parent / "attach"
    env = {**os.environ, "ATTACH_DB": str(db), "NO_COLOR": "1", "COLUMNS": "100"}
    times, cpus, peaks, instructions = [], [], [], []
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "rss"
        counted = Path(scratch) / "perf"
        for _ in range(runs + 1):
            # /usr/bin/time is a small C program: its child's max RSS is attach's own. (A child
            # forked from this Python would report this process's memory as its own peak.)
            command = [str(attach), *argv]
            if TIME.exists():
                command = [str(TIME), "-f", "%M %U %S", "-o", str(report), *command]
            if PERF:
                command = [PERF, "stat", "-x,", "-e", "instructions", "-o", str(counted), *command]
            started = time.perf_counter()
            proc = subprocess.Popen(
                command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode != 0:
                raise SystemExit(f"attach {' '.join(argv)} exited with {proc.returncode}")
            times.append(elapsed)
            if PERF:
                for line in counted.read_text().splitlines():
                    if "instructions" in line and line.split(",")[0].isdigit():
                        instructions.append(int(line.split(",")[0]) / 1e6)
            if TIME.exists():
                rss, user, system = report.read_text().split()[-3:]
                peaks.append(int(rss) / 1024)  # KiB
                cpus.append(float(user) + float(system))
            else:
                peaks.append(usage.ru_maxrss / 1024)
                cpus.append(usage.ru_utime + usage.ru_stime)
    # The first run warms the page cache; it is not counted.
    kept = times[1:]
    counted_m = statistics.median(instructions[1:]) if len(instructions) > 1 else 0.0
    return (
        statistics.median(kept),
        min(kept),
        statistics.median(cpus[1:]),
        max(peaks[1:]),
        counted_m,
    )


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores (nproc), {model}, Python {platform.python_version()}, {platform.system()}"


def compile_package() -> None:
    """Write attach's bytecode first, as any installed copy has it after its first run.

    An editable checkout run with PYTHONDONTWRITEBYTECODE set would otherwise compile every
    module from source on every run, which is a cost no person using attach pays.
    """
    import compileall

    import attachjournal

    compileall.compile_dir(Path(attachjournal.__file__).parent, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="build the journals here and keep them")
    args = parser.parse_args(argv)
    compile_package()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="attach-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    journals = {}
    for label, days in (("1 month", 30), ("10 years", 3650)):
        path = folder / f"{days}-days.db"
        if not path.exists():
            started = time.perf_counter()
            counts = generate(path, days)
            took = time.perf_counter() - started
            print(f"built {label}: {counts['entries']} entries in {took:.1f} s", file=sys.stderr)
        journals[label] = path

    print(
        f"Machine: {machine()}. Wall-clock medians of {args.runs} runs unless marked; "
        "CPU = user + system; peak = max RSS.\n"
    )
    print(
        "| command | 1 month | 10 years | 10 years, fastest | 10 years, CPU "
        "| instructions, 1 month / 10 years | peak memory (10 years) | target (10 years) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    review = {}
    for name, argv_, target in COMMANDS:
        small, _, _, _, small_instr = measure(argv_, journals["1 month"], args.runs)
        big, fastest, cpu, peak, big_instr = measure(argv_, journals["10 years"], args.runs)
        if argv_ == ["review"]:
            review = {"small": small, "big": big, "small_i": small_instr, "big_i": big_instr}
        verdict = ""
        if target is not None:
            ok = big < target and peak < MEMORY_LIMIT_MB
            verdict = f"< {target * 1000:.0f} ms {'✓' if ok else '✗'}"
        print(
            f"| `{name}` | {small * 1000:.0f} ms | {big * 1000:.0f} ms | {fastest * 1000:.0f} ms "
            f"| {cpu * 1000:.0f} ms | {small_instr:.0f} M / {big_instr:.0f} M "
            f"| {peak:.0f} MB | {verdict} |"
        )
    if review:
        ratio = review["big"] / review["small"]
        print(
            f"\nreview on 10 years / review on 1 month: {ratio:.2f}x wall (target within 1.2x)",
            end="",
        )
        if review["small_i"]:
            print(f", {review['big_i'] / review['small_i']:.3f}x instructions")
        else:
            print()
    load = os.getloadavg()
    print(f"load average during the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
