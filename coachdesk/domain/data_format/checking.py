"""Checking a decoded JSON document against the format, a client at a time if need be.

``parse_document`` is pure: it takes the decoded JSON value and returns the records as
plain dictionaries with Python values (aware UTC datetimes, dates, vocabulary values), or
raises ``ImportRefused`` listing every problem with the place it was found
(``clients[3].sessions[12].start: not a date and time``).  Indices in those places count
from 0, as in JSONPath.  Beyond the types and vocabularies of the tables (``fields``), each
record must pass the app's rules (``rules``).  ``DocumentCheck`` does the same for a
document met a ``Part`` at a time (``document_parts``, or a reader of a file too large to
hold); ``too_deep`` finds nesting past ``MAX_DEPTH``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from coachdesk.domain.data_format.fields import (
    CLIENT,
    DOCUMENT_FIELDS,
    FORMAT,
    VERSION,
    Field,
    FieldKind,
    Parsed,
    Record,
)
from coachdesk.domain.data_format.refused import MAX_PROBLEMS, ImportRefused
from coachdesk.domain.data_format.rules import record_rules
from coachdesk.domain.data_format.values import parse_date, parse_datetime, text_problem
from coachdesk.domain.dates import RANGE_TEXT, in_range

MAX_FILE_BYTES = 320_000_000
"""The largest JSON file an import reads: ten times a 300-client career practice (27.5 MB)."""
MAX_DEPTH = 12
"""Objects and lists nest at most this deep (the format itself needs 7)."""


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return repr(shown)
    return repr(value)


@dataclass
class _Context:
    problems: list[str] = field(default_factory=list)
    total: int = 0
    refs: dict[str, str] = field(default_factory=dict)  # ref -> record kind
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (place, kind, ref)

    def problem(self, place: str, message: str) -> None:
        self.total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{place}: {message}")


def _value(spec: Field, value: object, place: str, ctx: _Context) -> tuple[bool, Any]:
    """(ok, parsed value) for one present field."""
    if value is None:
        if spec.nullable:
            return True, None
        ctx.problem(place, "must not be null")
        return False, None
    kind = spec.kind
    if kind in (FieldKind.TEXT, FieldKind.REF, FieldKind.LINK):
        if not isinstance(value, str):
            ctx.problem(place, f"not text but {_describe(value)}")
            return False, None
        if len(value) > spec.max_length:
            ctx.problem(place, f"too long ({len(value):,} characters; at most {spec.max_length:,})")
            return False, None
        if problem := text_problem(value):
            ctx.problem(place, problem)
            return False, None
        if kind is not FieldKind.TEXT and not value.strip():
            ctx.problem(place, "an empty ref")
            return False, None
        return True, value
    if kind is FieldKind.DATETIME:
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is None:
            ctx.problem(
                place,
                f"not a date and time with a time zone (like 2024-03-05T09:30:00Z): "
                f"{_describe(value)}",
            )
            return False, None
        return _in_range(parsed, place, ctx)
    if kind is FieldKind.DATE:
        parsed_day = parse_date(value) if isinstance(value, str) else None
        if parsed_day is None:
            ctx.problem(place, f"not a date (like 2024-03-05): {_describe(value)}")
            return False, None
        return _in_range(parsed_day, place, ctx)
    if kind is FieldKind.BOOL:
        if not isinstance(value, bool):
            ctx.problem(place, f"not true or false but {_describe(value)}")
            return False, None
        return True, value
    if kind is FieldKind.INT:
        if not isinstance(value, int) or isinstance(value, bool):
            ctx.problem(place, f"not a whole number but {_describe(value)}")
            return False, None
        if (spec.low is not None and value < spec.low) or (
            spec.high is not None and value > spec.high
        ):
            ctx.problem(place, f"{value} is out of range ({spec.low} to {spec.high})")
            return False, None
        return True, value
    if kind is FieldKind.ENUM:
        assert spec.choices is not None
        try:
            return True, spec.choices(value)
        except (ValueError, TypeError):
            allowed = ", ".join(member.value for member in spec.choices)
            ctx.problem(place, f"{_describe(value)} is not one of {allowed}")
            return False, None
    if kind is FieldKind.ENUM_LIST:
        assert spec.choices is not None
        if not isinstance(value, list):
            ctx.problem(place, f"not a list but {_describe(value)}")
            return False, None
        found: list[StrEnum] = []
        ok = True
        for index, item in enumerate(value):
            try:
                member = spec.choices(item)
            except (ValueError, TypeError):
                allowed = ", ".join(m.value for m in spec.choices)
                ctx.problem(f"{place}[{index}]", f"{_describe(item)} is not one of {allowed}")
                ok = False
                continue
            if member in found:
                ctx.problem(f"{place}[{index}]", f"{member.value!r} is repeated")
                ok = False
            found.append(member)
        return ok, tuple(found)
    if kind is FieldKind.LIST:
        assert spec.record is not None
        if not isinstance(value, list):
            ctx.problem(place, f"not a list but {_describe(value)}")
            return False, None
        if spec.high is not None and len(value) > spec.high:
            ctx.problem(place, f"too many entries ({len(value):,}; at most {spec.high})")
            return False, None
        records = [_record(spec.record, item, f"{place}[{i}]", ctx) for i, item in enumerate(value)]
        return all(r is not None for r in records), records
    if kind is FieldKind.RECORD:
        assert spec.record is not None
        record = _record(spec.record, value, place, ctx)
        return record is not None, record
    raise AssertionError(kind)


def _in_range(value: date | datetime, place: str, ctx: _Context) -> tuple[bool, Any]:
    """Every date the format carries is held to the app's one range (``domain.dates``)."""
    if in_range(value):
        return True, value
    ctx.problem(place, f"the year {value.year:04d} is outside {RANGE_TEXT}")
    return False, None


