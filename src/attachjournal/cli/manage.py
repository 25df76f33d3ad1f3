"""`attach edit`, `attach delete` and `attach search`: changing, removing and finding entries."""

from typing import Annotated

import typer

from attachjournal.cli.care import care_watch
from attachjournal.cli.common import (
    entry_filters,
    gather_given,
    journal_path,
    make_asker,
    now,
    parse_at,
)
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

EntryId = Annotated[int, typer.Argument(metavar="ID", help="The entry number from attach log.")]
BACKUPS_HOLD_IT = (
    "Older backups and exports still hold deleted text: delete or replace those too if it "
    "must be gone everywhere."
)


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
    from attachjournal import storage
    from attachjournal.cli.common import load_prompts
    from attachjournal.errors import NotFoundError, UsageError
    from attachjournal.usecases import editing
    from attachjournal.views import render

    prompts = load_prompts(prompts_file)
    given = gather_given(answer, answers)
    current = now()
    new_at = parse_at(at, current) if at else None
    journal = storage.open_journal(journal_path(db), create=False)
    if journal is None:
        raise NotFoundError(f"There is no entry {entry_id}: the journal is still empty.")
    with journal.read() as conn:
        entry = conn.get_entry(entry_id)
        people = [p.ref() for p in conn.list_people()]
        about = entry.person_id
        if entry.kind == "repair" and entry.rupture_id is not None:
            about = conn.get_entry(entry.rupture_id).person_id
    # Asked again in the words it was first asked in: about a partner, the us-wording.
    role = next((p.role for p in people if p.id is not None and p.id == about), None)
    questionnaire = editing.questionnaire_for(entry.kind, prompts).worded_for(role)
    asker = care_watch(prompts, given).watching(make_asker(no_input))
    if asker is None and not given and new_at is None:
        raise UsageError(
            f"Say what to change, e.g. attach edit {entry_id} -a resourced=3 or --at "
            "'yesterday 19:30' (or run it in a terminal to be asked)."
        )
    changes = editing.plan_changes(questionnaire, entry, given, asker, people)
    if not changes and new_at is None:
        render.stdout().print("Nothing changed.")
        return
    with journal.write("Your changes were NOT saved") as session:
        session.update_entry(entry_id, questionnaire, changes, at=new_at, now=current)
    with journal.read() as conn:
        saved = conn.get_entry(entry_id)
    wiped = wipe_now(journal)
    if json_out:
        render.print_json(saved.as_dict())
    else:
        render.stdout().print(render.saved_line(saved, "Updated"))
    if not wiped:
        render.note(f"The words it replaced are still in the journal file: {_wipe_later()}")


@guarded
def delete(
    entry_id: EntryId,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking first.")] = False,
    repair: Annotated[
        str | None,
        typer.Option(
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
    from attachjournal import storage
    from attachjournal.errors import NotFoundError, UsageError
    from attachjournal.views import render, render_data

    if repair is not None and repair not in ("delete", "keep-note"):
        raise UsageError("--repair takes delete or keep-note.")
    journal = storage.open_journal(journal_path(db), create=False)
    if journal is None:
        raise NotFoundError(f"There is no entry {entry_id}: the journal is still empty.")
    with journal.read() as conn:
        entry = conn.get_entry(entry_id)
        its_repair = conn.repairs_for([entry_id]).get(entry_id)
    asker = make_asker(no_input)
    if its_repair is not None and repair is None:
        if asker is None:
            raise UsageError(
                f"Rupture #{entry_id} has a repair (#{its_repair.id}). Say what to do with it: "
                "--repair delete (both go) or --repair keep-note (what I wrote about the repair "
                "stays, as a note)."
            )
        repair = asker.choose(
            f"Rupture #{entry_id} has a repair (#{its_repair.id}). A repair can't stay without "
            "its rupture. What would you like?",
            [
                ("delete", "delete both"),
                ("keep-note", "keep what I wrote about the repair, as a note"),
                ("cancel", "keep everything"),
            ],
            default="cancel",
        )
        if repair == "cancel":
            _kept()
            return
    going = [entry] + ([its_repair] if its_repair is not None and repair == "delete" else [])
    out = render.stdout()
    out.print("This will delete:")
    out.print(render_data.deletion_preview(going))
    if its_repair is not None and repair == "keep-note":
        out.print(f"and keep repair #{its_repair.id} as a note.")
    if entry.kind == "repair":
        out.print(f"Rupture #{entry.rupture_id} will be open again.")
    if not yes:
        if asker is None:
            raise UsageError("Add --yes to delete it without a question.")
        answer = asker.choose(
            "Delete for good?", [("no", "no, keep it"), ("yes", "yes, delete")], default="no"
        )
        if answer != "yes":
            _kept()
            return
    with journal.write("Nothing was deleted") as session:
        deleted = session.delete_entry(entry_id, repair=repair or "delete")
    wiped = wipe_now(journal)
    journal.close()
    numbers = " and ".join("#" + str(i) for i in deleted)
    if wiped:
        out.print(f"✓ Deleted {numbers}.")
    else:
        # Never "deleted" while the words can still be read from the file.
        out.print(
            f"{numbers} {'is' if len(deleted) == 1 else 'are'} gone from your entries, but the "
            f"words are still in the journal file: {_wipe_later()}"
        )
    render.note(BACKUPS_HOLD_IT)


def _kept() -> None:
    """Choosing to keep an entry is a fine answer, not a failure: a calm line and exit 0."""
    from attachjournal.views import render

    render.stdout().print("Kept it. Nothing was deleted.")


def _wipe_later() -> str:
    from attachjournal.views.people_out import WIPE_LATER

    return WIPE_LATER


def wipe_now(journal: object) -> bool:
    """Empty the write-ahead log now, or leave a mark for the next command to finish it."""
    return journal.wipe_now()  # type: ignore[attr-defined]


@guarded
def search(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Words to look for (all of them).")],
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
