"""Shell completion itself: the command line typed so far in, the words that may come next out.

The shell's completion function (cli/completion_scripts.py) runs `attach __complete SHELL
LINE`, and cli/entry.py hands that here before Typer, Rich or anything heavy is imported:
this runs on every Tab. It reads the table made from the Typer app (completion_table.json),
the person's prompts for question ids and choices, and the journal's names read-only.

Nothing it does may reach the command line as an error: whatever goes wrong, it prints
nothing (or fewer words) and exits 0. The first line printed is a mode the shell function
acts on ("words", "nospace", "files", "dirs"); the words follow, one a line.
"""

from __future__ import annotations

import sys
from typing import Any

from attachjournal.cli.completion_line import Typed, split_line
from attachjournal.cli.completion_values import Sources

SHELLS = ("bash", "zsh", "fish")


# Plain classes, not dataclasses: importing dataclasses costs more than the rest of a Tab
# that offers names.
class Answer:
    """What to offer: a mode for the shell function, and the whole words for the current one."""

    def __init__(
        self,
        mode: str = "words",
        words: list[str] | None = None,
        notes: dict[str, str] | None = None,  # word -> a short description (fish shows it)
    ) -> None:
        self.mode = mode
        self.words = words or []
        self.notes = notes or {}


class Walked:
    """Where the words typed so far lead: the command, and what its options were given."""

    def __init__(self) -> None:
        self.command = ""
        self.given: dict[str, list[str]] = {}  # option name -> its values
        self.positionals = 0
        self.arguments: list[str] = []  # the command's arguments so far (edit's entry number)
        self.waiting_for: str | None = None  # an option whose value is being completed
        self.options_ended = False  # after `--` every word is an argument


def walk(table: dict[str, Any], words: list[str]) -> Walked:
    """Follow the finished words through the table of commands, the way the app parses them."""
    state = Walked()
    for word in words:
        node = table.get(state.command, {})
        options = node.get("options", {})
        if state.waiting_for is not None:
            state.given.setdefault(state.waiting_for, []).append(word)
            state.waiting_for = None
        elif state.options_ended or not word.startswith("-") or word == "-":
            if word in node.get("commands", []) and not state.options_ended:
                state.command = f"{state.command} {word}".strip()
                state.positionals, state.arguments = 0, []
            else:
                state.positionals += 1
                state.arguments.append(word)
        elif word == "--":
            state.options_ended = True
        elif "=" in word and word.startswith("--"):
            name, _, value = word.partition("=")
            state.given.setdefault(_canonical(options, name), []).append(value)
        elif word in options:
            if options[word]["takes"] is not None:
                state.waiting_for = _canonical(options, word)
            else:
                state.given.setdefault(word, [])
        elif word[:2] in options and options[word[:2]]["takes"] is not None:
            state.given.setdefault(_canonical(options, word[:2]), []).append(word[2:])  # -aID=V
    return state


def _canonical(options: dict[str, Any], name: str) -> str:
    """The long name an option is known by (-a and --answer are the same option)."""
    return str(options.get(name, {}).get("name", name))


def complete(table: dict[str, Any], typed: Typed, sources: Sources) -> Answer:
    state = walk(table, typed.words)
    node = table.get(state.command, {})
    options = node.get("options", {})
    current = typed.current
    if state.waiting_for is not None:
        takes = options.get(state.waiting_for, {}).get("takes")
        return values(takes, current, "", state, sources)
    if current.startswith("--") and "=" in current and not state.options_ended:
        name, _, value = current.partition("=")
        takes = options.get(name, {}).get("takes")
        if takes is None:
            return Answer()
        return values(takes, value, f"{name}=", state, sources)
    if current.startswith("-") and not state.options_ended:
        return _options(options, current)
    if "commands" in node and state.positionals == 0:
        names = [name for name in node["commands"] if name.startswith(current)]
        notes = {
            name: table.get(f"{state.command} {name}".strip(), {}).get("help", "") for name in names
        }
        return Answer(words=names, notes=notes)
    arguments = node.get("arguments", [])
    if state.positionals < len(arguments):
        return values(arguments[state.positionals], current, "", state, sources)
    if not current and not state.options_ended:
        # Nothing else can come here, so show what the command can be told.
        return _options({k: v for k, v in options.items() if k.startswith("--")}, current)
    return Answer()


def _options(options: dict[str, Any], current: str) -> Answer:
    names = [name for name in options if name.startswith(current)]
    names.sort(key=lambda name: (name.startswith("--"), name))
    return Answer(words=names, notes={name: options[name].get("help", "") for name in names})


def values(takes: Any, current: str, before: str, state: Walked, sources: Sources) -> Answer:
    """The values an option or argument takes that begin with what is typed so far."""
    if takes is None:
        return Answer()
    if isinstance(takes, list):
        return _matching(takes, current, before)
    if takes in ("file", "dir"):
        return Answer(mode=f"{takes}s", words=[before] if before else [])
    if takes == "people":
        return _matching(sources.names(state.given.get("--db")), current, before, fold_case=True)
    if takes == "week":
        return _matching(sources.weeks(), current, before)
    if takes == "answer":
        return _answer(current, before, state, sources)
    return Answer()


def _matching(
    offered: Any,
    current: str,
    before: str = "",
    *,
    fold_case: bool = False,
    space: bool = True,
    notes: dict[str, str] | None = None,  # value -> what it means, for shells that show it
) -> Answer:
    words = [word for word in offered if word.startswith(current)]
    if not words and fold_case:
        words = [word for word in offered if word.casefold().startswith(current.casefold())]
    notes = notes or {}
    # A label that only repeats its value (tender: tender) says nothing more.
    shown = {
        before + word: "" if notes.get(word) == word else notes.get(word, "") for word in words
    }
    return Answer(mode="words" if space else "nospace", words=list(shown), notes=shown)


def _answer(current: str, before: str, state: Walked, sources: Sources) -> Answer:
    """-a ID=VALUE: the question ids first, then what the question takes."""
    questions = sources.questions(state.command, state.given, state.arguments)
    question_id, equals, value = current.partition("=")
    if not equals:
        already = {item.partition("=")[0] for item in state.given.get("--answer", [])}
        texts = {f"{q.id}=": q.text for q in questions if q.id not in already}
        return _matching(list(texts), current, before, space=False, notes=texts)
    question = next((q for q in questions if q.id == question_id), None)
    if question is None:
        return Answer()
    before = f"{before}{question_id}="
    if question.kind == "multi":
        # Several values, comma-separated: complete the last one, not offering those chosen.
        chosen, comma, last = value.rpartition(",")
        taken = set(chosen.split(",")) if comma else set()
        offered = [v for v in question.values if v not in taken]
        return _matching(offered, last, before + chosen + comma, space=False, notes=question.labels)
    if question.kind == "person":
        names = sources.names(state.given.get("--db"))
        return _matching(names, value, before, fold_case=True)
    return _matching(question.values, value, before, notes=question.labels)


def main(argv: list[str]) -> int:
    """`attach __complete SHELL LINE [WORDBREAKS]`: print the mode, then the words."""
    try:
        shell, line = argv[0], argv[1]
        if shell not in SHELLS:
            return 0
        from attachjournal.cli.completion_line import load_table, shell_words

        breaks = argv[2] if len(argv) > 2 else None
        typed = split_line(line, breaks)
        answer = complete(load_table(), typed, Sources())
        out = shell_words(shell, typed, answer.mode, answer.words, answer.notes)
        sys.stdout.write("\n".join(out) + "\n")
        sys.stdout.flush()
    except Exception:  # never an error, never a traceback in someone's command line
        return 0
    return 0
