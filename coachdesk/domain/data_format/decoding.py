"""Reading bytes as the text of an import: UTF-8, with or without a byte-order mark.

``decode_text`` decodes a file held whole and ``TextCheck`` makes the same checks over a
file fed a piece at a time; anything else (UTF-16, binary, another encoding) is refused
with an ``ImportRefused`` saying what the bytes look like and what to do.
"""

from __future__ import annotations

import codecs

from coachdesk.domain.data_format.refused import ImportRefused

_UTF16_32_BOMS = (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\xff\xfe", b"\xfe\xff")
UTF8_BOM = b"\xef\xbb\xbf"


def _looks_like_utf16(head: bytes) -> bool:
    """Whether bytes with NULs in them read as UTF-16 text without a BOM: a NUL in every
    other byte (text in UTF-16 is mostly Latin letters, each a letter and a NUL), and
    printable text when decoded.  A stray NUL in UTF-8 text is not UTF-16."""
    pairs = len(head) // 2
    for encoding, parity in (("utf-16-le", 1), ("utf-16-be", 0)):
        if pairs < 2 or head[parity : pairs * 2 : 2].count(0) * 2 < pairs:
            continue
        try:
            text = head[: pairs * 2].decode(encoding)
        except UnicodeDecodeError:
            continue
        if all(ch.isprintable() or ch in "\r\n\t" for ch in text):
            return True
    return False


class TextCheck:
    """``decode_text``'s checks over bytes fed a piece at a time (``feed``), for a file too
    large to hold whole; ``finish`` raises the ``ImportRefused`` ``decode_text`` would."""

    _HEAD = 404  # the BOM and the 400 bytes after it that tell UTF-16 from binary

    def __init__(self, what: str = "the file") -> None:
        self.what = what
        self._head = b""
        self._blank = True
        self._nul: int | None = None  # the line of the first NUL byte
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._offset = 0  # bytes fed so far
        self._lines = 0  # newlines fed so far
        self._bad: tuple[int, int] | None = None  # (line, byte offset) of the first non-UTF-8

    def feed(self, data: bytes) -> None:
        if len(self._head) < self._HEAD:
            self._head += data[: self._HEAD - len(self._head)]
        self._blank = self._blank and not data.strip()
        if self._nul is None and (at := data.find(b"\x00")) >= 0:
            self._nul = self._lines + data.count(b"\n", 0, at) + 1
        if self._bad is None:
            pending = len(self._decoder.getstate()[0])
            try:
                self._decoder.decode(data)
            except UnicodeDecodeError as exc:
                within = max(exc.start - pending, 0)
                start = self._offset - pending + exc.start
                self._bad = (self._lines + data.count(b"\n", 0, within) + 1, start)
        self._offset += len(data)
        self._lines += data.count(b"\n")

    def finish(self) -> None:
        what, head = self.what, self._head
        if self._blank:
            raise ImportRefused([f"{what} is empty"])
        if head.startswith(_UTF16_32_BOMS):
            raise ImportRefused(
                [
                    f"{what} is in UTF-16 (or UTF-32), not UTF-8: save it again as UTF-8 "
                    "(in Excel: “CSV UTF-8”)"
                ]
            )
        bom = len(UTF8_BOM) if head.startswith(UTF8_BOM) else 0
        if self._nul is not None:
            if _looks_like_utf16(head[bom : bom + 400]):
                raise ImportRefused(
                    [f"{what} looks like UTF-16 text, not UTF-8: save it again as UTF-8"]
                )
            raise ImportRefused(
                [f"{what} is a binary file, not text: it contains a NUL byte at line {self._nul}"]
            )
        if self._bad is None:
            try:
                self._decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                pending = len(self._decoder.getstate()[0])
                self._bad = (self._lines + 1, self._offset - pending)
        if self._bad is not None:
            line, start = self._bad
            raise ImportRefused(
                [
                    f"{what} is not UTF-8 text (line {line}, byte {start - bom + 1}): it may be "
                    "in another encoding such as Windows-1252 or Latin-1; save it again as UTF-8"
                ]
            )


def decode_text(data: bytes, what: str = "the file") -> str:
    """``data`` as text: UTF-8, with or without a byte-order mark; anything else is refused
    with a message saying what the bytes look like and what to do."""
    check = TextCheck(what)
    check.feed(data)
    check.finish()
    return data.removeprefix(UTF8_BOM).decode("utf-8")


def _utf16_codec(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return None  # UTF-32: refused by ``decode_text`` with its message
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:400]
    for codec, parity in (("utf-16-le", 1), ("utf-16-be", 0)):
        if _looks_like_utf16(head) and head[parity::2].count(0) * 2 >= len(head) // 2:
            return codec
    return None


def decode_spreadsheet(data: bytes, what: str = "the file") -> tuple[str, str]:
    """A spreadsheet's text and the name of its encoding: UTF-8 (with or without a BOM),
    UTF-16 (as Excel's "Unicode text" and some exports write it), or, for text that is
    neither, Windows-1252 (what Outlook and older Excel write on Windows; Latin-1 where a
    byte has no Windows-1252 letter).  Empty or binary data is refused as ``decode_text``
    refuses it."""
    codec = _utf16_codec(data)
    if codec is not None:
        try:
            return data.decode(codec).removeprefix("\ufeff"), "UTF-16"
        except UnicodeDecodeError:
            pass
    try:
        return decode_text(data, what), "UTF-8"
    except ImportRefused:
        if b"\x00" in data or not data.strip() or data.startswith(_UTF16_32_BOMS):
            raise
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"
