"""Shell completion in a real bash: the script `attach completion bash` prints is sourced, the
line typed so far is set as bash sets it (COMP_LINE, COMP_POINT, COMP_WORDS, COMP_CWORD), the
completion function runs, and COMPREPLY is what Tab would offer.

The installed `attach` answers, as it will in someone's shell: so these hold the whole path,
the lean start (cli/entry.py) included.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from attachjournal.cli import completion_table
from attachjournal.cli.completion_line import split_line
from attachjournal.cli.completion_values import Sources
from attachjournal.core import prompts

BIN = Path(sys.executable).parent
ATTACH = BIN / "attach"
BASH = shutil.which("bash")

pytestmark = pytest.mark.skipif(BASH is None, reason="bash is not installed here")


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}


@pytest.fixture(scope="module")
def script(tmp_path_factory) -> Path:
    made = subprocess.run(
        [str(ATTACH), "completion", "bash"], capture_output=True, text=True, timeout=60
    )
    assert made.returncode == 0, made.stderr
    path = tmp_path_factory.mktemp("completion") / "attach.bash"
    path.write_text(made.stdout)
    return path


def tab(script: Path, line: str) -> list[str]:
    """COMPREPLY after Tab at the end of `line`, in bash; bash must print nothing else."""
    program = f"""
