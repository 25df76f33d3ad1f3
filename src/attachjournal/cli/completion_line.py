"""The command line typed so far, read as the shell will read it, and words written back the
way each shell wants them.

Bash hands over the raw line, quotes and backslashes included, and inserts what it gets back
as typed text: so a name with a space goes back as `Maya\\ Rose`, or as it is inside a quote
the person opened. Bash also cuts the word at `=` and `:` (COMP_WORDBREAKS): after
`-a who=` it replaces only what follows the `=`. Zsh and fish quote what they are given.
"""

from __future__ import annotations

import re

from attachjournal.cli.completion_table import load as load_table

__all__ = ["Typed", "load_table", "shell_words", "split_line"]

_COMMAND_ENDS = set(";&|(\n")
_REDIRECTS = set("<>")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Characters bash leaves alone in a word; anything else gets a backslash (like printf %q).
_PLAIN = re.compile(r"[\w@%+,./:=^-]")


class Typed:
    """The line so far: the finished words after `attach`, and the word being completed."""

    def __init__(
        self, words: list[str], current: str, quote: str | None = None, kept: int = 0
    ) -> None:
        self.words = words
        self.current = current  # unquoted, up to the cursor
        self.quote = quote  # a quote opened in it and not yet closed
        # How much of `current` bash keeps as it is (up to its last word-break character).
        self.kept = kept


def split_line(line: str, breaks: str | None = None) -> Typed:
    """Words the way the shell splits them (quotes, backslashes, `;` and `&&` between commands)."""
    breaks_set = set(breaks or "") - set("\"' \t\n")
    words: list[str] = []
    word: list[str] = []
    started = False
    quote: str | None = None
    kept = 0
    skip_next = False
    i = 0
    while i < len(line):
        ch = line[i]
        if quote == "'":
            if ch == "'":
                quote = None
            else:
                word.append(ch)
        elif quote == '"':
            if ch == '"':
                quote = None
            elif ch == "\\" and i + 1 < len(line) and line[i + 1] in '"\\$`':
                i += 1
                word.append(line[i])
            else:
                word.append(ch)
        elif ch == "\\":
            started = True
            if i + 1 < len(line):
                i += 1
                word.append(line[i])
        elif ch in "'\"":
            quote, started = ch, True
        elif ch.isspace() or ch in _COMMAND_ENDS or ch in _REDIRECTS:
            if started:
                if not skip_next:
                    words.append("".join(word))
                skip_next = False
            word, started, kept = [], False, 0
            if ch in _COMMAND_ENDS:
                words, skip_next = [], False  # a new command starts after ; && || | (
            elif ch in _REDIRECTS:
                skip_next = True  # `> file` is the shell's, not an argument
        else:
            word.append(ch)
            started = True
            if ch in breaks_set:
                kept = len(word)
        i += 1
    while words and _ASSIGNMENT.match(words[0]):
        words.pop(0)  # ATTACH_DB=... attach ...
    return Typed(words=words[1:], current="".join(word), quote=quote, kept=kept)


def shell_words(
    shell: str, typed: Typed, mode: str, words: list[str], notes: dict[str, str]
) -> list[str]:
    """The lines to print: the mode, then each word as the shell needs it."""
    lines = [mode]
    for word in words:
        if _CONTROL.search(word):
            continue  # a name with a newline or tab in it can't be offered safely
        if shell == "bash":
            if not word.startswith(typed.current[: typed.kept]):
                continue
            rest = word[typed.kept :]
            lines.append(rest if typed.quote else "".join(_escaped(ch) for ch in rest))
        elif notes.get(word):  # fish and zsh show it beside the word
            lines.append(f"{word}\t{notes[word]}")
        else:
            lines.append(word)
    return lines


def _escaped(ch: str) -> str:
    return ch if _PLAIN.match(ch) else "\\" + ch
