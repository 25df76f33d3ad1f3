"""`attach log` and `attach show`: reading back what was written."""

from typing import Annotated

from attachjournal.cli.common import (
    day_start,
    entry_filters,
    journal_path,
    load_prompts,
    week_filter,
)
from attachjournal.cli.declare import Argument
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import (
    DbOption,
    JsonOption,
    KindFilterOption,
    LimitOption,
    PromptsOption,
    SinceDayOption,
    WeekOption,
    WhoFilterOption,
)


@guarded
def log(
    kind: KindFilterOption = None,
    who: WhoFilterOption = None,
    since: SinceDayOption = None,
    week: WeekOption = None,
    limit: LimitOption = 20,
    json_out: JsonOption = False,
    db: DbOption = None,
    prompts_file: PromptsOption = None,
) -> None:
    """List entries, newest first."""
    from attachjournal.usecases import entries
    from attachjournal.views import entries_out

    since_at, until_at = week_filter(week, since) or (entry_filters(kind, since), None)
    entry_filters(kind, None)  # --kind is checked whichever bounds apply
    result = entries.list_entries(
        journal_path(db), kind=kind, who=who, since=since_at, until=until_at, limit=limit
    )
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
