"""`attach completion SHELL`: the script that lets the shell complete attach's commands."""

import sys
from typing import Annotated

from attachjournal.cli.declare import Argument
from attachjournal.cli.guard import guarded


@guarded
def completion(
    shell: Annotated[str, Argument(metavar="SHELL", help="bash, zsh or fish.")],
) -> None:
    """Print the completion script for bash, zsh or fish: Tab then completes commands,
    options, question ids and answers after -a, people's names and --week.

    Names are read from the journal as it is, read-only; an encrypted journal offers none.

    \b
    To install (then open a new shell):
      bash:  attach completion bash > ~/.local/share/bash-completion/completions/attach
      zsh:   attach completion zsh > ~/.zfunc/_attach
             (with fpath=(~/.zfunc $fpath) before compinit in ~/.zshrc)
      fish:  attach completion fish > ~/.config/fish/completions/attach.fish
    To remove it, delete that file.
    """
    from attachjournal.cli.completion_scripts import SCRIPTS
    from attachjournal.errors import UsageError

    script = SCRIPTS.get(shell.strip().lower())
    if script is None:
        raise UsageError("attach completion takes bash, zsh or fish.")
    sys.stdout.write(script)
