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
from collections.abc import Iterable

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


def _run(*arguments: str, **env: str) -> subprocess.CompletedProcess:
    """``python ARGUMENTS`` offscreen (with ``env``), which must succeed."""
    done = subprocess.run(
        [sys.executable, *arguments],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done


def _heavy(modules: Iterable[str], weights: Iterable[str]) -> list[str]:
    """The ``modules`` that are, or are inside, one of ``weights``."""
    weights = tuple(weights)
    return sorted(
        name
        for name in set(modules)
        for weight in weights
        if name == weight or name.startswith(weight + ".")
    )


def test_nothing_heavy_loads_before_the_window_is_painted(tmp_path):
    loaded = set(_run("-c", UNTIL_FIRST_PAINT, str(tmp_path / "data")).stdout.split())
    assert "coachdesk.ui.shell.main_window" in loaded
    assert _heavy(loaded, LOADED_AFTER_THE_FIRST_PAINT) == []


# A protected practice: the window's first paint is its unlock screen, built before it.
UNTIL_THE_UNLOCK_SCREEN = """
import sys

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from coachdesk.app import create_application
from coachdesk.paths import resolve
from coachdesk.preferences import open_settings
from coachdesk.ui.shell.main_window import MainWindow

paths = resolve(sys.argv[1])
app = create_application()
window = MainWindow(paths, open_settings(paths), automatic_backups=False)


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if watched is window and event.type() == QEvent.Type.Paint:
            window.removeEventFilter(self)
            page = window.pages.currentWidget()
            shown = page is not None and page is window.unlock_page
            print("unlock" if shown else "other")
            print("\\n".join(sorted(sys.modules)))
            QApplication.quit()
        return False


spy = FirstPaint()
window.installEventFilter(spy)
window.open_database_when_painted()
window.show()
app.exec()
"""


def _protected_practice(data):
    from coachdesk.storage import encrypted_files, protection
    from coachdesk.storage.database import open_database

    data.mkdir()
    protection.start_protected(data / "coachdesk.sqlite3", "a long passphrase here")
    open_database(data / "coachdesk.sqlite3", data / "backups").close()
    encrypted_files.forget_keys()
    return data


def test_the_start_up_trace_stops_at_the_unlock_screen(tmp_path):
    """What benchmarks/ measures: ``COACHDESK_TRACE_STARTUP`` prints the unlock screen's
    first paint, then the app quits by itself."""
    data = _protected_practice(tmp_path / "data")
    done = _run("-m", "coachdesk", "--data-dir", str(data), COACHDESK_TRACE_STARTUP="1")
    events = [line.split()[1] for line in done.stderr.splitlines() if "coachdesk-trace" in line]
    assert events == ["first_paint", "unlock_prompt"]


def test_a_protected_practice_paints_its_unlock_screen_first_and_nothing_heavy(tmp_path):
    data = _protected_practice(tmp_path / "data")
    first, *modules = _run("-c", UNTIL_THE_UNLOCK_SCREEN, str(data)).stdout.split()
    assert first == "unlock", "the first paint is not the unlock screen"
    heavy = (*LOADED_AFTER_THE_FIRST_PAINT, "cryptography", "coachdesk.storage.keys")
    allowed = {"coachdesk.ui.pages", "coachdesk.ui.pages.unlock"}
    assert _heavy(set(modules) - allowed, heavy) == []


# The sequence on to the first page of data (Today) of a plain practice.
UNTIL_THE_FIRST_DATA = """
import sys

from coachdesk.app import create_application
from coachdesk.paths import resolve
from coachdesk.preferences import open_settings
from coachdesk.ui.shell.main_window import MainWindow

paths = resolve(sys.argv[1])
app = create_application()
window = MainWindow(paths, open_settings(paths), automatic_backups=False)
window.show()
app.processEvents()
window.open_database()
app.processEvents()
print(type(window.pages.currentWidget()).__name__)
print("\\n".join(sorted(sys.modules)))
"""

# What the first page of data of a plain practice has no use for.
LOADED_AFTER_THE_FIRST_DATA = (
    "cryptography",
    "coachdesk.storage.keys",
    "coachdesk.storage.protection",
    "coachdesk.domain.feedback",
    "hashlib",
    "importlib.resources",
    "sqlalchemy",
    "alembic",
)


def test_a_plain_practice_loads_nothing_of_the_protection_before_today(tmp_path):
    from coachdesk.domain.clients import ClientData
    from coachdesk.storage.clients import create_client
    from coachdesk.storage.database import open_database

    data = tmp_path / "data"
    data.mkdir()
    db = open_database(data / "coachdesk.sqlite3", data / "backups")
    create_client(db, ClientData(name="Ada Lovelace"))
    db.close()
    page, *modules = _run("-c", UNTIL_THE_FIRST_DATA, str(data)).stdout.split()
    assert page == "TodayPage"
    assert _heavy(modules, LOADED_AFTER_THE_FIRST_DATA) == []
