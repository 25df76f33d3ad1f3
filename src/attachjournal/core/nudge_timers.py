"""The gentle nudge as a desktop notification: a systemd user timer (Linux) or a LaunchAgent
(macOS), each printed as a short sh script that writes its files and switches it on.

The check itself is a few lines of POSIX sh (no Python): inside the evening (from `at` until
the journal day ends) and the check-in marker is not today's journal day, show a fixed line.
The notification says nothing from the journal: lock screens show notifications.
"""

from __future__ import annotations

import shlex
from datetime import time

from attachjournal.core.nudge import LINE, NudgePlace, evening_start, minutes

TITLE = "attach"
SYSTEMD_NAME = "attach-nudge"
LAUNCHD_LABEL = "org.attachjournal.nudge"
_UNIT_END = "ATTACH_UNIT_END"


def check_script(place: NudgePlace, at: time, day_start: time, notify: str) -> str:
    """One line of sh: notify when the evening has come and today has no check-in.

    The hour is checked again because a computer asleep at `at` runs the job when it wakes,
    which may be the next morning. `1${hm%??} - 100` reads "08" as 8 in any sh (a leading
    zero means octal in sh arithmetic).
    """
    start, evening = minutes(day_start), evening_start(at, day_start)
    steps = [
        f"d={shlex.quote(str(place.folder))}",
        f"m={shlex.quote(str(place.marker))}",
        '[ -d "$d" ] || exit 0',
        "hm=$(date +%H%M)",
        "mins=$(( (1${hm%??} - 100) * 60 + 1${hm#??} - 100 ))",
        f"[ $(( (mins - {start} + 1440) % 1440 )) -ge {evening} ] || exit 0",
        f'if [ "$mins" -lt {start} ]; then '
        "day=$(date -d yesterday +%Y-%m-%d 2>/dev/null || date -v-1d +%Y-%m-%d); "
        "else day=$(date +%Y-%m-%d); fi",
        "last=",
        '[ -r "$m" ] && read -r last < "$m"',
        '[ "$last" = "$day" ] && exit 0',
        f"exec {notify}",
    ]
    return "; ".join(steps)


def systemd_escape(text: str) -> str:
    """One double-quoted word of an ExecStart= line: systemd reads backslashes and quotes,
    expands %specifiers and $VARIABLES, so each is doubled or escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    # A unit's line ends at a newline; inside quotes systemd reads \n as one.
    return '"' + escaped.replace("\n", "\\n") + '"'


def systemd_units(place: NudgePlace, at: time, day_start: time) -> tuple[str, str]:
    """The service (the check) and the timer (when it runs), as unit file texts."""
    notify = f"notify-send --app-name={TITLE} {shlex.quote(TITLE)} {shlex.quote(LINE)}"
    script = check_script(place, at, day_start, notify)
    service = (
        "[Unit]\n"
        "Description=attach: a gentle nudge when today has no check-in\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart=/bin/sh -c {systemd_escape(script)}\n"
    )
    timer = (
        "[Unit]\n"
        f"Description=attach: a gentle nudge at {at:%H:%M}\n\n"
        "[Timer]\n"
        f"OnCalendar=*-*-* {at:%H:%M}:00\n"
        # Not Persistent: a computer switched off at the hour is not nudged the next morning.
        "Persistent=false\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return service, timer


def systemd_install(place: NudgePlace, at: time, day_start: time) -> str:
    service, timer = systemd_units(place, at, day_start)
    folder = '"${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user"'
    return (
        f"# attach: a desktop notification at {at:%H:%M} when today has no check-in "
        "(a systemd user timer).\n"
        f"# Read it, then install it with:   attach remind --systemd --at {at:%H:%M} | sh\n"
        "# It writes the two units below into ~/.config/systemd/user and starts the timer.\n"
        f"# To remove it:   systemctl --user disable --now {SYSTEMD_NAME}.timer\n"
        f"#                 rm ~/.config/systemd/user/{SYSTEMD_NAME}.timer "
        f"~/.config/systemd/user/{SYSTEMD_NAME}.service\n"
        "set -e\n"
        "umask 077\n"
        f"units={folder}\n"
        'mkdir -p "$units"\n'
        f"cat > \"$units/{SYSTEMD_NAME}.service\" <<'{_UNIT_END}'\n"
        f"{service}{_UNIT_END}\n"
        f"cat > \"$units/{SYSTEMD_NAME}.timer\" <<'{_UNIT_END}'\n"
        f"{timer}{_UNIT_END}\n"
        "systemctl --user daemon-reload\n"
        f"systemctl --user enable --now {SYSTEMD_NAME}.timer\n"
        f'echo "The nudge is on: {at:%H:%M} each day (systemctl --user list-timers)."\n'
    )


def launchd_plist(place: NudgePlace, at: time, day_start: time) -> str:
    import plistlib

    # AppleScript string: only a backslash or a double quote would need escaping, and the
    # fixed line has neither.
    notify = "osascript -e " + shlex.quote(f'display notification "{LINE}" with title "{TITLE}"')
    job = {
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": ["/bin/sh", "-c", check_script(place, at, day_start, notify)],
        "StartCalendarInterval": {"Hour": at.hour, "Minute": at.minute},
    }
    return plistlib.dumps(job).decode("utf-8")


def launchd_install(place: NudgePlace, at: time, day_start: time) -> str:
    plist = launchd_plist(place, at, day_start)
    target = f"$HOME/Library/LaunchAgents/{LAUNCHD_LABEL}.plist"
    return (
        f"# attach: a desktop notification at {at:%H:%M} when today has no check-in "
        "(a LaunchAgent).\n"
        f"# Read it, then install it with:   attach remind --launchd --at {at:%H:%M} | sh\n"
        f"# To remove it:   launchctl unload ~/Library/LaunchAgents/{LAUNCHD_LABEL}.plist\n"
        f"#                 rm ~/Library/LaunchAgents/{LAUNCHD_LABEL}.plist\n"
        "set -e\n"
        "umask 077\n"
        'mkdir -p "$HOME/Library/LaunchAgents"\n'
        f'launchctl unload "{target}" 2>/dev/null || true\n'
        f"cat > \"{target}\" <<'{_UNIT_END}'\n"
        f"{plist}{_UNIT_END}\n"
        f'launchctl load "{target}"\n'
        f'echo "The nudge is on: {at:%H:%M} each day."\n'
    )
