"""attach side by side with the floor script and jrnl, against the speed targets of issue 11.

    python benchmarks/vs_jrnl.py [--runs 15] [--quick] [--cache DIR] [--jrnl 4.6] [--repo DIR]

How it measures, so the numbers are what a person gets:
- attach is built into a wheel from this checkout and installed in a fresh virtual environment,
  jrnl from the package index into another (cached by version); both have their bytecode
  compiled first, and PYTHONDONTWRITEBYTECODE is unset for every run, as on an installed copy
  after its first start.
- Journals of 1 month, 10 years and 30 years come from generate.py; the jrnl journals hold the
  same entries as plain text (jrnl_journal.py). They are cached in DIR, keyed by size, day,
  schema version and the generators' text, so a second run the same day skips building them.
  Commands that write get their own copies.
- Each command is a fresh process. All commands run once per round, round after round
  (interleaved), so a slow moment of the machine falls on all of them alike; the first round
  warms the caches and is not counted. Times are medians; ratios are taken between medians of
  the same run. Peak memory is the child's max RSS as /usr/bin/time reports it.
- The first question of `attach reflect` is timed in a pseudo-terminal (pexpect): from spawning
  the process until the question's text is on screen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench_setup import (
    HERE,
    REPO,
    SIZES,
    first_question,
    install_attach,
    install_jrnl,
    journals,
    jrnl_env,
    machine,
    quiet_env,
    scalar,
    without_recent_checkins,
    writable_copy,
)

TIME = Path("/usr/bin/time")


@dataclass
class Bench:
    """One command to time: its argv and environment, and what it measured."""

    label: str
    journal: str  # which size it reads: a key of SIZES, or "" when none
    argv: list[str]
    env: dict[str, str]
    pty_text: str = ""  # set: time until this text is on screen in a pseudo-terminal
    times: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)  # user + system seconds
    peaks: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times[1:] or self.times) * 1000

    @property
    def cpu_ms(self) -> float:
        """Median CPU time: moves less than wall time when others load the machine."""
        return statistics.median(self.cpus[1:] or self.cpus or [0.0]) * 1000

    @property
    def peak_mb(self) -> float:
        return max(self.peaks[1:] or self.peaks or [0.0])


@dataclass(frozen=True)
class Target:
    """A row of the table: a median alone, or its ratio to another one, against a limit."""

    label: str
    bench: str
    limit: float
    versus: str = ""  # label of the bench to divide by; "" for an absolute time in ms
    memory: bool = False  # the limit is on peak memory (MB), not time
    strict: bool = False  # "<" rather than "<="


TARGETS = [
    Target("review vs floor (10 y)", "attach review (10 y)", 1.3, "floor (10 y)"),
    Target("review vs jrnl last week (10 y)", "attach review (10 y)", 0.4, "jrnl last week (10 y)"),
    Target("review vs jrnl last week (1 m)", "attach review (1 m)", 1.0, "jrnl last week (1 m)"),
    Target("review --json (10 y)", "attach review --json (10 y)", 100),
    Target("save a check-in vs jrnl add (10 y)", "attach reflect --no-input (10 y)", 0.3,
           "jrnl add (10 y)"),
    Target("first question on screen (pty)", "attach reflect: first question (10 y)", 200,
           strict=True),
    Target("log vs floor (10 y)", "attach log (10 y)", 1.3, "floor (10 y)"),
    Target("show vs floor (10 y)", "attach show N (10 y)", 1.3, "floor (10 y)"),
    Target("search vs floor (10 y)", "attach search (10 y)", 1.3, "floor (10 y)"),
    Target("--help vs jrnl --help", "attach --help", 0.6, "jrnl --help"),
    Target("patterns --since all (30 y)", "attach patterns --since all (30 y)", 700, strict=True),
    Target("export json (30 y), time", "attach export json (30 y)", 1000, strict=True),
    Target("export json (30 y), peak memory", "attach export json (30 y)", 60, memory=True,
           strict=True),
    Target("review, 30 y vs 1 m", "attach review (30 y)", 1.1, "attach review (1 m)"),
    Target("log, 30 y vs 1 m", "attach log (30 y)", 1.1, "attach log (1 m)"),
]  # fmt: skip


def benches(
    attach_bin: Path, jrnl_bin: Path, built: dict, scratch: Path, repo: Path
) -> list[Bench]:
    attach, jrnl = str(attach_bin / "attach"), str(jrnl_bin / "jrnl")
    python = str(attach_bin / "python")  # the floor runs on the same Python and Rich as attach
    short = {"1 month": "1 m", "10 years": "10 y", "30 years": "30 y"}
    home = {"XDG_CONFIG_HOME": str(scratch / "attach-config"),
            "XDG_DATA_HOME": str(scratch / "attach-data")}  # fmt: skip

    def on(label: str) -> dict[str, str]:
        return quiet_env({**home, "ATTACH_DB": str(built[label][0])})

    saving = quiet_env({**home, "ATTACH_DB": str(writable_copy(built["10 years"][0], scratch,
                                                               "save.db"))})  # fmt: skip
    ask = without_recent_checkins(writable_copy(built["10 years"][0], scratch, "ask.db"))
    asking = quiet_env({**home, "ATTACH_DB": str(ask)})
    adding = jrnl_env(scratch, "add", writable_copy(built["10 years"][1], scratch, "add.txt"))
    floor = str(HERE / "floor.py")
    out = [
        Bench("floor (10 y)", "10 years", [python, floor], on("10 years")),
        Bench("attach --help", "", [attach, "--help"], on("1 month")),
        Bench("jrnl --help", "", [jrnl, "--help"], jrnl_env(scratch, "help", built["1 month"][1])),
        Bench("attach reflect --no-input (10 y)", "10 years",
              [attach, "reflect", "--no-input", "-a", "resourced=3", "-a", "mood=4",
               "-a", "note=a quiet evening"], saving),
        Bench("jrnl add (10 y)", "10 years",
              [jrnl, "A quiet evening. Resourced 3, mood 4."], adding),
        Bench("attach reflect: first question (10 y)", "10 years", [attach, "reflect"], asking,
              pty_text=first_question(repo)),
        Bench("attach show N (10 y)", "10 years",
              [attach, "show", str(scalar(built["10 years"][0], "SELECT max(id) FROM entry"))], on("10 years")),
        Bench("attach search (10 y)", "10 years", [attach, "search", "biscuit"], on("10 years")),
        Bench("attach review --json (10 y)", "10 years", [attach, "review", "--json"],
              on("10 years")),
        Bench("attach patterns --since all (30 y)", "30 years",
              [attach, "patterns", "--since", "all"], on("30 years")),
        Bench("attach export json (30 y)", "30 years", [attach, "export", "--format", "json"],
              on("30 years")),
    ]  # fmt: skip
    for label in SIZES:
        out.append(Bench(f"attach review ({short[label]})", label, [attach, "review"], on(label)))
        out.append(Bench(f"attach log ({short[label]})", label, [attach, "log"], on(label)))
        if label != "30 years":
            out.append(
                Bench(f"jrnl last week ({short[label]})", label, [jrnl, "-from", "last week"],
                      jrnl_env(scratch, short[label].replace(" ", ""), built[label][1]))
            )  # fmt: skip
    return out


def measure_once(bench: Bench, scratch: Path) -> None:
    if bench.pty_text:
        import pexpect

        started = time.perf_counter()
        child = pexpect.spawn(bench.argv[0], bench.argv[1:], env=bench.env, dimensions=(40, 100))
        try:
            child.expect_exact(bench.pty_text, timeout=30)
            bench.times.append(time.perf_counter() - started)
        finally:
            child.terminate(force=True)
        return
    report = scratch / "rss"
    command = bench.argv
    if TIME.exists():  # a small C program: its child's max RSS is the command's own
        command = [str(TIME), "-f", "%M", "-o", str(report), *command]
    errors = scratch / "stderr"
    with errors.open("wb") as stderr:
        started = time.perf_counter()
        proc = subprocess.Popen(
            command, env=bench.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=stderr,
        )  # fmt: skip
        # wait4's usage counts the process and the children it waited for: the command's CPU
        # time (plus the little /usr/bin/time itself takes).
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        said = errors.read_text(errors="replace")[-500:]
        raise SystemExit(f"{bench.label} exited with {proc.returncode}: {said}")
    bench.times.append(elapsed)
    bench.cpus.append(usage.ru_utime + usage.ru_stime)
    if TIME.exists():
        bench.peaks.append(int(report.read_text().split()[-1]) / 1024)


def table(found: dict[str, Bench], jrnl_version: str) -> list[str]:
    lines = [
        "| target | median | compared with | ratio | limit | met | CPU ratio |",
        "|---|---:|---|---:|---:|:---:|---:|",
    ]
    for target in TARGETS:
        bench = found[target.bench]
        if target.memory:
            value, shown, limit = bench.peak_mb, f"{bench.peak_mb:.0f} MB", f"{target.limit:.0f} MB"
            versus, ratio, cpu = "", "", ""
        elif target.versus:
            other = found[target.versus]
            value = bench.median_ms / other.median_ms
            shown = f"{bench.median_ms:.0f} ms"
            versus = (
                f"{target.versus.replace('jrnl', f'jrnl {jrnl_version}')} {other.median_ms:.0f} ms"
            )
            ratio, limit = f"{value:.2f}x", f"{target.limit:g}x"
            cpu = f"{bench.cpu_ms / other.cpu_ms:.2f}x" if other.cpu_ms else ""
        else:
            value, shown, versus, ratio = bench.median_ms, f"{bench.median_ms:.0f} ms", "", ""
            limit, cpu = f"{target.limit:.0f} ms", ""
        met = value < target.limit if target.strict else value <= target.limit
        prefix = "< " if target.strict else "<= "
        lines.append(
            f"| {target.label} | {shown} | {versus} | {ratio} | {prefix}{limit} "
            f"| {'yes' if met else 'no'} | {cpu} |"
        )
    return lines


def size(megabytes: float) -> str:
    return f"{megabytes:.1f} MB" if megabytes >= 1 else f"{megabytes * 1000:.0f} kB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="counted rounds (one more warms up)")
    parser.add_argument("--quick", action="store_true", help="3 rounds: a smoke run")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "attach-bench")
    parser.add_argument("--jrnl", default="4.6", help="the jrnl version to install")
    parser.add_argument(
        "--repo", type=Path, default=REPO, help="the attach checkout to build (default: this one)"
    )
    args = parser.parse_args(argv)
    runs = 3 if args.quick else args.runs
    args.cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="attach-bench-") as scratch_name:
        scratch = Path(scratch_name)
        attach_bin = install_attach(scratch / "attach", args.repo)
        jrnl_bin, jrnl_version = install_jrnl(args.cache, args.jrnl)
        built = journals(args.cache, attach_bin)
        all_benches = benches(attach_bin, jrnl_bin, built, scratch, args.repo)
        print(f"installed and built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        for round_ in range(runs + 1):
            # Rotate the order so no command always follows the same neighbour.
            shift = round_ % len(all_benches)
            for bench in all_benches[shift:] + all_benches[:shift]:
                measure_once(bench, scratch)
            print(f"round {round_ + 1} of {runs + 1} done", file=sys.stderr)
        found = {b.label: b for b in all_benches}
        sizes = {
            label: (
                built[label][0].stat().st_size / 1e6,
                built[label][1].stat().st_size / 1e6,
                scalar(built[label][0], "SELECT count(*) FROM entry"),
            )
            for label in SIZES
        }
    load = os.getloadavg()
    print(f"- Machine: {machine()}.")
    print(
        f"- jrnl {jrnl_version}. Medians of {runs} interleaved rounds of fresh processes (after one "
        f"warm-up round); load average at the end {load[0]:.2f}. The whole run took "
        f"{time.perf_counter() - started:.0f} s."
    )
    print(
        "- Journals: "
        + "; ".join(
            f"{label}: {n} entries, attach {size(a)}, jrnl {size(j)}"
            for label, (a, j, n) in sizes.items()
        )
        + ".\n"
    )
    print("\n".join(table(found, jrnl_version)))
    print("\n| command | median | fastest | CPU | peak memory |\n|---|---:|---:|---:|---:|")
    for bench in all_benches:
        fastest = min(bench.times[1:] or bench.times) * 1000
        cpu = f"{bench.cpu_ms:.0f} ms" if bench.cpus else ""
        peak = f"{bench.peak_mb:.0f} MB" if bench.peaks else ""
        print(f"| {bench.label} | {bench.median_ms:.0f} ms | {fastest:.0f} ms | {cpu} | {peak} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
