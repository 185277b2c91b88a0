"""The format as a JSON Schema (``json_schema``), generated from its tables (``fields``):
``docs/coachdesk-data.schema.json`` is its output, and a test keeps the two equal."""

from __future__ import annotations

from typing import Any

from coachdesk.domain.data_format.fields import (
    DOCUMENT_FIELDS,
    FORMAT,
    RECORDS,
    VERSION,
    Field,
    FieldKind,
    Record,
)
from coachdesk.domain.data_format.values import DATE_PATTERN, DATETIME_PATTERN


def _field_schema(spec: Field) -> dict[str, Any]:
    kind = spec.kind
    schema: dict[str, Any]
    if kind in (FieldKind.TEXT, FieldKind.REF, FieldKind.LINK):
        schema = {"type": "string", "maxLength": spec.max_length}
        if kind is not FieldKind.TEXT:
            schema["minLength"] = 1
    elif kind is FieldKind.DATETIME:
        schema = {"type": "string", "pattern": DATETIME_PATTERN}
    elif kind is FieldKind.DATE:
        schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    elif kind is FieldKind.BOOL:
        schema = {"type": "boolean"}
    elif kind is FieldKind.INT:
        schema = {"type": "integer"}
        if spec.low is not None:
            schema["minimum"] = spec.low
        if spec.high is not None:
            schema["maximum"] = spec.high
    elif kind is FieldKind.ENUM:
        assert spec.choices is not None
        schema = {"enum": [member.value for member in spec.choices]}
    elif kind is FieldKind.ENUM_LIST:
        assert spec.choices is not None
        schema = {
            "type": "array",
            "items": {"enum": [member.value for member in spec.choices]},
            "uniqueItems": True,
        }
    elif kind is FieldKind.LIST:
        assert spec.record is not None
        schema = {"type": "array", "items": {"$ref": f"#/$defs/{spec.record.name}"}}
        if spec.high is not None:
            schema["maxItems"] = spec.high
    else:
        assert spec.record is not None
        schema = {"$ref": f"#/$defs/{spec.record.name}"}
    if spec.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return {"description": spec.doc, **schema}


def _record_schema(spec: Record) -> dict[str, Any]:
    return {
        "title": spec.title,
        "type": "object",
        "properties": {f.name: _field_schema(f) for f in spec.fields},
        "required": [f.name for f in spec.fields if f.required],
        "additionalProperties": False,
    }


def json_schema() -> dict[str, Any]:
    """The format as a JSON Schema (draft 2020-12); ``docs/coachdesk-data.schema.json``.

    The schema checks the shape of a document; the links between records (a ref
    names a record of the right kind) and the app's rules are checked by the
    import and described in ``docs/data-format.md``.
    """
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "CoachDesk data export",
        "description": "Every client of a CoachDesk practice with all their records. "
        "See docs/data-format.md.",
        "type": "object",
        "properties": {
            "format": {"description": DOCUMENT_FIELDS[0].doc, "const": FORMAT},
            "version": {"description": DOCUMENT_FIELDS[1].doc, "const": VERSION},
            "exported_at": _field_schema(DOCUMENT_FIELDS[2]),
            "clients": {
                "description": DOCUMENT_FIELDS[3].doc,
                "type": "array",
                "items": {"$ref": "#/$defs/client"},
            },
        },
        "required": ["format", "version", "clients"],
        "additionalProperties": False,
        "$defs": {spec.name: _record_schema(spec) for spec in RECORDS},
    }
