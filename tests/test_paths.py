"""Where files live, the --data-dir override and the tripwire around the real user folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coachdesk.paths import DATA_DIR_ENV, FORBID_USER_DIRS_ENV, UserDirsForbidden, resolve


def test_explicit_data_dir_moves_everything(tmp_path):
    paths = resolve(tmp_path / "practice")
    assert paths.data_dir == tmp_path / "practice"
    assert paths.database == tmp_path / "practice" / "coachdesk.sqlite3"
    assert paths.config_dir.is_relative_to(paths.data_dir)
    assert paths.log_dir.is_relative_to(paths.data_dir)
    assert paths.backup_dir.is_relative_to(paths.data_dir)


def test_environment_variable_is_used_when_no_option_is_given(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "env"))
    assert resolve().data_dir == tmp_path / "env"
    assert resolve(tmp_path / "option").data_dir == tmp_path / "option"


def test_tripwire_refuses_the_real_user_folders(monkeypatch):
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    assert os.environ[FORBID_USER_DIRS_ENV]
    with pytest.raises(UserDirsForbidden):
        resolve()


def test_without_tripwire_the_platform_folders_are_used(monkeypatch, tmp_path):
    monkeypatch.delenv(FORBID_USER_DIRS_ENV)
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    paths = resolve()
    assert paths.data_dir == tmp_path / "share" / "CoachDesk"
    assert not paths.data_dir.exists()


def test_nothing_is_created_at_import(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XDG_", "COACHDESK_"))
    }
    env["HOME"] = str(home)
    code = (
        "import coachdesk.cli, coachdesk.app, coachdesk.paths, coachdesk.logs, "
        "coachdesk.storage.database, coachdesk.storage.clients, coachdesk.ui.main_window, "
        "coachdesk.ui.clients_page"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=tmp_path)
    assert list(home.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]


def test_the_test_session_itself_is_fenced_off():
    assert "coachdesk-test-home" in str(Path.home())
