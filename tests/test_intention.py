"""The weekly intention: set at the end of a review ("When ___, I will ___"), shown on the
week's check-ins, followed up by the next review, and an entry like any other (log, show,
search, edit, delete, export and import)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from attachjournal.cli.app import app
from attachjournal.cli.context import Context, Terminal
from attachjournal.core import intention, prompts
from attachjournal.core.records import AnswerRecord, EntryRecord
from attachjournal.errors import UsageError
from attachjournal.usecases import intentions

# Friday 20 Nov 2026, 19:30 in Berlin (the tests' time zone): week 1's review.
WEEK1 = datetime(2026, 11, 20, 18, 30, tzinfo=timezone.utc)
PROMPTS = prompts.load()
PERSON = Terminal(stdin_tty=True, stdout_tty=True, stderr_tty=True, no_color=True)


class ScriptedAsker:
    """Answers by question id; remembers each question's wording and the default offered."""

    def __init__(self, answers: dict | None = None) -> None:
        self.answers = answers or {}
        self.asked: dict[str, str] = {}
        self.defaults: dict = {}

    def ask(self, question, *, position, total, default=None, people=()):
        self.asked[question.id] = question.text
        self.defaults[question.id] = default
        value = self.answers.get(question.id, default)
        if question.kind == "person" and isinstance(value, str):
            return next((p for p in people if p.name == value), None)
        return value

    def choose(self, message, options, default=None):
        return default

    def text(self, message, default=""):
        return default


class NobodyMayAsk:
    def ask(self, question, **_):
        raise AssertionError(f"asked {question.id}")

    choose = text = ask


def run(journal: Path, *args: str, now: datetime = WEEK1, asker=None):
    """`attach ARGS...` at a fixed clock; with an asker, as if a person were at the terminal."""
    out = io.StringIO()
    context = Context(
        clock=lambda: now,
        journal=journal,
        terminal=PERSON if asker is not None else None,
        asker=(lambda *_: asker) if asker is not None else (lambda *_: None),
        out=Console(file=out, width=200, highlight=False, emoji=False, no_color=True),
    )
    result = CliRunner().invoke(app, list(args), obj=context, catch_exceptions=False)
    return result, out.getvalue()


@pytest.fixture
def journal(db_path: Path) -> Path:
    return db_path


def entry(kind: str = "rupture", context: list[str] | None = None, **answers) -> EntryRecord:
    given = dict(answers, **({"context": context} if context is not None else {}))
    return EntryRecord(
        id=1,
        uid="u",
        kind=kind,
        at=WEEK1,
        created_at=WEEK1,
        updated_at=None,
        person_id=None,
        person=None,
        rupture_id=None,
        no_repair_needed=False,
        answers=tuple(AnswerRecord(k, k, "text", v) for k, v in given.items()),
    )


# ----------------------------------------------------------------------------- the core


def test_the_sentence_keeps_the_persons_words_without_repeating_the_question():
    plan = intention.from_entry(
        entry("intention", when="When bedtime gets loud,", will="I will whisper.")
    )
    assert plan.sentence == "When bedtime gets loud, I will whisper."
    assert intention.plain_part("  leaving   the house ", "when") == "leaving the house"


def test_current_for_the_seven_days_it_was_set_for_and_not_once_let_go():
    plan = intention.Intention(id=1, day=date(2026, 11, 20), when="a", will="b")
    # Set Friday 20th: current through Thursday 26th (20 + 6), not on Friday 27th.
    assert intention.is_current(plan, date(2026, 11, 20))
    assert intention.is_current(plan, date(2026, 11, 26))
    assert not intention.is_current(plan, date(2026, 11, 27))
    for decided in ("let_go", "change"):
        gone = intention.Intention(id=1, day=date(2026, 11, 20), when="a", will="b", next=decided)
        assert not intention.is_current(gone, date(2026, 11, 21))


