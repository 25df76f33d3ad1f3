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
        (r"onedrive( - .*)?", "OneDrive"),
        (r"mobile documents|icloud ?drive|com~apple~clouddocs", "iCloud Drive"),
        (r"google ?drive|my drive|shared drives", "Google Drive"),
    )
)
# macOS keeps every provider's folder under ~/Library/CloudStorage/<Provider>-<account>.
_CLOUD_STORAGE = "cloudstorage"
_PROVIDERS = (("dropbox", "Dropbox"), ("onedrive", "OneDrive"), ("googledrive", "Google Drive"))


def sync_service(path: Path) -> str | None:
    """The name of the sync service whose folder holds `path`, or None."""
    candidates = [Path(path).expanduser().absolute()]
    with contextlib.suppress(OSError):  # a loop of symlinks; the literal path still counts
        candidates.append(candidates[0].resolve())
    for candidate in candidates:
        folders = candidate.parent.parts
        for index, folder in enumerate(folders):
            if folder.casefold() == _CLOUD_STORAGE and index + 1 < len(folders):
                provider = folders[index + 1].casefold()
                return next((name for key, name in _PROVIDERS if provider.startswith(key)), "cloud")
            for pattern, service in _FOLDERS:
                if pattern.fullmatch(folder):
                    return service
    return None
