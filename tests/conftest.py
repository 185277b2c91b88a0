"""Test harness: every test runs on temporary folders, never on a coach's real data.

At import (before any test or the app's code runs) the real user folders are
fenced off: HOME and the XDG folders point into a throw-away directory and the
``COACHDESK_FORBID_USER_DIRS`` tripwire makes ``coachdesk.paths`` refuse to
hand out the platform's user folders at all.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

_FENCE = Path(tempfile.mkdtemp(prefix="coachdesk-test-home-"))
for _name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(_FENCE / _name.lower())
os.environ["COACHDESK_FORBID_USER_DIRS"] = "1"
os.environ.pop("COACHDESK_DATA_DIR", None)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from coachdesk.paths import AppPaths  # noqa: E402
from coachdesk.storage.database import Database, open_database  # noqa: E402
from tests.fault import figures as fault_figures  # noqa: E402  (the seed, chosen here once)


@pytest.fixture(scope="session")
def gui_thread_collector(qapp):
    """Garbage collected on the GUI thread, as in the app (``create_application``)."""
    from coachdesk.ui.shell.garbage import collect_on_gui_thread

    collector = collect_on_gui_thread(qapp)
    yield collector
    collector.stop()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses Qt's fixtures is a ``gui`` test, marked or not."""
    for item in items:
        if {"qapp", "qtbot"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


def _qt_running() -> bool:
    core = sys.modules.get("PySide6.QtCore")
    return core is not None and core.QCoreApplication.instance() is not None


@pytest.fixture(autouse=True)
def _no_key_outlives_its_test() -> Iterator[None]:
    """Data keys are held per process: a test that unlocks a practice lets go after it."""
    yield
    from coachdesk.storage.encrypted_files import forget_keys

    forget_keys()


@pytest.fixture(autouse=True)
def _gui_marker_holds(request: pytest.FixtureRequest) -> Iterator[None]:
    """``-m "not gui"`` is the fast loop without Qt: a test that starts a Qt application
    without the ``gui`` marker fails here (seen in a run where no gui test started it)."""
    before = _qt_running()
    yield
    if not before and _qt_running() and request.node.get_closest_marker("gui") is None:
        pytest.fail("this test starts a Qt application: mark it with pytest.mark.gui")


@pytest.fixture(autouse=True)
def _gui_tests_share_one_qapplication(request: pytest.FixtureRequest) -> None:
    """A ``gui`` test gets pytest-qt's QApplication before it runs: one that starts Qt
    itself (a command printing a PDF makes a bare QGuiApplication) would otherwise leave
    a worker in which the next test that builds a widget aborts."""
    if request.node.get_closest_marker("gui") is not None:
        request.getfixturevalue("qapp")


@pytest.fixture(autouse=True)
def _collect_garbage_on_gui_thread(request: pytest.FixtureRequest) -> None:
    if "qapp" in request.fixturenames:
        request.getfixturevalue("gui_thread_collector")


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    paths = AppPaths.under(tmp_path / "data")
    paths.ensure()
    return paths


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data file created through the real migrations, once per test run; each test's
    ``db`` is a copy of it (the migrations themselves are tested on their own, in
    tests/storage/test_database.py)."""
    folder = tmp_path_factory.mktemp("template")
    open_database(folder / "coachdesk.db", folder / "backups").close()
    return folder / "coachdesk.db"


def copy_of_template(template: Path, target: Path) -> None:
    """``target`` as a new, owner-only copy of the migrated template."""
    target.write_bytes(template.read_bytes())
    target.chmod(0o600)


@pytest.fixture
def db(app_paths: AppPaths, migrated_template: Path) -> Iterator[Database]:
    """A fresh, migrated database file (a copy of ``migrated_template``)."""
    copy_of_template(migrated_template, app_paths.database)
    database = open_database(app_paths.database, app_paths.backup_dir)
    yield database
    database.close()


@pytest.fixture
def settings(app_paths: AppPaths):
    from coachdesk.app import open_settings

    return open_settings(app_paths)


@pytest.fixture
def window(qtbot, app_paths: AppPaths, settings, db: Database):
    """The real main window on a fresh database, shown offscreen."""
    from coachdesk.ui.shell.main_window import MainWindow

    main = MainWindow(app_paths, settings)
    qtbot.addWidget(main)
    main.attach_database(db)
    main.show()
    qtbot.waitExposed(main)
    return main


# Date-sensitive tests run in each of these zones (``local_zone``): far west of UTC
# (UTC-11), far east (UTC+14, where "today" is a day ahead of UTC's), and UTC itself.
ZONES = ("Pacific/Pago_Pago", "Pacific/Kiritimati", "UTC")


@pytest.fixture(params=ZONES)
def local_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """This computer's zone set to each of ``ZONES`` in turn (TZ and ``time.tzset``, which
    Python's and Qt's local-time conversions both read), then put back.  Use it with
    ``pytestmark = pytest.mark.usefixtures("local_zone")`` on a date-sensitive module."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    try:
        yield request.param
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--slow",
        action="store_true",
        default=False,
        help="run the fault-injection tests (tests/fault) with the larger nightly N",
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a pytest-xdist worker: hand the fault figures to the process that prints them."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["fault_figures"] = dict(fault_figures.FIGURES)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    fault_figures.FIGURES.update(getattr(node, "workeroutput", {}).get("fault_figures", {}))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not fault_figures.FIGURES:
        return
    seed, env = fault_figures.SEED, fault_figures.SEED_ENV
    terminalreporter.section("fault injection")
    terminalreporter.write_line(f"seed {seed} (replay with {env}={seed})")
    for name, figures in sorted(fault_figures.FIGURES.items()):
        terminalreporter.write_line(f"{name}: {figures}")
