"""`attach review`: the weekly summary."""

from typing import Annotated, Any

from attachjournal.cli.care import care_watch
from attachjournal.cli.common import (
    day_start,
    gather_given,
    journal_path,
    load_prompts,
    make_asker,
)
from attachjournal.cli.context import current
from attachjournal.cli.declare import Option
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import (
    AnswerOption,
    AnswersFileOption,
    DbOption,
    HtmlOption,
    JsonOption,
    NoInputOption,
    PromptsOption,
    UntilDayOption,
    WeekOption,
)


@guarded
def review(
    week: WeekOption = None,
    since: Annotated[
        str | None,
        Option(
            "--since",
            metavar="DATE",
            help="First day to include (with --until).",
            show_default=False,
        ),
    ] = None,
    until: UntilDayOption = None,
    who: Annotated[
        str | None,
        Option(
            "--who",
            metavar="NAME",
            help="Only ruptures and repairs with this person (check-ins stay, as context).",
            show_default=False,
        ),
    ] = None,
    together: Annotated[
        bool,
        Option(
            "--together",
            help="On a journal on a server, with --who NAME: every member's shared ruptures "
            "and repairs with NAME, mine included when shared, each with who wrote it (nothing "
            "private, no check-ins).",
        ),
    ] = False,
    json_out: JsonOption = False,
    html: HtmlOption = None,
    redact: Annotated[
        bool,
        Option(
            "--redact",
            help="For a page or review to share (say, with a therapist): names become a role "
            "and number ('child 1'), also inside what I wrote, and no commands are shown.",
        ),
    ] = False,
    db: DbOption = None,
    prompts_file: PromptsOption = None,
    intention: Annotated[
        bool,
        Option(
            "--intention",
            help="Only the weekly intention: how last week's went, and one for the coming "
            "week (with -a, no questions: -a when=... -a will=... [-a who=NAME], or "
            "-a how_it_went=partly -a next=keep).",
        ),
    ] = False,
    answer: AnswerOption = None,
    answers: AnswersFileOption = None,
    no_input: NoInputOption = False,
) -> None:
    """A weekly look back: check-ins, ruptures and repairs, patterns, questions to sit with.

    Covers the last 7 days (today included) unless --week or --since/--until say otherwise;
    days before the journal's first entry and days still to come are not counted.
    The review itself only reads. At a terminal it ends by asking, once and skippable with
    Enter, how last week's intention went and for one small plan for the coming week
    ("When ___, I will ___"), shown at the top of each check-in that week.

    \b
    Without prompts (free text through --answers -, out of shell history):
      attach review --intention --answers - < plan.yaml   # when: ..., will: ...
      attach review --intention -a how_it_went=partly -a next=keep
    """

    from attachjournal.usecases import review as usecase
    from attachjournal.views import review_out

    given = gather_given(answer, answers)
    if intention or given:
        _intention(given, no_input, json_out, db, prompts_file)
        return
    result = usecase.review(
        journal_path(db),
        now=current().local_now(),
        day_start=day_start(),
        week=week,
        since=since,
        until=until,
        redact=redact,
        prompts=lambda: load_prompts(prompts_file),
        who=who,
        together=together,
    )
    review_out.reviewed(result, json_out, html)
    reading_now = (
        not together
        and not since
        and not until
        and (week or "this").strip().lower() in ("this", "0")
    )
    if html is None and not json_out and not redact and reading_now:
        # Once this week has been read (not an older one looked back on): how last week's
        # plan went, and one for the next.
        _intention({}, no_input, json_out, db, prompts_file, quiet=True)


def _intention(
    given: dict[str, Any],
    no_input: bool,
    json_out: bool,
    db: Any,
    prompts_file: Any,
    *,
    quiet: bool = False,
) -> None:
    """quiet: after the review, only a person at a terminal is asked; nobody else sees it."""
    asker = make_asker(no_input, json_out)
    if asker is None and (quiet or not given):
        if quiet:
            return
        from attachjournal.errors import UsageError

        raise UsageError(
            "Without a terminal to ask at, --intention needs its answers: "
            "-a when=... -a will=... (or -a how_it_went=... -a next=... for last week's)."
        )
    from attachjournal.usecases import intentions
    from attachjournal.views import intention_out

    prompts = load_prompts(prompts_file)
    # Answers given on the command line are checked too, as for a check-in: the kind word
    # comes once the command has finished.
    watch = care_watch(prompts, given)
    done = intentions.close_the_week(
        journal_path(db),
        prompts,
        given,
        watch.watching(asker) if asker is not None else None,
        now=current().now(),
        day_start=day_start(),
        on_follow_up=None if json_out else intention_out.follow_up,
        on_new=None if json_out else intention_out.new_one,
    )
    if quiet and done.followed is None and done.saved is None and not done.half:
        return
    intention_out.report(done, json_out)
