"""Settings: a small TOML file, a default for every key, environment overrides, checked values."""

from __future__ import annotations

import json
import os
import stat
from datetime import time
from pathlib import Path

import pytest

from attachjournal import settings
from attachjournal.errors import UsageError
from attachjournal.storage import write_private


def test_defaults_when_there_is_no_file(tmp_path: Path) -> None:
    current = settings.load(tmp_path / "none.toml", environ={})
    assert current.day_starts_at == time(4, 0)
    assert current.country is None


def test_file_values_and_environment_override(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('day_starts_at = "03:30"\ncountry = "gb"\n')
    assert settings.load(path, environ={}).day_starts_at == time(3, 30)
    assert settings.load(path, environ={}).country == "GB"
    overridden = settings.load(path, environ={"ATTACH_DAY_STARTS_AT": "05:00"})
    assert overridden.day_starts_at == time(5, 0)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('colour = "blue"\n', "unknown setting 'colour'"),
        ("day_starts_at = 4\n", "in quotes"),
        ('day_starts_at = "25:00"\n', "HH:MM"),
        ('day_starts_at = "18:00"\n', "between 00:00 and 12:00"),
        ("day_starts_at = \n", "not valid TOML"),
    ],
)
def test_a_bad_file_is_one_clear_error(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(content)
    with pytest.raises(UsageError) as caught:
        settings.load(path, environ={})
    assert words in caught.value.message


def test_set_keeps_other_keys_and_writes_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "settings.toml"
    settings.set_value(path, "country", "de", write=write_private)
    settings.set_value(path, "day_starts_at", "02:00", write=write_private)
    assert settings.stored_values(path) == {"country": "de", "day_starts_at": "02:00"}
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert settings.unset(path, "country", write=write_private) is True
    assert settings.unset(path, "country", write=write_private) is False
    assert settings.load(path, environ={}).country is None


def test_config_command_lists_sets_gets_and_refuses(attach) -> None:
    listed = attach("config", "--json")
    assert listed.exit_code == 0, listed.output
    rows = {row["key"]: row for row in json.loads(listed.stdout)["settings"]}
    assert rows["day_starts_at"]["value"] == "04:00"
    assert rows["day_starts_at"]["from"] == "default"

    changed = attach("config", "set", "day_starts_at", "3:00")
    assert changed.exit_code == 0, changed.output
    assert attach("config", "get", "day_starts_at").stdout.strip() == "3:00"
    assert json.loads(attach("config", "--json").stdout)["settings"][0]["from"] == "settings file"

    unknown = attach("config", "set", "colour", "blue")
    assert unknown.exit_code == 2
    assert "no setting called 'colour'" in unknown.stderr
    bad = attach("config", "set", "day_starts_at", "teatime")
    assert bad.exit_code == 2
    assert "teatime" not in bad.stderr and "HH:MM" in bad.stderr


def test_config_listing_reads_as_text(attach) -> None:
    result = attach("config")
    assert result.exit_code == 0, result.output
    assert "day_starts_at = 04:00" in result.stdout
    assert "(the default; env ATTACH_DAY_STARTS_AT)" in result.stdout
    assert "default; default" not in result.stdout
    assert "A check-in written before this time belongs to the evening before" in result.stdout


def test_config_listing_names_an_environment_override_once(attach, monkeypatch) -> None:
    monkeypatch.setenv("ATTACH_DAY_STARTS_AT", "02:00")
    out = " ".join(attach("config").stdout.split())
    assert "day_starts_at = 02:00 (set by ATTACH_DAY_STARTS_AT; default 04:00)" in out
