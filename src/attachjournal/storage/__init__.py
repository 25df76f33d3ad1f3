"""The journal's storage, behind one door: the only package that touches a database.

Everything outside this package reaches the journal through the names exported here (and
through the Journal, Reader and Writer they hand out), never through its modules. The names
are loaded on first use, so a command pays only for the part of storage it touches.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# name -> (module in this package, attribute there)
_EXPORTS: dict[str, tuple[str, str]] = {
    # opening the journal, and what an open journal hands out
    "open_journal": ("store", "open_journal"),
    "Journal": ("store", "Journal"),
    "Reader": ("access", "Reader"),
    "Writer": ("access", "Writer"),
    "commit_count": ("store", "commit_count"),
    "SCHEMA_VERSION": ("migrations", "LATEST"),
    # the file itself, before it is opened
    "inspect_path": ("store", "inspect_path"),
    "refuse_other_owner": ("store", "refuse_other_owner"),
    "repair_side_files": ("store", "repair_side_files"),
    "tighten_permissions": ("store", "tighten_permissions"),
    "sync_service": ("sync_folders", "sync_service"),
    # values as the journal keeps them
    "clean_name": ("store", "clean_name"),
    "fit_value": ("store", "fit_value"),
    "UNFIT": ("store", "UNFIT"),
    # whole-journal data: export, import, search
    "Dump": ("store_data", "Dump"),
    "PersonRow": ("store_data", "PersonRow"),
    "ImportPlan": ("store_data", "ImportPlan"),
    "ImportResult": ("store_data", "ImportResult"),
    "PersonIn": ("store_data", "PersonIn"),
    "EntryIn": ("store_data", "EntryIn"),
    "AnswerIn": ("store_data", "AnswerIn"),
    "SearchHit": ("store_data", "SearchHit"),
    # backups, encryption and the checkup
    "default_backup_folder": ("backup", "default_folder"),
    "restore_backup": ("backup", "restore"),
    "use_passphrase_file": ("encryption", "use_passphrase_file"),
    "encrypt_journal": ("encryption", "encrypt_journal"),
    "decrypt_journal": ("encryption", "decrypt_journal"),
    "examine": ("health", "examine"),
    "Checkup": ("health", "Checkup"),
    "tidy_leftovers": ("leftovers", "tidy"),
    "wipe_marker": ("leftovers", "wipe_marker"),
    # answers a failed save left behind
    "offer_draft": ("drafts", "offer"),
    "keep_draft": ("drafts", "keep_typed"),
    "discard_draft": ("drafts", "discard"),
    "draft_waiting": ("drafts", "waiting"),
    "drafts_folder": ("drafts", "folder"),
    # private files written beside the journal or on request (exports, pages, settings)
    "write_private": ("private_files", "write_private"),
}

__all__ = [
    "SCHEMA_VERSION",
    "UNFIT",
    "AnswerIn",
    "Checkup",
    "Dump",
    "EntryIn",
    "ImportPlan",
    "ImportResult",
    "Journal",
    "PersonIn",
    "PersonRow",
    "Reader",
    "SearchHit",
    "Writer",
    "clean_name",
    "commit_count",
    "decrypt_journal",
    "default_backup_folder",
    "discard_draft",
    "draft_waiting",
    "drafts_folder",
    "encrypt_journal",
    "examine",
    "fit_value",
    "inspect_path",
    "keep_draft",
    "offer_draft",
    "open_journal",
    "refuse_other_owner",
    "repair_side_files",
    "restore_backup",
    "sync_service",
    "tidy_leftovers",
    "tighten_permissions",
    "use_passphrase_file",
    "wipe_marker",
    "write_private",
]


if not TYPE_CHECKING:
    # Hidden from the type checker, which reads the imports below instead: a module-level
    # __getattr__ would make any misspelt name pass as Any.
    def __getattr__(name: str) -> Any:
        try:
            module, attribute = _EXPORTS[name]
        except KeyError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
        globals()[name] = value  # the next lookup is a plain dictionary hit
        return value

else:  # what each name is, for the type checker (kept the same as _EXPORTS by a test)
    from attachjournal.storage.access import Reader, Writer
    from attachjournal.storage.backup import default_folder as default_backup_folder
    from attachjournal.storage.backup import restore as restore_backup
    from attachjournal.storage.drafts import discard as discard_draft
    from attachjournal.storage.drafts import folder as drafts_folder
    from attachjournal.storage.drafts import keep_typed as keep_draft
    from attachjournal.storage.drafts import offer as offer_draft
    from attachjournal.storage.drafts import waiting as draft_waiting
    from attachjournal.storage.encryption import (
        decrypt_journal,
        encrypt_journal,
        use_passphrase_file,
    )
    from attachjournal.storage.health import Checkup, examine
    from attachjournal.storage.leftovers import tidy as tidy_leftovers
    from attachjournal.storage.leftovers import wipe_marker
    from attachjournal.storage.migrations import LATEST as SCHEMA_VERSION
    from attachjournal.storage.private_files import write_private
    from attachjournal.storage.store import (
        UNFIT,
        Journal,
        clean_name,
        commit_count,
        fit_value,
        inspect_path,
        open_journal,
        refuse_other_owner,
        repair_side_files,
        tighten_permissions,
    )
    from attachjournal.storage.store_data import (
        AnswerIn,
        Dump,
        EntryIn,
        ImportPlan,
        ImportResult,
        PersonIn,
        PersonRow,
        SearchHit,
    )
    from attachjournal.storage.sync_folders import sync_service
