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
from collections.abc import Mapping
from dataclasses import dataclass

ALGORITHM = "AES-256"
SUFFIX = ".pdf"


@dataclass(frozen=True)
class PdfLock:
    """The passwords a locked PDF opens with."""

    passphrase: str
    recovery_key: str | None  # as printed; None: the PDF opens with the passphrase alone

    def __repr__(self) -> str:  # never the secrets, in a log or a traceback
        return "PdfLock(…)"


def owner_password(recovery_key: str) -> str:
    """The recovery key as a locked PDF takes it: its 32 capitals and digits, no dashes."""
    return recovery_key.replace("-", "").upper()


def locked_pdf(data: bytes, lock: PdfLock, attachments: Mapping[str, bytes] = {}) -> bytes:
    """The PDF ``data`` encrypted with ``lock``, with ``attachments`` (name → content)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for name, content in attachments.items():
        writer.add_attachment(name, content)
    writer.encrypt(
        user_password=lock.passphrase,
        owner_password=owner_password(lock.recovery_key) if lock.recovery_key else lock.passphrase,
        algorithm=ALGORITHM,
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
