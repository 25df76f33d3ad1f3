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
    "SCHEMA_VERSION": ("migrations", "LATEST"),
    # the file itself, before it is opened
    "inspect_path": ("files", "inspect_path"),
    "refuse_other_owner": ("files", "refuse_other_owner"),
    "repair_side_files": ("files", "repair_side_files"),
    "tighten_permissions": ("files", "tighten_permissions"),
    "sync_service": ("sync_folders", "sync_service"),
    # what shell completion reads, read-only (never creates or migrates anything)
    "people_names_read_only": ("glance", "people_names"),
    "entry_kind_read_only": ("glance", "entry_kind"),
    # values as the journal keeps them
    "clean_name": ("people", "clean_name"),
    "fit_value": ("entries_read", "fit_value"),
    "UNFIT": ("entries_read", "UNFIT"),
    # whole-journal data: export, import, search
    "Dump": ("dump", "Dump"),
    "ExportPages": ("dump", "ExportPages"),
    "PersonRow": ("dump", "PersonRow"),
    "RawEntry": ("dump", "RawEntry"),
    "ImportPlan": ("importing", "ImportPlan"),
    "ImportResult": ("importing", "ImportResult"),
    "PersonIn": ("importing", "PersonIn"),
    "EntryIn": ("importing", "EntryIn"),
    "AnswerIn": ("importing", "AnswerIn"),
    "SearchHit": ("search", "SearchHit"),
    # backups, encryption and the checkup
    "default_backup_folder": ("backup", "default_folder"),
    "restore_backup": ("restore", "restore"),
    "use_passphrase_source": ("encryption", "use_source"),
    "PASSPHRASE_HOW_TO_GIVE": ("encryption", "HOW_TO_GIVE"),
    "encrypt_journal": ("conversion", "encrypt_journal"),
    "decrypt_journal": ("conversion", "decrypt_journal"),
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
    # entries a server could not take yet, kept on this device until it answers
    "new_uid": ("connection", "new_uid"),
    "OutboxParcel": ("outbox", "Parcel"),
    "OutboxWaiting": ("outbox", "Waiting"),
    "outbox_parcel": ("outbox", "parcel"),
    "keep_in_outbox": ("outbox", "keep_typed"),
    "outbox_waiting": ("outbox", "waiting"),
    "outbox_delivered": ("outbox", "delivered"),
    "outbox_refused": ("outbox", "refused"),
    "OutboxKept": ("outbox_kept", "KeptEntry"),
    "outbox_kept": ("outbox_kept", "kept"),
    "outbox_kept_one": ("outbox_kept", "one"),
    "outbox_discard": ("outbox_kept", "discard"),
    # private files written beside the journal or on request (exports, pages, settings)
    "write_private": ("private_files", "write_private"),
    # a journal on a PostgreSQL server: setting up the household, and its URLs
    "server_setup": ("server.household", "setup"),
    "server_add_member": ("server.household", "add_member"),
    "ServerSetupDone": ("server.household", "SetupDone"),
    "ServerMemberAdded": ("server.household", "MemberAdded"),
    "ServerPlace": ("server.household", "Place"),
    "is_server_url": ("server.urls", "is_server_url"),
    "redact_url": ("server.urls", "redact"),
    "url_password": ("server.urls", "password_in"),
    "file_only": ("server.journal", "refuse_file_only"),
    "SHARING_NEEDS_A_SERVER": ("entries_write", "SHARING_NEEDS_A_SERVER"),
    "not_my_rupture": ("entries_write", "not_my_rupture"),
    "not_mine": ("entries_write", "not_mine"),
    "examine_server": ("server.checkup", "examine"),
    "ServerCheckup": ("server.checkup", "ServerCheckup"),
}

