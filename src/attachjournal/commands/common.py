"""Options shared by several commands, and the wiring every command needs.

Kept free of heavy imports: it is loaded for `attach --help`.
"""

import functools
import os
import sys
from collections.abc import Callable
from datetime import datetime, time, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from attachjournal.errors import AttachError, Cancelled, UsageError

if TYPE_CHECKING:
    from attachjournal.when import When

F = TypeVar("F", bound=Callable[..., Any])

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Journal file to use (default: ATTACH_DB, then your data folder).",
        show_default=False,
        dir_okay=True,
    ),
]
PromptsOption = Annotated[
    Path | None,
    typer.Option(
        "--prompts",
        help="Your own prompts.yaml (default: ATTACH_PROMPTS, then your config folder).",
        show_default=False,
    ),
]
AnswerOption = Annotated[
    list[str] | None,
    typer.Option(
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
    typer.Option(
        "--answers",
        metavar="FILE|-",
        help="A YAML or JSON mapping of question id to answer; '-' reads it from stdin. "
        "-a values win over the file.",
        show_default=False,
    ),
]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="WHEN",
        help="When it happened, if not now: '19:30', '7pm', 'yesterday 9pm', 'last night', "
        "'this morning', 'mon 19:00', '2h ago' or 2026-11-20T19:30. Never in the future.",
        show_default=False,
    ),
]
NoInputOption = Annotated[
    bool,
    typer.Option(
        "--no-input", help="Never ask; fail (exit 2) listing any required answer missing."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON only, for scripts.")]

# Filters shared by `attach log` and `attach search`.
ENTRY_KINDS = ("reflect", "rupture", "repair", "note")
# A check-in is stored as `reflect` (the command's name); people know it as a check-in, and
# `log` shows it so, so --kind takes either.
KIND_NAMES = {"check-in": "reflect", "checkin": "reflect", "check-ins": "reflect"}


def _entry_kind(value: str | None) -> str | None:
    """The stored kind for what was typed; a kind it can't be is refused in entry_filters (an
    error raised while the options are parsed would escape the one-line error handling)."""
    if value is None:
        return None
    kind = value.strip().lower()
    return KIND_NAMES.get(kind, kind.removesuffix("s") if kind.endswith("s") else kind)


KindFilterOption = Annotated[
    str | None,
    typer.Option(
        "--kind",
        help="Only check-ins (or 'reflect'), ruptures, repairs or notes.",
        show_default=False,
        callback=_entry_kind,
    ),
]
WhoFilterOption = Annotated[
    str | None,
    typer.Option(
        "--who", metavar="NAME", help="Only entries about this person.", show_default=False
    ),
]
SinceDayOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="From this day on (2026-11-01, '7d ago').",
        show_default=False,
    ),
]
UntilDayOption = Annotated[
    str | None,
    typer.Option(
        "--until", metavar="DATE", help="Last day to include (default: today).", show_default=False
    ),
]
LimitOption = Annotated[
    int, typer.Option("-n", "--limit", metavar="N", min=1, help="How many, newest first.")
]

HtmlOption = Annotated[
    Path | None,
    typer.Option(
        "--html",
        metavar="FILE",
        help="Also write one self-contained HTML page with charts (readable only by you).",
        show_default=False,
        dir_okay=False,
    ),
]


def guarded(func: F) -> F:
    """The one error boundary: expected errors become one kind line and their exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from attachjournal import render

        _told.clear()  # warnings about the journal's place are said once per command
        try:
            return func(*args, **kwargs)
        except Cancelled as exc:
            render.stderr().print()
            render.error(exc.message, exc.hint)
            raise typer.Exit(exc.exit_code) from None
        except AttachError as exc:
            render.error(exc.message, exc.hint)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            render.stderr().print()
            render.error("Cancelled, nothing was saved.")
            raise typer.Exit(Cancelled.exit_code) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            _unexpected(exc)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _unexpected(exc: Exception) -> None:
    """A bug: say so kindly. Its message and locals may hold what someone wrote: never shown."""
    import traceback

    from attachjournal import render

    render.error(
        f"Something unexpected went wrong inside attach ({type(exc).__name__}), so it stopped. "
        "Anything not confirmed as saved was not saved.",
        "ATTACH_DEBUG=1 shows where it happened (never what you wrote).",
    )
    if env_flag("ATTACH_DEBUG"):
        frames = traceback.extract_tb(exc.__traceback__)
        for frame in frames:
            render.stderr().print(
                render.Text(f"  {frame.filename}:{frame.lineno} in {frame.name}", style="dim")
            )


def now() -> datetime:
    return datetime.now(timezone.utc)


def parse_at(value: str | None, current: datetime) -> datetime:
    return read_at(value, current).moment


def read_at(value: str | None, current: datetime) -> "When":
    """--at WHEN or a typed "when" answer, read with the person's `day_starts_at`."""
    from attachjournal.when import When, read_when

    if not value:
        return When(current)
    return read_when(value, current, day_start())


