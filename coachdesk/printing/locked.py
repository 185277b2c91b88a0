"""Locking a PDF with a protected practice's secrets, in the PDF standard's own way.

A locked PDF is encrypted with AES-256 (the PDF 2.0 standard security handler, revision
6, written by ``pypdf``): any PDF reader opens it with either password it asks for.
Its user password is the coach's passphrase, its owner password the recovery key's 32
letters and digits without their dashes (some readers take no more than 32 characters),
so the file opens with either, like the data.  Printing and copying are not restricted:
whoever opens it is the coach.

Files attached to a locked PDF (a client's record as JSON) are encrypted with it; the
PDF's first page says what is attached and how to save it.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ALGORITHM = "AES-256"


@dataclass(frozen=True)
class PdfLock:
    """The passwords a locked PDF opens with."""

    passphrase: str
    recovery_key: str | None  # as printed; None: the PDF opens with the passphrase alone

    def __repr__(self) -> str:  # never the secrets, in a log or a traceback
        return "PdfLock(…)"


def opens_with(lock: PdfLock) -> str:
    """What a locked file opens with, said to the coach (one sentence)."""
    if lock.recovery_key:
        return (
            "It opens with your passphrase, or with your recovery key typed in capitals "
            "with no spaces or dashes."
        )
    return (
        "It opens with your passphrase only: your key envelope keeps no copy of the "
        "recovery key yet. Make a new recovery sheet (File → New recovery sheet…) and "
        "the next files open with the recovery key too."
    )


def owner_password(recovery_key: str) -> str:
    """The recovery key as a locked PDF takes it: its 32 capitals and digits, no dashes."""
    return recovery_key.replace("-", "").upper()


def _deflated(content: bytes | Iterable[bytes]) -> tuple[bytes, int]:
    """``content`` (its parts, read one at a time) compressed, and its size."""
    packer = zlib.compressobj(6)
    packed: list[bytes] = []
    size = 0
    for part in [content] if isinstance(content, bytes) else content:
        size += len(part)
        packed.append(packer.compress(part))
    packed.append(packer.flush())
    return b"".join(packed), size


def locked_pdf(
    data: bytes, lock: PdfLock, attachments: Mapping[str, bytes | Iterable[bytes]] = {}
) -> bytes:
    """The PDF ``data`` encrypted with ``lock``, with ``attachments`` (name → content, or
    its parts: only the compressed file is held, so a large export fits in memory)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, NumberObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for name, content in attachments.items():
        packed, size = _deflated(content)
        stream = writer.add_attachment(name, b"").pdf_object["/EF"]["/F"].get_object()
        stream.set_data(packed)
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
        stream[NameObject("/Params")] = DictionaryObject({NameObject("/Size"): NumberObject(size)})
    writer.encrypt(
        user_password=lock.passphrase,
        owner_password=owner_password(lock.recovery_key) if lock.recovery_key else lock.passphrase,
        algorithm=ALGORITHM,
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
