"""The person's settings: a small TOML file in the config folder.

Every setting has a documented default and an environment variable that wins over the file
(tests and scripts set those instead of writing a file). Reading uses the standard library's
tomllib (its twin tomli on Python 3.10); values are plain strings, so writing needs no library.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from datetime import time
from pathlib import Path
from typing import Any, NamedTuple

from attachjournal.errors import UsageError

FILENAME = "settings.toml"


class Setting(NamedTuple):
    """One setting: its key, default, environment variable, help, and the check of a value."""

    key: str
    default: str
    env: str
    help: str
    check: Callable[[str], str | None]  # returns a problem, or None when the value is fine


def _clock_problem(value: str) -> str | None:
    if _CLOCK.match(value) is None:
        return "a time of day as HH:MM, e.g. 04:00"
    hour, minute = (int(part) for part in value.split(":"))
    if hour > 23 or minute > 59:
        return "a time of day as HH:MM, e.g. 04:00"
    if hour > 12:
        return "a time between 00:00 and 12:00 (a journal day begins at night or in the morning)"
    return None


def _country_problem(value: str) -> str | None:
    if value == "" or re.fullmatch(r"[A-Za-z]{2}", value):
        return None
    return "a two-letter country code such as GB, US or DE (or empty for the locale's)"


def _yes_no_problem(value: str) -> str | None:
    return None if value.lower() in _BOOLEAN else "yes or no"


def _yes_no_or_empty_problem(value: str) -> str | None:
    # Empty (ATTACH_ACCESSIBLE= in a shell) means the default, not a broken setting.
    return None if value == "" else _yes_no_problem(value)


def _journal_problem(value: str) -> str | None:
    if any(not ch.isprintable() for ch in value):
        return "a file's path or a server's URL, without control characters"
    return None


_CLOCK = re.compile(r"^\d{1,2}:\d{2}$")
_BOOLEAN = {"yes": True, "true": True, "on": True, "1": True, "no": False, "false": False}
_BOOLEAN |= {"off": False, "0": False}

SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting(
            "day_starts_at",
            "04:00",
            "ATTACH_DAY_STARTS_AT",
            "When a journal day begins. A check-in written before this time belongs to the "
            "evening before (a 00:30 check-in counts for the day that just ended).",
            _clock_problem,
        ),
        Setting(
            "country",
            "",
            "ATTACH_COUNTRY",
            "Two-letter country code for the helplines `attach help-now` shows. Empty means "
            "the one in your locale (LANG), if any.",
            _country_problem,
        ),
        Setting(
            "journal",
            "",
            "ATTACH_DB",
            "Where the journal is, when neither --db nor ATTACH_DB says: a file, or a "
            "PostgreSQL server's URL (postgresql://ROLE@HOST/DATABASE?sslmode=verify-full; "
            "its password belongs in ~/.pgpass, never here). Empty means journal.db in "
            "your data folder.",
            _journal_problem,
        ),
        Setting(
            "share_by_default",
            "no",
            "ATTACH_SHARE_BY_DEFAULT",
            "On a journal on a server: share each new rupture and its repair with the "
            "household's other members unless `attach repair --private` says otherwise. "
            "A journal file has no one to share with and ignores it.",
            _yes_no_or_empty_problem,
        ),
        Setting(
            "accessible",
            "no",
            "ATTACH_ACCESSIBLE",
            "Plain mode, for screen readers and plain terminals: questions as numbered lines "
            "(type 3, or 1,4), no colour, no redraws, symbols spelled as words, no boxes. "
            "`attach --plain` does the same for one command.",
            _yes_no_or_empty_problem,
        ),
    )
}


class Settings(NamedTuple):
    """The settings in force: file values with environment overrides, defaults elsewhere."""

    values: Mapping[str, str]

    def text(self, key: str) -> str:
        return self.values[key]

    @property
    def day_starts_at(self) -> time:
        hour, minute = (int(part) for part in self.values["day_starts_at"].split(":"))
        return time(hour, minute)

    @property
    def country(self) -> str | None:
        value = self.values["country"].strip().upper()
        return value or None

    @property
    def accessible(self) -> bool:
        return _BOOLEAN.get(self.values["accessible"].lower(), False)

    @property
    def share_by_default(self) -> bool:
        return _BOOLEAN.get(self.values["share_by_default"].lower(), False)

    def flag(self, key: str) -> bool:
        return _BOOLEAN[self.values[key].lower()]


DEFAULTS = Settings({key: s.default for key, s in SETTINGS.items()})


def settings_path(environ: Mapping[str, str] | None = None) -> Path:
    """ATTACH_SETTINGS wins; otherwise settings.toml in the platform's config folder."""
    environ = os.environ if environ is None else environ
    if environ.get("ATTACH_SETTINGS"):
        return Path(environ["ATTACH_SETTINGS"]).expanduser()
    from attachjournal.paths import config_dir

    return config_dir() / FILENAME


