"""`attach reflect` and `attach repair`: the two questionnaires a person fills in."""

from typing import Annotated

from attachjournal.cli.care import care_watch
from attachjournal.cli.common import (
    day_start,
    gather_given,
    journal_path,
    load_prompts,
    make_asker,
    now,
    read_at,
)
from attachjournal.cli.declare import Option
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import (
    AnswerOption,
    AnswersFileOption,
    AtOption,
    DbOption,
    JsonOption,
    NoInputOption,
    PromptsOption,
)

EditorOption = Annotated[
    bool,
    Option(
        "--editor",
        help="Write the free-text answers in $EDITOR (at any text question, ctrl-o does the "
        "same for one answer).",
    ),
]


@guarded
def reflect(
    quick: Annotated[
        bool,
        Option(
            "--quick",
            help="Only three: how resourced I am, one feeling, one line. Always a check-in "
            "of its own.",
        ),
    ] = False,
    editor: EditorOption = False,
    answer: AnswerOption = None,
    answers: AnswersFileOption = None,
    at: AtOption = None,
    no_input: NoInputOption = False,
    json_out: JsonOption = False,
    db: DbOption = None,
    prompts_file: PromptsOption = None,
) -> None:
    """A short daily check-in: how resourced I am, feelings, serve-and-return, an echo.

    Takes two to four minutes; skip anything that doesn't fit today (--quick: under a
    minute). A second check-in on the same journal day asks whether to update the first
    (after midnight, and with --no-input, it adds another). A journal day runs until 04:00
    (attach config set day_starts_at), so a check-in at 00:30 belongs to the evening before.
    Ctrl-C, once the required answers are in, offers to save what is there.

    \b
    Without prompts:
      attach reflect -a resourced=2 -a mood=3 -a feelings=tired,tender
    """
    from attachjournal.core.stats import local_day
    from attachjournal.usecases import flows
    from attachjournal.usecases.flow_parts import saving
    from attachjournal.views import journal_out

    prompts = load_prompts(prompts_file)
    given = gather_given(answer, answers)
    current = now()
    starts = day_start()
    when = read_at(at, current)
    watch = care_watch(prompts, given)
    asker = watch.watching(make_asker(no_input, json_out, editor=editor))
    journal_out.say_reading(when.reading)
    day = local_day(when.moment, starts)
    # A back-dated check-in names its day in its first line.
    for_day = None if day == local_day(current, starts) else day.strftime("%A %d %B")
    with saving():
        result = flows.reflect(
            journal_path(db),
            prompts,
            given,
            asker,
            at=when.moment,
            now=current,
            on_start=None if json_out else lambda q: journal_out.introduce(q, for_day),
            day_start=starts,
            quick=quick,
            on_intention=None if json_out else journal_out.check_in_line,
        )
    journal_out.report(result, json_out, updated=result.updated)


@guarded
def repair(
    of: Annotated[
        int | None,
        Option("--of", metavar="ID", help="Record the repair of rupture ID.", show_default=False),
    ] = None,
    new: Annotated[
        bool, Option("--new", help="Log a new rupture straight away (skip the menu).")
    ] = False,
    no_repair_needed: Annotated[
        bool,
        Option(
            "--no-repair-needed",
            help="Mark the rupture (--of ID, or the new one) as needing no repair.",
        ),
    ] = False,
    repaired_at: Annotated[
        str | None,
        Option(
            "--repaired-at",
            metavar="WHEN",
            help="For a new rupture that is already repaired: when you came back together.",
            show_default=False,
        ),
    ] = None,
    share: Annotated[
        bool,
        Option(
            "--share",
            help="On a journal on a server: let the household's other members read this "
            "rupture and its repair (a repair logged later follows its rupture; --share on it "
            "shares both; attach unshare ID undoes it).",
        ),
    ] = False,
    private: Annotated[
        bool,
        Option(
            "--private",
            help="Keep them mine alone, whatever share_by_default says (on a repair logged "
            "later: its rupture too).",
        ),
    ] = False,
    editor: EditorOption = False,
    answer: AnswerOption = None,
    answers: AnswersFileOption = None,
    at: AtOption = None,
    no_input: NoInputOption = False,
    json_out: JsonOption = False,
    db: DbOption = None,
    prompts_file: PromptsOption = None,
) -> None:
    """Log a rupture (a moment we fell out of step) and how we came back together.

    With open ruptures waiting, first offers to come back to one of them. A new rupture
    starts with "when did it happen?" (Enter: just now) and ends with "has it been repaired
    yet?"; yes goes straight on to the repair questions. --at is when the rupture happened
    (with --of: when the repair happened); a repair may be any time from its rupture to now.

    \b
    Examples:
      attach repair --new -a who=Maya -a intensity=3 -a context=rushing,i_tired
      attach repair --of 12 -a moves=named,sorry -a connected=4
    """
    from attachjournal.usecases import flows
    from attachjournal.usecases.flow_parts import saving
    from attachjournal.views import journal_out

    if of is not None and new:
        from attachjournal.errors import UsageError

        raise UsageError("Use either --of ID (repair an earlier rupture) or --new, not both.")
    if of is not None and repaired_at is not None:
        # With --of both options mean when we came back together; never drop one silently.
        if at is not None:
            from attachjournal.errors import UsageError

            raise UsageError("With --of, give the repair time once: --at WHEN or --repaired-at.")
        at, repaired_at = repaired_at, None
    if share and private:
        from attachjournal.errors import UsageError

        raise UsageError("Use either --share or --private, not both.")
    prompts = load_prompts(prompts_file)
    given = gather_given(answer, answers)
    current = now()
    watch = care_watch(prompts, given)
    asker = watch.watching(make_asker(no_input, json_out, editor=editor))
    at_when = read_at(at, current) if at else None
    repaired_when = read_at(repaired_at, current) if repaired_at else None
    for reading in (w.reading for w in (at_when, repaired_when) if w is not None):
        journal_out.say_reading(reading)
    request = flows.RepairRequest(
        of=of,
        new=new,
        no_repair_needed=no_repair_needed,
        repaired_at=repaired_when.moment if repaired_when else None,
        at=at_when.moment if at_when else None,
        share=True if share else False if private else None,
    )
    with saving():
        result = flows.repair(
            journal_path(db),
            prompts,
            given,
            asker,
            request,
            now=current,
            # Read the clock when the answer is typed: "just now" after ten minutes of questions
            # means now, not when the command started.
            parse_when=lambda text: read_at(text, now()),
            on_saved=None if json_out else journal_out.say_saved,
            on_start=None if json_out else journal_out.introduce,
            on_note=journal_out.say_reading,
            remind=None if json_out else journal_out.remind,
        )
    journal_out.report(result, json_out)