def test_a_plan_made_tonight_is_not_asked_about_tonight():
    plan = intention.Intention(id=1, day=date(2026, 11, 20), when="a", will="b")
    assert not intention.awaits_follow_up(plan, date(2026, 11, 20))
    assert intention.awaits_follow_up(plan, date(2026, 11, 27))
    went = intention.Intention(
        id=1, day=date(2026, 11, 20), when="a", will="b", how_it_went="partly"
    )
    assert not intention.awaits_follow_up(went, date(2026, 11, 27))


def test_example_whens_come_from_the_weeks_contexts_most_frequent_first():
    week = [
        entry(context=["rushing", "i_tired"]),
        entry(context=["transition", "rushing"]),
        entry(context=["rushing", "other"]),
        entry(context=["i_tired"]),
    ]
    # rushing 3, i_tired 2, transition 1 ("other" suggests nothing of its own).
    assert intention.example_whens(week) == [
        "we are rushing",
        "I notice I'm running on empty",
        "it's time for bed or to leave the house",
    ]


def test_a_week_without_contexts_offers_everyday_moments():
    assert intention.example_whens([entry(context=[])]) == list(intention.FALLBACK_WHENS)
    assert "I notice my voice rising" in intention.example_whens([])


# ----------------------------------------------------------------------------- the use case


def close(journal: Path, asker=None, now: datetime = WEEK1, **given):
    return intentions.close_the_week(
        journal, PROMPTS, given, asker, now=now, day_start=datetime.min.time()
    )


def test_a_person_sets_one_with_examples_from_the_week(journal, attach):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    rupture = ["repair", "--new", "--no-input", "-a", "who=Maya", "-a", "intensity=3"]
    assert run(journal, *rupture, "-a", "context=transition", now=WEEK1)[0].exit_code == 0
    asker = ScriptedAsker({"when": "bedtime gets loud", "will": "whisper", "who": "Maya"})
    done = close(journal, asker)
    assert done.saved is not None and done.followed is None
    assert done.saved.sentence == "When bedtime gets loud, I will whisper."
    assert done.saved.who == "Maya"
    assert "(e.g. it's time for bed or to leave the house)" in asker.asked["when"]


def test_enter_at_the_first_question_saves_nothing(journal):
    done = close(journal, ScriptedAsker({}))
    assert done.saved is None and done.followed is None
    assert not journal.exists()  # nothing written, not even an empty journal


def test_the_next_review_asks_how_it_went_and_keeping_it_carries_it_on(journal):
    close(journal, None, when="bedtime gets loud", will="whisper")
    week2 = WEEK1 + timedelta(days=7)
    asker = ScriptedAsker({"how_it_went": "partly", "went_note": "twice", "next": "keep"})
    done = close(journal, asker, now=week2)
    assert done.followed is not None and done.followed.how_it_went == "partly"
    assert done.followed.went_note == "twice" and done.followed.next == "keep"
    assert done.kept and done.saved is not None and done.saved.id != done.followed.id
    assert done.saved.sentence == done.followed.sentence
    assert "when" not in asker.asked  # keeping asks nothing more


def test_changing_it_starts_from_the_old_words(journal):
    close(journal, None, when="bedtime gets loud", will="whisper")
    asker = ScriptedAsker({"how_it_went": "wrong_plan", "next": "change", "will": "sing"})
    done = close(journal, asker, now=WEEK1 + timedelta(days=7))
    assert asker.defaults["when"] == "bedtime gets loud" and asker.defaults["will"] == "whisper"
    assert done.saved is not None and done.saved.sentence == "When bedtime gets loud, I will sing."
    assert done.followed is not None and done.followed.next == "change"


def test_letting_it_go_saves_no_new_one_and_enter_leaves_it_waiting(journal):
    close(journal, None, when="bedtime gets loud", will="whisper")
    week2 = WEEK1 + timedelta(days=7)
    skipped = close(journal, ScriptedAsker({}), now=week2)
    assert skipped.awaiting is not None and skipped.saved is None
    done = close(journal, ScriptedAsker({"how_it_went": "life_happened", "next": "let_go"}), week2)
    assert done.saved is None and done.followed is not None and done.followed.next == "let_go"


