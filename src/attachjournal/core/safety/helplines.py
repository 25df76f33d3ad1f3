"""Helplines by country, offline (data/helplines.yaml), and which country is the person's."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

HELPLINES_FILE = Path(__file__).resolve().parents[2] / "data" / "helplines.yaml"
ANYWHERE = "https://findahelpline.com"
_TERRITORY = re.compile(r"^[a-z]{2,3}_([A-Za-z]{2})(?:[.@]|$)")


@dataclass(frozen=True)
class Line:
    """One national helpline from data/helplines.yaml, with its source and when it was checked."""

    name: str
    number: str
    what: str
    group: str  # self | child | others | parents
    source: str
    checked: str


@dataclass(frozen=True)
class Country:
    """A country's emergency number and national helplines, from data/helplines.yaml."""

    code: str
    name: str
    emergency: str
    lines: tuple[Line, ...]


@functools.cache
def load(path: Path = HELPLINES_FILE) -> dict[str, Country]:
    """Every country in the data file, by its two-letter code."""
    from attachjournal.core.prompts import _read_yaml

    data = _read_yaml(path.read_text(encoding="utf-8"), path.name, trusted=True)
    countries = {}
    for code, block in data["countries"].items():
        lines = tuple(
            Line(
                name=str(line["name"]),
                number=str(line["number"]),
                what=str(line["what"]),
                group=str(line["for"]),
                source=str(line["source"]),
                checked=str(line["checked"]),
            )
            for line in block["lines"]
        )
        countries[str(code).upper()] = Country(
            str(code).upper(), str(block["name"]), str(block["emergency"]), lines
        )
    return countries


def locale_country(environ: Mapping[str, str] | None = None) -> str | None:
    """The territory of the locale (LC_ALL, then LC_MESSAGES, then LANG): en_GB.UTF-8 -> GB."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "").strip()
        if not value:
            continue
        match = _TERRITORY.match(value)
        # The first variable that is set decides, as it does for the locale itself.
        return match.group(1).upper() if match else None
    return None


def choose_country(
    option: str | None = None, environ: Mapping[str, str] | None = None
) -> tuple[str | None, str]:
    """(country code or None, where it came from): --country, the setting, then the locale."""
    if option:
        return option.strip().upper(), "--country"
    try:
        from attachjournal import settings

        setting = settings.load(environ=environ).country
    except Exception:  # a broken settings file must never stand between someone and help
        setting = None
    if setting:
        return setting, "your settings"
    found = locale_country(environ)
    return (found, "your locale") if found else (None, "")
