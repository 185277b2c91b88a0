"""The data format's pure rules: the published schema, times and dates, text, decoding."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coachdesk.domain.data_format import (
    CLIENT,
    DATETIME_PATTERN,
    RECORDS,
    FieldKind,
    ImportRefused,
    decode_text,
    json_schema,
    parse_date,
    parse_datetime,
    parse_document,
    too_deep,
    utc_stamp,
)

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_published_schema_is_generated_from_the_format():
    """docs/coachdesk-data.schema.json is json_schema(); after changing a field, regenerate it:
    python -m coachdesk.domain.data_format > docs/coachdesk-data.schema.json"""
    published = json.loads((DOCS / "coachdesk-data.schema.json").read_text(encoding="utf-8"))
    assert published == json_schema()


def test_the_format_doc_names_every_field_of_every_record():
    text = (DOCS / "data-format.md").read_text(encoding="utf-8")
    missing = [
        f"{record.name}.{field.name}"
        for record in RECORDS
        for field in record.fields
        if f"`{field.name}`" not in text
    ]
    assert missing == []


def test_utc_stamps_keep_microseconds_only_when_there_are_some():
    assert utc_stamp(datetime(2025, 3, 3, 9, 0, tzinfo=UTC)) == "2025-03-03T09:00:00Z"
    assert utc_stamp(datetime(2025, 3, 3, 9, 0, 0, 5, tzinfo=UTC)) == "2025-03-03T09:00:00.000005Z"
    moment = datetime.fromisoformat("2025-03-03T10:00:00+01:00")
    assert utc_stamp(moment) == "2025-03-03T09:00:00Z"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-03T09:00:00Z", datetime(2025, 3, 3, 9, tzinfo=UTC)),
        ("2025-03-03T10:30+01:30", datetime(2025, 3, 3, 9, tzinfo=UTC)),
        ("2025-03-03T09:00:00.5Z", datetime(2025, 3, 3, 9, 0, 0, 500000, tzinfo=UTC)),
        ("2025-03-03T09:00:00", None),  # no zone
        ("2025-03-03", None),
        ("2025-03-03 09:00:00Z", None),
        ("20250303T090000Z", None),
        ("2025-13-03T09:00:00Z", None),
        ("0001-01-01T00:00:00+01:00", None),  # before year 1 in UTC
        ("9999-12-31T23:00:00-02:00", None),  # after year 9999 in UTC
        ("٢٠٢٥-03-03T09:00:00Z", None),  # digits, but not ASCII ones
    ],
)
def test_date_times_need_a_zone_and_the_iso_form(text, expected):
    assert parse_datetime(text) == expected


def test_dates_are_iso_days():
    assert parse_date("2024-02-29") is not None
    assert parse_date("2025-02-29") is None
    assert parse_date("2025-3-1") is None
    assert parse_date("20250301") is None


def test_the_schema_pattern_is_the_import_pattern():
    import re

    assert re.match(DATETIME_PATTERN, "2025-03-03T09:00:00Z")
    assert not re.match(DATETIME_PATTERN, "2025-03-03T09:00:00")


def test_client_fields_come_in_the_export_order():
    names = [field.name for field in CLIENT.fields]
    assert names[:2] == ["ref", "name"]
    assert names[-3:] == ["sessions", "matters", "promises"]
    assert all(f.kind is not FieldKind.LIST for f in CLIENT.fields[:-3])


def test_too_deep_names_the_place():
    value: object = 1
    for _ in range(5):
        value = {"k": [value]}
    assert too_deep(value, limit=20) is None
    assert too_deep(value, limit=4) == "k[0].k[0]"
    assert too_deep([[[]]], limit=1) == "[0]"


def test_a_document_of_another_kind_is_refused_at_once():
    for value, message in [
        ("text", "the file holds 'text', not a CoachDesk export"),
        ({"format": "x"}, "format: 'x' is not “coachdesk-data”: not a CoachDesk data export"),
        ({"format": "coachdesk-data"}, "version: null is not a format version"),
        ({"format": "coachdesk-data", "version": 0}, "version: 0 is not a format version"),
    ]:
        with pytest.raises(ImportRefused) as refused:
            parse_document(value)
        assert refused.value.problems == (message,)


def test_odd_keys_are_named_readably():
    document = {"format": "coachdesk-data", "version": 1, "clients": [], "x y": 1}
    with pytest.raises(ImportRefused, match=r"^\['x y'\]: unknown field$"):
        parse_document(document)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"plain", "plain"),
        (b"\xef\xbb\xbfwith bom", "with bom"),
        ("Zoë 🎉".encode(), "Zoë 🎉"),
    ],
)
def test_utf8_text_with_or_without_a_bom_decodes(data, expected):
    assert decode_text(data) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\xff\xfeh\x00i\x00", "UTF-16 (or UTF-32)"),
        (b"\xfe\xff\x00h\x00i", "UTF-16 (or UTF-32)"),
        (b"\x00\x00\xfe\xff", "UTF-16 (or UTF-32)"),
        ("hello there".encode("utf-16-le"), "looks like UTF-16"),
        (b"ok\nZo\xeb", "not UTF-8 text (line 2, byte 6)"),
        (b"%PDF-1.7\n\x00\x01\x02\x03 binary stream data here", "binary file"),
    ],
)
def test_other_encodings_and_binary_files_are_refused(data, message):
    with pytest.raises(ImportRefused) as refused:
        decode_text(data, "in.csv")
    assert refused.value.problems[0].startswith("in.csv ")
    assert message in refused.value.message
