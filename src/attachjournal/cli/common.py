"""The wiring every command needs: the time now, the journal's place, the prompts, the
asker, and reading what was given on the command line or stdin.

Each reads the running command's context (cli/context.py). Kept free of heavy imports: it
is loaded for `attach --help`.
"""

import sys
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attachjournal.cli.context import current
from attachjournal.errors import AttachError, UsageError

if TYPE_CHECKING:
    from attachjournal.core.when import When
    from attachjournal.paths import Location


def now() -> datetime:
    """Now, from the command's clock (aware, UTC)."""
    return current().now()


def today() -> Any:
    """Today's date where the person is, from the command's clock."""
    return current().local_now().date()


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


def make_asker(no_input: bool, json_out: bool = False, *, editor: bool = False) -> Any:
    """The command's asker (questionary at a terminal), or None when no one can be asked."""
    return current().make_asker(no_input, json_out, editor=editor)


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


def journal_path(db: "str | Path | None") -> "Location":
    """The journal to use; tells the person (once) if it was readable by others or is synced."""
    context = current()
    path = journal_location(db)
    if isinstance(path, Path) and str(path) not in context.told:
        context.told.add(str(path))
        _look_after(path)
    return path


def journal_location(db: "str | Path | None") -> "Location":
    """Where the journal is: --db, else ATTACH_DB, else the `journal` setting, else the data
    folder's journal.db."""
    import os

    from attachjournal.paths import journal_path as resolve

    chosen = db if db is not None else current().journal
    if chosen is None and not os.environ.get("ATTACH_DB"):
        from attachjournal import settings

        chosen = settings.load().text("journal") or None
    return resolve(chosen)


def _look_after(path: Path) -> None:
    from attachjournal.storage import (
        inspect_path,
        repair_side_files,
        sync_service,
        tighten_permissions,
    )

    try:
        # Only a real journal is ours to change; opening anything else will say what it is.
        state = inspect_path(path)
        tightened = tighten_permissions(path) if state == "journal" else []
        if state in ("journal", "encrypted"):
            repair_side_files(path)
    except (AttachError, OSError):
        tightened = []
    if tightened:
        from attachjournal.views import render

        names = ", ".join(p.name for p in tightened)
        render.note(
            f"Other people on this computer could read your journal ({names}). "
            "attach made it private again: readable by you only."
        )
    service = sync_service(path)
    if service:
        from attachjournal.views import render

        render.note(
            f"Your journal is inside a {service} folder. Sync can copy a journal halfway "
            "through a save and damage it; a folder that isn't synced is safer "
            "(--db or ATTACH_DB choose where it lives)."
        )


def load_prompts(option: Path | None) -> Any:
    return current().prompts(option)


def entry_filters(kind: str | None, since: str | None) -> Any:
    """Check --kind and turn --since DATE into the aware local midnight it starts at."""

    from attachjournal.core.vocabulary import ENTRY_KINDS
    from attachjournal.core.when import parse_day

    if kind is not None and kind not in ENTRY_KINDS:
        raise UsageError("--kind must be one of check-in, rupture, repair, note, intention.")
    if not since:
        return None
    from attachjournal.core.stats import local_midnight

    return local_midnight(parse_day(since, today()))


def week_filter(week: str | None, since: str | None, until: str | None = None) -> Any:
    """--week as the [start, end) of its journal days (as the review counts them), or None."""
    if not week:
        return None
    if since or until:
        raise UsageError("Use either --week or --since/--until, not both.")
    from datetime import timedelta

    from attachjournal.core.stats import local_day, local_midnight
    from attachjournal.core.weeks import read_week

    start = day_start()
    read = read_week(week, local_day(current().local_now(), start))
    if read.reading:
        from attachjournal.views import render

        render.note(read.reading)  # as the review says it (W50 in January: last December's)
    return local_midnight(read.start, start), local_midnight(read.start + timedelta(days=7), start)


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