def _record(spec: Record, value: object, place: str, ctx: _Context) -> Parsed | None:
    """One record's fields parsed and checked against the app's rules; None if any problem."""
    if not isinstance(value, dict):
        ctx.problem(place, f"not an object but {_describe(value)}")
        return None
    before = ctx.total
    parsed: Parsed = {"place": place}
    for key in value:
        if key not in spec.by_name:
            ctx.problem(_key_place(place, key), "unknown field")
    for item in spec.fields:
        if item.name in value:
            ok, result = _value(item, value[item.name], f"{place}.{item.name}", ctx)
            if ok:
                parsed[item.name] = result
        elif item.required:
            ctx.problem(f"{place}.{item.name}", "missing")
        else:
            parsed[item.name] = item.default
    ref = parsed.get("ref")
    if ref is not None:
        if ref in ctx.refs:
            ctx.problem(f"{place}.ref", f"{ref!r} is used by another record too")
        else:
            ctx.refs[ref] = spec.name
    if ctx.total != before:
        return None
    for item in spec.fields:
        if item.kind is FieldKind.LINK and parsed[item.name] is not None:
            ctx.links.append((f"{place}.{item.name}", item.target, parsed[item.name]))
    for error in record_rules(spec.name, parsed):
        ctx.problem(f"{place}.{error.field}", error.message)
    return parsed if ctx.total == before else None


def _key_place(place: str, key: str) -> str:
    """``place.key``, or ``place['odd key']`` for a key that is not a plain name."""
    if key.isidentifier() and len(key) <= 40:
        return f"{place}.{key}" if place else key
    return f"{place}[{_describe(key)}]"


def _place(path: tuple | None) -> str:
    keys: list[object] = []
    while path is not None:
        path, key = path
        keys.append(key)
    place = ""
    for key in reversed(keys):
        place = f"{place}[{key}]" if isinstance(key, int) else _key_place(place, str(key))
    return place or "the document"


def too_deep(
    value: object, limit: int = MAX_DEPTH, *, path: tuple | None = None, depth: int = 0
) -> str | None:
    """The place of the first list or object nested deeper than ``limit``, or None.

    ``path`` and ``depth`` say where ``value`` sits in a larger document (for checking one
    part of it at a time): ``((None, "clients"), 3)`` and 2 for ``clients[3]``."""
    if not isinstance(value, (dict, list)):
        return None
    stack: list[tuple[object, int, tuple | None]] = [(value, depth, path)]
    while stack:
        item, level, at = stack.pop()
        if level >= limit:
            return _place(at)
        children = item.items() if isinstance(item, dict) else enumerate(item)  # type: ignore[attr-defined]
        for key, child in children:
            if isinstance(child, (dict, list)):
                stack.append((child, level + 1, (at, key)))
    return None


Part = tuple[str, str, object]
"""One piece of a document as a reader meets it: ``("field", key, value)`` for a top-level
field, ``("clients", "clients", None)`` where the list of clients starts, then
``("client", "clients", value)`` for each client, or ``("document", "", value)`` for a
document that is not an object."""


def document_parts(document: object) -> Iterator[Part]:
    """The parts of a decoded document, in its order (see ``Part``)."""
    if not isinstance(document, dict):
        yield ("document", "", document)
        return
    for key, value in document.items():
        if key == "clients" and isinstance(value, list):
            yield ("clients", key, None)
            for item in value:
                yield ("client", key, item)
        else:
            yield ("field", key, value)


