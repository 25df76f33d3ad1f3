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
    from attachjournal.core.when import When

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


class WholeLines(typer.core.TyperGroup):
    """Lists commands with the whole first paragraph of their help, wrapped, never cut off."""

    def format_commands(self, ctx: typer.Context, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            text = command.short_help or (command.help or "").split("\n\n")[0]
            rows.append((name, " ".join(text.replace("\b", "").split())))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def guarded(func: F) -> F:
    """The one error boundary: expected errors become one kind line and their exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from attachjournal.views import render

        _told.clear()  # warnings about the journal's place are said once per command
        _afterwards.clear()
        saved = False
        try:
            result = func(*args, **kwargs)
            saved = True
            _editor_files(keep=False)
            return result
        except Cancelled as exc:
            _editor_files(keep=False)  # the person chose to save nothing
            render.stderr().print()
            render.error(exc.message, exc.hint)
            raise typer.Exit(exc.exit_code) from None
        except AttachError as exc:
            render.error(exc.message, exc.hint)
            _editor_files(keep=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            _editor_files(keep=False)
            render.stderr().print()
            render.error("Cancelled, nothing was saved.")
            raise typer.Exit(Cancelled.exit_code) from None
        except (typer.Exit, typer.Abort):
            _editor_files(keep=False)
            raise
        except Exception as exc:
            _unexpected(exc)
            _editor_files(keep=True)
            raise typer.Exit(1) from None
        finally:
            _run_afterwards(saved)

    return wrapper  # type: ignore[return-value]


def _editor_files(*, keep: bool) -> None:
    """Answers written in an editor: removed once saved, kept (and their place told) if not."""
    if "attachjournal.cli.long_text" not in sys.modules:
        return  # no editor was opened in this command
    from attachjournal.cli import long_text
    from attachjournal.views import render

    if not keep:
        long_text.forget()
        return
    for path in long_text.kept_files():
        render.note(f"What you wrote in the editor is kept, readable only by you: {path}")


def _unexpected(exc: Exception) -> None:
    """A bug: say so kindly. Its message and locals may hold what someone wrote: never shown."""
    import traceback

    from attachjournal.views import render

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
    from attachjournal.core.when import When, read_when

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


def make_asker(no_input: bool, json_out: bool = False, *, editor: bool = False) -> Any:
    if not interactive(no_input, json_out):
        return None
    import gc

    gc.enable()  # a person may take minutes over the questions; keep memory tidy meanwhile
    from attachjournal.cli.interactive import QuestionaryAsker

    if not json_out:
        return QuestionaryAsker(editor=editor)
    # With --json, stdout carries only the JSON: the questions are drawn on stderr.
    from prompt_toolkit.output import create_output

    return QuestionaryAsker(output=create_output(stdout=sys.stderr), editor=editor)


def gather_given(answer: list[str] | None, answers_file: str | None) -> dict[str, Any]:
    """Merge --answers FILE|- and -a ID=VALUE; the command line wins."""
    given: dict[str, Any] = {}
    if answers_file:
        given.update(read_answers_file(answers_file))
    for item in answer or []:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            # Never repeated back: it may hold what someone meant to write in the journal.
            raise UsageError(
                "-a takes ID=VALUE, e.g. -a resourced=3 (each -a needs a question id, '=', then the answer)."
            )
        given[key] = value
    return given


def read_answers_file(source: str) -> dict[str, Any]:
    import json

    from attachjournal.core import safe_yaml

    label = "stdin" if source == "-" else source
    text = read_text_source(source, "an answers file", limit=MAX_ANSWERS_BYTES)
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        data = safe_yaml.load(text, label)
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
# Said once the command has finished (the safety notice for answers given with -a): with
# saved=True after it succeeded, saved=False after an error or a cancel.
_afterwards: list[Callable[[bool], None]] = []


def _run_afterwards(saved: bool) -> None:
    for callback in list(_afterwards):
        callback(saved)
    _afterwards.clear()


def _look_after(path: Path) -> None:
    from attachjournal.storage import (
        inspect_path,
        repair_side_files,
        sync_service,
        tighten_permissions,
    )
    from attachjournal.views import render

    try:
        # Only a real journal is ours to change; opening anything else will say what it is.
        state = inspect_path(path)
        tightened = tighten_permissions(path) if state == "journal" else []
        if state in ("journal", "encrypted"):
            repair_side_files(path)
    except (AttachError, OSError):
        tightened = []
    if tightened:
        names = ", ".join(p.name for p in tightened)
        render.note(
            f"Other people on this computer could read your journal ({names}). "
            "attach made it private again: readable by you only."
        )
    service = sync_service(path)
    if service:
        render.note(
            f"Your journal is inside a {service} folder. Sync can copy a journal halfway "
            "through a save and damage it; a folder that isn't synced is safer "
            "(--db or ATTACH_DB choose where it lives)."
        )


def load_prompts(option: Path | None) -> Any:
    from attachjournal.core import prompts
    from attachjournal.paths import user_prompts_path

    return prompts.load(user_prompts_path(option))


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


def care_watch(prompts: Any, given: dict[str, Any]) -> Any:
    """The safety check: a kind word (stderr, once) for concerning free text, given or typed.

    It never blocks or changes the entry: it only adds a message, after saving for answers
    given on the command line, at once for answers typed at the prompts.
    """
    from attachjournal.core import safety
    from attachjournal.usecases.editing import NOTE
    from attachjournal.views.render_care import show_care

    # Notes (imported from jrnl) are edited too: their title and text are checked as well.
    questionnaires = [prompts[name] for name in ("reflect", "rupture", "repair")] + [NOTE]
    given_groups = safety.groups_in(safety.text_answers(questionnaires, given))
    if given_groups:
        # Answers given with -a / --answers: the notice comes once the command has finished,
        # so "your entry is saved" is true when it is said (and not said when it isn't).
        def afterwards(saved: bool) -> None:
            guide = safety.guide()
            show_care(guide, given_groups, None if saved else guide.unsaved_opening)

        _afterwards.append(afterwards)
    watch = safety.CareWatch(lambda groups: show_care(safety.guide(), groups))
    watch.shown = bool(given_groups)  # once per command
    return watch


def care_in_period(journal: Any, start: Any, end: Any, prompts: Any) -> Any:
    """Whether entries written in [start, end) hold words about harm: for a review or page.

    Returns safety.PeriodConcern (how many entries, which groups) or None; reads only the
    free-text answers, so a long period stays quick.
    """
    if journal is None:
        return None
    from attachjournal.core import safety
    from attachjournal.usecases.editing import NOTE

    questionnaires = [prompts[name] for name in ("reflect", "rupture", "repair")] + [NOTE]
    text_ids = sorted({q.id for qn in questionnaires for q in qn.questions if q.kind == "text"})
    with journal.read() as conn:
        entries = conn.entries_between(start, end, question_ids=text_ids)
    return safety.period_concern(safety.entry_texts(e) for e in entries)


def show_period_care(concern: Any, template: str = "review_opening") -> None:
    """The notice once, on stderr, before a review, patterns or an import's summary."""
    if concern is None:
        return
    from attachjournal.core import safety
    from attachjournal.views.render_care import period_opening, show_care

    guide = safety.guide()
    opening = period_opening(guide, getattr(guide, template), concern.entries)
    show_care(guide, concern.groups, opening)


def period_care_html(concern: Any) -> str:
    """The notice as the HTML page's first section, or "" when the period holds nothing."""
    if concern is None:
        return ""
    from attachjournal.core import safety
    from attachjournal.views.render_care import care_html, period_opening

    guide = safety.guide()
    return care_html(
        guide, concern.groups, period_opening(guide, guide.review_opening, concern.entries)
    )


def entry_filters(kind: str | None, since: str | None) -> Any:
    """Check --kind and turn --since DATE into the aware local midnight it starts at."""
    from datetime import datetime

    from attachjournal.core.vocabulary import ENTRY_KINDS
    from attachjournal.core.when import parse_day

    if kind is not None and kind not in ENTRY_KINDS:
        raise UsageError("--kind must be one of check-in, rupture, repair, note.")
    if not since:
        return None
    day = parse_day(since, datetime.now().date())
    return datetime.combine(day, datetime.min.time()).astimezone()


# Room for a very long answer (an evening's worth of writing is a few KB), not for a flood.
MAX_ANSWERS_BYTES = 16 * 1024 * 1024


def read_text_source(source: str, what: str, limit: int | None = None) -> str:
    """The text of a file, or of stdin for '-', with one plain line for every way it can fail."""
    label = "stdin" if source == "-" else source
    try:
        if source == "-":
            text = sys.stdin.read(limit + 1) if limit is not None else sys.stdin.read()
        else:
            with open(Path(source).expanduser(), encoding="utf-8") as handle:
                text = handle.read(limit + 1) if limit is not None else handle.read()
        if limit is not None and len(text) > limit:
            raise UsageError(
                f"{label} is larger than {limit // (1024 * 1024)} MB, more than {what} can hold; "
                "nothing was read from it."
            )
        return text
    except FileNotFoundError:
        raise UsageError(f"There is no file at {source} (expected {what}).") from None
    except IsADirectoryError:
        raise UsageError(f"{source} is a folder, not {what}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{label} could not be read ({type(exc).__name__}).") from None
