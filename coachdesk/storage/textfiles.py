"""Files the coach exports and imports: written whole and owner-only, read with a size cap.

An export never leaves half a file behind (``private_files.write_private``: a
temporary file created 0600, flushed to disk, then renamed over the target);
a failure becomes a ``StorageError`` the coach can act on.  An import reads at
most a given number of bytes and decodes them with
``domain.data_format.decode_text`` (UTF-8, with or without a byte-order mark).
A file too large to hold whole is written from pieces (``write_owner_only_parts``)
and read as pieces of text (``text_pieces``), with the same guards.
"""

from __future__ import annotations

import codecs
import errno
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from coachdesk.domain.data_format import UTF8_BOM, ImportRefused, TextCheck, decode_text
from coachdesk.domain.file_kinds import HEAD_BYTES, Door, kind_of, wrong_door
from coachdesk.storage.errors import Problem, StorageError
from coachdesk.storage.private_files import private_writer, write_private


def write_problem(path: Path, exc: OSError) -> StorageError:
    """``exc``, met writing ``path``, as a problem the coach can act on."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        return StorageError(
            Problem.DISK_FULL, f"The disk is full: {path} was not written. Free some space."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(
            Problem.READ_ONLY,
            f"{path} cannot be written ({reason}). Choose a folder you may write to.",
        )
    return StorageError(Problem.IO, f"{path} could not be written ({reason}).")


def write_owner_only(path: Path, data: bytes) -> None:
    """``private_files.write_private`` (whole, 0600), its failures as ``StorageError`` with a
    message for the coach (disk full, read-only folder …)."""
    try:
        write_private(Path(path), data)
    except OSError as exc:
        raise write_problem(Path(path), exc) from exc


def write_owner_only_parts(path: Path, parts: Iterable[bytes]) -> int:
    """``write_owner_only`` of the bytes of ``parts`` joined, without holding them all: the
    number of bytes written.  Nothing is left behind when ``parts`` raises."""
    size = 0
    try:
        with private_writer(Path(path)) as handle:
            for part in parts:
                handle.write(part)
                size += len(part)
    except OSError as exc:
        raise write_problem(Path(path), exc) from exc
    return size


def make_folder(folder: Path) -> None:
    """Create ``folder`` (owner-only) if it does not exist; ``StorageError`` if it cannot be."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise write_problem(folder, exc) from exc
    if not folder.is_dir():
        raise StorageError(Problem.IO, f"{folder} is not a folder.")


PIECE = 1 << 16
"""How many bytes ``text_pieces`` reads at a time.  Small on purpose: pieces of a megabyte,
each freed as the next is read, left the heap so fragmented that a streamed import of the
career practice peaked at 126 MB instead of 71 MB, no faster."""


def _pieces(path: Path, max_bytes: int, size: int) -> Iterator[bytes]:
    """The bytes of ``path``, ``size`` at a time; ``ImportRefused`` as ``read_capped``."""
    try:
        with path.open("rb") as handle:
            total = os.fstat(handle.fileno()).st_size
            if total > max_bytes:
                raise _too_big(path, total, max_bytes)
            read = 0
            while piece := handle.read(size):
                read += len(piece)
                if read > max_bytes:  # grew while being read, or a special file
                    raise _too_big(path, read, max_bytes)
                yield piece
    except IsADirectoryError:
        raise ImportRefused([f"{path} is a folder, not a file"]) from None
    except OSError as exc:
        raise ImportRefused([f"{path} cannot be read ({exc.strerror or exc})"]) from None


def text_pieces(path: Path, max_bytes: int, size: int = PIECE) -> Iterator[str]:
    """The text of ``path`` (as ``read_text``) in pieces of about ``size`` characters.

    The whole file is checked first, a piece at a time (size cap, UTF-8, not binary), so
    every problem ``read_text`` reports is reported here, and before any text is given."""
    path = Path(path)
    check = TextCheck(str(path))
    for piece in _pieces(path, max_bytes, size):
        check.feed(piece)
    check.finish()
    decoder = codecs.getincrementaldecoder("utf-8")()
    first = True
    for piece in _pieces(path, max_bytes, size):
        if first:
            piece, first = piece.removeprefix(UTF8_BOM), False
        try:
            yield decoder.decode(piece)
        except UnicodeDecodeError:  # changed since it was checked
            raise ImportRefused([f"{path} changed while it was being read"]) from None


def read_capped(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path``, refused (``ImportRefused``) when missing or over ``max_bytes``."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise _too_big(path, size, max_bytes)
            data = handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise ImportRefused([f"{path} is a folder, not a file"]) from None
    except OSError as exc:
        raise ImportRefused([f"{path} cannot be read ({exc.strerror or exc})"]) from None
    if len(data) > max_bytes:  # grew while being read, or a special file
        raise _too_big(path, len(data), max_bytes)
    return data


def _too_big(path: Path, size: int, max_bytes: int) -> ImportRefused:
    return ImportRefused(
        [f"{path} is too large to import ({size / 1e6:,.1f} MB; at most {max_bytes / 1e6:,.0f} MB)"]
    )


def read_text(path: Path, max_bytes: int) -> str:
    """The text of ``path``: at most ``max_bytes``, UTF-8 with or without a BOM."""
    return decode_text(read_capped(path, max_bytes), str(path))


def refuse_other_kinds(path: Path, door: Door) -> None:
    """``ImportRefused`` naming what ``path`` is and which import takes it, when it is a
    kind of file the ``door`` import does not read (a calendar given to the JSON import, a
    zip, a vCard, a PDF); nothing when it is, or when it cannot be opened (the read that
    follows says why)."""
    try:
        with Path(path).open("rb") as file:
            head = file.read(HEAD_BYTES)
    except OSError:
        return
    said = wrong_door(kind_of(head), door, Path(path).name)
    if said is not None:
        raise ImportRefused([said])
