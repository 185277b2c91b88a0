"""A CoachDesk export read a client at a time, without holding the whole document.

``parts(pieces)`` reads the JSON text given as pieces (``textfiles.text_pieces``)
and yields its parts (``domain.data_format.Part``): each top-level field, then
each client of the ``clients`` list as soon as it is decoded.  Only the client
being read is held (and the unread rest of one piece of the file).  Each value
is decoded by the standard library's decoder (``json.JSONDecoder.raw_decode``)
with the import's guards (``decoder``: no repeated keys, no NaN); the structure
around them (the top-level object and the list of clients) is read here, and a
syntax error anywhere is reported as ``json.loads`` reports it, with the line and
column in the whole file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from coachdesk.domain.data_format import ImportRefused, Part

_SPACE = re.compile(r"[ \t\n\r]*")
_TAIL = 12
"""A syntax error this close to the end of the text read so far may be a value cut off by
the end of a piece ("tru", "-", "\\u00"), and so may a number: read on before deciding."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise ImportRefused([repeated(key)])
            seen.add(key)
    return result


def repeated(key: str) -> str:
    """The problem of a ``key`` appearing twice in one record."""
    shown = key if len(key) <= 40 else key[:39] + "…"
    return f"the field {shown!r} appears twice in one record"


def _constant(name: str) -> Any:
    raise ImportRefused([f"the file holds {name}, which is not a number JSON allows"])


decoder = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_constant)
"""The JSON decoder of the import: refuses repeated keys and NaN, Infinity."""


def invalid(msg: str, line: int, column: int) -> ImportRefused:
    return ImportRefused([f"not valid JSON: {msg} (line {line}, column {column})"])


class _Reader:
    """The text of the file a piece at a time: ``buf[pos:]`` is what is not read yet."""

    def __init__(self, pieces: Iterator[str]) -> None:
        self.pieces = pieces
        self.buf = ""
        self.pos = 0
        self.ended = False
        self.line = 1  # the line of buf[0] in the file
        self.column = 0  # and its column, from 0

    def more(self) -> bool:
        """Drop what was read and add at least as much text as is left; False at the end."""
        if self.ended:
            return False
        newlines = self.buf.count("\n", 0, self.pos)
        if newlines:
            self.line += newlines
            self.column = self.pos - self.buf.rfind("\n", 0, self.pos) - 1
        else:
            self.column += self.pos
        added = [self.buf[self.pos :]]
        wanted = max(len(added[0]), 1)
        size = 0
        while size < wanted:
            piece = next(self.pieces, None)
            if piece is None:
                self.ended = True
                break
            added.append(piece)
            size += len(piece)
        self.buf, self.pos = "".join(added), 0
        return size > 0

    def peek(self) -> str | None:
        """The next character that is not white space (not read), or None at the end."""
        while True:
            self.pos = _SPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return None

    def take(self, char: str, expecting: str) -> None:
        """Read ``char`` (after white space), or refuse the file ``expecting`` something."""
        if self.peek() != char:
            raise self.error(expecting, self.pos)
        self.pos += 1

    def value(self) -> Any:
        """The next JSON value, decoded with the import's guards."""
        self.peek()
        while True:
            try:
                value, end = decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                cut = exc.msg.startswith("Unterminated string") or exc.pos >= len(self.buf) - _TAIL
                if cut and not self.ended:
                    self.more()
                    continue
                raise self.error(exc.msg, exc.pos) from None
            except RecursionError:
                raise ImportRefused(
                    ["the file is nested too deeply to be a CoachDesk export"]
                ) from None
            except ImportRefused:
                raise
            except ValueError as exc:  # e.g. a number with thousands of digits
                raise ImportRefused([f"not valid JSON: {exc}"]) from None
            if not self.ended and isinstance(value, (int, float)) and end > len(self.buf) - _TAIL:
                self.more()
                continue  # a number ("-12" of "-12.5e3") may go on in the next piece
            self.pos = end
            return value

    def error(self, msg: str, pos: int) -> ImportRefused:
        newlines = self.buf.count("\n", 0, pos)
        column = pos - self.buf.rfind("\n", 0, pos) if newlines else self.column + pos + 1
        return invalid(msg, self.line + newlines, column)

    def end(self) -> None:
        if self.peek() is not None:
            raise self.error("Extra data", self.pos)


def parts(pieces: Iterator[str]) -> Iterator[Part]:
    """The parts of the JSON document in ``pieces``, each as soon as it is read."""
    reader = _Reader(pieces)
    if reader.peek() != "{":
        document = reader.value()
        reader.end()
        yield ("document", "", document)
        return
    reader.pos += 1
    if reader.peek() == "}":
        reader.pos += 1
    else:
        yield from _fields(reader)
    reader.end()


def _fields(reader: _Reader) -> Iterator[Part]:
    seen: set[str] = set()
    while True:
        if reader.peek() != '"':
            raise reader.error("Expecting property name enclosed in double quotes", reader.pos)
        key = reader.value()
        reader.take(":", "Expecting ':' delimiter")
        if key in seen:
            raise ImportRefused([repeated(key)])
        seen.add(key)
        if key == "clients" and reader.peek() == "[":
            reader.pos += 1
            yield ("clients", key, None)
            if reader.peek() == "]":
                reader.pos += 1
            else:
                while True:
                    yield ("client", key, reader.value())
                    if reader.peek() == "]":
                        reader.pos += 1
                        break
                    reader.take(",", "Expecting ',' delimiter")
        else:
            yield ("field", key, reader.value())
        if reader.peek() == "}":
            reader.pos += 1
            return
        reader.take(",", "Expecting ',' delimiter")
