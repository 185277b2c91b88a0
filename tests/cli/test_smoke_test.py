"""``coachdesk --smoke-test`` as the packaged-app check runs it: in the app's start-up order,
never a backup, never a dialog that would wait for ever, one line on stderr when it fails."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from coachdesk.paths import AppPaths
from coachdesk.preferences import set_backup_folders
from coachdesk.storage import backups
from coachdesk.storage.connections import add_functions
from coachdesk.storage.database import open_database
from coachdesk.storage.driver import dbapi
from tests.conftest import copy_of_template
from tests.damage import drop_table, empty_file, set_application_id

TIME_BOUND_S = 60


def _smoke(paths: AppPaths) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("COACHDESK_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "coachdesk", "--smoke-test", "--data-dir", str(paths.data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIME_BOUND_S,
    )


def _tree(folder: Path) -> dict[str, str]:
    """The data and backup files under ``folder`` (the log and the window's settings may
    change; the lock file is the smoke test's own)."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not path.name.startswith("coachdesk.lock")
        and not {"logs", "config"} & set(path.relative_to(folder).parts)
    }


@pytest.fixture
def practice(tmp_path: Path, migrated_template: Path) -> AppPaths:
    paths = AppPaths.under(tmp_path / "data")
    paths.ensure()
    copy_of_template(migrated_template, paths.database)
    return paths


def _choose_backup_folder(paths: AppPaths, folder: Path) -> None:
    settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    set_backup_folders(settings, folder, None)
    settings.sync()


def test_a_changed_practice_gets_no_backup_from_the_smoke_test(practice):
    with closing(dbapi.connect(practice.database)) as connection:
        add_functions(connection)
        connection.execute("UPDATE clients SET name = name")  # a change since any backup
    result = _smoke(practice)
    assert result.returncode == 0, result.stderr
    assert backups.list_backups(practice.backup_dir) == []


@pytest.mark.parametrize("state", ["missing", "a file", "full of partials"])
def test_a_backup_folder_that_cannot_be_used_does_not_hold_the_smoke_test(
    practice, tmp_path, state
):
    chosen = tmp_path / "Dropbox" / "CoachDesk"
    if state == "a file":
        chosen.parent.mkdir()
        chosen.write_text("not a folder", encoding="utf-8")
    elif state == "full of partials":
        chosen.mkdir(parents=True)
        (chosen / "coachdesk-backup-20260101-000000.sqlite3.partial").write_bytes(b"x")
    _choose_backup_folder(practice, chosen)
    before = _tree(tmp_path)
    result = _smoke(practice)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert _tree(tmp_path) == before


def _drop_a_table(path: Path) -> None:
    drop_table(path, "matters")


def _wrong_mark(path: Path) -> None:
    set_application_id(path, 7)


@pytest.mark.parametrize("damage", [empty_file, _drop_a_table, _wrong_mark])
def test_damage_is_one_line_on_stderr_and_the_file_is_kept(practice, damage):
    open_database(practice.database).close()
    backups.make_backup(practice.database, practice.backup_dir, backups.BackupKind.ROUTINE)
    damage(practice.database)
    before = _tree(practice.data_dir)
    result = _smoke(practice)
    assert result.returncode == 1
    assert result.stderr.startswith("coachdesk: smoke test failed: The data file")
    assert "damaged" in result.stderr or "empty" in result.stderr
    assert "Traceback" not in result.stderr
    assert _tree(practice.data_dir) == before
