"""`attach log` and `attach show`: reading back what was written."""

from typing import Annotated

from attachjournal.cli.common import day_start, entry_filters, journal_path, load_prompts
from attachjournal.cli.declare import Argument
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import (
    DbOption,
    JsonOption,
    KindFilterOption,
    LimitOption,
    PromptsOption,
    SinceDayOption,
    WhoFilterOption,
)


@guarded
def log(
    kind: KindFilterOption = None,
    who: WhoFilterOption = None,
    since: SinceDayOption = None,
    limit: LimitOption = 20,
    json_out: JsonOption = False,
    db: DbOption = None,
    prompts_file: PromptsOption = None,
) -> None:
    """List entries, newest first."""
    from attachjournal.usecases import entries
    from attachjournal.views import entries_out

    since_at = entry_filters(kind, since)
    result = entries.list_entries(journal_path(db), kind=kind, who=who, since=since_at, limit=limit)
    entries_out.entry_list(result, json_out, lambda: load_prompts(prompts_file))


@guarded
def show(
    entry_id: Annotated[int, Argument(metavar="ID", help="The entry number from attach log.")],
    json_out: JsonOption = False,
    db: DbOption = None,
    prompts_file: PromptsOption = None,
) -> None:
    """Show one entry with all its answers."""
    from attachjournal.usecases import entries
    from attachjournal.views import entries_out

    result = entries.show_entry(journal_path(db), entry_id)
    entries_out.one_entry(result, json_out, lambda: load_prompts(prompts_file), day_start)
