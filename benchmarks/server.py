"""`attach review` on a journal on a local PostgreSQL server against the same entries in a file.

    python benchmarks/server.py [--days 365] [--runs 15]

Writes a synthetic history into a journal file (generate.py), starts a throwaway PostgreSQL
cluster from the Debian binaries (tests/pg_server.py: a Unix socket, no TCP), sets a household
up on it, imports the file's export there as a member (attach export / attach import), then
times `attach review` on each: every run a fresh process, the two interleaved so a slow moment
of the machine falls on both, the first round not counted. Prints the medians and their ratio
(issue 12 asks for the server within 1.5x of the file). A benchmark, not a test: it asserts
nothing.
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
    subprocess.run([str(ATTACH), *args], env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


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
            command = ["review"]
            times: dict[str, list[float]] = {"file": [], "server": []}
            envs = {"file": on_file, "server": on_server}
            for round_no in range(options.runs + 1):
                order = ["file", "server"] if round_no % 2 else ["server", "file"]
                for name in order:
                    took = _time(envs[name], command)
                    if round_no:  # the first round warms the caches
                        times[name].append(took)
            file_ms = statistics.median(times["file"]) * 1000
            server_ms = statistics.median(times["server"]) * 1000
            print(
                f"attach review, {options.days} days ({counts['entries']} entries), "
                f"{options.runs} runs"
            )
            print(f"  import into the server: {imported:.1f} s")
            print(f"  file:   median {file_ms:7.1f} ms")
            print(f"  server: median {server_ms:7.1f} ms")
            print(f"  server / file: {server_ms / file_ms:.2f}x (issue 12 asks for 1.5x at most)")
            print(f"  of which importing psycopg: {_driver_import_ms(base):.1f} ms (median of 5)")
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
