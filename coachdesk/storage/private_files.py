"""Files the app exports for the coach (calendars, a client's record): written whole and
readable by the owner only, whatever the process's umask."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def private_writer(path: Path) -> Iterator[BinaryIO]:
    """A file to write ``path`` through (mode 0600), a piece at a time: a temporary file next
    to it, flushed to disk and renamed over ``path`` when the block ends, so ``path`` is never
    half written.  When the block (or the writing) raises, the temporary file is removed and
    ``path`` is left as it was."""
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (mode 0600), replacing it as a whole: never half written.

    Raises ``OSError`` when the file cannot be written; nothing is left behind then."""
    with private_writer(path) as handle:
        handle.write(data)
    return Path(path)
