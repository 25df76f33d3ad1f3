"""`attach edit`, `attach delete` and `attach search`: changing, removing and finding entries."""

from typing import Annotated, Any

from attachjournal.cli.care import care_watch
from attachjournal.cli.common import (
    entry_filters,
    gather_given,
    journal_path,
    load_prompts,
    make_asker,
    now,
    parse_at,
)
from attachjournal.cli.declare import Argument, Option
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import (
    AnswerOption,
    AnswersFileOption,
    AtOption,
    DbOption,
    JsonOption,
    KindFilterOption,
    LimitOption,
    NoInputOption,
    PromptsOption,
    SinceDayOption,
    WhoFilterOption,
)

EntryId = Annotated[int, Argument(metavar="ID", help="The entry number from attach log.")]


@guarded
def edit(
    entry_id: EntryId,
    answer: AnswerOption = None,
    answers: AnswersFileOption = None,
    at: AtOption = None,
    no_input: NoInputOption = False,
    json_out: JsonOption = False,
    db: DbOption = None,
    prompts_file: PromptsOption = None,
) -> None:
    """Change an entry: asks each question again with my answers as defaults.

    Without prompts, -a ID=VALUE changes just that answer (-a ID= removes an optional one)
    and --at moves the entry in time. Everything changes together, or nothing does.
    """
    from attachjournal.usecases import changes
    from attachjournal.views import changes_out

    prompts = load_prompts(prompts_file)
    given = gather_given(answer, answers)
    current = now()
    new_at = parse_at(at, current) if at else None
    result = changes.edit(
        journal_path(db),
        entry_id,
        prompts=prompts,
        given=given,
        new_at=new_at,
        now=current,
        asker=care_watch(prompts, given).watching(make_asker(no_input)),
    )
    changes_out.edited(result, json_out)


@guarded
def delete(
    entry_id: EntryId,
    yes: Annotated[bool, Option("--yes", "-y", help="Delete without asking first.")] = False,
    repair: Annotated[
        str | None,
        Option(
            "--repair",
            metavar="delete|keep-note",
            help="For a rupture that has a repair: delete the repair too, or keep what I wrote "
            "about it as a note (a repair can't exist without its rupture).",
            show_default=False,
        ),
    ] = None,
    no_input: NoInputOption = False,
    db: DbOption = None,
) -> None:
    """Delete an entry for good, after showing what will go.

    The text is wiped from the journal file itself (SQLite secure_delete, then the
    write-ahead log is emptied). While another attach is reading the journal that can't
    happen yet: you are told so, and the next command finishes it. Older backups and exports still hold deleted text: delete
    or replace those too if it must be gone everywhere.
    """
    from attachjournal.usecases import changes
    from attachjournal.views import changes_out

    asker = make_asker(no_input)
    result = changes.delete(
        journal_path(db),
        entry_id,
        repair=repair,
        choose_repair=None if asker is None else (lambda r, its: _choose_repair(asker, r, its)),
        preview=changes_out.deletion_preview,
        confirm=None if yes else (lambda: _confirm(asker)),
    )
    changes_out.deleted(result)


def _choose_repair(asker: Any, rupture: Any, its_repair: Any) -> str:
    return asker.choose(
        f"Rupture #{rupture.id} has a repair (#{its_repair.id}). A repair can't stay without "
        "its rupture. What would you like?",
        [
            ("delete", "delete both"),
            ("keep-note", "keep what I wrote about the repair, as a note"),
            ("cancel", "keep everything"),
        ],
        default="cancel",
    )


def _confirm(asker: Any) -> bool:
    from attachjournal.errors import UsageError

    if asker is None:
        raise UsageError("Add --yes to delete it without a question.")
    answer = asker.choose(
        "Delete for good?", [("no", "no, keep it"), ("yes", "yes, delete")], default="no"
    )
    return bool(answer == "yes")


@guarded
def search(
    text: Annotated[str, Argument(metavar="TEXT", help="Words to look for (all of them).")],
    kind: KindFilterOption = None,
    who: WhoFilterOption = None,
    since: SinceDayOption = None,
    limit: LimitOption = 20,
    json_out: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Find entries by what I wrote, newest first, matching words highlighted.

    Every word must appear; a word also finds longer words it begins ('calm' finds
    'calmer'); case and accents don't matter.
    """
    from attachjournal.usecases import entries
    from attachjournal.views import entries_out

    since_at = entry_filters(kind, since)
    result = entries.search(journal_path(db), text, kind=kind, who=who, since=since_at, limit=limit)
    entries_out.found(result, json_out)
