"""Peak memory of ``coachdesk export`` and ``coachdesk import`` (JSON) of a practice.

Run as ``python benchmarks/portable_memory.py DATA_DIR``; prints one JSON object:

* ``export_peak_mb`` / ``export_s``: ``coachdesk export FILE.json`` of the practice;
* ``import_peak_mb`` / ``import_s``: ``coachdesk import FILE.json`` of that file into an
  empty data folder;
* ``json_mb``: the size of the file.

Each command runs in its own process; its peak is the resident set size the kernel
reports for it (``ru_maxrss``), so it counts everything the process held at its
worst moment (Python, SQLite's cache, the records), not only Python objects.
The practice's data file is copied into a scratch folder first: the commands never
write into DATA_DIR.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def measured(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(peak resident MB, seconds) of ``command`` run as a child process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        assert child.stderr is not None
        raise SystemExit(f"{' '.join(command)} failed:\n{child.stderr.read().decode()}")
    return usage.ru_maxrss / 1024, seconds  # ru_maxrss is in KiB on Linux


def main() -> None:
    source = Path(sys.argv[1])
    env = dict(os.environ)
    env.pop("COACHDESK_DATA_DIR", None)
    scratch = Path(tempfile.mkdtemp(prefix="coachdesk-memory-"))
    try:
        practice, empty = scratch / "practice", scratch / "empty"
        practice.mkdir()
        shutil.copyfile(source / "coachdesk.sqlite3", practice / "coachdesk.sqlite3")
        export_path = scratch / "practice.json"
        cli = [sys.executable, "-m", "coachdesk"]
        export_mb, export_s = measured(
            [*cli, "--data-dir", str(practice), "export", str(export_path)], env
        )
        import_mb, import_s = measured(
            [*cli, "--data-dir", str(empty), "import", str(export_path)], env
        )
        result = {
            "json_mb": export_path.stat().st_size / 1e6,
            "export_peak_mb": export_mb,
            "export_s": export_s,
            "import_peak_mb": import_mb,
            "import_s": import_s,
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
