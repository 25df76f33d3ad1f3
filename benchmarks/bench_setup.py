"""Setting up a side-by-side run: the two installs, the journals, the environments.

Used by vs_jrnl.py; see its docstring and benchmarks/README.md for the method.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from jrnl_journal import config

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SIZES = {"1 month": 30, "10 years": 3650, "30 years": 10950}


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def make_venv(folder: Path) -> Path:
    """A fresh virtual environment; returns its python."""
    run([sys.executable, "-m", "venv", "--clear", str(folder)])
    return folder / "bin" / "python"


def compile_bytecode(python: Path) -> None:
    """Compile the environment's packages, as an installed copy has them after its first run."""
    site = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    run([str(python), "-m", "compileall", "-q", "-j", "0", site.stdout.strip()])


def install_attach(folder: Path, repo: Path = REPO) -> Path:
    """Build a checkout into a wheel and install it (with its dependencies) in folder."""
    wheels = folder / "wheel"
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(repo)]
    try:
        import hatchling  # noqa: F401  (present: build without fetching it again)

        build.insert(5, "--no-build-isolation")
    except ImportError:
        pass
    run(build)
    python = make_venv(folder / "venv")
    (wheel,) = wheels.glob("attachjournal-*.whl")
    run([str(python), "-m", "pip", "install", "-q", str(wheel)])
    compile_bytecode(python)
    return python.parent


def install_jrnl(cache: Path, wanted: str) -> tuple[Path, str]:
    """jrnl from the package index in a cached environment: wanted, else the newest 4.x."""
    folder = cache / f"jrnl-{wanted}-venv"
    jrnl = folder / "bin" / "jrnl"
    if not jrnl.exists():
        python = make_venv(folder)
        try:
            run([str(python), "-m", "pip", "install", "-q", f"jrnl=={wanted}"])
        except subprocess.CalledProcessError:
            print(f"jrnl {wanted} is not on the index; taking the newest 4.x", file=sys.stderr)
            run([str(python), "-m", "pip", "install", "-q", "jrnl>=4,<5"])
        compile_bytecode(python)
    version = run([str(jrnl), "--version"], env=quiet_env({})).stdout.split()[1].lstrip("v")
    return jrnl.parent, version


def quiet_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"NO_COLOR": "1", "COLUMNS": "100", "LINES": "40", **extra})
    return env


def journals(cache: Path, attach_bin: Path) -> dict[str, tuple[Path, Path]]:
    """(attach journal, jrnl journal) for each size, built with the installed attach."""
    schema = run(
        [str(attach_bin / "python"), "-c",
         "from attachjournal.storage import SCHEMA_VERSION; print(SCHEMA_VERSION)"],
    ).stdout.strip()  # fmt: skip
    recipe = hashlib.sha256()
    for name in ("generate.py", "jrnl_journal.py"):
        recipe.update((HERE / name).read_bytes())
    key = f"{date.today()}-v{schema}-{recipe.hexdigest()[:10]}"
    out = {}
    for label, days in SIZES.items():
        db = cache / f"attach-{days}d-{key}.db"
        text = cache / f"jrnl-{days}d-{key}.txt"
        if not db.exists() or not text.exists():
            started = time.perf_counter()
            partial = db.with_suffix(".partial")
            for stale in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
                stale.unlink(missing_ok=True)
            run([str(attach_bin / "python"), str(HERE / "generate.py"), "--db", str(partial),
                 "--days", str(days)])  # fmt: skip
            partial.rename(db)
            run([str(attach_bin / "python"), str(HERE / "jrnl_journal.py"), "--db", str(db),
                 "--out", str(text)])  # fmt: skip
            took = time.perf_counter() - started
            print(f"built the {label} journals in {took:.1f} s", file=sys.stderr)
        out[label] = (db, text)
    return out


def writable_copy(source: Path, scratch: Path, name: str) -> Path:
    copy = scratch / name
    shutil.copyfile(source, copy)
    os.chmod(copy, 0o600)
    return copy


def without_recent_checkins(db: Path, now: datetime | None = None) -> Path:
    """The journal less its check-ins of the last day and a half before `now` (this moment by
    default), so `attach reflect` opens on its first question (not on "There is already a
    check-in for today")."""
    now = now or datetime.now(timezone.utc)
    since = (now.astimezone(timezone.utc) - timedelta(hours=36)).strftime("%Y-%m-%d %H:%M:%S")
    recent = "SELECT id FROM entry WHERE kind = 'reflect' AND at >= ?"
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(f"DELETE FROM answer WHERE entry_id IN ({recent})", (since,))
        conn.execute(f"DELETE FROM entry WHERE id IN ({recent})", (since,))
    conn.close()
    return db


def jrnl_env(scratch: Path, name: str, journal: Path) -> dict[str, str]:
    """A config home of its own telling jrnl where the journal is (no encryption, no colours)."""
    home = scratch / f"config-{name}"
    (home / "jrnl").mkdir(parents=True, exist_ok=True)
    (home / "jrnl" / "jrnl.yaml").write_text(config(journal))
    return quiet_env({"XDG_CONFIG_HOME": str(home)})


def first_question(repo: Path = REPO) -> str:
    """The first question of the check-in, as the checkout's prompts.yaml words it."""
    import yaml

    prompts = yaml.safe_load((repo / "prompts.yaml").read_text())
    return prompts["questionnaires"]["reflect"]["questions"][0]["text"]


def scalar(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()
