"""`attach --help` without the Typer app: the root help, drawn from the app itself and kept as
JSON beside this module, one text for each width the help can be wrapped at.

Building the Typer app to print text that never changes between runs of one installed version
costs most of `attach --help`'s time. Click wraps the help at
`max(min(columns, 80) - 2, 50)`, columns being what `shutil.get_terminal_size` reports, so
there are only 29 widths (50 to 78); this table holds the help at each of them, made by the
app's own `--help`, never written by hand, and a test makes it again and compares. After
adding or changing a command or a root option, write it again (with the completion table):

    python -m attachjournal.cli.root_help

Reading it imports only os, sys and json: no pathlib, shutil or typing, which cost
milliseconds.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing itself costs milliseconds to import; type checkers know this
if TYPE_CHECKING:
    from typing import Any

HELP_FILE = os.path.join(os.path.dirname(__file__), "root_help.json")
PROGRAM = "attach"
# Click's HelpFormatter: width = max(min(columns, MAX_WIDTH) - 2, NARROWEST), with the
# Context's max_content_width unset (so 80).
MAX_WIDTH = 80
NARROWEST = 50
WIDTHS = range(NARROWEST, MAX_WIDTH - 2 + 1)  # 50 ... 78
ASKED = (["--help"], ["-h"])


def formatter_width() -> int:
    """The width click wraps help at here, worked out as `shutil.get_terminal_size` does:
    COLUMNS if it is a positive whole number, else the terminal on the real stdout, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        stdout = sys.__stdout__
        try:
            if stdout is None:
                raise AttributeError("no stdout")
            columns = os.get_terminal_size(stdout.fileno()).columns or MAX_WIDTH
        except (AttributeError, ValueError, OSError):
            columns = MAX_WIDTH  # not a terminal (a pipe, a file): shutil's fallback
    return max(min(columns, MAX_WIDTH) - 2, NARROWEST)


def show(argv: list[str]) -> None:
    """For `attach --help` or `attach -h` alone: print the stored help for this width and exit
    with the code the app exits with. Returns, having printed nothing, for any other command
    line or when the stored help cannot be read; then the Typer app answers."""
    # Without a stdout at all (`attach --help >&-`) Typer's echo says nothing and exits 0.
    if argv not in ASKED or not _called_attach() or sys.stdout is None:
        return
    stored = load()
    if stored is None:
        return
    text, code = stored
    if not text.isascii() and _encoding(sys.stdout) != "utf8":
        return  # click re-encodes for a stdout that cannot take the text; Typer does it here
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        from attachjournal.cli.guard import quiet_stdout

        quiet_stdout()
        # The reader went away first (`attach --help | true`): end quietly with 1, as Typer
        # does. Any other failure (a full disk) is one line where Typer shows a traceback.
        if not isinstance(exc, BrokenPipeError):
            from attachjournal.views import render

            render.error(f"Could not print the help: {exc.strerror or 'write failed'}.")
        raise SystemExit(1) from None
    raise SystemExit(code)


def _encoding(stream: Any) -> str:
    return str(getattr(stream, "encoding", "") or "").lower().replace("-", "").replace("_", "")


def _called_attach() -> bool:
    """Whether click would name the program `attach` in the usage line, as the stored help
    does (`python -m attachjournal` is named otherwise, so Typer answers that)."""
    main = sys.modules.get("__main__")
    return not getattr(main, "__package__", None) and os.path.basename(sys.argv[0]) == PROGRAM


def load(width: int | None = None) -> tuple[str, int] | None:
    """The stored help at `width` (this terminal's, unless given) and its exit code, or None
    when the file is missing, unreadable or lacks that width."""
    import json

    try:
        with open(HELP_FILE, encoding="utf-8") as file:
            table = json.load(file)
        text = table["texts"][table["widths"][str(width or formatter_width())]]
        code = table["exit_code"]
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None
    if not isinstance(text, str) or not isinstance(code, int):
        return None
    return text, code


# ---- writing the table (loads Typer; never on the way to printing the help) ----------------


def _help_at(command: Any, width: int) -> tuple[str, int]:
    """What the app prints for `attach --help` at one width, and the code it exits with."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = command.main(
            ["--help"], prog_name=PROGRAM, standalone_mode=False, terminal_width=width
        )
    return out.getvalue(), code or 0


def build(command: Any = None) -> dict[str, Any]:
    """The table for the app as it is now (or for `command`, a click group): each distinct
    help text once, and for each width which text it is."""
    if command is None:
        from typer.main import get_command

        from attachjournal.cli.app import app

        command = get_command(app)
    texts: list[str] = []
    widths: dict[str, int] = {}
    codes = set()
    for width in WIDTHS:
        text, code = _help_at(command, width)
        codes.add(code)
        if text not in texts:
            texts.append(text)
        widths[str(width)] = texts.index(text)
    (code,) = codes  # the help exits the same way at every width
    return {"exit_code": code, "texts": texts, "widths": widths}


def render(table: dict[str, Any]) -> str:
    import json

    return json.dumps(table, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def stored() -> str:
    """The table's file as written ('' if there is none)."""
    try:
        with open(HELP_FILE, encoding="utf-8") as file:
            return file.read()
    except OSError:
        return ""


def main() -> None:
    table = build()
    with open(HELP_FILE, "w", encoding="utf-8") as file:
        file.write(render(table))
    name = os.path.basename(HELP_FILE)
    print(f"Wrote {name} ({len(table['texts'])} texts, {len(WIDTHS)} widths).", file=sys.stderr)


if __name__ == "__main__":
    main()
