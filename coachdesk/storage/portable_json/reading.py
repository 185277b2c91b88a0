"""Reading a CoachDesk JSON file for import, and checking it before anything is written.

``read_import`` reads a file with the import's guards (size cap, UTF-8, valid JSON, no
repeated keys, no NaN) and ``parse_json`` decodes text with them.  ``check_parts`` checks
every record of a document a client at a time (``domain.data_format.DocumentCheck``);
``check_file`` does that for a file without holding it (``json_parts``): the first pass
of ``import_file``, for asking the coach before importing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

from coachdesk.domain.data_format import (
    MAX_FILE_BYTES,
    DocumentCheck,
    ImportRefused,
    Part,
    client_key,
)
from coachdesk.domain.file_kinds import Door
from coachdesk.storage import json_parts
from coachdesk.storage.database import Database
from coachdesk.storage.textfiles import read_text, refuse_other_kinds, text_pieces


def parse_json(text: str) -> Any:
    """Decode JSON text with the import's guards; ``ImportRefused`` says what is wrong."""
    try:
        return json_parts.decoder.decode(text)
    except json.JSONDecodeError as exc:
        raise json_parts.invalid(exc.msg, exc.lineno, exc.colno) from None
    except RecursionError:
        raise ImportRefused(["the file is nested too deeply to be a CoachDesk export"]) from None
    except ValueError as exc:  # e.g. a number with thousands of digits
        if isinstance(exc, ImportRefused):
            raise
        raise ImportRefused([f"not valid JSON: {exc}"]) from None


def read_import(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """The decoded JSON of ``path``, refused (``ImportRefused``) when it is too large, not
    UTF-8 text, binary, or not JSON.  The content is checked by ``import_document``."""
    refuse_other_kinds(Path(path), Door.JSON)
    return parse_json(read_text(Path(path), max_bytes))


def file_parts(path: Path) -> Callable[[], Iterator[Part]]:
    """The parts of the file at ``path``, read afresh (and checked as text) at each call."""

    def parts() -> Iterator[Part]:
        refuse_other_kinds(Path(path), Door.JSON)
        return json_parts.parts(text_pieces(Path(path), MAX_FILE_BYTES))

    return parts


def check_parts(parts: Iterator[Part], known: Collection[tuple[str, str]] = ()) -> list[str]:
    """Check every record of the document in ``parts``, a client at a time: ``ImportRefused``
    lists what is wrong.  Returns the names of its clients whose ``client_key`` is ``known``."""
    found: list[str] = []
    try:
        for client in DocumentCheck().parsed(parts):
            if client is not None and client_key(client["name"], client["email"]) in known:
                found.append(client["name"])
    except ImportRefused:
        for _part in parts:  # a file that is not valid JSON further on is refused as that first
            pass
        raise
    return found


def check_file(db: Database, path: Path) -> list[str]:
    """Check ``path`` as ``import_file`` would (``ImportRefused``: nothing can be imported);
    the names of its clients already in the data file (same name and email, any case), which
    an import skips, or merges with ``merge=True``.  For asking the coach before importing."""
    with db.read() as conn:
        known = {client_key(n, e) for n, e in conn.execute("SELECT name, email FROM clients")}
    return check_parts(file_parts(path)(), known)
