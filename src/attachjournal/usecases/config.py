"""`attach config`: every setting with its value, its default and where the value comes from.
Nothing here prints."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SettingRow:
    """One setting as `attach config` lists it: value, default, where the value comes from."""

    key: str
    value: str
    default: str
    source: str  # "default", "settings file", or the environment variable that set it
    env: str
    help: str


@dataclass(frozen=True)
class Settings:
    """Every setting's row, and the settings file they are read from."""

    file: Path
    rows: tuple[SettingRow, ...]


def list_settings() -> Settings:
    from attachjournal import settings

    path = settings.settings_path()
    current = settings.load(path)
    stored = settings.stored_values(path)
    rows = []
    for key, setting in settings.SETTINGS.items():
        if setting.env in os.environ:
            source = setting.env
        elif key in stored:
            source = "settings file"
        else:
            source = "default"
        rows.append(
            SettingRow(key, current.text(key), setting.default, source, setting.env, setting.help)
        )
    return Settings(path, tuple(rows))
