"""Where the shipped prompts.yaml lives, and reading a YAML file into plain data.

The parsed data is remembered as JSON keyed by the file's text, so PyYAML is imported only
when a text is new. Kept apart from the checking (prompts_parse.py) and the question objects
(questions.py): shell completion reads the plain data on every Tab, and has no time to import
what building the frozen questions needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from attachjournal.errors import PromptsError


def packaged_path() -> Path:
    """The shipped prompts.yaml: inside the installed package, or at the checkout's root."""
    package = Path(__file__).resolve().parents[1]
    inside = package / "prompts.yaml"
    if inside.is_file():
        return inside
    return package.parents[1] / "prompts.yaml"


def read_data(path: Path | None = None) -> Any:
    """A prompts file as plain data (the packaged one when path is None), not yet checked."""
    source = Path(path) if path is not None else packaged_path()
    name = str(source)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptsError(f"{name}: no such prompts file.") from None
    except IsADirectoryError:
        raise PromptsError(f"{name}: is a directory, not a prompts file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PromptsError(f"{name}: cannot be read ({type(exc).__name__}).") from None
    # Only the file we ship is trusted to the C parser: libyaml can crash the process on a
    # hostile file (very deep nesting), where the Python parser raises an error we can report.
    return read_yaml(text, name, trusted=path is None)


def read_yaml(text: str, name: str, *, trusted: bool = False) -> Any:
    """YAML text -> plain data, remembered as JSON keyed by the text itself.

    Importing PyYAML costs about as much as everything else `attach review` does apart from
    opening the database, and the parsed file only changes when its text does. The copy is
    only an aid: any problem with it and the YAML is simply parsed again.
    """
    import json

    cached = _cache_file(text, trusted=trusted)
    if cached is not None:
        try:
            return json.loads(cached.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    import yaml

    # The C loader (when PyYAML was built with libyaml) parses the file several times faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if trusted else yaml.SafeLoader
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise PromptsError(f"{name}: is not valid YAML{where}.") from None
    except RecursionError:
        raise PromptsError(f"{name}: is nested too deeply to be a prompts file.") from None
    if cached is not None:
        _remember(cached, data)
    return data


def _cache_file(text: str, *, trusted: bool = False) -> Path | None:
    from attachjournal.paths import cache_dir

    try:
        folder = cache_dir()
    except Exception:  # no usable home directory: simply no cache
        return None
    if trusted:
        # The files we ship change only with an install, never by someone's hand: two
        # checksums and the length tell them apart without loading OpenSSL's hashes (a few
        # ms of every command). zlib is loaded already.
        import zlib

        data = f"prompts-v1\0{text}".encode()
        return folder / f"shipped-{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}.json"
    import hashlib

    digest = hashlib.sha256(f"prompts-v1\0{text}".encode()).hexdigest()[:32]
    return folder / f"prompts-{digest}.json"


def _remember(target: Path, data: Any) -> None:
    import json
    import os

    from attachjournal.paths import ensure_private_dir

    try:
        dumped = json.dumps(data, ensure_ascii=False)
        if json.loads(dumped) != data:
            return  # YAML gave something JSON can't hold exactly (a date, a number as a key)
        ensure_private_dir(target.parent)
        partial = target.with_name(f".{target.name}.{os.getpid()}")
        # O_EXCL | O_NOFOLLOW: never written through something planted under that name.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(partial, flags, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(dumped)
        os.replace(partial, target)
    except (OSError, TypeError, ValueError):
        # A cache that can't be written is no reason to stop: the prompts were parsed anyway.
        return
