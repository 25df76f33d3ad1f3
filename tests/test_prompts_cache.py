"""Parsed prompts are remembered by their text, so a changed file is always read afresh."""

from __future__ import annotations

import stat

from attachjournal.core import prompts, prompts_file


def _cache_files(tmp_path):
    return sorted((tmp_path / "cache" / "attachjournal").glob("*.json"))


def test_prompts_are_remembered_privately_and_reread_when_the_text_changes(tmp_path):
    own = tmp_path / "prompts.yaml"
    text = prompts.packaged_path().read_text(encoding="utf-8")
    own.write_text(text, encoding="utf-8")
    first = prompts.load(own)
    files = _cache_files(tmp_path)
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert prompts.load(own) == first

    own.write_text(
        text.replace("How resourced do I feel right now?", "How full is my cup?"), encoding="utf-8"
    )
    assert prompts.load(own)["reflect"].get("resourced").text == "How full is my cup?"
    assert len(_cache_files(tmp_path)) == 2


def test_a_damaged_cache_file_is_ignored(tmp_path):
    expected = prompts.load()
    (cached,) = _cache_files(tmp_path)
    cached.write_text("{not json", encoding="utf-8")
    assert prompts.load() == expected


def test_invalid_yaml_is_still_reported_with_its_line(tmp_path):
    own = tmp_path / "bad.yaml"
    own.write_text("questionnaires:\n  reflect: [\n", encoding="utf-8")
    try:
        prompts.load(own)
    except prompts.PromptsError as exc:
        assert "is not valid YAML" in exc.message and str(own) in exc.message
    else:
        raise AssertionError("invalid YAML was accepted")


def test_a_link_planted_where_the_cache_is_written_is_never_followed(tmp_path):
    import os

    own = tmp_path / "prompts.yaml"
    own.write_text(prompts.packaged_path().read_text(encoding="utf-8"), encoding="utf-8")
    prompts.load(own)
    (cached,) = _cache_files(tmp_path)
    cached.unlink()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    planted = cached.with_name(f".{cached.name}.{os.getpid()}")
    planted.symlink_to(victim)
    assert prompts.load(own)["reflect"].get("resourced") is not None
    assert victim.read_text() == "precious"


def test_the_shipped_files_are_remembered_by_checksums_that_tell_texts_apart(tmp_path):
    text = prompts.packaged_path().read_text(encoding="utf-8")
    changed = text.replace("How resourced do I feel right now?", "How full is my cup?")
    names = {prompts_file._cache_file(t, trusted=True).name for t in (text, changed, text + " ")}
    assert len(names) == 3
