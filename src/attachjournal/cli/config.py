"""`attach config`: list, read and change the settings in settings.toml."""

from typing import Annotated

import typer

from attachjournal.cli.declare import Argument
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import JsonOption
from attachjournal.cli.typer_bridge import Commands, WholeLines

app = Commands(
    cls=WholeLines,
    help="Your settings (a small TOML file in your config folder). Each has a default and an "
    "environment variable that wins over the file.",
    invoke_without_command=True,
)

KeyArgument = Annotated[str, Argument(metavar="KEY", help="A setting, e.g. day_starts_at.")]


@app.callback()
@guarded
def list_(ctx: typer.Context, json_out: JsonOption = False) -> None:
    """List every setting with its value, default and where the value comes from."""
    if ctx.invoked_subcommand is not None:
        return
    from attachjournal.usecases import config
    from attachjournal.views import config_out

    config_out.listed(config.list_settings(), json_out)


@app.command("list")
@guarded
def list_again(json_out: JsonOption = False) -> None:
    """The same list as plain `attach config`, for hands used to `attach people list`."""
    from attachjournal.usecases import config
    from attachjournal.views import config_out

    config_out.listed(config.list_settings(), json_out)


@app.command("get")
@guarded
def get(key: KeyArgument) -> None:
    """Print one setting's value, e.g. attach config get day_starts_at."""
    from attachjournal import settings

    settings.check(key, settings.SETTINGS[key].default if key in settings.SETTINGS else "")
    value = settings.load().text(key)
    if key == "journal":  # a server's URL is shown without a password, wherever it came from
        from attachjournal import storage

        value = storage.redact_url(value)
    typer.echo(value)


@app.command("set")
@guarded
def set_(
    key: KeyArgument,
    value: Annotated[str, Argument(metavar="VALUE", help="The new value.")],
) -> None:
    """Change a setting, e.g. attach config set day_starts_at 03:00."""
    from attachjournal import settings, storage
    from attachjournal.errors import UsageError
    from attachjournal.views import render

    if key == "journal" and storage.url_password(value):
        # Not written, not repeated: the settings file is no place for a password.
        raise UsageError(
            "The journal setting takes the server's URL without its password.",
            "Keep the password in ~/.pgpass (one line, host:port:database:role:password, "
            "mode 0600) or a service file, as psql does.",
        )
    path = settings.settings_path()
    settings.set_value(path, key, value, write=storage.write_private)
    render.note(f"{key} is now {settings.check(key, value) or '(empty)'}.")


@app.command("unset")
@guarded
def unset(key: KeyArgument) -> None:
    """Remove a setting from the file, so its default applies again."""
    from attachjournal import settings, storage
    from attachjournal.views import render

    removed = settings.unset(settings.settings_path(), key, write=storage.write_private)
    default = settings.SETTINGS[key].default or "(empty)"
    if removed:
        render.note(f"{key} is back to its default, {default}.")
    else:
        render.note(f"{key} was not set; its default is {default}.")
