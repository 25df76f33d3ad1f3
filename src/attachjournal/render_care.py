"""The kind word shown when someone writes about harm, and `attach help-now`."""

from __future__ import annotations

from rich.console import Console, Group
from rich.text import Text

from attachjournal.safety import SafetyGuide


def care_view(safety: SafetyGuide) -> Group:
    """Calm, and never repeats what the person wrote."""
    parts = [Text("♡ ", style="magenta") + Text(safety.message)]
    parts += [Text("  • " + line) for line in safety.resources]
    return Group(*parts)


def help_now_view(safety: SafetyGuide) -> Group:
    parts = [Text(safety.help_now_intro)]
    parts += [Text("  • " + line) for line in safety.resources]
    return Group(*parts)


def show_care(safety: SafetyGuide, console: Console | None = None) -> None:
    """On stderr, so stdout stays clean for --json."""
    from attachjournal.render import stderr

    target = console or stderr()
    target.print()
    target.print(care_view(safety))
    target.print()
