"""On Linux attach finds its folders without importing platformdirs (about 4 ms on every
command); these tests hold that lean reading to platformdirs' own answers, for the usual
environment and for the odd ones (empty, relative or missing variables, a relative HOME)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attachjournal import paths

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the lean reading is Linux's")

KINDS = {
    "data": "XDG_DATA_HOME",
    "config": "XDG_CONFIG_HOME",
    "cache": "XDG_CACHE_HOME",
    "state": "XDG_STATE_HOME",
}

# What a variable may hold: unset, empty, absolute, relative, with a trailing slash or spaces.
VALUES = st.sampled_from(
    [None, "", "/xdg/here", "/xdg/trailing/", "relative/dir", "~/tilde", " /leading-space", "/"]
)
HOMES = st.sampled_from([None, "/home/maya", "/home/maya/", "/", "relative-home", ""])


def platformdirs_answer(kind: str) -> Path:
    return Path(getattr(platformdirs, f"user_{kind}_dir")(paths.APP_NAME, appauthor=False))


@settings(max_examples=60, deadline=None)
@given(home=HOMES, values=st.fixed_dictionaries({k: VALUES for k in KINDS.values()}))
def test_each_folder_is_where_platformdirs_puts_it(
    home: str | None, values: dict[str, str | None]
) -> None:
    wanted = {"HOME": home, **values}
    saved = {name: os.environ.get(name) for name in wanted}
    try:
        for name, value in wanted.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        for kind in KINDS:
            try:
                expected = platformdirs_answer(kind)
            except RuntimeError:
                # platformdirs gives up on a home it can't resolve; attach hands such a home
                # to platformdirs, so it gives up the same way (the guard turns it into a line).
                with pytest.raises(RuntimeError):
                    paths.user_dir(kind)
                continue
            assert paths.user_dir(kind) == expected, (kind, wanted)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def test_the_usual_folders_without_any_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in KINDS.values():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", "/home/maya")
    assert paths.data_dir() == Path("/home/maya/.local/share/attachjournal")
    assert paths.config_dir() == Path("/home/maya/.config/attachjournal")
    assert paths.cache_dir() == Path("/home/maya/.cache/attachjournal")
    assert paths.state_dir() == Path("/home/maya/.local/state/attachjournal")
    monkeypatch.delenv("ATTACH_DB", raising=False)
    assert paths.journal_path() == Path("/home/maya/.local/share/attachjournal/journal.db")


def test_finding_the_journal_does_not_load_platformdirs(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("ATTACH_DB",)}
    env["HOME"] = str(tmp_path)
    code = (
        "import sys\n"
        "from attachjournal import paths\n"
        "paths.journal_path(); paths.config_dir(); paths.state_dir()\n"
        "print('platformdirs' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("data", [b"", b"/home/maya/journal.db", "/home/maya/ä ö/j.db".encode()])
def test_the_marker_folder_digest_is_hashlibs_sha256(data: bytes) -> None:
    # A shell snippet already installed names its marker folder by this digest: it must not move.
    import hashlib

    assert paths._sha256_hex(data) == hashlib.sha256(data).hexdigest()
