"""Writing a long answer in the person's own editor ($VISUAL or $EDITOR).

The text goes through a file, so the file is made private (0600, in a 0700 folder of its
own) and stays only until the entry is saved. If the save fails, the file is kept and the
person is told where it is: what they wrote is never lost.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from attachjournal.errors import UsageError

HEADER = (
    "# {question}\n"
    "# Write below. Lines starting with # are left out; save and close to go on,\n"
    "# or leave it empty to skip.\n"
)


def editor_command() -> list[str]:
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            return shlex.split(value)
    for fallback in ("nano", "vi"):
        for folder in os.environ.get("PATH", "").split(os.pathsep):
            if folder and os.access(os.path.join(folder, fallback), os.X_OK):
                return [fallback]
    raise UsageError("No editor found: set EDITOR (for example EDITOR=nano) to write in one.")


def private_folder() -> Path:
    """A folder only this user can enter: the runtime folder when the system gives one."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and Path(runtime).is_dir():
        import platformdirs

        folder = Path(platformdirs.user_runtime_dir("attachjournal", appauthor=False))
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
            if folder.stat().st_uid == os.getuid():
                return folder
        except OSError:
            pass
    return Path(tempfile.mkdtemp(prefix="attach-"))  # 0700 by definition


def write_in_editor(question: str, current: str, files: list[Path]) -> str:
    """Open the editor on a private file; return what was written (comment lines left out).

    The file joins `files`, the command's list: removed once the entry is saved (or the
    person cancels), kept if the save fails."""
    command = editor_command()
    folder = private_folder()
    fd, name = tempfile.mkstemp(prefix="answer-", suffix=".txt", dir=folder)  # 0600
    path = Path(name)
    files.append(path)
    one_line = " ".join(question.split())
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(HEADER.format(question=one_line))
        if current:
            handle.write(current.rstrip("\n") + "\n")
    try:
        done = subprocess.run([*command, str(path)], check=False)
    except OSError:
        raise UsageError(
            f"Couldn't start the editor ({command[0]}); check EDITOR, or type the answer."
        ) from None
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        raise UsageError("Couldn't read back what was written in the editor.") from None
    if done.returncode != 0:
        return current  # the editor was quit without saving (vim's :cq): keep what was there
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return "\n".join(lines).strip()


def kept_files(files: list[Path]) -> list[Path]:
    """The editor files still on disk (kept when a save did not happen)."""
    return [p for p in files if p.exists()]


def forget(pending: list[Path]) -> None:
    """Remove the editor files: the entry is saved, or the person chose to save nothing."""
    while pending:
        path = pending.pop()
        with contextlib.suppress(OSError):
            path.unlink()
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # only succeeds for an empty folder of our own
