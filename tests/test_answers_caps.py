"""--answers is bounded: YAML aliases can't expand into a flood, and the input has a size cap."""

from __future__ import annotations

import os
import resource
import subprocess
import sys

LAUGHS = "\n".join(
    ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    + ["note: *a9", "resourced: 3"]
)


def _bounded() -> None:
    # Without the cap this input grows past any limit; 1 GB keeps a failure quick and harmless.
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _run(args: list[str], input: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "attachjournal", *args],
        input=input,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        preexec_fn=_bounded,
        timeout=120,
    )


def test_yaml_aliases_that_would_expand_into_millions_are_refused_in_one_line(db_path):
    assert len(LAUGHS) < 1000
    result = _run(["reflect", "--no-input", "--answers", "-"], LAUGHS)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "expand to more than 10,000 values (YAML aliases repeat what they point at)" in lines[0]
    assert not db_path.exists()


def test_a_few_plain_aliases_still_work(attach):
    given = "note: &n the same words\necho_note: *n\nresourced: 3\n"
    result = attach("reflect", "--no-input", "--json", "--answers", "-", input=given)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("the same words") == 2


def test_an_answers_input_over_the_size_cap_is_refused_before_parsing(attach, db_path):
    huge = '{"resourced": 3, "note": "' + "x" * (16 * 1024 * 1024) + '"}'
    result = attach("reflect", "--no-input", "--answers", "-", input=huge)
    assert result.exit_code == 2, result.output
    assert "stdin is larger than 16 MB" in result.stderr
    assert not db_path.exists()
