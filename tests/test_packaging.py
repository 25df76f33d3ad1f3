"""prompts.yaml ships inside the wheel and is also found from an editable checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import attachjournal
from attachjournal.core import prompts

ROOT = Path(__file__).resolve().parent.parent

# Run inside an environment: where the package and its prompts come from, and what loads.
PROBE = """
import json
import attachjournal
from attachjournal.core import prompts
loaded = prompts.load()
print(json.dumps({
    "package": attachjournal.__file__,
    "prompts": str(prompts.packaged_path()),
    "reflect": list(loaded["reflect"].ids),
}))
"""


def probe(python: Path | str, cwd: Path) -> dict:
    result = subprocess.run(
        [str(python), "-c", PROBE], capture_output=True, text=True, timeout=60, cwd=cwd
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_editable_checkout_reads_prompts_from_the_repository_root(tmp_path):
    assert Path(attachjournal.__file__).resolve().is_relative_to(ROOT / "src")
    assert prompts.packaged_path() == ROOT / "prompts.yaml"
    # From anywhere, not only from the checkout.
    found = probe(sys.executable, cwd=tmp_path)
    assert Path(found["prompts"]) == ROOT / "prompts.yaml"
    assert "resourced" in found["reflect"]


@pytest.mark.slow
def test_an_installed_wheel_carries_its_own_prompts(tmp_path):
    wheels = tmp_path / "wheels"
    # No build isolation and no index: the build backend comes from this environment, so the
    # test needs no network.
    subprocess.run(
        [
            sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
            "--no-index", "-q", "-w", str(wheels), str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )  # fmt: skip
    (wheel,) = wheels.glob("attachjournal-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = archive.read("attachjournal/prompts.yaml")
    assert shipped == (ROOT / "prompts.yaml").read_bytes()

    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(venv)],
        check=True,
        timeout=60,
    )
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
            "--no-index", "-q", str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )  # fmt: skip
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # The dependencies come from this environment, added as a plain path: its .pth files (and
    # so the editable checkout) stay out of the new environment.
    (site / "zz_test_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")

    found = probe(python, cwd=tmp_path)
    package = Path(found["package"]).parent
    assert package == site / "attachjournal"
    assert Path(found["prompts"]) == package / "prompts.yaml"
    assert "echo_note" in found["reflect"]

    env = {**os.environ, "ATTACH_DB": str(tmp_path / "wheel-journal.db")}
    result = subprocess.run(
        [str(venv / "bin" / "attach"), "reflect", "-a", "resourced=3", "--no-input", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["answers"]["resourced"]["value"] == 3

    # Shell completion reads its table from inside the package, through the wheel's own start.
    completing = subprocess.run(
        [str(venv / "bin" / "attach"), "__complete", "bash", "attach reflect -a feel"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
    )
    assert (completing.stdout, completing.stderr) == ("nospace\nfeelings=\n", "")
