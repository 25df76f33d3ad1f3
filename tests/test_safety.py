"""A kind word when it matters: shown for clear phrases, never for ordinary venting, never blocking."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from attachjournal.core import safety

CLEAR = [
    "Honestly I want to die some days.",
    "I keep thinking about killing myself.",
    "Sometimes I think everyone would be better off without me.",
    "I don’t want to be alive anymore",  # curly apostrophe, as phones type it
    "I was so scared I might hurt the baby tonight.",
    "I shook my baby when she wouldn't stop crying.",
    "I had thoughts of hurting my son.",
    "I'm feeling suicidal again.",
]
VENTING = [
    "I could have screamed",
    "this is killing me",
    "I'm dying to sleep",
    "I wanted to scream into a pillow",
    "I nearly died laughing at her joke",
    "Bedtime was murder tonight",
    "I would never hurt my baby, but I was so tired.",
    "I wanted to die of embarrassment at the shop",
    "We played a game where he pretended to shake the tree",
]
HELP_LINE = "findahelpline.com"


@pytest.mark.parametrize("text", CLEAR)
def test_clear_phrases_are_noticed(text):
    assert safety.needs_care([text])


@pytest.mark.parametrize("text", VENTING)
def test_ordinary_venting_is_left_alone(text):
    assert not safety.needs_care([text])


def test_reflect_shows_help_on_stderr_and_saves_as_usual(attach, db_path):
    phrase = "I want to die, zebra-quartz-17"
    answers = json.dumps({"resourced": 1, "note": phrase})
    result = attach("reflect", "--no-input", "--json", "--answers", "-", input=answers)
    assert result.exit_code == 0, result.output
    assert HELP_LINE in result.stderr
    assert "emergency number" in result.stderr
    assert result.stderr.count(HELP_LINE) == 1
    # stdout is the saved entry as JSON alone; the message never repeats the person's words.
    saved = json.loads(result.stdout)
    assert saved["answers"]["note"]["value"] == phrase
    assert "zebra-quartz-17" not in result.stderr
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT count(*) FROM entry").fetchone()[0] == 1


def test_repair_texts_are_checked_once_across_rupture_and_repair(attach, db_path):
    assert attach("people", "add", "Maya", "--role", "child").exit_code == 0
    answers = json.dumps(
        {
            "who": "Maya",
            "intensity": 4,
            "what": "I shook my baby and I am scared I might hurt her again",
            "next_time": "I want to die when I think about it",
            "moves": ["sorry"],
        }
    )
    result = attach("repair", "--new", "--no-input", "--answers", "-", input=answers)
    assert result.exit_code == 0, result.output
    assert result.stderr.count(HELP_LINE) == 1
    assert "Saved rupture #1" in result.stdout
    assert "Saved repair #2" in result.stdout


def test_ordinary_entry_shows_no_help_message(attach):
    answers = json.dumps({"resourced": 2, "note": "this is killing me, I could have screamed"})
    result = attach("reflect", "--no-input", "--answers", "-", input=answers)
    assert result.exit_code == 0, result.output
    assert HELP_LINE not in result.output
    assert result.stderr == ""


def test_typed_answers_are_checked_through_the_asker():
    shown = []

    class Scripted:
        def ask(self, question, **kwargs):
            if question.kind == "text":
                return "I want to end it all"
            return 3 if question.kind == "scale" else None

        def choose(self, message, options, default=None):
            return default

        def text(self, message, default=""):
            return default

    from attachjournal.core import prompts
    from attachjournal.core.questionnaire import collect

    watch = safety.CareWatch(lambda groups: shown.append(sorted(groups)))
    answers = collect(prompts.load()["reflect"], {}, watch.watching(Scripted()))
    assert answers["note"] == "I want to end it all"  # saved exactly as typed
    assert shown == [["self"]]  # once, though several text answers matched


def test_help_now_lists_the_resources(attach, monkeypatch):
    monkeypatch.delenv("ATTACH_COUNTRY", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    result = attach("help-now")
    assert result.exit_code == 0, result.output
    assert HELP_LINE in result.stdout
    assert "emergency number" in result.stdout


def test_resources_live_in_the_shipped_data_file():
    text = " ".join(safety.DATA_FILE.read_text(encoding="utf-8").split())
    guide = safety.guide()
    assert guide.resources and all(line in text for line in guide.resources)
    assert guide.detector.phrases


def test_editing_an_entry_is_checked_too(attach):
    assert attach("reflect", "--no-input", "-a", "resourced=3").exit_code == 0
    answers = json.dumps({"note": "I don't want to be here anymore"})
    result = attach("edit", "1", "--no-input", "--answers", "-", input=answers)
    assert result.exit_code == 0, result.output
    assert result.stderr.count(HELP_LINE) == 1
    assert "Updated" in result.stdout


# ----------------------------------------------------------------------------- the notices

GROUP_MARKS = {
    "self": "thinking about not being alive",
    "child": "put a baby down somewhere safe",
    "others": "Domestic-abuse and child-protection",
}


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("I keep wishing I was dead", "self"),
        ("I shook my newborn last night", "child"),
        ("My husband hit me again", "others"),
    ],
)
def test_each_group_has_its_own_resources_and_the_notice_keeps_its_promises(attach, text, group):
    answers = json.dumps({"resourced": 2, "note": text + " quartz-owl"})
    result = attach("reflect", "--no-input", "--answers", "-", input=answers)
    assert result.exit_code == 0, result.output  # never blocks
    notice = " ".join(result.stderr.split())
    assert GROUP_MARKS[group] in notice
    assert [g for g, mark in GROUP_MARKS.items() if mark in notice] == [group]
    assert "attach help-now" in notice
    assert "saved" in notice
    assert "quartz-owl" not in notice and text not in notice  # never repeats the words
    last = result.stderr.strip().splitlines()[-1]
    assert "let this go" in last  # ends letting a false alarm pass
    assert "Saved" in result.stdout


def test_child_group_says_what_to_do_now():
    from attachjournal.views.render_care import notice_lines

    lines = " ".join(notice_lines(safety.guide(), ["child"]))
    assert "step away" in lines
    assert "checked by a doctor now" in lines
    assert "common after a birth" in lines and "treatable" in lines


class Scripted:
    """Answers every question from a script and records what was offered."""

    def __init__(self, texts, choice="stop"):
        self.texts = list(texts)
        self.choice = choice
        self.asked = []
        self.offers = []

    def ask(self, question, **kwargs):
        self.asked.append(question.id)
        if question.kind == "text":
            self.text_at = getattr(self, "text_at", len(self.asked) - 1)
            return self.texts.pop(0) if self.texts else None
        if question.kind == "scale":
            return 3
        return None

    def choose(self, message, options, default=None):
        if "stop here" in message:
            self.offers.append([value for value, _ in options])
            return self.choice
        return default

    def text(self, message, default=""):
        return default


def _reflect_with(asker):
    from attachjournal.core import prompts
    from attachjournal.core.questionnaire import collect

    shown = []
    watch = safety.CareWatch(lambda groups: shown.append(sorted(groups)))
    answers = collect(prompts.load()["reflect"], {}, watch.watching(asker))
    return answers, shown


def test_after_the_notice_the_next_screen_offers_to_stop_and_save():
    asker = Scripted(["I want to end my life"], choice="stop")
    answers, shown = _reflect_with(asker)
    assert shown == [["self"]]
    assert asker.offers == [["go", "stop"]]
    # Nothing more was asked after stopping; what was written is kept.
    assert asker.asked[-1] == asker.asked[asker.text_at]
    assert answers[asker.asked[asker.text_at]] == "I want to end my life"


def test_going_on_asks_the_rest_and_offers_only_once():
    asker = Scripted(["I want to end my life", "I want to die", "tired"], choice="go")
    _, shown = _reflect_with(asker)
    assert shown == [["self"]] and len(asker.offers) == 1
    calm = Scripted(["a calm day", "I want to die", "tired"], choice="go")
    _reflect_with(calm)
    assert asker.asked == calm.asked  # every question still asked, in order


def test_no_offer_without_a_notice():
    asker = Scripted(["this is killing me", "bedtime was murder"], choice="stop")
    _, shown = _reflect_with(asker)
    assert shown == [] and asker.offers == []


def test_import_names_how_many_entries_never_their_words(attach, tmp_path):
    assert (
        attach(
            "reflect",
            "--no-input",
            "--answers",
            "-",
            input=json.dumps({"resourced": 2, "note": "I shook my baby, moss-lantern"}),
        ).exit_code
        == 0
    )
    assert (
        attach("reflect", "--no-input", "-a", "resourced=3", "-a", "note=a calm day").exit_code == 0
    )
    exported = attach("export", "--format", "json")
    assert exported.exit_code == 0, exported.output
    export_file = tmp_path / "export.json"
    export_file.write_text(exported.stdout, encoding="utf-8")
    target = tmp_path / "other.db"
    result = attach("import", str(export_file), "--db", str(target))
    assert result.exit_code == 0, result.output
    notice = " ".join(result.stderr.split())
    assert "1 entry" in notice and "attach help-now" in notice
    assert "moss-lantern" not in result.output and "shook" not in notice
    again = attach("import", str(export_file), "--db", str(target))
    assert again.exit_code == 0 and HELP_LINE not in again.stderr  # nothing new, no notice


def test_review_shows_the_notice_once_at_the_top(attach):
    for note in ("I want to die", "I wish I was dead", "a fine day at the park"):
        payload = json.dumps({"resourced": 2, "note": note})
        assert attach("reflect", "--no-input", "--answers", "-", input=payload).exit_code == 0
    result = attach("review")
    assert result.exit_code == 0, result.output
    assert result.stderr.count(HELP_LINE) == 1
    assert "2 entries" in " ".join(result.stderr.split())
    assert "want to die" not in result.stderr and "dead" not in result.stderr


def test_review_without_such_entries_has_no_notice(attach):
    payload = json.dumps({"resourced": 2, "note": "this week is killing me"})
    assert attach("reflect", "--no-input", "--answers", "-", input=payload).exit_code == 0
    result = attach("review")
    assert result.exit_code == 0 and result.stderr == ""


def test_patterns_and_the_html_pages_show_it_at_the_top(attach, tmp_path):
    payload = json.dumps({"resourced": 2, "note": "My partner pushed me against the wall"})
    assert attach("reflect", "--no-input", "--answers", "-", input=payload).exit_code == 0
    patterns = attach("patterns")
    assert patterns.exit_code == 0 and patterns.stderr.count(HELP_LINE) == 1
    for command, name in (("review", "week.html"), ("patterns", "months.html")):
        page_path = tmp_path / name
        result = attach(command, "--html", str(page_path))
        assert result.exit_code == 0, result.output
        page = page_path.read_text(encoding="utf-8")
        assert page.count('class="care"') == 1
        assert page.index('class="care"') < page.index("<h2>")
        assert "Domestic-abuse" in page and "attach help-now" in page
        assert "pushed me" not in page.split('class="care"')[1].split("</section>")[0]


# ----------------------------------------------------------------------------- help-now


def _no_locale(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "ATTACH_COUNTRY"):
        monkeypatch.delenv(name, raising=False)


def test_help_now_uses_the_locale_territory(attach, monkeypatch):
    _no_locale(monkeypatch)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    result = attach("help-now")
    assert result.exit_code == 0
    assert "999" in result.stdout and "116 123" in result.stdout and "Samaritans" in result.stdout
    assert "from your locale" in result.stdout and HELP_LINE in result.stdout


def test_help_now_setting_wins_over_locale_and_option_over_both(attach, monkeypatch):
    _no_locale(monkeypatch)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.setenv("ATTACH_COUNTRY", "de")
    result = attach("help-now")
    assert "112" in result.stdout and "TelefonSeelsorge" in result.stdout
    assert "Samaritans" not in result.stdout
    result = attach("help-now", "--country", "US")
    assert "988" in result.stdout and "911" in result.stdout


def test_help_now_with_an_unknown_or_wrong_country_still_helps(attach, monkeypatch):
    _no_locale(monkeypatch)
    unknown = attach("help-now", "--country", "ZZ")
    assert unknown.exit_code == 0 and HELP_LINE in unknown.stdout
    assert "emergency number" in unknown.stdout
    wrong = attach("help-now", "--country", "Germany")
    assert wrong.exit_code == 2 and HELP_LINE in wrong.stdout
    assert "two-letter" in wrong.stderr


def test_every_helpline_has_a_source_and_a_date_checked():
    import re

    from attachjournal.core.safety import helplines

    countries = helplines.load()
    for code in ("GB", "IE", "US", "CA", "AU", "NZ", "DE", "FR", "ES", "IT", "NL", "PL"):
        assert code in countries, code
    for country in countries.values():
        assert country.emergency and country.lines
        for line in country.lines:
            assert line.source.startswith("https://"), line
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", line.checked), line
            assert line.group in ("self", "child", "others", "parents"), line


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "en_GB.UTF-8"}, "GB"),
        ({"LC_ALL": "de_AT.utf8", "LANG": "en_US.UTF-8"}, "AT"),
        ({"LANG": "fr_CA"}, "CA"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "sr_RS@latin"}, "RS"),
        ({}, None),
    ],
)
def test_locale_territory(env, expected):
    from attachjournal.core.safety.helplines import locale_country

    assert locale_country(env) == expected


def test_a_notice_for_given_answers_never_claims_a_save_that_did_not_happen(attach, db_path):
    answers = json.dumps({"note": "I want to die"})  # no resourced: refused before saving
    result = attach("reflect", "--no-input", "--answers", "-", input=answers)
    assert result.exit_code == 2
    notice = " ".join(result.stderr.split())
    assert "was not saved" in notice and "attach help-now" in notice
    assert "saved as usual" not in notice and "want to die" not in notice
    assert not db_path.exists() or "Saved" not in result.stdout
