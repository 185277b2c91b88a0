"""What the app loads before its window's first paint stays light.

Start-up's targets are measured in ``benchmarks/``; this holds the mechanism that meets
them: the storage layer, the pages and the slow standard-library modules load only
after the window is on screen.  Each name below once crept onto that path (the calendar
library through the command-line parser, ``logging.handlers`` through the log).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.gui

# The start-up sequence of ``cli.main`` and ``app.run_gui``, up to the first paint.
UNTIL_FIRST_PAINT = """
import sys
from pathlib import Path

from coachdesk.cli.start import main
from coachdesk.logs import setup_logging
from coachdesk.paths import resolve

paths = resolve(sys.argv[1])
paths.ensure()
setup_logging(paths)

from coachdesk.app import create_application, install_crash_hook
from coachdesk.preferences import open_settings
from coachdesk.storage.lock import InstanceLock
from coachdesk.ui.shell.main_window import MainWindow

app = create_application()
install_crash_hook()
window = MainWindow(paths, open_settings(paths))
window.show()
app.processEvents()
print("\\n".join(sorted(sys.modules)))
"""

LOADED_AFTER_THE_FIRST_PAINT = (
    "sqlalchemy",
    "alembic",
    "icalendar",
    "sqlite3",
    "coachdesk.storage.database",
    "coachdesk.storage.backups",
    "coachdesk.domain",
    "coachdesk.ui.pages",
    "coachdesk.ui.dialogs",
    "coachdesk.printing",
    "PySide6.QtNetwork",
    "PySide6.QtPrintSupport",
    "logging.handlers",
    "dataclasses",
    "json",
    "datetime",
)


def test_nothing_heavy_loads_before_the_window_is_painted(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", UNTIL_FIRST_PAINT, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "coachdesk.ui.shell.main_window" in loaded
    early = sorted(
        name
        for name in loaded
        for heavy in LOADED_AFTER_THE_FIRST_PAINT
        if name == heavy or name.startswith(heavy + ".")
    )
    assert early == []