def test_scripts_need_both_halves_and_something_to_follow_up(journal):
    with pytest.raises(UsageError, match="both halves"):
        close(journal, None, when="bedtime")
    with pytest.raises(UsageError, match="no intention waiting"):
        close(journal, None, how_it_went="partly")


# ----------------------------------------------------------------------------- the commands


def test_review_ends_by_asking_and_the_weeks_check_ins_show_it(journal):
    assert run(journal, "reflect", "--no-input", "-a", "resourced=3")[0].exit_code == 0
    asker = ScriptedAsker({"when": "bedtime gets loud", "will": "whisper"})
    result, out = run(journal, "review", asker=asker)
    assert result.exit_code == 0, result.output
    assert "An intention for the coming week" in out
    assert "Saved #2: When bedtime gets loud, I will whisper." in out

    three_days_on = WEEK1 + timedelta(days=3)
    result, out = run(journal, "reflect", "-a", "resourced=4", asker=ScriptedAsker())
    assert result.exit_code == 0, result.output
    assert out.splitlines()[0] == "This week: when bedtime gets loud, I will whisper."
    result, out = run(journal, "reflect", "--no-input", "-a", "resourced=4", now=three_days_on)
    assert "This week: when bedtime gets loud" in out
    # Eight days on (Sat 28th; set Fri 20th) the week is over: the check-in is quiet again.
    result, out = run(
        journal, "reflect", "--no-input", "-a", "resourced=4", now=WEEK1 + timedelta(days=8)
    )
    assert "This week" not in out


def test_the_weeks_review_says_the_current_plan_once(journal):
    assert (
        run(journal, "review", "--intention", "-a", "when=we leave", "-a", "will=sing")[0].exit_code
        == 0
    )
    # Three days on the plan is current: said once, after the week.
    result, out = run(journal, "review", now=WEEK1 + timedelta(days=3))
    assert result.exit_code == 0, result.output
    assert out.count("This week: when we leave, I will sing.") == 1
    # A week on it is no longer current (the next review's question asks how it went).
    result, out = run(journal, "review", now=WEEK1 + timedelta(days=7))
    assert "This week: when we leave" not in out


def test_the_next_review_asks_how_it_went(journal):
    assert (
        run(journal, "review", "--intention", "-a", "when=we leave", "-a", "will=sing")[0].exit_code
        == 0
    )
    asker = ScriptedAsker({"how_it_went": "happened", "next": "let_go"})
    result, out = run(journal, "review", now=WEEK1 + timedelta(days=7), asker=asker)
    assert result.exit_code == 0, result.output
    assert "Last week's intention" in out and "When we leave, I will sing." in out
    assert "Let go: When we leave, I will sing." in out
    assert "how_it_went" in asker.asked and "when" not in asker.asked


def test_review_json_holds_the_intention_as_data_and_never_asks(journal):
    assert (
        run(journal, "review", "--intention", "-a", "when=we leave", "-a", "will=sing")[0].exit_code
        == 0
    )
    result, _ = run(
        journal, "review", "--json", now=WEEK1 + timedelta(days=7), asker=NobodyMayAsk()
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)["intention"]
    assert data["current"] is None  # a week on
    assert data["awaiting_follow_up"]["when"] == "we leave"
    assert data["awaiting_follow_up"]["how_it_went"] is None


def test_without_a_terminal_the_review_asks_nothing_and_says_nothing_more(journal):
    result, out = run(journal, "review")
    assert result.exit_code == 0 and "intention" not in out.lower()


def test_scripts_set_and_follow_up_with_answers(journal):
    result, _ = run(
        journal, "review", "--intention", "-a", "when=we leave", "-a", "will=sing", "--json"
    )
    assert result.exit_code == 0, result.output
    saved = json.loads(result.stdout)["saved"]
    assert (saved["when"], saved["will"]) == ("we leave", "sing")
    result, _ = run(
        journal,
        "review",
        "-a",
        "how_it_went=partly",
        "-a",
        "next=keep",
        now=WEEK1 + timedelta(days=7),
    )
    assert result.exit_code == 0, result.output
    listed, _ = run(journal, "log", "--kind", "intention", "--json")
    kinds = [
        (e["id"], e["answers"].get("next", {}).get("value")) for e in json.loads(listed.stdout)
    ]
    assert kinds == [(2, None), (1, "keep")]


