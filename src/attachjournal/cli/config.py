"""`attach config`: list, read and change the settings in settings.toml."""

from typing import Annotated

import typer

from attachjournal.cli.guard import guarded
from attachjournal.cli.options import JsonOption, WholeLines

app = typer.Typer(
    cls=WholeLines,
    help="Your settings (a small TOML file in your config folder). Each has a default and an "
    "environment variable that wins over the file.",
    invoke_without_command=True,
)

KeyArgument = Annotated[str, typer.Argument(metavar="KEY", help="A setting, e.g. day_starts_at.")]


@app.callback()
@guarded
def list_(ctx: typer.Context, json_out: JsonOption = False) -> None:
    """List every setting with its value, default and where the value comes from."""
    if ctx.invoked_subcommand is not None:
        return
    import os

    from attachjournal import settings
    from attachjournal.views import render

    path = settings.settings_path()
    current = settings.load(path)
    stored = settings.stored_values(path)
    rows = []
    for key, setting in settings.SETTINGS.items():
        if setting.env in os.environ:
            source = setting.env
        elif key in stored:
            source = "settings file"
        else:
            source = "default"
        rows.append(
            {
                "key": key,
                "value": current.text(key),
                "default": setting.default,
                "from": source,
                "env": setting.env,
                "help": setting.help,
            }
        )
    if json_out:
        render.print_json({"file": str(path), "settings": rows})
        return
    from rich.text import Text

    out = render.stdout()
    out.print(Text(f"Settings file: {path}", style="dim"))
    for row in rows:
        shown = row["value"] if row["value"] != "" else "(empty)"
        line = Text()
        line.append(row["key"], style="bold")
        line.append(f" = {shown}")
        default = row["default"] or "(empty)"
        # "(default; default 04:00; ...)" said the same thing twice.
        if row["from"] == "default":
            source = f"the default; env {row['env']}"
        elif row["from"] == row["env"]:
            source = f"set by {row['env']}; default {default}"
        else:
            source = f"settings file; default {default}; env {row['env']}"
        line.append(f"   ({source})")
        out.print(line)
        out.print(Text(f"  {row['help']}", style="dim"))


@app.command("get")
@guarded
def get(key: KeyArgument) -> None:
    """Print one setting's value, e.g. attach config get day_starts_at."""
    from attachjournal import settings

    settings.check(key, settings.SETTINGS[key].default if key in settings.SETTINGS else "")
    typer.echo(settings.load().text(key))


@app.command("set")
@guarded
def set_(
    key: KeyArgument,
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The new value.")],
) -> None:
    """Change a setting, e.g. attach config set day_starts_at 03:00."""
    from attachjournal import settings
    from attachjournal.views import render

    path = settings.settings_path()
    settings.set_value(path, key, value)
    render.note(f"{key} is now {settings.check(key, value) or '(empty)'}.")


@app.command("unset")
@guarded
def unset(key: KeyArgument) -> None:
    """Remove a setting from the file, so its default applies again."""
    from attachjournal import settings
    from attachjournal.views import render

    removed = settings.unset(settings.settings_path(), key)
    default = settings.SETTINGS[key].default or "(empty)"
    if removed:
        render.note(f"{key} is back to its default, {default}.")
    else:
        render.note(f"{key} was not set; its default is {default}.")
