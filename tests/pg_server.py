"""A throwaway PostgreSQL cluster for the server tests, from the Debian binaries on the machine.

One cluster per test session: initdb in a temporary folder, started on a Unix socket in that
folder only (no TCP), fsync off, stopped and deleted at the end. initdb refuses to run as
root, so when the tests run as root the cluster runs as the `postgres` system user.

When no cluster can be started, `start()` raises `Unavailable` with the reason; the fixture
turns it into a skip (or, when ATTACH_REQUIRE_PG is set, as CI sets it, a failure).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"  # the cluster's bootstrap superuser (initdb -U)
ADMIN = "household_admin"  # the household's administrator: no superuser, as on a real NAS
ADMIN_DB = "household"
PORT = 5432  # only names the socket file; nothing listens on TCP


class Unavailable(Exception):
    """No PostgreSQL server can be started here; the message says why."""


def bindir() -> Path | None:
    """Debian's server binaries: pg_config's bindir, else the newest /usr/lib/postgresql/N/bin."""
    candidates: list[Path] = []
    if shutil.which("pg_config"):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        if found.returncode == 0 and found.stdout.strip():
            candidates.append(Path(found.stdout.strip()))

    def version(path: str) -> float:
        try:
            return float(Path(path).parent.name)
        except ValueError:
            return 0.0

    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version)][
        ::-1
    ]
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


@dataclass(frozen=True)
class Server:
    """A running throwaway cluster, reached through its socket folder."""

    socket_dir: Path
    port: int = PORT

    def url(self, role: str = ADMIN, database: str = ADMIN_DB, password: str | None = None) -> str:
        secret = f":{password}" if password is not None else ""
        return f"postgresql://{role}{secret}@/{database}?host={self.socket_dir}&port={self.port}"

    def connect(self, role: str = SUPERUSER, database: str = ADMIN_DB, **kwargs: object):
        import psycopg

        return psycopg.connect(
            host=str(self.socket_dir),
            port=self.port,
            user=role,
            dbname=database,
            connect_timeout=5,
            **kwargs,
        )


class Cluster:
    """Start with start(), end with stop(); stop() is safe to call more than once."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.bin: Path | None = None
        self.as_postgres = os.geteuid() == 0

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(a) for a in args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if check and done.returncode != 0:
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["(no output)"]
            raise Unavailable(f"{Path(args[0]).name} failed: {last[0]}")
        return done

    def start(self) -> Server:
        self.bin = bindir()
        if self.bin is None:
            raise Unavailable("no PostgreSQL server binaries (install Debian's postgresql)")
        if self.as_postgres:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable("running as root and there is no postgres user") from None
            if shutil.which("runuser") is None:
                raise Unavailable("running as root without runuser to become postgres")
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise Unavailable("psycopg is not installed (pip install -e '.[test]')") from None
        # A short path: a Unix socket's path must fit in 107 bytes.
        self.folder = Path(tempfile.mkdtemp(prefix="attach-pg-"))
        if self.as_postgres:
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        data = self.folder / "data"
        self._run(
            self.bin / "initdb",
            "-D",
            data,
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        )
        options = (
            f"-c listen_addresses='' -k {self.folder} -p {PORT} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        log = self.folder / "server.log"
        started = self._run(
            self.bin / "pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "-t", "30", "start",
            check=False,
        )  # fmt: skip
        if started.returncode != 0:
            tail = log.read_text(errors="replace").strip().splitlines()[-1:] if log.exists() else []
            raise Unavailable(f"the server did not start: {(tail or [started.stderr])[0]}")
        server = Server(self.folder)
        with server.connect(SUPERUSER, "postgres", autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {ADMIN} LOGIN CREATEROLE CREATEDB")
            conn.execute(f"CREATE DATABASE {ADMIN_DB} OWNER {ADMIN}")
        return server

    def stop(self) -> None:
        if self.folder is None:
            return
        data = self.folder / "data"
        if self.bin is not None and (data / "postmaster.pid").exists():
            self._run(self.bin / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None
