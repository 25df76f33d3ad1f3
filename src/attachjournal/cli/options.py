"""The command-line options several commands share.

The Annotated option objects are made once and shared: Typer reads every command's
signature on each run. Kept free of heavy imports: it is loaded for `attach --help`.
"""

from pathlib import Path
from typing import Annotated

from attachjournal.cli.declare import Option

DbOption = Annotated[
    str | None,
    Option(
        "--db",
        metavar="FILE|URL",
        help="Journal file, or a PostgreSQL server's URL (postgresql://ROLE@HOST/DATABASE), "
        "to use (default: ATTACH_DB, then your data folder).",
        show_default=False,
    ),
]
PromptsOption = Annotated[
    Path | None,
    Option(
        "--prompts",
        help="Your own prompts.yaml (default: ATTACH_PROMPTS, then your config folder).",
        show_default=False,
    ),
]
AnswerOption = Annotated[
    list[str] | None,
    Option(
        "--answer",
        "-a",
        metavar="ID=VALUE",
        help="Answer a question without a prompt, e.g. -a resourced=3 -a feelings=tired,calm. "
        "Repeatable. Keep free text out of here (it lands in shell history): use --answers -.",
        show_default=False,
    ),
]
AnswersFileOption = Annotated[
    str | None,
    Option(
        "--answers",
        metavar="FILE|-",
        help="A YAML or JSON mapping of question id to answer; '-' reads it from stdin. "
        "-a values win over the file.",
        show_default=False,
    ),
]
AtOption = Annotated[
    str | None,
    Option(
        "--at",
        metavar="WHEN",
        help="When it happened, if not now: '19:30', '7pm', 'yesterday 9pm', 'last night', "
        "'this morning', 'mon 19:00', '2h ago' or 2026-11-20T19:30. Never in the future.",
        show_default=False,
    ),
]
NoInputOption = Annotated[
    bool,
    Option("--no-input", help="Never ask; fail (exit 2) listing any required answer missing."),
]
JsonOption = Annotated[bool, Option("--json", help="Print JSON only, for scripts.")]


def _entry_kind(value: str | None) -> str | None:
    """The stored kind for what was typed; a kind it can't be is refused in entry_filters (an
    error raised while the options are parsed would escape the one-line error handling)."""
    if value is None:
        return None
    from attachjournal.core.vocabulary import KIND_ALIASES

    kind = value.strip().lower()
    return KIND_ALIASES.get(kind, kind.removesuffix("s") if kind.endswith("s") else kind)


# Filters shared by `attach log` and `attach search`.
KindFilterOption = Annotated[
    str | None,
    Option(
        "--kind",
        help="Only check-ins (or 'reflect'), ruptures, repairs, notes or intentions.",
        show_default=False,
        callback=_entry_kind,
    ),
]
WhoFilterOption = Annotated[
    str | None,
    Option("--who", metavar="NAME", help="Only entries about this person.", show_default=False),
]
SinceDayOption = Annotated[
    str | None,
    Option(
        "--since",
        metavar="DATE",
        help="From this day on (2026-11-01, '7d ago').",
        show_default=False,
    ),
]
UntilDayOption = Annotated[
    str | None,
    Option(
        "--until", metavar="DATE", help="Last day to include (default: today).", show_default=False
    ),
]
WeekOption = Annotated[
    str | None,
    Option(
        "--week",
        metavar="WEEK",
        help="A week, Monday to Sunday: this, last, -2 (two weeks ago), 2026-W47, W47 or 47 "
        "(this year's; once still ahead, last year's), or a day in it (2026-11-18, yesterday).",
        show_default=False,
    ),
]
LimitOption = Annotated[
    int, Option("-n", "--limit", metavar="N", min=1, help="How many, newest first.")
]

HtmlOption = Annotated[
    Path | None,
    Option(
        "--html",
        metavar="FILE",
        help="Also write one self-contained HTML page with charts (readable only by you).",
        show_default=False,
        dir_okay=False,
    ),
]