def test_half_an_intention_is_refused_without_echoing_it(journal):
    result, _ = run(journal, "review", "--intention", "-a", "when=my secret words")
    assert result.exit_code == 2
    assert "both halves" in result.stderr and "my secret words" not in result.stderr
    assert not journal.exists()


def test_an_intention_is_an_entry_like_the_others(journal):
    run(journal, "review", "--intention", "-a", "when=bedtime gets loud", "-a", "will=whisper")
    _, listed = run(journal, "log")
    assert "→ intention" in listed and "When bedtime gets loud, I will whisper." in listed
    found, _ = run(journal, "search", "whisper", "--json")
    assert [e["kind"] for e in json.loads(found.stdout)] == ["intention"]
    edited, _ = run(journal, "edit", "1", "--no-input", "-a", "will=hum")
    assert edited.exit_code == 0, edited.output
    shown, _ = run(journal, "show", "1", "--json")
    answers = json.loads(shown.stdout)["answers"]
    assert answers["will"]["value"] == "hum" and answers["when"]["question"] == "When ..."
    deleted, _ = run(journal, "delete", "1", "--yes")
    assert deleted.exit_code == 0, deleted.output
    assert run(journal, "show", "1")[0].exit_code == 1


def test_export_and_import_carry_the_intention_and_its_follow_up(journal, tmp_path):
    run(journal, "people", "add", "Maya", "--role", "child")
    run(
        journal, "review", "--intention", "-a", "when=we leave", "-a", "will=sing", "-a", "who=Maya"
    )
    run(
        journal,
        "review",
        "-a",
        "how_it_went=partly",
        "-a",
        "went_note=twice",
        now=WEEK1 + timedelta(days=7),
    )
    exported, _ = run(journal, "export")
    assert exported.exit_code == 0, exported.output
    first = tmp_path / "one.json"
    first.write_text(exported.stdout, encoding="utf-8")
    other = tmp_path / "other" / "journal.db"
    imported, _ = run(other, "import", str(first))
    assert imported.exit_code == 0, imported.output
    again, _ = run(other, "export")
    assert json.loads(again.stdout)["entries"] == json.loads(exported.stdout)["entries"]
    shown, _ = run(other, "show", "1", "--json")
    assert shown.stdout.count("partly") == 1 and json.loads(shown.stdout)["who"] == "Maya"


def test_a_prompts_file_of_my_own_without_the_intention_uses_the_shipped_one(tmp_path):
    import yaml

    data = yaml.safe_load(prompts.packaged_path().read_text(encoding="utf-8"))
    del data["questionnaires"]["intention"]
    mine = tmp_path / "prompts.yaml"
    mine.write_text(yaml.safe_dump(data), encoding="utf-8")
    loaded = prompts.load(mine)
    assert loaded["intention"].ids == PROMPTS["intention"].ids


def test_intention_alone_at_a_terminal_shows_the_weeks_plan_when_there_is_one(journal):
    run(journal, "review", "--intention", "-a", "when=we leave", "-a", "will=sing")
    result, out = run(journal, "review", "--intention", asker=NobodyMayAsk())
    assert result.exit_code == 0, result.output
    assert "This week's intention (#1): When we leave, I will sing." in out
    assert "attach edit 1" in out


def test_intention_without_a_terminal_or_answers_says_what_it_needs(journal):
    result, _ = run(journal, "review", "--intention")
    assert result.exit_code == 2
    assert "-a when=... -a will=..." in result.stderr
    assert not journal.exists()