def load(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """The settings in force. A missing file means every default; a broken one is an error."""
    environ = os.environ if environ is None else environ
    path = settings_path(environ) if path is None else path
    stored = stored_values(path)
    values: dict[str, str] = {}
    for key, setting in SETTINGS.items():
        if setting.env in environ:
            value, source = environ[setting.env].strip(), setting.env
        elif key in stored:
            value, source = stored[key], str(path)
        else:
            values[key] = setting.default
            continue
        problem = setting.check(value)
        if problem:
            raise UsageError(f"The setting {key} (from {source}) should be {problem}.")
        values[key] = value
    return Settings(values)


def check(key: str, value: str) -> str:
    """The value, trimmed, if `key` is a setting and `value` fits it; a UsageError if not."""
    setting = SETTINGS.get(key)
    if setting is None:
        raise UsageError(f"There is no setting called {key[:40]!r}. Known: {', '.join(SETTINGS)}.")
    value = value.strip()
    problem = setting.check(value)
    if problem:
        # The value itself is not repeated: it is short, but the rule is what helps.
        raise UsageError(f"{key} should be {problem}.")
    return value


# How the file is written: privately and atomically (storage's write_private), handed in so
# the settings, which every layer reads, depend on nothing above them.
Writer = Callable[[Path, str], object]


def set_value(path: Path, key: str, value: str, *, write: Writer) -> None:
    """Write one setting, keeping the others."""
    value = check(key, value)
    stored = stored_values(path)
    stored[key] = value
    _write(path, stored, write)


def unset(path: Path, key: str, *, write: Writer) -> bool:
    """Remove a setting from the file (its default applies again); False if it was not set."""
    check(key, SETTINGS[key].default if key in SETTINGS else "")
    stored = stored_values(path)
    if key not in stored:
        return False
    del stored[key]
    _write(path, stored, write)
    return True


def stored_values(path: Path) -> dict[str, str]:
    """What the file itself holds (no defaults, no environment)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise UsageError(f"Couldn't read the settings file {path} ({exc.strerror}).") from None
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # the standard library reads TOML from Python 3.11 on
        import tomli as tomllib

    try:
        data: dict[str, Any] = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(
            f"The settings file {path} is not valid TOML ({str(exc).splitlines()[0]}).",
            hint="attach config lists the settings; fix or remove the file.",
        ) from None
    stored: dict[str, str] = {}
    for key, value in data.items():
        if key not in SETTINGS:
            raise UsageError(
                f"The settings file {path} has an unknown setting {key[:40]!r}.",
                hint=f"Known settings: {', '.join(SETTINGS)}.",
            )
        if not isinstance(value, str):
            raise UsageError(f'In {path}, {key} should be written in quotes, e.g. {key} = "...".')
        stored[key] = value
    return stored


def _write(path: Path, stored: Mapping[str, str], write: Writer) -> None:
    from attachjournal.paths import ensure_private_dir

    ensure_private_dir(path.parent)
    lines = ["# attach settings: `attach config` lists them with their defaults."]
    lines += [f"{key} = {_toml_string(value)}" for key, value in stored.items()]
    write(path, "\n".join(lines) + "\n")


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
