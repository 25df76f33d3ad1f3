"""`attach share ID` and `attach unshare ID`: a rupture and its repair, shared with the
household's other members or private again (a journal on a server only)."""

from typing import Annotated, Any

from attachjournal.cli.common import journal_path
from attachjournal.cli.declare import Argument
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import DbOption, JsonOption

SharedId = Annotated[
    int, Argument(metavar="ID", help="A rupture or repair of mine, by its number in attach log.")
]


@guarded
def share(entry_id: SharedId, json_out: JsonOption = False, db: DbOption = None) -> None:
    """Let the household's other members read one of my ruptures and its repair.

    A rupture and its repair go together: sharing either shares both (a repair alone tells
    little without its rupture). Only my own entries can be shared; check-ins always stay
    mine. Needs a journal on a server (see attach server); attach unshare undoes it.
    """
    _change(entry_id, True, json_out, db)


@guarded
def unshare(entry_id: SharedId, json_out: JsonOption = False, db: DbOption = None) -> None:
    """Make one of my shared ruptures private again, with its repair (either ID will do).

    The other members stop seeing them at once (the server's row security decides), in
    attach review --together too.
    """
    _change(entry_id, False, json_out, db)


def _change(entry_id: int, shared: bool, json_out: bool, db: Any) -> None:
    from attachjournal.usecases import sharing
    from attachjournal.views import sharing_out

    sharing_out.changed(sharing.set_shared(journal_path(db), entry_id, shared), json_out)
