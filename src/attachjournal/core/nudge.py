"""The gentle nudge for a new shell: a few lines for bash, zsh or fish that compare the
check-in marker with today's journal day, without starting Python.

Pure functions of the marker's place, the hour and the shell. Every snippet:
- runs only in an interactive shell, and does nothing when the marker folder is missing;
- counts the evening from `after` until the journal day ends (day_starts_at), so a new
  terminal at 00:30 still belongs to the evening before, like a check-in written then;
- says one line at most once an evening: the day it nudged goes in a second small file
  beside the marker (an exported variable would reach only the children of one shell, and
  each new terminal window starts afresh from the desktop, so only a file is shared);
- reads the clock from shell builtins (bash 4.2+ printf '%(...)T', zsh's strftime); fish has
  no clock of its own, so it calls date. ATTACH_REMIND_NOW (seconds since 1970) stands in
  for the clock, for tests.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from datetime import time
from pathlib import Path

LINE = "A few minutes for yourself tonight? attach reflect"
SHELLS = ("bash", "zsh", "fish")
DEFAULT_AFTER = time(19, 0)
# Stepping back this far from local midnight lands in the evening before even when the
# clocks changed that night (never more than an hour), so no day is skipped or repeated.
_BACK_S = 3 * 3600


@dataclass(frozen=True)
class NudgePlace:
    """Where the snippet looks: the journal's folder, the check-in marker, the nudged file."""

    folder: Path
    marker: Path
    nudged: Path


def minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def evening_start(after: time, day_start: time) -> int:
    """`after` counted in minutes from the start of the journal day (0..1439)."""
    return (minutes(after) - minutes(day_start)) % 1440


