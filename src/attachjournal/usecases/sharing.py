"""`attach share ID` / `attach unshare ID`: let the household's other members read a rupture
and its repair, or make them private again. Only on a server, and only one's own entries: the
server's row security decides, this only asks it.

A rupture and its repair move together: the repair is half of the rupture's story, and a
shared repair of a private rupture would tell the other parent little. So sharing either one
shares both (when both are mine), and unsharing either makes both private again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from attachjournal import storage
from attachjournal.errors import UsageError
from attachjournal.paths import Location

if TYPE_CHECKING:
    from attachjournal.core.records import EntryRecord


@dataclass(frozen=True)
class SharingChanged:
    """What was shared or made private: (id, kind) of each entry changed, rupture first."""

    entries: tuple[tuple[int, str], ...]
    shared: bool


def on_server(path: Location) -> bool:
    return isinstance(path, str) and storage.is_server_url(path)


def set_shared(path: Location, entry_id: int, shared: bool) -> SharingChanged:
    if not on_server(path):
        raise UsageError(storage.SHARING_NEEDS_A_SERVER)
    journal = storage.open_journal(path, create=False)
    assert journal is not None  # a server's journal is there, or opening it said why not
    failed = "Nothing was shared" if shared else "Nothing was changed"
    with journal.write(failed=failed) as writer:
        entry = writer.get_entry(entry_id)
        if entry.kind not in ("rupture", "repair"):
            raise UsageError("Only a rupture or a repair can be shared; the rest stays yours.")
        partner: EntryRecord | None
        if entry.kind == "repair" and entry.rupture_id is not None:
            partner = writer.get_entry(entry.rupture_id)
        else:
            partner = writer.repairs_for([entry_id]).get(entry_id)
        change = writer.share if shared else writer.unshare
        change(entry_id)  # another member's entry: refused here, in one line
        changed = [(entry.id, entry.kind)]
        if partner is not None and partner.author == entry.author:
            change(partner.id)
            changed.append((partner.id, partner.kind))
    changed.sort(key=lambda found: found[1] != "rupture")
    return SharingChanged(tuple(changed), shared)


def share_or_not(path: Location, asked: bool | None) -> bool:
    """Whether a new rupture and repair are shared: as asked (--share / --private), or the
    share_by_default setting on a server. --share on a file says sharing needs a server."""
    if asked is None:
        if not on_server(path):
            return False
        from attachjournal import settings

        return settings.load().share_by_default
    if asked and not on_server(path):
        raise UsageError(storage.SHARING_NEEDS_A_SERVER)
    return asked


def repair_follows(
    path: Location, asked: bool | None, rupture: EntryRecord
) -> tuple[bool, list[str]]:
    """Whether a repair logged later for `rupture` is shared, and the line saying its rupture
    changed with it. It follows its rupture (share_by_default is for new ruptures: it never
    shares the repair of a private one alone); --share shares both, --private keeps both
    private, as `attach share` / `unshare` would."""
    share = rupture.shared if asked is None else share_or_not(path, asked)
    if share == rupture.shared:
        return share, []
    if share:
        return share, [
            f"Rupture #{rupture.id} is shared now too: a rupture and its repair go together."
        ]
    return share, [
        f"Rupture #{rupture.id} is private again too: a rupture and its repair go together."
    ]
