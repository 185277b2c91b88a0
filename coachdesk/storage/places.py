"""Places where an SQLite data file is at risk: cloud-synced folders and network drives.

Sync clients (Dropbox, OneDrive, iCloud Drive, Google Drive) copy a database
file while it is being written, or swap in an old copy, and network file
systems do not honour SQLite's locks reliably: either can corrupt the file.
The backup folder may live there; the data file should not.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

# Folder names the sync clients create (macOS keeps iCloud Drive in "Mobile Documents"
# and newer clients under ~/Library/CloudStorage).
_CLOUD_NAMES = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "icloud drive": "iCloud Drive",
    "icloud": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "cloudstorage": "a cloud storage service",
}
_NETWORK_TYPES = {
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smb2",
    "smb3",
    "smbfs",
    "afpfs",
    "9p",
    "ncpfs",
    "fuse.sshfs",
    "fuse.rclone",
    "fuse.davfs",
    "davfs",
    "fuse.gcsfuse",
    "fuse.s3fs",
}


def cloud_service(path: PurePath) -> str | None:
    """The sync service whose folder holds ``path``, judged by folder names."""
    for part in path.parts:
        lowered = part.lower()
        for name, service in _CLOUD_NAMES.items():
            if lowered == name or lowered.startswith(name + " ") or lowered.startswith(name + "-"):
                return service
    return None


def network_type(path: PurePath, mounts: str) -> str | None:
    """The network file-system type of ``path``'s mount, from /proc/mounts text."""
    best, best_type = "", None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        text = str(path)
        if (text == point or text.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
            best, best_type = point, fields[2]
    return best_type if best_type in _NETWORK_TYPES else None


def risky_reason(folder: Path) -> str | None:
    """Why the data folder ``folder`` is a risky place for the data file, or None."""
    folder = folder.absolute()
    service = cloud_service(folder)
    if service:
        return f"it is inside a folder synced by {service}"
    if str(folder).startswith("\\\\"):
        return "it is on a network drive"
    if os.name == "nt":
        import ctypes

        drive = f"{folder.drive}\\"
        if drive and ctypes.windll.kernel32.GetDriveTypeW(drive) == 4:  # DRIVE_REMOTE
            return "it is on a network drive"
        return None
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    kind = network_type(folder.resolve(), mounts)
    return f"it is on a network drive ({kind})" if kind else None
