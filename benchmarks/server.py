"""`attach review` on a journal on a local PostgreSQL server against the same entries in a file.

    python benchmarks/server.py [--days 365] [--runs 15]

Writes a synthetic history into a journal file (generate.py), starts a throwaway PostgreSQL
cluster from the Debian binaries (tests/pg_server.py: a Unix socket, no TCP), sets a household
up on it, imports the file's export there as a member (attach export / attach import), then
times `attach review` on each: every run a fresh process, the two interleaved so a slow moment
of the machine falls on both, the first round not counted. Prints the medians and their ratio
(issue 12 asks for the server within 1.5x of the file). A benchmark, not a test: it asserts
nothing.

A third series splits the gap: the same review of the file in a process that loaded the
server's driver (psycopg 3) first. What that adds to the file's review is the driver's price
(a fixed cost of every command that reaches a server); what the server's review takes beyond
it is the server's own work: connecting and the round trips.

Run it from a virtual environment with attach installed from a wheel (bytecode compiled), as
vs_jrnl.py measures; the scripts here start a cluster from the checkout's tests/pg_server.py.
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
sys.path.insert(0, str(HERE.parent))

from generate import generate  # noqa: E402

ATTACH = Path(sys.executable).parent / "attach"


def _attach(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(ATTACH), *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"attach {' '.join(args)} failed: {done.stderr.strip()}")
    return done


def _time(env: dict[str, str], args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


# `attach review` in a process that has loaded the driver before anything of attach's.
_WITH_DRIVER = (
    "import sys, psycopg; sys.argv = ['attach', 'review']; "
    "from attachjournal.cli.entry import main; sys.exit(main())"
)


def _driver_import_ms(env: dict[str, str]) -> float:
    """What loading the server's driver alone costs a fresh process: a fixed price per command."""
    code = "import time; t = time.perf_counter(); import psycopg; print(time.perf_counter() - t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True).stdout)
        for _ in range(6)
    ][1:]  # fmt: skip
    return statistics.median(runs) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365, help="history to generate (365)")
    parser.add_argument("--runs", type=int, default=15, help="timed rounds (15)")
    options = parser.parse_args(argv)

    from tests.pg_server import ADMIN, SUPERUSER, Cluster, Unavailable

    cluster = Cluster()
    try:
        server = cluster.start()
    except Unavailable as exc:
        cluster.stop()
        print(f"No PostgreSQL server could be started: {exc}", file=sys.stderr)
        return 1
    try:
        with tempfile.TemporaryDirectory(prefix="attach-bench-server-") as scratch:
            folder = Path(scratch)
            # As on an installed copy: bytecode is written once and read after (the first,
            # uncounted round writes it), not compiled again by every process.
            base = {
                **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
                "NO_COLOR": "1",
                "COLUMNS": "100",
                "XDG_DATA_HOME": str(folder / "data"),
                "XDG_STATE_HOME": str(folder / "state"),
                "XDG_CONFIG_HOME": str(folder / "config"),
                "XDG_CACHE_HOME": str(folder / "cache"),
                "ATTACH_SETTINGS": str(folder / "settings.toml"),
            }
            journal = folder / "journal.db"
            counts = generate(journal, options.days)
            member = "bench_member"
            with server.connect(SUPERUSER, "postgres", autocommit=True) as conn:
                conn.execute(f"CREATE ROLE {member} LOGIN")
                conn.execute(f"CREATE DATABASE bench OWNER {ADMIN}")
            on_file = {**base, "ATTACH_DB": str(journal)}
            _attach(on_file, "server", "setup", server.url(ADMIN, "bench"))
            _attach(on_file, "server", "add-member", member, "--admin", server.url(ADMIN, "bench"))
            on_server = {**base, "ATTACH_DB": server.url(member, "bench")}
            export = folder / "export.json"
            _attach(on_file, "export", "--format", "json", "-o", str(export))
            started = time.perf_counter()
            _attach(on_server, "import", str(export))
            imported = time.perf_counter() - started
            runs = {
                "file": (on_file, [str(ATTACH), "review"]),
                "driver": (on_file, [sys.executable, "-c", _WITH_DRIVER]),
                "server": (on_server, [str(ATTACH), "review"]),
            }
            times: dict[str, list[float]] = {name: [] for name in runs}
            names = list(runs)
            for round_no in range(options.runs + 1):
                turn = round_no % len(names)  # the order rotates by one each round
                for name in names[turn:] + names[:turn]:
                    took = _time(*runs[name])
                    if round_no:  # the first round warms the caches
                        times[name].append(took)
            file_ms, driver_ms, server_ms = (
                statistics.median(times[name]) * 1000 for name in ("file", "driver", "server")
            )
            price = driver_ms - file_ms
            print(
                f"attach review, {options.days} days ({counts['entries']} entries), "
                f"{options.runs} runs"
            )
            print(f"  import into the server: {imported:.1f} s")
            print(f"  file:                   median {file_ms:7.1f} ms")
            print(f"  file, psycopg loaded:   median {driver_ms:7.1f} ms")
            print(f"  server:                 median {server_ms:7.1f} ms")
            print(f"  server / file: {server_ms / file_ms:.2f}x (issue 12 asks for 1.5x at most)")
            print(f"  the driver's price in a review: {price:.1f} ms")
            print(
                f"  the server's own work (server - file with the driver loaded): "
                f"{server_ms - driver_ms:.1f} ms; server / file without the driver's price: "
                f"{(server_ms - price) / file_ms:.2f}x"
            )
            print(f"  importing psycopg alone: {_driver_import_ms(base):.1f} ms (median of 5)")
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
