"""What every command starts with: the options before the command's name, and the run's
Context made from them. Used by the Typer app (cli/app.py) and the fast path (cli/fast.py)."""

from pathlib import Path
from typing import Annotated, Any

from attachjournal.cli.declare import Option


def show_version(value: bool) -> None:
    if value:
        from attachjournal import __version__

        try:
            print(f"attach {__version__}", flush=True)
        except BrokenPipeError:
            # The reader went away first (`attach --version | true`): end quietly, as Typer does.
            from attachjournal.cli.guard import quiet_stdout

            quiet_stdout()
            raise SystemExit(1) from None
        raise SystemExit(0)


VersionOption = Annotated[
    bool, Option("--version", callback=show_version, is_eager=True, help="Show the version.")
]
PassphraseFileOption = Annotated[
    Path | None,
    Option(
        "--passphrase-file",
        metavar="FILE",
        envvar="ATTACH_PASSPHRASE_FILE",
        help="For an encrypted journal: read the passphrase from the first line of FILE "
        "(for scripts; ATTACH_PASSPHRASE works too). Never type it on the command line.",
        show_default=False,
    ),
]


PlainOption = Annotated[
    bool,
    Option(
        "--plain",
        help="Plain mode, for screen readers and plain terminals: numbered questions "
        "(type 3, or 1,4), no colour or redraws, symbols as words, no boxes "
        "(always: ATTACH_ACCESSIBLE=1 or attach config set accessible yes).",
    ),
]


def root(
    version: VersionOption = False,
    passphrase_file: PassphraseFileOption = None,
    plain: PlainOption = False,
    *,
    given: Any = None,
) -> None:
    """What runs before every command: the Context, made from the options before its name.
    `given` is a Context a test hands in (CliRunner.invoke(..., obj=Context(...)))."""
    begin(given, passphrase_file, plain)


def begin(given: Any, passphrase_file: Path | None, plain: bool = False) -> None:
    """Make the run's one Context (or take the one a test hands in) and make it current."""
    from attachjournal.cli import passphrase
    from attachjournal.cli.context import Context, use

    context = given if isinstance(given, Context) else Context()
    context.plain = context.plain or plain
    # One passphrase source per command: what it reads or is typed is asked once, and
    # forgotten after. Storage is handed it; it never asks by itself.
    context.passphrase = passphrase.start(passphrase_file, context.ask_passphrase)
    use(context)
