"""The full export and import of a practice as one JSON document (``docs/data-format.md``).

This package's face: its public names, from where they live.

- ``export``: ``write_export`` writes the practice to a file a client at a time, all read
  in one read transaction (whole, owner-only); ``export_document`` returns it as one
  document; ``dump_document`` gives a document's bytes.
- ``reading``: ``read_import`` reads a file with the import's guards (size cap, UTF-8,
  valid JSON, no repeated keys, no NaN); ``check_file`` checks every record of a file, a
  client at a time, without writing anything.
- ``importing``: ``import_document`` writes a document into the database in one unit of
  work, all or nothing (``ImportRefused``: nothing is written); ``import_file`` does it for
  a file without holding it, read twice a client at a time (checked, then written).
- ``matching``: recognising duplicate clients and, merging, the records already there.
- ``report``: ``ImportReport``, what an import wrote and left out (also the CSV import's).

Records link to each other by their ``ref`` ("session-7"), assigned in export order, never
by database ids: imported records get new ids.  Importing into a data file that already
has clients adds to it.  A client with the same name and email (any case) as one already
there is a duplicate: it is skipped and reported, or with ``merge=True`` its records are
added to the existing client, which keeps every value it has (see ``docs/data-format.md``,
"Merging").
"""

from coachdesk.storage.portable_json.export import (
    ExportSummary,
    dump_document,
    export_document,
    write_export,
)
from coachdesk.storage.portable_json.importing import import_document, import_file
from coachdesk.storage.portable_json.reading import check_file, parse_json, read_import
from coachdesk.storage.portable_json.report import ImportCounts, ImportReport

__all__ = [
    "ExportSummary",
    "ImportCounts",
    "ImportReport",
    "check_file",
    "dump_document",
    "export_document",
    "import_document",
    "import_file",
    "parse_json",
    "read_import",
    "write_export",
]
