"""Fixtures of the fault-injection tests, and the summary of their figures.

Every test records what it did and found (runs, damaged files, commits lost, ...) with
the ``report`` fixture; the figures are printed at the end of the ``pytest`` output
(``tests/conftest.py`` gathers them from the workers).

N is the CI value by default and the nightly one with ``--slow``.  The random moments
and damages come from one seed, printed with the figures and in every failure message;
``COACHDESK_FAULT_SEED=<seed>`` replays it (kill moments also depend on timing).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from multiprocessing.context import BaseContext
from pathlib import Path

import pytest

from coachdesk.demo import generate_demo
from coachdesk.storage.backups import BackupKind, make_backup
from coachdesk.storage.database import open_database
from tests.fault import workers
from tests.fault.figures import FIGURES, SEED
from tests.fault.harness import Child
from tests.fault.protected import PROTECTED, passphrase_file, start_protected, unlock

if os.name != "posix":
    # Children on a forkserver, pipes in select(), kill -9, rlimits and modes are POSIX.
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="session")
def seed() -> int:
    return SEED


@pytest.fixture(scope="session")
def slow(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--slow"))


@pytest.fixture(scope="session")
def runs(slow: bool) -> Callable[[int, int], int]:
    """``runs(ci, nightly)``: how many runs a test makes in this session."""

    def pick(ci: int, nightly: int) -> int:
        return nightly if slow else ci

    return pick


@pytest.fixture
def report() -> Callable[[str, str], None]:
    """``report(name, figures)``: shown in the summary at the end of the run."""

    def record(name: str, figures: str) -> None:
        FIGURES[name] = figures

    return record


@pytest.fixture(scope="session")
def forkserver() -> Iterator[BaseContext]:
    """A forkserver that has imported the storage layer once.

    Plain fork is unsafe (this process may run Qt threads) and a fresh interpreter per
    child is too slow (importing SQLAlchemy alone takes about 0.3 s).  ``pytest`` is
    preloaded too: multiprocessing re-runs the main script (pytest's) in every child, and
    with pytest already imported that costs nothing instead of some 40 ms.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["pytest", "tests.fault.workers"])
    child = Child(context, workers.noop)
    child.finish()
    assert child.process.exitcode == 0, "the forkserver cannot run the fault workers"
    yield context


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 'demo' practice, generated once per session; copy it, never change it."""
    folder = tmp_path_factory.mktemp("demo-template")
    path = folder / "coachdesk.sqlite3"
    db = open_database(path, folder / "backups")
    try:
        generate_demo(db, "demo", seed=1)
    finally:
        db.close()
    return path


@pytest.fixture(scope="session")
def demo_backup(demo_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A verified backup of the demo practice (made by ``make_backup``)."""
    return make_backup(
        demo_database, tmp_path_factory.mktemp("demo-backup"), BackupKind.ROUTINE
    ).path


# --- the same on an encrypted practice (``protected``) -------------------------------------


@pytest.fixture(params=PROTECTED)
def protected(request: pytest.FixtureRequest) -> bool:
    """Whether this run of the test is on a plain practice or an encrypted one."""
    return bool(request.param)


@pytest.fixture(scope="session")
def passphrase(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The file holding the encrypted practices' passphrase (``--passphrase-file``)."""
    return passphrase_file(tmp_path_factory.mktemp("passphrase"))


@pytest.fixture(scope="session")
def encrypted_demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 'demo' practice created encrypted (its envelope beside it, in ``.keys``), once
    per session; copy it (``protected.copy_practice``), never change it."""
    folder = tmp_path_factory.mktemp("encrypted-demo-template")
    path = folder / "coachdesk.sqlite3"
    start_protected(path)
    db = open_database(path, folder / "backups")
    try:
        generate_demo(db, "demo", seed=1)
    finally:
        db.close()
    return path


@pytest.fixture(scope="session")
def encrypted_demo_backup(
    encrypted_demo_database: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A verified backup of the encrypted demo practice (encrypted, its envelope in its
    trailer)."""
    unlock(encrypted_demo_database)
    return make_backup(
        encrypted_demo_database, tmp_path_factory.mktemp("encrypted-demo-backup")
    ).path


@pytest.fixture
def demo_practice(protected: bool, request: pytest.FixtureRequest) -> Path:
    """``demo_database``, or ``encrypted_demo_database`` with its key held here."""
    if not protected:
        return Path(request.getfixturevalue("demo_database"))
    path = Path(request.getfixturevalue("encrypted_demo_database"))
    unlock(path)
    return path


@pytest.fixture
def demo_practice_backup(protected: bool, request: pytest.FixtureRequest) -> Path:
    """``demo_backup``, or ``encrypted_demo_backup`` with its key held here."""
    if not protected:
        return Path(request.getfixturevalue("demo_backup"))
    path = Path(request.getfixturevalue("encrypted_demo_backup"))
    unlock(path)
    return path
