"""What `attach config` lists, for a person or (--json) for a script."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attachjournal.views import render

if TYPE_CHECKING:
    from attachjournal.usecases.config import Settings


def _shown(key: str, value: str) -> str:
    """A setting's value as shown: a server's URL never with its password."""
    if key != "journal":
        return value
    from attachjournal import storage

    return storage.redact_url(value)


def listed(result: Settings, json_out: bool) -> None:
    if json_out:
        rows = [
            {
                "key": row.key,
                "value": _shown(row.key, row.value),
                "default": row.default,
                "from": row.source,
                "env": row.env,
                "help": row.help,
            }
            for row in result.rows
        ]
        render.print_json({"file": str(result.file), "settings": rows})
        return
    Text = render.Text
    out = render.stdout()
    out.print(Text(f"Settings file: {result.file}", style="dim"))
    for row in result.rows:
        shown = _shown(row.key, row.value) if row.value != "" else "(empty)"
        line = Text()
        line.append(row.key, style="bold")
        line.append(f" = {shown}")
        default = row.default or "(empty)"
        # "(default; default 04:00; ...)" said the same thing twice.
        if row.source == "default":
            source = f"the default; env {row.env}"
        elif row.source == row.env:
            source = f"set by {row.env}; default {default}"
        else:
            source = f"settings file; default {default}; env {row.env}"
        line.append(f"   ({source})")
        out.print(line)
        out.print(Text(f"  {row.help}", style="dim"))