def test_the_doctor_counts_intentions_by_name(journal):
    run(journal, "review", "--intention", "-a", "when=we leave", "-a", "will=sing")
    _, out = run(journal, "doctor")
    assert "1 intention)" in out, out


def test_an_intention_given_on_the_command_line_meets_the_safety_check(journal):
    result, _ = run(
        journal, "review", "--intention", "-a", "when=the baby cries all night",
        "-a", "will=I want to die",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    notice = " ".join(result.stderr.split())
    assert "findahelpline.com" in notice  # the kind word, once the plan is saved
    assert "want to die" not in notice  # never the words themselves


def test_a_review_in_the_plans_own_week_does_not_ask_how_it_went(journal):
    assert (
        run(journal, "review", "--intention", "-a", "when=we leave", "-a", "will=sing")[0].exit_code
        == 0
    )
    # Set Fri 20th: the next day and six days on it is still being lived; a week on, asked.
    for days, waiting in ((1, False), (6, False), (7, True)):
        result, _ = run(journal, "review", "--json", now=WEEK1 + timedelta(days=days))
        data = json.loads(result.stdout)["intention"]
        assert (data["awaiting_follow_up"] is not None) is waiting, days
    result, _ = run(journal, "review", now=WEEK1 + timedelta(days=1), asker=NobodyMayAsk())
    assert result.exit_code == 0, result.output  # nothing was asked the day after


def test_an_intentions_words_count_in_the_review_even_without_a_kept_verdict(journal):
    import sqlite3
    from contextlib import closing

    run(journal, "review", "--intention", "-a", "when=tonight", "-a", "will=I want to die")
    with closing(sqlite3.connect(journal)) as conn, conn:
        conn.execute("UPDATE entry SET care = NULL")  # as written before verdicts were kept
    result, _ = run(journal, "review", now=WEEK1 + timedelta(days=1))
    assert result.exit_code == 0 and result.stderr.count("findahelpline.com") == 1


def test_editing_an_intention_keeps_both_halves_and_their_order(journal):
    run(journal, "review", "--intention", "-a", "when=we leave", "-a", "will=sing")
    for change in ("will=", "when=  ", "next=keep"):
        result, _ = run(journal, "edit", "1", "--no-input", "-a", change)
        assert result.exit_code == 2, change
        assert "we leave" not in result.stderr and "sing" not in result.stderr
    result, _ = run(journal, "edit", "1", "--no-input", "-a", "will=hum")
    assert result.exit_code == 0, result.output
    shown = json.loads(run(journal, "show", "1", "--json")[0].stdout)["answers"]
    assert (shown["when"]["value"], shown["will"]["value"]) == ("we leave", "hum")


def test_a_check_in_for_an_earlier_day_does_not_show_this_weeks_plan(journal):
    run(journal, "review", "--intention", "-a", "when=we leave", "-a", "will=sing")
    later = WEEK1 + timedelta(days=2)
    result, out = run(journal, "reflect", "--no-input", "-a", "resourced=3", now=later)
    assert "This week: when we leave" in out
    result, out = run(
        journal, "reflect", "--no-input", "-a", "resourced=3", "--at", "2026-11-10 20:20", now=later
    )
    assert result.exit_code == 0, result.output
    assert "This week" not in out


def test_looking_back_on_an_older_week_asks_nothing(journal):
    run(journal, "review", "--intention", "-a", "when=we leave", "-a", "will=sing")
    week2 = WEEK1 + timedelta(days=7)  # the plan now waits to hear how it went
    for older in (["--week", "last"], ["--since", "2026-11-01", "--until", "2026-11-08"]):
        result, _ = run(journal, "review", *older, now=week2, asker=NobodyMayAsk())
        assert result.exit_code == 0, result.output


def test_a_when_without_its_i_will_is_said_to_be_left_unsaved(journal):
    result, out = run(journal, "review", asker=ScriptedAsker({"when": "we leave"}))
    assert result.exit_code == 0, result.output
    assert 'a plan needs its "I will" too' in " ".join(out.split())
    assert json.loads(run(journal, "log", "--json")[0].stdout) == []
