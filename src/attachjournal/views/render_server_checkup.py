"""What `attach doctor` shows for a journal on a PostgreSQL server: one line for each thing a
member should know, a symbol as well as a colour for each verdict."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text

from attachjournal.core.vocabulary import kind_label
from attachjournal.views.render_checkup import _BAD, _OK, _WARN, _line
from attachjournal.views.text import clean, plural


def server_checkup_view(checkup: Any) -> Group:
    """checkup: storage.ServerCheckup."""
    where = clean(checkup.journal, keep_newlines=False)
    lines: list[Text] = [Text("Journal: ", style="bold") + Text(f"on a server, {where}")]
    # Why a journal can't be used (the server away, no journal there, ...) is doctor's error
    # line on stderr, said once there: the report leaves it out.
    if checkup.state in ("unreachable", "refused"):
        return Group(*lines, *_outbox_lines(checkup))
    lines.append(_line(_OK, f"PostgreSQL {clean(checkup.server_version or '?')}"))
    if checkup.state == "journal":
        lines.append(_line(_OK, f"Schema version {checkup.schema_version} (current)."))
    if checkup.row_security:
        lines.append(
            _line(_OK, "Row security is on and forced: the server shows each member only "
                       "their own entries and the shared ones.")
        )  # fmt: skip
    elif checkup.state == "journal":
        lines.append(
            _line(_BAD, "Row security is off on the journal's tables: members may read each "
                        "other's private entries. The administrator's attach server setup "
                        "turns it back on.")
        )  # fmt: skip
    lines += _policy_lines(checkup)
    if checkup.tls:
        lines.append(_line(_OK, "The connection is encrypted (TLS)."))
    else:
        lines.append(
            _line(_WARN, "The connection is not encrypted (no TLS). On a local socket that is "
                         "fine; over a network add sslmode=verify-full to the URL.")
        )  # fmt: skip
    lines.append(_role_line(checkup))
    if checkup.state == "journal":
        total = sum(checkup.entries.values())
        shown = ", ".join(plural(n, kind_label(kind)) for kind, n in checkup.entries.items() if n)
        lines.append(Text(f"  Entries you can read: {total}" + (f" ({shown})" if shown else "")))
        lines.append(Text(f"  People in the household: {checkup.people}"))
    lines += _outbox_lines(checkup)
    if checkup.drafts:
        lines.append(
            _line(_WARN, f"{checkup.drafts} unsaved answer set(s) wait to be offered back by "
                         "the next attach reflect or repair.")
        )  # fmt: skip
    return Group(*lines)


def _outbox_lines(checkup: Any) -> list[Text]:
    """What waits in this device's outbox (never its words): what the next command delivers,
    and, apart from it, what the server refused and what to do about that."""
    if not checkup.outbox:
        return []
    refused = len(checkup.outbox_refused)
    lines = []
    if checkup.outbox > refused:
        lines.append(_line(_WARN, _outbox_line(checkup, checkup.outbox - refused)))
    if refused:
        entries = "1 entry" if refused == 1 else f"{refused} entries"
        lines.append(
            _line(_WARN, f"The server refused {entries} kept in this device's outbox; the words "
                         "wait there, not delivered: attach outbox shows them, attach outbox "
                         "discard N lets one go.")
        )  # fmt: skip
        for reason in dict.fromkeys(checkup.outbox_refused):  # each reason once
            lines.append(Text("  Why: " + clean(reason, keep_newlines=False)))
    return lines


def _outbox_line(checkup: Any, count: int) -> str:
    from datetime import datetime

    entries = "1 entry waits" if count == 1 else f"{count} entries wait"
    since = ""
    if checkup.outbox_since:
        moment = datetime.fromisoformat(checkup.outbox_since).astimezone()
        since = f" since {moment.strftime('%a %d %b %H:%M')}"
    return (
        f"{entries} in this device's outbox{since}, kept while the server was away; the "
        "next command that reaches the server delivers them."
    )


def _policy_lines(checkup: Any) -> list[Text]:
    """A row-security policy not as setup made it opens or closes more than it should."""
    if checkup.state != "journal":
        return []
    if checkup.policy_drift:
        which = "; ".join(clean(p, keep_newlines=False) for p in checkup.policy_drift)
        return [
            _line(_BAD, f"The row-security policies are not as setup made them: {which}. "
                        "Members may read or change what is not theirs, or be stopped from "
                        "writing. The administrator's attach server setup puts them back.")
        ]  # fmt: skip
    if checkup.policies_unchecked:
        why = clean(checkup.policies_unchecked, keep_newlines=False)
        return [_line(_WARN, f"The row-security policies could not be compared: {why}.")]
    return [_line(_OK, "The row-security policies are the ones setup made.")]


def _role_line(checkup: Any) -> Text:
    """What the connected role can see: a member sees their own and the shared entries; the
    others are named for what they are."""
    role = clean(checkup.role or "?")
    bypass = "a superuser" if checkup.superuser else "a role with BYPASSRLS"
    if checkup.superuser or checkup.bypassrls:
        return _line(_WARN, f"You connect as {role}, {bypass}: row security does not bind it, "
                            "so it reads every entry, every member's private ones too. Connect "
                            "as your own member role to write.")  # fmt: skip
    if checkup.owner or checkup.createrole:
        what = "the owner of the journal's tables" if checkup.owner else "a role with CREATEROLE"
        could = " or ".join(
            ("switch row security off",) * checkup.owner
            + ("make itself a member's role",) * checkup.createrole
        )
        return _line(_WARN, f"You connect as {role}, {what}, not a member: row security binds "
                            f"it, but it could {could} and read every entry. Keep it for "
                            "setting up; write as your own member role.")  # fmt: skip
    return _line(_OK, f"You connect as {role}, a member role: you read your own entries and "
                      "the shared ones.")  # fmt: skip