def day_start() -> time:
    """The person's `day_starts_at`: where one journal day ends and the next begins."""
    from attachjournal import settings

    return settings.load().day_starts_at


def interactive(no_input: bool, json_out: bool = False) -> bool:
    """Ask questions only with a person at a terminal on both ends; never read piped keystrokes.

    With --json the questions are drawn on stderr, so `attach reflect --json > entry.json`
    still asks when stderr is a terminal.
    """
    if no_input or not sys.stdin.isatty():
        return False
    return sys.stdout.isatty() or (json_out and sys.stderr.isatty())


def make_asker(no_input: bool, json_out: bool = False) -> Any:
    if not interactive(no_input, json_out):
        return None
    import gc

    gc.enable()  # a person may take minutes over the questions; keep memory tidy meanwhile
    from attachjournal.interactive import QuestionaryAsker

    if not json_out:
        return QuestionaryAsker()
    # With --json, stdout carries only the JSON: the questions are drawn on stderr.
    from prompt_toolkit.output import create_output

    return QuestionaryAsker(output=create_output(stdout=sys.stderr))


def gather_given(answer: list[str] | None, answers_file: str | None) -> dict[str, Any]:
    """Merge --answers FILE|- and -a ID=VALUE; the command line wins."""
    given: dict[str, Any] = {}
    if answers_file:
        given.update(read_answers_file(answers_file))
    for item in answer or []:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"-a takes ID=VALUE, e.g. -a resourced=3 (got {item[:30]!r}).")
        given[key] = value
    return given


def read_answers_file(source: str) -> dict[str, Any]:
    import json

    import yaml

    label = "stdin" if source == "-" else source
    text = read_text_source(source, "an answers file")
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        try:
            data = yaml.safe_load(text)
        except (yaml.YAMLError, RecursionError):
            raise UsageError(f"The answers in {label} are neither valid YAML nor JSON.") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise UsageError(
            f"The answers in {label} must be a mapping of question id to answer, "
            'e.g. {"resourced": 3}.'
        )
    return data


def journal_path(db: Path | None) -> Path:
    """The journal to use; tells the person (once) if it was readable by others or is synced."""
    from attachjournal.paths import journal_path as resolve

    path = resolve(db)
    if str(path) not in _told:
        _told.add(str(path))
        _look_after(path)
    return path


_told: set[str] = set()


def _look_after(path: Path) -> None:
    from attachjournal import render
    from attachjournal.store import inspect_path, tighten_permissions
    from attachjournal.sync_folders import sync_service

    try:
        # Only a real journal is ours to change; opening anything else will say what it is.
        tightened = tighten_permissions(path) if inspect_path(path) == "journal" else []
    except (AttachError, OSError):
        tightened = []
    if tightened:
        names = ", ".join(p.name for p in tightened)
        render.note(
            f"Other people on this computer could read your journal ({names}). "
            "I've made it private again: readable by you only."
        )
    service = sync_service(path)
    if service:
        render.note(
            f"Your journal is inside a {service} folder. Sync can copy a journal halfway "
            "through a save and damage it; a folder that isn't synced is safer "
            "(--db or ATTACH_DB choose where it lives)."
        )


def load_prompts(option: Path | None) -> Any:
    from attachjournal import prompts
    from attachjournal.paths import user_prompts_path

    return prompts.load(user_prompts_path(option))


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


def care_watch(prompts: Any, given: dict[str, Any]) -> Any:
    """The safety check: a kind word (stderr, once) for concerning free text, given or typed.

    It never blocks or changes the entry: it only adds a message before saving as usual.
    """
    from attachjournal import safety
    from attachjournal.render_care import show_care

    watch = safety.CareWatch(lambda: show_care(safety.guide()))
    questionnaires = [prompts[name] for name in ("reflect", "rupture", "repair")]
    watch.check(safety.text_answers(questionnaires, given))
    return watch


def entry_filters(kind: str | None, since: str | None) -> Any:
    """Check --kind and turn --since DATE into the aware local midnight it starts at."""
    from datetime import datetime

    from attachjournal.when import parse_day

    if kind is not None and kind not in ENTRY_KINDS:
        raise UsageError("--kind must be one of check-in, rupture, repair, note.")
    if not since:
        return None
    day = parse_day(since, datetime.now().date())
    return datetime.combine(day, datetime.min.time()).astimezone()


def read_text_source(source: str, what: str) -> str:
    """The text of a file, or of stdin for '-', with one plain line for every way it can fail."""
    label = "stdin" if source == "-" else source
    try:
        if source == "-":
            return sys.stdin.read()
        return Path(source).expanduser().read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"There is no file at {source} (expected {what}).") from None
    except IsADirectoryError:
        raise UsageError(f"{source} is a folder, not {what}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{label} could not be read ({type(exc).__name__}).") from None
