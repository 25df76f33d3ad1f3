"""Is a path inside a folder that a cloud-sync client manages?

Sync clients copy a file while SQLite is writing it, and can bring back an old copy of the
journal without its -wal file: a live database there can be damaged. Judged by the path only,
so it works the same on every platform and is easy to test.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

# (folder name pattern, service). Matched against each folder in the path, case-insensitively.
_FOLDERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), service)
    for pattern, service in (
        (r"dropbox( \(.*\))?", "Dropbox"),
        (r"onedrive( - .*)?|onedrive-.*", "OneDrive"),
        (r"mobile documents|icloud ?drive|com~apple~clouddocs", "iCloud Drive"),
        (r"google ?drive|googledrive-.*|my drive|shared drives", "Google Drive"),
        (r"dropbox-.*", "Dropbox"),
    )
)


def sync_service(path: Path) -> str | None:
    """The name of the sync service whose folder holds `path`, or None."""
    candidates = [Path(path).expanduser().absolute()]
    with contextlib.suppress(OSError):  # a loop of symlinks; the literal path still counts
        candidates.append(candidates[0].resolve())
    for candidate in candidates:
        for folder in candidate.parent.parts:
            for pattern, service in _FOLDERS:
                if pattern.fullmatch(folder):
                    return service
    return None
