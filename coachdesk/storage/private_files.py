"""Files the app exports for the coach (calendars, a client's record): written whole and
readable by the owner only, whatever the process's umask."""

from __future__ import annotations

import os
from pathlib import Path


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (mode 0600), replacing it as a whole: never half written.

    Raises ``OSError`` when the file cannot be written; nothing is left behind then."""
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path
