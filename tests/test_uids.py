"""Every entry and person gets a uid that import and sync match on: a random version-4 UUID
(32 hex digits), made without the uuid module (which would load `platform` on each save)."""

from __future__ import annotations

import uuid

from attachjournal.storage.connection import new_uid


def test_a_uid_is_a_version_4_uuid_in_hex() -> None:
    for _ in range(200):
        uid = new_uid()
        assert len(uid) == 32 and uid == uid.lower()
        parsed = uuid.UUID(hex=uid)
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
        assert parsed.hex == uid


def test_uids_do_not_repeat() -> None:
    made = {new_uid() for _ in range(5000)}
    assert len(made) == 5000
