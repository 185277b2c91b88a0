"""Export and import of a whole practice, JSON and CSV (used by run.py).

Run as ``python benchmarks/portable.py DATA_DIR RUNS``; prints one JSON object
with medians of RUNS:

* ``json_export_s``: ``write_export``: read every table in one transaction,
  build the document, encode it and write the file (fsync, rename);
* ``json_import_s``: ``import_file`` into an empty data file: read and decode the
  file, check every record, write it all in one transaction; split into
  ``json_read_check_s`` (read, decode and check) and the rest (the writing);
* ``csv_export_s``: ``export_csv``: the four CSV files;
* sizes (MB) and what the practice holds.

The empty data file is made once and copied for each import, so the figures
do not include creating a database.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from coachdesk.domain.data_format import parse_document
from coachdesk.paths import AppPaths
from coachdesk.storage.database import open_database
from coachdesk.storage.portable_csv import export_csv
from coachdesk.storage.portable_json import import_file, read_import, write_export


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    data_dir, runs = Path(sys.argv[1]), int(sys.argv[2])
    paths = AppPaths.under(data_dir)
    db = open_database(paths.database, paths.backup_dir)
    scratch = Path(tempfile.mkdtemp(prefix="coachdesk-portable-"))
    try:
        export_path = scratch / "practice.json"
        empty = scratch / "empty.sqlite3"
        open_database(empty).close()
        exports, imports, checks, csvs = [], [], [], []
        for run in range(runs):
            exports.append(timed(lambda: write_export(db, export_path)))
            checks.append(timed(lambda: parse_document(read_import(export_path))))
            target = scratch / f"import-{run}.sqlite3"
            shutil.copyfile(empty, target)
            fresh = open_database(target)
            try:
                imports.append(timed(lambda fresh=fresh: import_file(fresh, export_path)))
            finally:
                fresh.close()
            target.unlink()
            csvs.append(timed(lambda: export_csv(db, scratch / "csv")))
        document = read_import(export_path)
        clients = document["clients"]
        result = {
            "runs": runs,
            "clients": len(clients),
            "sessions": sum(len(c["sessions"]) for c in clients),
            "matters": sum(len(c["matters"]) for c in clients),
            "json_mb": export_path.stat().st_size / 1e6,
            "csv_mb": sum(p.stat().st_size for p in (scratch / "csv").iterdir()) / 1e6,
            "json_export_s": statistics.median(exports),
            "json_import_s": statistics.median(imports),
            "json_read_check_s": statistics.median(checks),
            "csv_export_s": statistics.median(csvs),
        }
    finally:
        db.close()
        shutil.rmtree(scratch, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
