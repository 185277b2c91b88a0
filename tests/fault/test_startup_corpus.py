"""Start-up on every file of the damaged-file corpus (``startup_corpus``): the start-up
check, the opening, the real window and the real ``--smoke-test`` each see the damage, in
plain words, within a time bound, with no traceback and no crash dialog, and the data
file and its companions stay byte for byte as they were."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from coachdesk.paths import AppPaths
from coachdesk.preferences import open_settings
from coachdesk.storage import backups
from coachdesk.storage.database import open_database
from coachdesk.storage.errors import StorageError
from tests.fault import startup_corpus
from tests.fault.harness import digest
from tests.helpers import click_button

pytestmark = pytest.mark.fault

TIME_BOUND_S = 20.0  # per case and step, on a busy CI machine
SMOKE_TIME_BOUND_S = 60.0


def _state(case: startup_corpus.Case) -> dict[str, str]:
    folder = case.database.parent
    return {
        path.name: digest(path)
        for path in sorted(folder.iterdir())
        if path.is_file() and path.name.startswith(startup_corpus.DATA_NAME)
    }


@pytest.fixture(scope="module")
def corpus(demo_database: Path, tmp_path_factory: pytest.TempPathFactory, seed: int):
    return startup_corpus.build(demo_database, tmp_path_factory.mktemp("corpus"), seed)


def test_the_corpus_holds_every_kind_and_at_least_a_hundred_files(corpus):
    assert len(corpus) >= 100
    assert {case.kind for case in corpus} == set(startup_corpus.KINDS)


def test_the_start_up_check_and_the_opening_see_every_damaged_file(corpus, report):
    problems = []
    slowest = 0.0
    for case in corpus:
        where = f"{case.kind} ({case.detail})"
        before = _state(case)
        started = time.perf_counter()
        try:
            problem = backups.diagnose(case.database, case.database.parent / "backups")
        except Exception as exc:
            problems.append(f"{where}: the check raised {exc!r}")
            continue
        if problem is None or problem.problem not in backups.DAMAGED:
            problems.append(f"{where}: the check says {problem and problem.message!r}")
        try:
            open_database(case.database, case.database.parent / "backups").close()
            if case.kind != "check constraint":  # only the integrity check sees that one
                problems.append(f"{where}: opened")
        except StorageError as exc:
            if exc.problem not in backups.DAMAGED:
                problems.append(f"{where}: refused as {exc.problem}: {exc.message}")
        except Exception as exc:
            problems.append(f"{where}: opening raised {exc!r}")
        took = time.perf_counter() - started
        slowest = max(slowest, took)
        if took > TIME_BOUND_S:
            problems.append(f"{where}: took {took:.1f} s")
        if _state(case) != before:
            problems.append(f"{where}: the file or a companion changed")
    report(
        "start-up corpus",
        f"{len(corpus)} damaged data folders, {len(problems)} problems, slowest check and "
        f"opening {slowest * 1000:.0f} ms",
    )
    assert not problems, "\n".join(problems[:8])


@pytest.mark.gui
def test_the_window_offers_a_restore_for_every_damaged_file(qtbot, corpus, tmp_path):
    from coachdesk.ui.shell.main_window import MainWindow

    problems = []
    for number, case in enumerate(corpus):
        where = f"{case.kind} ({case.detail})"
        paths = AppPaths(
            data_dir=case.database.parent,
            config_dir=tmp_path / f"config-{number}",
            log_dir=tmp_path / f"logs-{number}",
        )
        before = _state(case)
        seen: list[str] = []

        def answer(seen=seen) -> None:
            box = QApplication.activeModalWidget()
            # A busy window (the search for a backup, on a slow machine) is not the question.
            if isinstance(box, QMessageBox) and box.isVisible():
                seen.append(box.windowTitle())
                click_button(box, "Quit")

        poll = QTimer()
        poll.timeout.connect(answer)
        poll.start(20)
        window = MainWindow(paths, open_settings(paths))
        qtbot.addWidget(window)
        window.show()
        try:
            window.open_database()
            qtbot.waitUntil(lambda seen=seen: bool(seen), timeout=int(TIME_BOUND_S * 1000))
        except Exception as exc:
            problems.append(f"{where}: {exc!r}")
        finally:
            poll.stop()
        if seen != ["Your data file is damaged"]:
            problems.append(f"{where}: {seen}")
        if window.db is not None:
            window.close()
        if _state(case) != before:
            problems.append(f"{where}: the file or a companion changed")
        if len(problems) >= 3:
            break  # each miss waits out the time bound: three say enough
    assert not problems, "\n".join(problems[:8])


def test_the_smoke_test_reports_one_of_each_kind_and_exits(corpus):
    chosen = {}
    for case in corpus:
        chosen.setdefault(case.kind, case)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("COACHDESK_DATA_DIR", None)
    problems = []
    for case in chosen.values():
        where = f"{case.kind} ({case.detail})"
        before = _state(case)
        folder = str(case.database.parent)
        result = subprocess.run(
            [sys.executable, "-m", "coachdesk", "--smoke-test", "--data-dir", folder],
            capture_output=True,
            text=True,
            env=env,
            timeout=SMOKE_TIME_BOUND_S,
        )
        if result.returncode != 1 or "Traceback" in result.stderr:
            problems.append(f"{where}: exit {result.returncode}: {result.stderr[-800:]}")
        elif not result.stderr.startswith("coachdesk: smoke test failed: "):
            problems.append(f"{where}: {result.stderr!r}")
        if _state(case) != before:
            problems.append(f"{where}: the file or a companion changed")
    assert not problems, "\n".join(problems)