source {shlex.quote(str(script))}
COMP_LINE={shlex.quote(line)}
COMP_POINT=${{#COMP_LINE}}
# The words as bash splits them for completion (at spaces and at '=', which is all these
# lines need); the function reads COMP_LINE, so they only have to be plausible.
read -ra COMP_WORDS <<< "${{COMP_LINE//=/ = }}"
[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
_attach_complete attach "${{COMP_WORDS[COMP_CWORD]}}" ""
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    done = subprocess.run(
        [BASH, "-c", program], capture_output=True, text=True, env=_env(), timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [word for word in done.stdout.split("\n") if word]


def complete_raw(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ATTACH), "__complete", *args], capture_output=True, text=True, env=_env(), timeout=60
    )


@pytest.fixture
def people(attach) -> list[str]:
    names = ["Maya Rose", "Sam", "Zoë"]
    for name in names:
        assert attach("people", "add", name).exit_code == 0
    return names


def _ids(*names: str) -> list[str]:
    loaded = prompts.load()
    found: list[str] = []
    for name in names:
        found += [q.id for q in loaded[name].questions if not q.retired and q.id not in found]
    return [f"{question_id}=" for question_id in found]


# ---------------------------------------------------------------------------- the start


def test_the_attach_program_starts_at_the_lean_entry():
    # An install made before completion existed still starts at cli/app.py: Tab then offers
    # nothing (no error). Reinstalling (pip install -e .) rewrites the script.
    (script,) = entry_points(group="console_scripts", name="attach")
    assert script.value == "attachjournal.cli.entry:main"


def test_the_table_is_the_apps_own():
    built = completion_table.build()
    again = "a command or an option changed: python -m attachjournal.cli.completion_table"
    assert completion_table.load() == built, again
    assert completion_table.TABLE_FILE.read_text() == completion_table.render(built), again


def test_the_script_is_printed_for_each_shell_and_anything_else_is_one_line(attach):
    for shell in ("bash", "zsh", "fish"):
        result = attach("completion", shell)
        assert result.exit_code == 0
        assert "__complete" in result.stdout
    wrong = attach("completion", "tcsh")
    assert wrong.exit_code == 2
    assert wrong.stdout == ""
    assert wrong.stderr.strip().splitlines() == ["✗ attach completion takes bash, zsh or fish."]


# ---------------------------------------------------------------------------- what completes


def test_commands_and_subcommands(script):
    assert tab(script, "attach re") == ["reflect", "repair", "review", "restore", "remind"]
    assert "completion" in tab(script, "attach ")
    assert "help" not in tab(script, "attach ")  # hidden
    assert tab(script, "attach people ") == ["add", "list", "rename", "remove"]
    assert tab(script, "attach config s") == ["set"]


def test_options_of_the_command_being_typed(script):
    assert tab(script, "attach reflect --q") == ["--quick"]
    offered = tab(script, "attach reflect -")
    assert {"-a", "--answer", "--at", "--db", "--no-input", "--json"} <= set(offered)
    assert "--week" not in offered  # review's, not reflect's
    assert "--week" in tab(script, "attach review --")
    # Root options before the command, and a command after them.
    assert tab(script, "attach --vers") == ["--version"]
    assert tab(script, "attach --passphrase-file key.txt revi") == ["review"]
    # Where nothing else can come, a bare Tab shows what the command can be told.
    assert "--quick" in tab(script, "attach reflect ")
    assert tab(script, "attach show 12 ") == ["--db", "--help", "--json", "--prompts"]


def test_question_ids_after_a_are_the_commands_own(script):
    assert tab(script, "attach reflect -a ") == _ids("reflect")
    assert "intensity=" not in tab(script, "attach reflect -a ")
    # A rupture can end with its repair, so repair takes the ids of both.
    assert tab(script, "attach repair -a ") == _ids("rupture", "repair")
    assert tab(script, "attach repair --of 3 -a ") == _ids("repair")
    assert tab(script, "attach reflect --answer fe") == ["feelings="]
    # An id already answered on the line is not offered again.
    assert "mood=" not in tab(script, "attach reflect -a mood=3 -a ")


def test_edit_offers_the_ids_of_the_entry_being_changed(script, people, attach):
    checkin = json.loads(attach("reflect", "-a", "resourced=3", "--json").stdout)["id"]
    made = attach("repair", "--new", "-a", "who=Sam", "-a", "intensity=2", "--json")
    rupture = json.loads(made.stdout)["id"]
    assert tab(script, f"attach edit {checkin} -a ") == _ids("reflect")
    assert tab(script, f"attach edit {rupture} -a ") == _ids("rupture")
    # An entry number that isn't there: any question's id may be meant.
    assert tab(script, "attach edit 999 -a ") == _ids("reflect", "rupture", "repair", "intention")


def test_review_takes_the_intentions_ids(script):
    assert tab(script, "attach review --intention -a ") == _ids("intention")


def test_choices_after_a_id(script):
    # bash replaces only what follows the '=', so the words offered are the values.
    assert tab(script, "attach reflect -a resourced=") == ["1", "2", "3", "4", "5"]
    assert tab(script, "attach reflect -a feelings=ti") == ["tired"]
    # Several values, comma-separated: the last one completes, chosen ones are not offered.
    assert tab(script, "attach reflect -a feelings=tired,ca") == ["tired,calm"]
    assert "tired,tired" not in tab(script, "attach reflect -a feelings=tired,")
    assert tab(script, "attach reflect -a echo=") == ["yes", "no"]
    assert tab(script, "attach reflect -a nosuchid=") == []


def test_names_after_who_come_from_the_journal(script, people, db_path):
    assert tab(script, "attach log --who ") == ["Maya\\ Rose", "Sam", "Zoë"]
    assert tab(script, "attach patterns --who S") == ["Sam"]
    assert tab(script, "attach log --who z") == ["Zoë"]  # any case
    assert tab(script, "attach repair -a who=M") == ["Maya\\ Rose"]
    assert tab(script, "attach people rename Z") == ["Zoë"]
    assert tab(script, "attach patterns --who=Sa") == ["Sam"]
    assert tab(script, "attach people remove Sam --reassign-to Z") == ["Zoë"]


def test_a_name_with_a_space_completes_whole(script, people):
    # Unquoted, the space is escaped, so bash inserts `Maya\ Rose`: one word.
    assert tab(script, "attach log --who Ma") == ["Maya\\ Rose"]
    # Inside a quote the person opened, bash takes it as it is and closes the quote.
    assert tab(script, 'attach log --who "Ma') == ["Maya Rose"]
    # Quoted from before the '=', the '=' no longer splits the word: the whole answer comes back.
    assert tab(script, "attach repair -a 'who=Ma") == ["who=Maya Rose"]


def test_names_come_from_the_journal_db_names(script, people, tmp_path, attach):
    other = tmp_path / "other.db"
    assert attach("people", "add", "Robin", "--db", str(other)).exit_code == 0
    assert tab(script, f"attach log --db {other} --who ") == ["Robin"]


def test_week_values(script):
    today = date.today()
    this = today.isocalendar()
    offered = tab(script, "attach review --week ")
    assert offered[:4] == ["this", "last", "-1", "-2"]
    assert f"{this[0]}-W{this[1]:02d}" in offered
    assert tab(script, "attach review --week l") == ["last"]
    assert tab(script, "attach review --week -") == ["-1", "-2"]  # values, not options


def test_the_weeks_offered_on_a_given_day():
    # Wednesday 25 November 2026: 1 January 2026 is a Thursday, so ISO week 1 starts Monday
    # 29 December 2025; 25 November is 331 days after that, 331 // 7 = 47 whole weeks, so it
    # falls in week 48, and seven days earlier in week 47.
    weeks = Sources(today=date(2026, 11, 25)).weeks()
    assert weeks == ["this", "last", "-1", "-2", "2026-W48", "2026-W47"]
    # Sunday 3 January 2027 still belongs to 2026's last week (53: 2026 starts on a Thursday).
    assert Sources(today=date(2027, 1, 3)).weeks()[4:] == ["2026-W53", "2026-W52"]


def test_formats_and_other_fixed_words(script):
    assert tab(script, "attach export --format ") == ["json", "markdown", "csv"]
    assert tab(script, "attach export -f m") == ["markdown"]
    assert tab(script, "attach log --kind ") == [
        "check-in",
        "rupture",
        "repair",
        "note",
        "intention",
    ]
    assert tab(script, "attach people add Maya --role p") == ["partner", "parent"]
    assert tab(script, "attach delete 3 --repair ") == ["delete", "keep-note"]
    assert tab(script, "attach completion ") == ["bash", "zsh", "fish"]


def test_files_are_left_to_bash(script):
    # File options and arguments hand over to bash's own file completion (which quotes paths
    # itself): attach offers no words of its own there.
    for line in (
        "attach export -o ",
        "attach import ",
        "attach review --html ",
        "attach log --db ",
    ):
        assert tab(script, line) == []
    assert complete_raw("bash", "attach export -o ").stdout == "files\n"
    assert complete_raw("bash", "attach backup ").stdout == "dirs\n"


# ---------------------------------------------------------------------------- never harm


def test_no_journal_means_no_names_and_still_no_journal(script, db_path):
    assert tab(script, "attach log --who ") == []
    done = complete_raw("bash", "attach repair -a who=", "=")
    assert (done.returncode, done.stdout, done.stderr) == (0, "words\n", "")
    assert not db_path.exists()
    assert not db_path.parent.exists()


def test_a_journal_is_only_read(script, people, db_path):
    before = sorted(p.name for p in db_path.parent.iterdir())
    stat = db_path.stat()
    assert tab(script, "attach log --who ") != []
    # Opening a WAL journal read-only would leave -wal and -shm behind; nothing is left.
    assert sorted(p.name for p in db_path.parent.iterdir()) == before
    assert db_path.stat().st_mtime_ns == stat.st_mtime_ns


def test_names_while_another_attach_has_the_journal_open(script, people, db_path):
    # A writer holds it open (its -wal and -shm exist): the read goes through them.
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("BEGIN IMMEDIATE")
        assert tab(script, "attach log --who S") == ["Sam"]
    finally:
        conn.rollback()
        conn.close()


@pytest.mark.parametrize("trouble", ["not a journal", "damaged", "folder", "empty"])
def test_a_journal_that_cannot_be_read_gives_no_names_and_no_error(script, db_path, trouble):
    db_path.parent.mkdir(parents=True, exist_ok=True)
    if trouble == "not a journal":
        db_path.write_text("my shopping list\n")
    elif trouble == "damaged":
        db_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    elif trouble == "folder":
        db_path.mkdir()
    else:
        db_path.write_bytes(b"")
    assert tab(script, "attach log --who ") == []
    done = complete_raw("bash", "attach log --who ")
    assert (done.returncode, done.stderr) == (0, "")
    assert tab(script, "attach lo") == ["log"]  # the rest still completes


def test_an_encrypted_journal_offers_no_names(script, people, attach, monkeypatch):
    pytest.importorskip("sqlcipher3")
    monkeypatch.setenv("ATTACH_PASSPHRASE", "Sesame-7f3a-tulip")
    assert attach("encrypt").exit_code == 0
    monkeypatch.delenv("ATTACH_PASSPHRASE")  # locked: no passphrase anywhere
    assert tab(script, "attach log --who ") == []
    done = complete_raw("bash", "attach log --who ")
    assert (done.returncode, done.stderr) == (0, "")


def test_broken_prompts_or_settings_give_fewer_words_never_an_error(script, tmp_path, monkeypatch):
    broken = tmp_path / "prompts.yaml"
    broken.write_text("questionnaires: [unclosed\n")
    monkeypatch.setenv("ATTACH_PROMPTS", str(broken))
    settings = tmp_path / "config" / "settings.toml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("day_starts_at = = =\n")
    assert tab(script, "attach reflect -a ") == []
    assert tab(script, "attach reflect --q") == ["--quick"]
    done = complete_raw("bash", "attach reflect -a ")
    assert (done.returncode, done.stderr) == (0, "")


def test_own_prompts_give_their_own_ids(script, tmp_path, monkeypatch):
    own = tmp_path / "mine.yaml"
    weather = (
        "      - id: weather\n        kind: choice\n        text: What was the weather like?\n"
        "        choices:\n          sun: sunny\n          rain: rainy\n      - id: mood\n"
    )
    own.write_text(prompts.packaged_path().read_text().replace("      - id: mood\n", weather, 1))
    assert "weather=" in tab(script, f"attach reflect --prompts {own} -a ")
    assert "weather=" not in tab(script, "attach reflect -a ")
    monkeypatch.setenv("ATTACH_PROMPTS", str(own))
    assert tab(script, "attach reflect -a weather=") == ["sun", "rain"]


def test_odd_input_prints_nothing_and_exits_0():
    for args in ([], ["tcsh", "attach "], ["bash"], ["bash", "attach 'unclosed \\"]):
        done = complete_raw(*args)
        assert (done.returncode, done.stderr) == (0, "")


def test_completing_loads_nothing_heavy(people):
    probe = (
        "import json, sys\n"
        "from attachjournal.cli.entry import main\n"
        "sys.argv = ['attach', '__complete', 'bash', sys.argv[1]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('typer', 'click', 'rich', 'questionary', 'prompt_toolkit', 'sqlalchemy',"
        " 'sqlmodel', 'yaml')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in heavy)),"
        " file=sys.stderr)\n"
    )
    for line in ("attach log --who ", "attach reflect -a feelings=", "attach re"):
        # The first run may parse prompts.yaml (PyYAML) to fill the cache; the second never.
        for _ in range(2):
            done = subprocess.run(
                [sys.executable, "-c", probe, line], capture_output=True, text=True, timeout=60
            )
        assert json.loads(done.stderr.strip().splitlines()[-1]) == [], done.stderr


def test_the_values_offered_are_the_ones_the_checked_prompts_take():
    # Completion reads prompts.yaml's plain data (building the checked questions costs more
    # than a Tab may); on the shipped file it must agree with them, question by question.
    loaded = prompts.load()
    sources = Sources()
    for command, names in (("reflect", ["reflect"]), ("repair", ["rupture", "repair"])):
        offered = {q.id: (q.kind, q.values) for q in sources.questions(command, {})}
        checked = {}
        for name in names:
            for q in loaded[name].questions:
                if q.retired:
                    continue
                if q.kind in ("choice", "multi"):
                    values = [value for value, _ in q.choices]
                elif q.kind == "scale":
                    values = [str(n) for n in range(q.min, q.max + 1)]
                else:
                    values = ["yes", "no"] if q.kind == "yesno" else []
                checked.setdefault(q.id, (q.kind, values))
        assert offered == checked


# ---------------------------------------------------------------------------- reading the line


def test_the_line_is_read_as_the_shell_reads_it():
    typed = split_line("cd x && ATTACH_DB=j.db attach log --who 'Maya R", "=:")
    assert (typed.words, typed.current, typed.quote) == (["log", "--who"], "Maya R", "'")
    typed = split_line("attach export > out.md --format m", "=:")
    assert (typed.words, typed.current) == (["export", "--format"], "m")
    typed = split_line("attach repair -a who=Maya\\ R", "=:")
    assert (typed.words, typed.current, typed.kept) == (["repair", "-a"], "who=Maya R", 4)