__all__ = [
    "PASSPHRASE_HOW_TO_GIVE",
    "SCHEMA_VERSION",
    "SHARING_NEEDS_A_SERVER",
    "UNFIT",
    "AnswerIn",
    "Checkup",
    "Dump",
    "EntryIn",
    "ExportPages",
    "ImportPlan",
    "ImportResult",
    "Journal",
    "OutboxKept",
    "OutboxParcel",
    "OutboxWaiting",
    "PersonIn",
    "PersonRow",
    "RawEntry",
    "Reader",
    "SearchHit",
    "ServerCheckup",
    "ServerMemberAdded",
    "ServerPlace",
    "ServerSetupDone",
    "Writer",
    "clean_name",
    "decrypt_journal",
    "default_backup_folder",
    "discard_draft",
    "draft_waiting",
    "drafts_folder",
    "encrypt_journal",
    "entry_kind_read_only",
    "examine",
    "examine_server",
    "file_only",
    "fit_value",
    "inspect_path",
    "is_server_url",
    "keep_draft",
    "keep_in_outbox",
    "new_uid",
    "not_mine",
    "not_my_rupture",
    "offer_draft",
    "open_journal",
    "outbox_delivered",
    "outbox_discard",
    "outbox_kept",
    "outbox_kept_one",
    "outbox_parcel",
    "outbox_refused",
    "outbox_waiting",
    "people_names_read_only",
    "redact_url",
    "refuse_other_owner",
    "repair_side_files",
    "restore_backup",
    "server_add_member",
    "server_setup",
    "sync_service",
    "tidy_leftovers",
    "tighten_permissions",
    "url_password",
    "use_passphrase_source",
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
    from attachjournal.storage.connection import new_uid
    from attachjournal.storage.conversion import decrypt_journal, encrypt_journal
    from attachjournal.storage.drafts import discard as discard_draft
    from attachjournal.storage.drafts import folder as drafts_folder
    from attachjournal.storage.drafts import keep_typed as keep_draft
    from attachjournal.storage.drafts import offer as offer_draft
    from attachjournal.storage.drafts import waiting as draft_waiting
    from attachjournal.storage.dump import Dump, ExportPages, PersonRow, RawEntry
    from attachjournal.storage.encryption import HOW_TO_GIVE as PASSPHRASE_HOW_TO_GIVE
    from attachjournal.storage.encryption import use_source as use_passphrase_source
    from attachjournal.storage.entries_read import UNFIT, fit_value
    from attachjournal.storage.entries_write import (
        SHARING_NEEDS_A_SERVER,
        not_mine,
        not_my_rupture,
    )
    from attachjournal.storage.files import (
        inspect_path,
        refuse_other_owner,
        repair_side_files,
        tighten_permissions,
    )
    from attachjournal.storage.glance import entry_kind as entry_kind_read_only
    from attachjournal.storage.glance import people_names as people_names_read_only
    from attachjournal.storage.health import Checkup, examine
    from attachjournal.storage.importing import (
        AnswerIn,
        EntryIn,
        ImportPlan,
        ImportResult,
        PersonIn,
    )
    from attachjournal.storage.leftovers import tidy as tidy_leftovers
    from attachjournal.storage.leftovers import wipe_marker
    from attachjournal.storage.migrations import LATEST as SCHEMA_VERSION
    from attachjournal.storage.outbox import Parcel as OutboxParcel
    from attachjournal.storage.outbox import Waiting as OutboxWaiting
    from attachjournal.storage.outbox import delivered as outbox_delivered
    from attachjournal.storage.outbox import keep_typed as keep_in_outbox
    from attachjournal.storage.outbox import parcel as outbox_parcel
    from attachjournal.storage.outbox import refused as outbox_refused
    from attachjournal.storage.outbox import waiting as outbox_waiting
    from attachjournal.storage.outbox_kept import KeptEntry as OutboxKept
    from attachjournal.storage.outbox_kept import discard as outbox_discard
    from attachjournal.storage.outbox_kept import kept as outbox_kept
    from attachjournal.storage.outbox_kept import one as outbox_kept_one
    from attachjournal.storage.people import clean_name
    from attachjournal.storage.private_files import write_private
    from attachjournal.storage.restore import restore as restore_backup
    from attachjournal.storage.search import SearchHit
    from attachjournal.storage.server.checkup import ServerCheckup
    from attachjournal.storage.server.checkup import examine as examine_server
    from attachjournal.storage.server.household import MemberAdded as ServerMemberAdded
    from attachjournal.storage.server.household import Place as ServerPlace
    from attachjournal.storage.server.household import SetupDone as ServerSetupDone
    from attachjournal.storage.server.household import add_member as server_add_member
    from attachjournal.storage.server.household import setup as server_setup
    from attachjournal.storage.server.journal import refuse_file_only as file_only
    from attachjournal.storage.server.urls import is_server_url
    from attachjournal.storage.server.urls import password_in as url_password
    from attachjournal.storage.server.urls import redact as redact_url
    from attachjournal.storage.store import Journal, open_journal
    from attachjournal.storage.sync_folders import sync_service
