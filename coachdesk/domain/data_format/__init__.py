"""The CoachDesk data format (``docs/data-format.md``): its fields, its rules, its schema.

This package's face: its public names, from where they live.

- ``fields``: the tables.  One table (``CLIENT``, with the records nested in it) describes
  every record and field of the format; the export writes the fields in that order.
- ``checking``: ``parse_document`` checks a decoded document against the tables and
  returns its records as plain dictionaries with Python values, or raises
  ``ImportRefused`` listing every problem with the place it was found
  (``clients[3].sessions[12].start: not a date and time``); ``DocumentCheck`` does it a
  client at a time.
- ``rules``: the app's rules every record must pass (``validate_client``,
  ``validate_session`` …), so an import cannot write what the app would refuse.
- ``values``: times, dates and text as the format writes them; ``client_key``.
- ``decoding``: bytes as the text of an import (UTF-8, with or without a BOM).
- ``refused``: ``ImportRefused``.
- ``schema``: ``json_schema()`` publishes the tables as a JSON Schema
  (``docs/coachdesk-data.schema.json`` is generated from it, by
  ``python -m coachdesk.domain.data_format``, and a test keeps the two equal).
"""

from coachdesk.domain.data_format.checking import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    DocumentCheck,
    Part,
    document_parts,
    parse_document,
    too_deep,
)
from coachdesk.domain.data_format.decoding import (
    UTF8_BOM,
    TextCheck,
    decode_spreadsheet,
    decode_text,
)
from coachdesk.domain.data_format.fields import (
    CLIENT,
    DOCUMENT_FIELDS,
    FORMAT,
    RECORDS,
    VERSION,
    Field,
    FieldKind,
    Parsed,
    Record,
)
from coachdesk.domain.data_format.refused import MAX_PROBLEMS, ImportRefused
from coachdesk.domain.data_format.schema import json_schema
from coachdesk.domain.data_format.values import (
    DATE_PATTERN,
    DATETIME_PATTERN,
    client_key,
    parse_date,
    parse_datetime,
    text_problem,
    utc_stamp,
)

__all__ = [
    "CLIENT",
    "DATETIME_PATTERN",
    "DATE_PATTERN",
    "DOCUMENT_FIELDS",
    "FORMAT",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS",
    "RECORDS",
    "UTF8_BOM",
    "VERSION",
    "DocumentCheck",
    "Field",
    "FieldKind",
    "ImportRefused",
    "Parsed",
    "Part",
    "Record",
    "TextCheck",
    "client_key",
    "decode_spreadsheet",
    "decode_text",
    "document_parts",
    "json_schema",
    "parse_date",
    "parse_datetime",
    "parse_document",
    "text_problem",
    "too_deep",
    "utc_stamp",
]
