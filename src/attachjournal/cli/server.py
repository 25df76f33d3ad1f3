"""`attach server`: a household's journal on a PostgreSQL server (setup, add-member)."""

from typing import Annotated

from attachjournal.cli.declare import Argument, Option
from attachjournal.cli.guard import guarded
from attachjournal.cli.typer_bridge import Commands, WholeLines

app = Commands(
    cls=WholeLines,
    help="A journal for two (or more) on a PostgreSQL server: set it up once, then add each "
    "member. Passwords come the way psql takes them (~/.pgpass, a service file or "
    "PGPASSWORD), never on the command line.",
    no_args_is_help=True,
)


@app.command("setup")
@guarded
def setup(
    admin_url: Annotated[
        str,
        Argument(
            metavar="ADMIN_URL",
            help="The database, as a role allowed to set it up, e.g. "
            "postgresql://admin@nas.local/attach?sslmode=verify-full.",
        ),
    ],
) -> None:
    """Create (or upgrade) the journal's tables, the household's group role, its rights and
    its row security on the server, all in one transaction; safe to run again.

    First, on the server, a role for the household's administrator and a database it owns:
    sudo -u postgres createuser --createrole --pwprompt household_admin, then sudo -u
    postgres createdb --owner household_admin attach; that role's password goes in its
    ~/.pgpass. The group role is this database's own (attach_member_DATABASE); a household
    set up with the older server-wide attach_member is moved to it. Afterwards each member
    gets a role of their own (attach server add-member).
    """
    from attachjournal.usecases import server
    from attachjournal.views import server_out

    server_out.setup_done(server.setup(admin_url))


@app.command("add-member")
@guarded
def add_member(
    role: Annotated[
        str, Argument(metavar="ROLE", help="The member's own login role on the server, e.g. mum.")
    ],
    admin: Annotated[
        str | None,
        Option(
            "--admin",
            metavar="ADMIN_URL",
            help="The database, as the role that ran setup (default: what psql would use: "
            "PGHOST, PGUSER, PGDATABASE or PGSERVICE).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Let ROLE into the household: grant it the group role that setup made.

    The role must exist first; on the server, make one with its password typed at a hidden
    prompt: sudo -u postgres createuser --pwprompt ROLE. A superuser or a role with
    BYPASSRLS is refused: row security does not bind it, so it would read every entry.
    """
    from attachjournal.usecases import server
    from attachjournal.views import server_out

    server_out.member_added(server.add_member(role, admin))
