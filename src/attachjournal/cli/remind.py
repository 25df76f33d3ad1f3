"""`attach remind`: a gentle nudge in the evening, without a program running in the background."""

from typing import Annotated

from attachjournal.cli.common import day_start, journal_path
from attachjournal.cli.declare import Option
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import DbOption


@guarded
def remind(
    shell: Annotated[
        str | None,
        Option(
            "--shell",
            metavar="bash|zsh|fish",
            help="Print lines for your shell's startup file: a new terminal in the evening "
            "says one quiet line when today has no check-in.",
            show_default=False,
        ),
    ] = None,
    after: Annotated[
        str | None,
        Option(
            "--after",
            metavar="HH:MM",
            help="With --shell: from when in the evening (default 19:00).",
            show_default=False,
        ),
    ] = None,
    systemd: Annotated[
        bool,
        Option(
            "--systemd",
            help="Print a script that installs a systemd user timer: a desktop notification "
            "(notify-send) at --at when today has no check-in.",
        ),
    ] = False,
    launchd: Annotated[
        bool,
        Option(
            "--launchd",
            help="Print a script that installs a macOS LaunchAgent: a notification "
            "(osascript) at --at when today has no check-in.",
        ),
    ] = False,
    at: Annotated[
        str | None,
        Option(
            "--at",
            metavar="HH:MM",
            help="With --systemd or --launchd: when the notification comes (default 19:00).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """A gentle nudge in the evening when today has no check-in; nothing runs in the background.

    Every saved check-in leaves the journal day (a date, nothing else) in a small private
    file in attach's state folder, one folder per journal. What this prints compares that date with today, in a few
    milliseconds, without starting attach; it never asks anything, and says one line at most
    once an evening. An evening runs from --after (or --at) until the journal day ends
    (day_starts_at); print it again after changing that setting or moving the journal.

    \b
    In a shell (bash 4.2 or newer, zsh, fish), add it to the startup file:
      attach remind --shell bash >> ~/.bashrc
      attach remind --shell zsh --after 20:30 >> ~/.zshrc
      attach remind --shell fish >> ~/.config/fish/config.fish
    To remove it, delete the lines from '>>> attach' to '<<< attach' in that file.

    \b
    As a desktop notification (the text is fixed: nothing from the journal, lock screens
    show it). Read the script first, then run it:
      attach remind --systemd --at 20:00 | sh
      attach remind --launchd --at 20:00 | sh
    The script's first lines say how to remove it again.
    """
    from attachjournal.usecases.remind import RemindRequest, remind
    from attachjournal.views import remind_out

    request = RemindRequest(shell=shell, systemd=systemd, launchd=launchd, after=after, at=at)
    remind_out.reminder(remind(journal_path(db), request, day_start()))
