"""The safety resources ship inside the package: in the wheel and in an editable checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from attachjournal.core import safety

ROOT = Path(__file__).resolve().parent.parent


def test_editable_checkout_finds_the_safety_file():
    assert safety.DATA_FILE.is_file()
    assert safety.DATA_FILE == ROOT / "src" / "attachjournal" / "data" / "safety.yaml"
    assert "findahelpline.com" in " ".join(safety.guide().resources)


@pytest.mark.slow
def test_the_wheel_carries_the_safety_file(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    (wheel,) = tmp_path.glob("attachjournal-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = archive.read("attachjournal/data/safety.yaml")
    # The module looks for it next to itself, the same place the wheel puts it.
    assert shipped == safety.DATA_FILE.read_bytes()
    assert safety.DATA_FILE.relative_to(ROOT / "src").as_posix() == "attachjournal/data/safety.yaml"