class DocumentCheck:
    """``parse_document`` a client at a time, for a document too large to hold whole.

    ``parsed(parts)`` yields each client's records (or None for a client with problems) as
    its part arrives, and at the end raises ``ImportRefused`` with every problem in the
    document, in the order and words ``parse_document`` gives them; then ``version`` and
    ``exported_at`` hold the document's.  What it keeps between clients is small: the
    top-level fields, every ref, the links it could not check yet and the problems.
    """

    def __init__(self) -> None:
        self.version: int = VERSION
        self.exported_at: datetime | None = None
        self._fields: dict[str, object] = {}  # the top-level fields other than the clients
        self._keys: list[str] = []  # every top-level key, in order
        self._clients = _Context()  # the clients' problems, refs and links
        self._index = 0
        self._deep: str | None = None  # the place too_deep(document) would name first
        self._kind_checked = False

    def parsed(self, parts: Iterable[Part]) -> Iterator[Parsed | None]:
        for kind, key, value in parts:
            if kind == "client":
                yield self._client(value)
            elif kind == "clients":
                self._keys.append(key)
                if "format" in self._fields and "version" in self._fields:
                    self._check_kind()
            elif kind == "field":
                self._keys.append(key)
                self._fields[key] = value
                deep = too_deep(value, path=(None, key), depth=1)
                self._deep = deep or self._deep
            else:
                raise ImportRefused([f"the file holds {_describe(value)}, not a CoachDesk export"])
        self._finish()

    def _check_kind(self) -> None:
        """The format and version, refused before anything else is looked at."""
        if self._kind_checked:
            return
        self._kind_checked = True
        fmt = self._fields.get("format")
        if fmt != FORMAT:
            raise ImportRefused(
                [f"format: {_describe(fmt)} is not “{FORMAT}”: not a CoachDesk data export"]
            )
        version = self._fields.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise ImportRefused([f"version: {_describe(version)} is not a format version"])
        if version > VERSION:
            raise ImportRefused(
                [
                    f"version: the file is in version {version} of the format, written by a "
                    f"newer CoachDesk; this one reads version {VERSION}. Update CoachDesk to "
                    "import it."
                ]
            )
        self.version = version

    def _client(self, value: object) -> Parsed | None:
        ctx, index = self._clients, self._index
        self._index += 1
        before, links = ctx.total, len(ctx.links)
        parsed = _record(CLIENT, value, f"clients[{index}]", ctx)
        # A link to a record read by now, of the kind it names, is fine: keep only the others
        # (to a later client, or wrong), for ``_finish`` to check in order.
        ctx.links[links:] = [link for link in ctx.links[links:] if ctx.refs.get(link[2]) != link[1]]
        if ctx.total != before:
            deep = too_deep(value, path=((None, "clients"), index), depth=2)
            self._deep = deep or self._deep
        return parsed

    def _finish(self) -> None:
        self._check_kind()
        ctx = _Context()
        known = {f.name for f in DOCUMENT_FIELDS}
        for key in self._keys:
            if key not in known:
                ctx.problem(_key_place("", key), "unknown field")
        if "exported_at" in self._fields:
            _ok, self.exported_at = _value(
                DOCUMENT_FIELDS[2], self._fields["exported_at"], "exported_at", ctx
            )
        if "clients" in self._fields:
            ctx.problem("clients", f"not a list but {_describe(self._fields['clients'])}")
        elif "clients" not in self._keys:
            ctx.problem("clients", "missing")
        clients = self._clients
        for place, target, ref in clients.links:
            found = clients.refs.get(ref)
            if found is None:
                clients.problem(place, f"{ref!r} is not the ref of any {target} in the file")
            elif found != target:
                clients.problem(place, f"{ref!r} is the ref of a {found}, not of a {target}")
        problems = [*ctx.problems, *clients.problems][:MAX_PROBLEMS]
        total = ctx.total + clients.total
        if total:
            # The checks above never descend into a value of the wrong shape, so a deeply
            # nested one was reported as "not text" or the like; say what it really is, first.
            if self._deep is not None:
                message = f"{self._deep}: nested too deeply (more than {MAX_DEPTH} levels)"
                raise ImportRefused([message, *problems], total + 1)
            raise ImportRefused(problems, total)


def parse_document(document: object) -> Parsed:
    """The records of a decoded JSON document, checked; ``ImportRefused`` lists what is wrong.

    The result has ``version``, ``exported_at`` (or None) and ``clients``: a list
    of dictionaries keyed by the field names of ``CLIENT`` (nested lists hold the
    nested records), each also with its ``place`` in the document.
    """
    check = DocumentCheck()
    clients = list(check.parsed(document_parts(document)))
    return {"version": check.version, "exported_at": check.exported_at, "clients": clients}
