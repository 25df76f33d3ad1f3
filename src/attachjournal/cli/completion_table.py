"""The table shell completion reads: every command, its options and what each one takes,
drawn from the Typer app itself and kept as JSON beside this module.

Completing runs on every Tab, so it must not build the Typer app (that alone costs more than
the rest of a completion); it reads this table instead. The table is made from the app, never
written by hand, and a test builds it again and compares. After adding or changing a command
or an option, write it again, and the stored root help (cli/root_help.py) with it:

    python -m attachjournal.cli.completion_table
    python -m attachjournal.cli.root_help
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

TABLE_FILE = Path(__file__).with_name("completion_table.json")

# What an option's value is, where its type alone does not say (most take a plain string).
# The value kinds completing.py knows: "people" (names from the journal), "week", "answer"
# (ID=VALUE from the command's questions), "file", "dir", "text" (nothing to offer), or a list
# of the exact words it takes.
BY_OPTION: dict[str, str] = {"--who": "people", "--week": "week", "--answer": "answer"}
BY_ARGUMENT: dict[tuple[str, str], str] = {
    ("people rename", "old"): "people",
    ("people remove", "name"): "people",
}


def _fixed_words() -> dict[tuple[str, str], list[str]]:
    """Options that take one of a few words, read from where the command checks them."""
    from attachjournal import settings
    from attachjournal.cli.completion_scripts import SCRIPTS
    from attachjournal.core.vocabulary import ENTRY_KINDS, KIND_ALIASES, ROLES
    from attachjournal.formats.export_formats import FORMATS

    typed = {stored: alias for alias, stored in reversed(KIND_ALIASES.items())}
    keys = sorted(settings.SETTINGS)
    return {
        ("export", "--format"): list(FORMATS),
        ("import", "--from"): ["attach", "jrnl"],
        ("*", "--kind"): [typed.get(kind, kind) for kind in ENTRY_KINDS],
        ("*", "--role"): list(ROLES),
        ("config get", "key"): keys,
        ("config set", "key"): keys,
        ("config unset", "key"): keys,
        ("completion", "shell"): list(SCRIPTS),
    }


def _first_line(text: str | None) -> str:
    """The help's first sentence, short enough for a completion menu."""
    import re

    line = " ".join((text or "").replace("\b", "").split())
    line = re.split(r"(?<!e\.g)(?<!i\.e)\. ", line)[0].rstrip(".")
    for cut in (", e.g.", " e.g.", " (", ": ", "; "):
        if len(line) > 60 and len(line.split(cut)[0]) >= 8:
            line = line.split(cut)[0]
    return line if len(line) <= 60 else line[:57].rstrip(" ,") + "..."


def _value_kind(where: str, param: Any, fixed: dict[tuple[str, str], list[str]]) -> Any:
    """What a parameter's value is: a list of words, or one of the kinds named above."""
    names = list(getattr(param, "opts", [])) if _is_option(param) else [param.name]
    for name in names:
        for key in ((where, name), ("*", name)):
            if key in fixed:
                return fixed[key]
        if name in BY_OPTION:
            return BY_OPTION[name]
        if (where, name) in BY_ARGUMENT:
            return BY_ARGUMENT[(where, name)]
    kind = type(param.type).__name__
    choices = getattr(param.type, "choices", None)
    if choices:
        return [str(choice) for choice in choices]
    metavar = param.metavar or ""
    if metavar == "NAME" and _is_option(param):
        return "people"  # --reassign-to NAME: someone already in the journal
    if "|" in metavar and metavar == metavar.lower():
        return metavar.split("|")  # --repair delete|keep-note
    if "DIR" in metavar:
        return "dir"
    if "FILE" in metavar:
        return "file"
    if kind.endswith("Path"):
        wants_files = getattr(param.type, "file_okay", True)
        return "file" if wants_files else "dir"
    return "text"


def _is_option(param: Any) -> bool:
    return type(param).__name__.endswith("Option")


def _command(where: str, command: Any, fixed: dict[tuple[str, str], list[str]]) -> dict:
    options: dict[str, dict[str, Any]] = {}
    arguments: list[Any] = []
    for param in command.params:
        if getattr(param, "hidden", False):
            continue
        if not _is_option(param):
            arguments.append(_value_kind(where, param, fixed))
            continue
        takes = None if param.is_flag or param.count else _value_kind(where, param, fixed)
        longs = [name for name in param.opts if name.startswith("--")]
        spec = {"takes": takes, "help": _first_line(param.help), "name": (longs or param.opts)[0]}
        for name in [*param.opts, *param.secondary_opts]:
            options[name] = spec
    for name in ("-h", "--help"):
        options[name] = {"takes": None, "help": "Show the help", "name": "--help"}
    entry: dict[str, Any] = {
        "help": _first_line(command.short_help or command.help),
        "options": options,
        "arguments": arguments,
    }
    if hasattr(command, "commands"):
        entry["commands"] = [
            name for name, sub in command.commands.items() if not getattr(sub, "hidden", False)
        ]
    return entry


def build() -> dict[str, Any]:
    """The table for the app as it is now: command path ('' is `attach` itself) -> entry."""
    from typer.main import get_command

    from attachjournal.cli.app import app

    fixed = _fixed_words()
    table: dict[str, Any] = {}

    def walk(where: str, command: Any) -> None:
        table[where] = _command(where, command, fixed)
        for name, sub in getattr(command, "commands", {}).items():
            if not getattr(sub, "hidden", False):
                walk(f"{where} {name}".strip(), sub)

    walk("", get_command(app))
    return table


def render(table: dict[str, Any]) -> str:
    return json.dumps(table, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def load() -> dict[str, Any]:
    """The table as written, for completing (cheap: no Typer)."""
    table: dict[str, Any] = json.loads(TABLE_FILE.read_text(encoding="utf-8"))
    return table


def main() -> None:
    TABLE_FILE.write_text(render(build()), encoding="utf-8")
    print(f"Wrote {TABLE_FILE.name} ({len(build())} commands).", file=sys.stderr)


if __name__ == "__main__":
    main()
