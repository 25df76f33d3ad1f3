"""What `attach server setup` and `add-member` say: what changed, and the next steps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attachjournal.views import render

if TYPE_CHECKING:
    from attachjournal.usecases.server import MemberResult, SetupResult

PRIVATE_FIRST = (
    "Every entry starts private to its author; a rupture and its repair can be shared with "
    "the other members (attach repair --share, attach share ID), and read together with "
    "attach review --together --who NAME."
)


def _say(text: str, style: str = "") -> None:
    # soft_wrap: a command or URL stays one line to copy, however narrow the terminal.
    render.stdout().print(render.safe_text(text, style), soft_wrap=True)


def _prose(text: str, indent: int = 0, hang: int = 0) -> None:
    """Words wrapped at the terminal's width; a list item's later lines under its words."""
    from attachjournal.views.render_review import Hanging

    render.stdout().print(Hanging(render.safe_text(text), indent, hang))


def setup_done(result: SetupResult) -> None:
    done = result.done
    where = f"{result.shown_url} (PostgreSQL {done.place.server_version})"
    if done.changes:
        _prose(f"✓ The household's journal is set up on {where}, schema {done.version}.")
        for change in done.changes:
            _prose(f"- {change}", indent=2, hang=2)
    else:
        _prose(
            f"✓ Nothing to change: {where} is already set up "
            f"(schema {done.version}, row security on)."
        )
    if result.password_in_url:
        render.note(
            "That address held a password, so it is now in your shell's history. Keep it in "
            "~/.pgpass instead (one line: host:port:database:role:password, mode 0600).",
            render.stderr(),
        )
    if done.admin_is_superuser:
        render.note(
            f"{done.admin} is a superuser: row security does not bind it, so it can read every "
            "entry. Members should connect as ordinary roles of their own.",
            render.stderr(),
        )
    if done.admin_could_read_everything:
        render.note(
            f"{done.admin} owns the journal's tables (or may create roles): row security "
            "binds it, but it could give itself the power to read every entry. Keep its "
            "password with one trusted person, and write as a member role of your own.",
            render.stderr(),
        )
    members = ", ".join(done.members) if done.members else "none yet"
    _say("")
    _say("Next steps:", "bold")
    _prose(
        "1. Each member needs a login role of their own. On the server, as its postgres "
        "system user, make one, typing its password at a hidden prompt (never on the "
        "command line):",
        indent=2,
        hang=3,
    )
    _say("       sudo -u postgres createuser --pwprompt mum")
    _prose(f"2. Add each one to the household (members so far: {members}):", indent=2, hang=3)
    _say(f"       attach server add-member mum --admin '{result.shown_url}'")
    _prose(
        "3. On each of that member's devices, keep the password in ~/.pgpass (mode 0600) "
        "and point attach at the server with the journal setting (or ATTACH_DB, --db):",
        indent=2,
        hang=3,
    )
    _say(f"       attach config set journal '{result.member_url}'")
    _prose("(ROLE is the member's own role.)", indent=5)
    _say("")
    render.stdout().print(render.safe_text(PRIVATE_FIRST, "dim"))  # prose: wrapped at words


def member_added(result: MemberResult) -> None:
    added = result.added
    if added.added:
        _prose(f"✓ {added.role} is now a member of the household on {added.place.database}.")
    else:
        _prose(f"✓ Nothing to change: {added.role} is already a member.")
    if not added.can_login:
        render.note(
            f"{added.role} cannot log in yet; the server's administrator can allow it with "
            f"ALTER ROLE {added.role} LOGIN, or set a password with: psql -c '\\password "
            f"{added.role}'.",
            render.stderr(),
        )
    if added.more_than_a_member:
        render.note(
            f"{added.role} is {added.more_than_a_member}: row security binds it, but it could "
            "give itself the power to read every member's entries (switch row security off, or "
            "make itself a member's role). A member should have an ordinary role.",
            render.stderr(),
        )
    _prose(
        f"On each of {added.role}'s devices, keep the password in ~/.pgpass (mode 0600) "
        "and point attach at the server with the journal setting (or ATTACH_DB, --db):"
    )
    _say(f"  attach config set journal '{result.member_url}'")
    render.stdout().print(render.safe_text(PRIVATE_FIRST, "dim"))  # prose: wrapped at words