def fish_quote(text: str) -> str:
    """A fish single-quoted word: there only a backslash and a quote need escaping."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def shell_snippet(shell: str, place: NudgePlace, after: time, day_start: time) -> str:
    if shell == "fish":
        return _fish(place, after, day_start)
    quote = shlex.quote
    start, evening = minutes(day_start), evening_start(after, day_start)
    names = (
        f"dir={quote(str(place.folder))} marker={quote(str(place.marker))} "
        f"nudged={quote(str(place.nudged))}"
    )
    head = _header(shell, after)
    if shell == "bash":
        return head + _BASH.format(names=names, start=start, evening=evening, back=_BACK_S)
    if shell == "zsh":
        return head + _ZSH.format(names=names, start=start, evening=evening, back=_BACK_S)
    raise ValueError(shell)


def _header(shell: str, after: time) -> str:
    rc = {"bash": "~/.bashrc", "zsh": "~/.zshrc", "fish": "~/.config/fish/config.fish"}[shell]
    return (
        f"# >>> attach: a gentle nudge (attach remind --shell {shell}) >>>\n"
        f"# From {after:%H:%M}, a new {shell} with no check-in today says one line, once an "
        "evening.\n"
        "# It reads a date attach keeps for the journal; it never starts Python.\n"
        f"# To stop it, delete from here to the '<<< attach' line in {rc}.\n"
    )


# {start}: day_starts_at in minutes; {evening}: `after` in minutes into the journal day.
_BASH = """\
if [[ $- == *i* ]] && (( BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 402 )); then
__attach_nudge() {{
  local {names}
  local now=${{ATTACH_REMIND_NOW:-${{EPOCHSECONDS:-}}}} hm mins day last=
  [[ -d $dir ]] || return 0
  [[ -n $now ]] || printf -v now '%(%s)T' -1
  [[ $now =~ ^[0-9]+$ ]] || return 0
  printf -v hm '%(%H%M)T' "$now"
  mins=$(( 10#${{hm:0:2}} * 60 + 10#${{hm:2:2}} ))
  (( (mins - {start} + 1440) % 1440 >= {evening} )) || return 0
  # Before the journal day starts, it is still the evening before.
  (( mins < {start} )) && now=$(( now - mins * 60 - {back} ))
  printf -v day '%(%Y-%m-%d)T' "$now"
  [[ -r $marker ]] && {{ read -r last < "$marker"; }} 2>/dev/null
  [[ $last < $day ]] || return 0
  last=
  [[ -r $nudged ]] && {{ read -r last < "$nudged"; }} 2>/dev/null
  [[ $last == "$day" ]] && return 0
  (umask 077 && printf '%s\\n' "$day" >| "$nudged") 2>/dev/null
  printf '%s\\n' '{line}'
}}
__attach_nudge
unset -f __attach_nudge
fi
# <<< attach <<<
""".replace("{line}", LINE)

_ZSH = """\
if [[ -o interactive ]]; then
__attach_nudge() {{
  emulate -L zsh
  zmodload zsh/datetime 2>/dev/null || return 0
  local {names}
  local now=${{ATTACH_REMIND_NOW:-$EPOCHSECONDS}} hm mins day last=
  [[ -d $dir ]] || return 0
  [[ $now == <-> ]] || return 0
  strftime -s hm '%H%M' $now
  mins=$(( 10#${{hm[1,2]}} * 60 + 10#${{hm[3,4]}} ))
  (( (mins - {start} + 1440) % 1440 >= {evening} )) || return 0
  # Before the journal day starts, it is still the evening before.
  (( mins < {start} )) && now=$(( now - mins * 60 - {back} ))
  strftime -s day '%Y-%m-%d' $now
  [[ -r $marker ]] && {{ read -r last < $marker }} 2>/dev/null
  [[ $last < $day ]] || return 0
  last=
  [[ -r $nudged ]] && {{ read -r last < $nudged }} 2>/dev/null
  [[ $last == $day ]] && return 0
  (umask 077 && print -r -- $day >| $nudged) 2>/dev/null
  print -r -- '{line}'
}}
__attach_nudge
unfunction __attach_nudge
fi
# <<< attach <<<
""".replace("{line}", LINE)


def _fish(place: NudgePlace, after: time, day_start: time) -> str:
    start, evening = minutes(day_start), evening_start(after, day_start)
    return _header("fish", after) + _FISH.format(
        folder=fish_quote(str(place.folder)),
        marker=fish_quote(str(place.marker)),
        nudged=fish_quote(str(place.nudged)),
        start=start,
        evening=evening,
        back=_BACK_S,
    )


_FISH = """\
if status is-interactive
    function __attach_nudge
        set -l dir {folder}
        set -l marker {marker}
        set -l nudged {nudged}
        test -d $dir; or return 0
        set -l now $ATTACH_REMIND_NOW
        test -n "$now"; or set now (date +%s)
        string match -qr '^[0-9]+$' -- $now; or return 0
        # fish has no clock builtin: date (GNU -d @N, BSD -r N).
        set -l hm (date -d @$now +%H%M 2>/dev/null; or date -r $now +%H%M)
        set -l mins (math "(1"(string sub -l 2 $hm)" - 100) * 60 + 1"(string sub -s 3 $hm)" - 100")
        test (math "($mins - {start} + 1440) % 1440") -ge {evening}; or return 0
        # Before the journal day starts, it is still the evening before.
        test $mins -lt {start}; and set now (math "$now - $mins * 60 - {back}")
        set -l day (date -d @$now +%Y-%m-%d 2>/dev/null; or date -r $now +%Y-%m-%d)
        set -l last
        test -r $marker; and read -l last < $marker 2>/dev/null
        set -l seen (string replace -a - '' -- $last)
        test -n "$seen"; and test "$seen" -ge (string replace -a - '' -- $day); and return 0
        set -l last
        test -r $nudged; and read last < $nudged 2>/dev/null
        test "$last" = "$day"; and return 0
        set -l mask (umask)
        umask 077
        printf '%s\\n' $day >$nudged 2>/dev/null
        umask $mask
        printf '%s\\n' '{line}'
    end
    __attach_nudge
    functions -e __attach_nudge
end
# <<< attach <<<
""".replace("{line}", LINE)


def read_clock(text: str, option: str) -> time:
    """'19:00', '7:30' or '21' as a time of day; the error never repeats what was typed."""
    from attachjournal.errors import UsageError

    found = re.fullmatch(r"(\d{1,2})(?::(\d\d))?", text.strip(), re.ASCII)
    if found is not None:
        hour, minute = int(found[1]), int(found[2] or 0)
        if hour <= 23 and minute <= 59:
            return time(hour, minute)
    raise UsageError(f"{option} takes a time of day as HH:MM, e.g. 19:00 or 21:30.")
