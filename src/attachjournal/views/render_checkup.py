"""What `attach doctor` shows: plain lines, a symbol as well as a colour for each verdict."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from attachjournal.storage import Checkup
from attachjournal.views.text import clean

_OK = ("✓ ", "green")
_WARN = ("! ", "yellow")
_BAD = ("✗ ", "bold red")


def _line(mark: tuple[str, str], message: str) -> Text:
    text = Text(mark[0], style=mark[1])
    text.append(message)
    return text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def checkup_view(checkup: Checkup) -> Group:
    where = clean(str(checkup.journal), keep_newlines=False)
    lines: list[Text] = [Text("Journal: ", style="bold") + Text(where)]
    if checkup.state == "missing":
        lines.append(_line(_OK, "There is no journal here yet; attach reflect starts one."))
    elif checkup.state == "empty":
        lines.append(_line(_OK, "The journal file is empty; the next save sets it up."))
    elif checkup.state == "encrypted":
        if checkup.integrity == "not_checked":
            lines.append(_line(_WARN, f"Encrypted. {checkup.note or ''}".strip()))
        else:
            lines.append(_line(_OK, "Encrypted (SQLCipher): unreadable without the passphrase."))
    elif checkup.state == "not_journal":
        lines.append(_line(_BAD, checkup.note or "This is not an attach journal."))
    if checkup.disk_full:
        lines.append(
            _line(
                _BAD,
                "The disk holding the journal is full: saves fail until some space is freed. "
                "Nothing says the journal itself is harmed.",
            )
        )
    if checkup.not_checked_because:
        lines.append(
            _line(
                _WARN,
                f"Integrity: not checked, because {checkup.not_checked_because}. "
                "Run attach doctor again once that has passed.",
            )
        )
    if checkup.integrity == "ok":
        lines.append(_line(_OK, "Integrity: SQLite's full check found nothing wrong."))
    elif checkup.integrity == "damaged":
        lines.append(_line(_BAD, "Integrity: the journal file is damaged."))
        for problem in checkup.problems[:5]:
            lines.append(Text("    " + clean(problem, keep_newlines=False), style="dim"))
        lines.append(Text("  Nothing has been written to it."))
        if checkup.newest_backup is not None:
            newest = clean(str(checkup.newest_backup), keep_newlines=False)
            lines.append(
                Text(
                    f"  Your newest backup can take its place: attach restore {newest}  "
                    "(the damaged file is kept aside, as it is)."
                )
            )
        else:
            lines.append(
                Text(
                    "  attach restore FILE can bring back a backup if you have one elsewhere; "
                    "keep this file, it may still hold entries that can be rescued."
                )
            )
    if checkup.schema_version is not None:
        if checkup.state == "newer":
            lines.append(
                _line(_BAD, f"Schema: version {checkup.schema_version}. {checkup.note or ''}")
            )
        else:
            lines.append(
                _line(_OK, f"Schema: version {checkup.schema_version} (up to date).")
                if checkup.schema_version == checkup.latest
                else _line(
                    _WARN,
                    f"Schema: version {checkup.schema_version}; the next save brings it to "
                    f"{checkup.latest}.",
                )
            )
    if checkup.entries:
        e = checkup.entries
        total = sum(e.values())
        kinds = [
            _count(e.get("reflect", 0), "check-in"),
            _count(e.get("rupture", 0), "rupture"),
            _count(e.get("repair", 0), "repair"),
        ]
        # Imported notes and intentions count in the total, so they are named too.
        kinds += [_count(e[k], k) for k in ("note", "intention") if e.get(k)]
        lines.append(Text(f"  Entries: {total} ({', '.join(kinds)}); people: {checkup.people}."))
    for item in checkup.files:
        mark = _OK if item.private else _WARN
        who = "only you" if item.private else "others on this computer can read it"
        lines.append(
            _line(
                mark,
                f"{item.label}: {item.mode:04o}, {who}  "
                f"({clean(str(item.path), keep_newlines=False)})",
            )
        )
    for item in checkup.exposed:
        where = clean(str(item.path), keep_newlines=False)
        if item.tightened_by_attach:
            lines.append(
                Text(f"  The next attach command that opens it makes the {item.label} private.")
            )
        else:
            private = "700" if item.label.endswith("folder") else "600"
            lines.append(Text(f"  To make the {item.label} private: chmod {private} {where}"))
    for item in checkup.stuck:
        where = clean(str(item.path), keep_newlines=False)
        lines.append(
            _line(
                _WARN,
                f"The {item.label} ({item.mode:04o}) is not writable, so saves fail as "
                f"read-only. The next attach command that opens the journal repairs it; "
                f"or now: chmod 600 {where}",
            )
        )
    if checkup.drafts:
        from attachjournal.storage import drafts_folder as folder

        lines.append(
            _line(
                _WARN,
                f"{_count(checkup.drafts, 'draft')} of answers that could not be saved "
                f"{'waits' if checkup.drafts == 1 else 'wait'} in {clean(str(folder(checkup.journal)), keep_newlines=False)}; "
                "attach reflect or attach repair (in a terminal) offers them back.",
            )
        )
    if checkup.backups is not None:
        line = f"  Backups: {checkup.backup_count} in {clean(str(checkup.backups), keep_newlines=False)}"
        if checkup.newest_backup is not None:
            line += f" (newest: {checkup.newest_backup.name})"
        lines.append(Text(line))
    else:
        lines.append(Text("  Backups: none yet (attach backup makes one)."))
    if checkup.sync_service:
        lines.append(
            _line(
                _WARN,
                f"The journal is inside a {checkup.sync_service} folder. Syncing a live "
                "database can damage it; a folder that is not synced is safer.",
            )
        )
    return Group(*lines)
