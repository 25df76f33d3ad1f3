"""Where the journal and the user's own prompts file live."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "attachjournal"
DB_FILENAME = "journal.db"


def data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def journal_path(option: Path | None = None) -> Path:
    """--db wins, then ATTACH_DB, then the platform's user data directory."""
    if option is not None:
        return Path(option).expanduser()
    env = os.environ.get("ATTACH_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / DB_FILENAME


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
    import platformdirs

    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def nudge_folder(journal: Path) -> Path:
    """This journal's marker folder: named by a hash of the journal's real path, so the
    same file reached through a link or a relative path has one folder."""
    import hashlib

    real = os.fsencode(os.path.realpath(Path(journal).expanduser()))
    return state_dir() / NUDGE_FOLDER / hashlib.sha256(real).hexdigest()[:16]


def checkin_marker(journal: Path) -> Path:
    """The file holding the latest journal day with a check-in (YYYY-MM-DD, nothing else)."""
    return nudge_folder(journal) / "last-checkin"


def nudged_marker(journal: Path) -> Path:
    """The file a shell snippet writes the journal day it last nudged on, so it nudges once."""
    return nudge_folder(journal) / "nudged"
