"""Completion as a person meets it: Tab pressed in a real interactive bash and zsh (in a
pseudo-terminal), and fish's own completer (`complete -C`), with each shell's script as
`attach completion SHELL` prints it. Each shell not installed here is skipped, saying so.

The line is read back by running it through a function that prints its arguments one by one,
so a name with a space shows as one argument.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

BIN = Path(sys.executable).parent
ATTACH = BIN / "attach"
SHOW = "show() { printf '<%s>' \"$@\"; echo; }\n"

pytestmark = pytest.mark.slow


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "LANG": "C.UTF-8",
        "ZDOTDIR": str(tmp_path / "zdot"),
        "HISTFILE": str(tmp_path / "history"),
    }


def _script(shell: str, folder: Path, name: str) -> Path:
    made = subprocess.run(
        [str(ATTACH), "completion", shell], capture_output=True, text=True, timeout=60
    )
    assert made.returncode == 0, made.stderr
    path = folder / name
    path.write_text(made.stdout)
    return path


@pytest.fixture
def people(attach) -> None:
    for name in ("Maya Rose", "Sam", "Zoë"):
        assert attach("people", "add", name).exit_code == 0


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "november notes.md").write_text("")
    return folder


def _typed_then_tab(shell: list[str], env: dict[str, str], typed: str) -> str:
    """Type `typed`, press Tab, then run the line as `show ...`: the arguments it ends up with."""
    child = pexpect.spawn(shell[0], shell[1:], env=env, encoding="utf-8", timeout=15)
    try:
        child.expect_exact("READY> ")
        # The shell reads keys one after another: Ctrl-A waits until Tab's completion is done.
        child.send(typed + "\t")
        child.sendcontrol("a")
        child.send("show ")
        child.sendline("")
        child.expect(r"(<attach>[^\r\n]*)\r\n")
        return child.match.group(1)
    finally:
        child.close(force=True)


TYPED = [
    ("attach rev", "<attach><review>"),
    ("attach log --who Ma", "<attach><log><--who><Maya Rose>"),
    ("attach repair -a who=Ma", "<attach><repair><-a><who=Maya Rose>"),
    ("attach reflect -a feelings=tired,ca", "<attach><reflect><-a><feelings=tired,calm>"),
    ("attach log --who zo", "<attach><log><--who><Zoë>"),
]


# A name with a space inside a quote the person opened (zsh hands the word over unquoted).
QUOTED = [
    ('attach log --who "Maya R', "<attach><log><--who><Maya Rose>"),
    ("attach log --who 'Maya R", "<attach><log><--who><Maya Rose>"),
]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed here")
@pytest.mark.parametrize(("typed", "line"), TYPED + QUOTED)
def test_tab_in_bash(tmp_path, people, typed, line):
    script = _script("bash", tmp_path, "attach.bash")
    rc = tmp_path / "bashrc"
    rc.write_text(f"PS1='READY> '\nsource {script}\n{SHOW}")
    bash = ["bash", "--rcfile", str(rc), "-i"]
    assert _typed_then_tab(bash, _env(tmp_path), typed) == line


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed here")
def test_tab_in_bash_completes_a_file_with_a_space(tmp_path, files):
    script = _script("bash", tmp_path, "attach.bash")
    rc = tmp_path / "bashrc"
    rc.write_text(f"PS1='READY> '\nsource {script}\n{SHOW}")
    bash = ["bash", "--rcfile", str(rc), "-i"]
    shown = _typed_then_tab(bash, _env(tmp_path), f"attach export -o {files}/nov")
    assert shown == f"<attach><export><-o><{files}/november notes.md>"


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed here")
@pytest.mark.parametrize(("typed", "line"), TYPED + QUOTED)
def test_tab_in_zsh(tmp_path, people, typed, line):
    script = _script("zsh", tmp_path, "_attach")
    (tmp_path / "zdot").mkdir()
    (tmp_path / "zdot" / ".zshrc").write_text(
        f"PS1='READY> '\nautoload -U compinit && compinit -u\nsource {script}\n{SHOW}"
    )
    assert _typed_then_tab(["zsh", "-i"], _env(tmp_path), typed) == line


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed here")
def test_tab_in_zsh_completes_a_file_with_a_space(tmp_path, files):
    script = _script("zsh", tmp_path, "_attach")
    (tmp_path / "zdot").mkdir()
    (tmp_path / "zdot" / ".zshrc").write_text(
        f"PS1='READY> '\nautoload -U compinit && compinit -u\nsource {script}\n{SHOW}"
    )
    shown = _typed_then_tab(["zsh", "-i"], _env(tmp_path), f"attach export -o {files}/nov")
    assert shown == f"<attach><export><-o><{files}/november notes.md>"


def _fish(tmp_path: Path, line: str, described: bool = False) -> list[str]:
    script = _script("fish", tmp_path, "attach.fish")
    done = subprocess.run(
        ["fish", "--no-config", "-c", f"source {script}; complete -C {_fish_quote(line)}"],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    rows = done.stdout.splitlines()
    return rows if described else [row.split("\t")[0] for row in rows]


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed here")
def test_fish_completes_commands_ids_and_names(tmp_path, people, files):
    assert _fish(tmp_path, "attach re") == ["reflect", "remind", "repair", "restore", "review"]
    assert "feelings=" in _fish(tmp_path, "attach reflect -a ")
    assert _fish(tmp_path, "attach reflect -a resourced=") == [
        f"resourced={n}" for n in range(1, 6)
    ]
    assert _fish(tmp_path, "attach log --who ") == ["Maya Rose", "Sam", "Zoë"]
    assert _fish(tmp_path, "attach repair -a who=S") == ["who=Sam"]
    assert _fish(tmp_path, f"attach export -o {files}/nov") == [f"{files}/november notes.md"]


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed here")
def test_fish_with_no_journal_offers_no_names_and_makes_none(tmp_path, db_path):
    assert _fish(tmp_path, "attach log --who ") == []
    assert not db_path.exists()


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed here")
def test_fish_shows_what_each_word_means(tmp_path):
    assert _fish(tmp_path, "attach rev", described=True) == ["review\tA weekly look back"]
    assert _fish(tmp_path, "attach reflect -a resou", described=True) == [
        "resourced=\tHow resourced do I feel right now?"
    ]
    # A choice's label, unless it only repeats the value.
    assert _fish(tmp_path, "attach reflect -a feelings=t", described=True) == [
        "feelings=tender",
        "feelings=tired",
        "feelings=touched_out\ttouched-out or overstimulated",
    ]
