"""Every PDF CoachDesk writes (the prep sheet, the feedback card, a client's record) on a
disk that fills up: the write fails with an ``OSError`` (which the window and the
commands turn into a message), the older PDF is kept byte for byte, and nothing is left
beside it (the prep sheet and the card used to leave a ``.part`` file: up to a partial
PDF of the client's prep)."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import pkgutil
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import coachdesk.printing
from tests.fault.pdf_writers import WRITERS

pytestmark = pytest.mark.fault

OLDER = hashlib.sha256(b"%PDF- the older file, kept whole").hexdigest()


def test_every_pdf_writer_is_tried_on_a_full_disk():
    """The class, not a list: a new ``render_*`` in ``coachdesk.printing`` must be added to
    ``tests.fault.pdf_writers``."""
    found = set()
    for info in pkgutil.iter_modules(coachdesk.printing.__path__):
        module = importlib.import_module(f"coachdesk.printing.{info.name}")
        found |= {
            f"{module.__name__}.{name}"
            for name, value in vars(module).items()
            if name.startswith("render_") and getattr(value, "__module__", "") == module.__name__
        }
    assert found == {f"{writer.__module__}.{writer.__name__}" for writer in WRITERS.values()}


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
@pytest.mark.parametrize("limit", [0, 3000], ids=["nothing-free", "3000-bytes-free"])
def test_every_pdf_writer_leaves_nothing_behind_on_a_full_disk(
    demo_database, tmp_path, limit, report
):
    database = tmp_path / "data" / "coachdesk.sqlite3"
    database.parent.mkdir()
    shutil.copyfile(demo_database, database)
    folder = tmp_path / "exports"
    folder.mkdir()
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "tests.fault.pdf_writers", str(database), str(folder), str(limit)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
        timeout=120,
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    results = json.loads(done.stdout)
    report(
        f"PDF writers, files limited to {limit:,} bytes",
        ", ".join(f"{name}: {result['outcome'][1]}" for name, result in results.items())
        + f"; older PDFs kept, nothing left beside them ({elapsed:.1f} s)",
    )
    assert results.keys() == WRITERS.keys()
    for name, result in results.items():
        assert result["outcome"][0] == "OSError", f"{name}: {result['outcome']}"
        assert result["after"] == {f"{each}.pdf": OLDER for each in WRITERS}, name
    assert elapsed < 60
