"""Where the journal and the user's own prompts file live."""

from __future__ import annotations

import os
import posixpath
import sys
from pathlib import Path
from typing import Union

APP_NAME = "attachjournal"
DB_FILENAME = "journal.db"


# On Linux the folders follow the XDG Base Directory spec, which is a few lines: read here
# directly, because importing platformdirs costs every command about 4 ms (it loads tempfile,
# shutil, bz2, lzma and random). Elsewhere (macOS, Windows, the BSDs) platformdirs decides.
# tests/test_paths_xdg.py holds these lines to platformdirs' answers.
_XDG_DEFAULTS = {
    "data": ("XDG_DATA_HOME", "~/.local/share"),
    "config": ("XDG_CONFIG_HOME", "~/.config"),
    "cache": ("XDG_CACHE_HOME", "~/.cache"),
    "state": ("XDG_STATE_HOME", "~/.local/state"),
}


def user_dir(kind: str) -> Path:
    """The user's folder of this kind ("data", "config", "cache", "state") for attach."""
    if sys.platform == "linux":
        lean = _xdg_dir(*_XDG_DEFAULTS[kind])
        if lean is not None:
            return Path(lean, APP_NAME)
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))


def _xdg_dir(variable: str, default: str) -> str | None:
    """$variable when it holds an absolute path (the spec ignores a relative one), else the
    default under an absolute $HOME; None leaves an unusual HOME to platformdirs."""
    chosen = os.environ.get(variable, "")
    if posixpath.isabs(chosen):
        return chosen
    home = os.environ.get("HOME")
    if home is None or not posixpath.isabs(home):
        return None
    return os.path.expanduser(default)


def data_dir() -> Path:
    return user_dir("data")


def config_dir() -> Path:
    return user_dir("config")


def cache_dir() -> Path:
    return user_dir("cache")


# Where a journal is: its file, or the URL of the PostgreSQL server that keeps it (kept as
# text: a Path would fold the URL's '//').
Location = Union[Path, str]  # noqa: UP007 (a runtime alias, read on Python 3.10 too)
_SERVER_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def journal_path(option: Path | str | None = None) -> Location:
    """--db wins, then ATTACH_DB, then the platform's user data directory."""
    if option is not None:
        return server_url(option) or Path(option).expanduser()
    env = os.environ.get("ATTACH_DB")
    if env:
        return server_url(env) or Path(env).expanduser()
    return data_dir() / DB_FILENAME


def server_url(location: Path | str) -> str | None:
    """A location that names a PostgreSQL server, as libpq takes it; None for a file.

    SQLAlchemy's spelling (postgresql+psycopg://) is accepted and read as libpq's."""
    if not isinstance(location, str):
        return None
    text = location.strip()
    scheme = next((s for s in _SERVER_SCHEMES if text.lower().startswith(s)), None)
    if scheme is None:
        return None
    return "postgresql://" + text[len(scheme) :]


def user_prompts_path(option: Path | None = None) -> Path | None:
    """--prompts wins, then ATTACH_PROMPTS, then prompts.yaml in the config dir if it exists."""
    if option is not None:
        return Path(option).expanduser()
    env = os.environ.get("ATTACH_PROMPTS")
    if env:
        return Path(env).expanduser()
    candidate = config_dir() / "prompts.yaml"
    return candidate if candidate.is_file() else None


def ensure_private_dir(path: Path) -> None:
    """Create a directory readable by its owner only (0700); tighten it if we created it."""
    existed = path.exists()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not existed:
        os.chmod(path, 0o700)


# The nudge's two small files live in a folder of their own for each journal (--db,
# ATTACH_DB), in the user state folder: a shell snippet finds them without asking Python, and
# the journal's own folder keeps nothing but the journal (so beside an encrypted journal there
# is no readable date).
NUDGE_FOLDER = "nudge"


def state_dir() -> Path:
    return user_dir("state")


def nudge_folder(journal: Location) -> Path:
    """This journal's marker folder: named by a hash of the journal's real path, so the
    same file reached through a link or a relative path has one folder."""
    return state_dir() / NUDGE_FOLDER / _journal_key(journal)


def journal_state_file(journal: Location, folder: str) -> Path:
    """A small file about this journal in the user state folder (`folder`/<its key>)."""
    return state_dir() / folder / _journal_key(journal)


def _journal_key(journal: Location) -> str:
    if isinstance(journal, str):  # a server's URL: the same URL, the same folder
        return _sha256_hex(journal.encode("utf-8", "surrogateescape"))[:16]
    real = os.fsencode(os.path.realpath(Path(journal).expanduser()))
    return _sha256_hex(real)[:16]


def _sha256_hex(data: bytes) -> str:
    """SHA-256 from Python's own C module when it has one: `import hashlib` loads OpenSSL
    first, about 5 ms on every save (the marker is written then). Same digest either way."""
    import importlib

    for builtin in ("_sha2", "_sha256"):  # Python 3.12+, then 3.10-3.11
        try:
            module = importlib.import_module(builtin)
        except ImportError:
            continue
        return str(module.sha256(data).hexdigest())
    import hashlib

    return hashlib.sha256(data).hexdigest()


def checkin_marker(journal: Location) -> Path:
    """The file holding the latest journal day with a check-in (YYYY-MM-DD, nothing else)."""
    return nudge_folder(journal) / "last-checkin"


def nudged_marker(journal: Location) -> Path:
    """The file a shell snippet writes the journal day it last nudged on, so it nudges once."""
    return nudge_folder(journal) / "nudged"
