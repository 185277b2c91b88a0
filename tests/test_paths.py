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
        "coachdesk.storage.database, coachdesk.storage.clients, coachdesk.ui.shell.main_window, "
        "coachdesk.ui.pages.clients"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=tmp_path)
    assert list(home.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]


def test_the_test_session_itself_is_fenced_off():
    assert "coachdesk-test-home" in str(Path.home())


# --- made private on open ---------------------------------------------------------------------

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@posix_only
def test_a_practice_that_arrives_readable_by_others_is_made_private_on_open(tmp_path):
    from coachdesk.cli import main
    from coachdesk.paths import AppPaths

    paths = AppPaths.under(tmp_path / "practice")
    assert main(["demo", "--data-dir", str(paths.data_dir)]) == 0
    assert main(["backup", "--data-dir", str(paths.data_dir)]) == 0
    backup = next(paths.backup_dir.glob("coachdesk-*.sqlite3"))
    (paths.config_dir / "settings.ini").write_text("[window]\n", encoding="utf-8")
    arrived = [paths.database, backup, paths.settings_file, paths.log_file]
    folders = [paths.data_dir, paths.backup_dir, paths.config_dir, paths.log_dir]
    for path in arrived:
        path.chmod(0o644)  # copied from another machine, unpacked from an archive …
    for folder in folders:
        folder.chmod(0o755)
    assert main(["sessions", "--data-dir", str(paths.data_dir)]) == 0
    assert {str(p): _mode(p) for p in arrived} == {str(p): 0o600 for p in arrived}
    assert {str(p): _mode(p) for p in folders} == {str(p): 0o700 for p in folders}
    log = paths.log_file.read_text(encoding="utf-8")
    assert f"made private: {paths.database} was 0644, now 0600" in log
    assert f"made private: {paths.data_dir} was 0755, now 0700" in log


@posix_only
def test_the_companions_sqlite_makes_get_the_private_mode(tmp_path):
    """SQLite gives -wal and -shm the data file's mode: tightened before it opens the file."""
    from contextlib import closing

    from coachdesk.cli import main
    from coachdesk.paths import AppPaths, make_private
    from coachdesk.storage.driver import dbapi

    paths = AppPaths.under(tmp_path / "practice")
    assert main(["demo", "--data-dir", str(paths.data_dir)]) == 0
    paths.database.chmod(0o644)
    make_private(paths)
    with closing(dbapi.connect(paths.database)) as connection:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("SELECT count(*) FROM clients").fetchone()
        companions = [paths.database.with_name(paths.database.name + s) for s in ("-wal", "-shm")]
        assert {str(p): _mode(p) for p in companions} == {str(p): 0o600 for p in companions}


@posix_only
def test_making_private_never_adds_a_permission_and_leaves_other_files_alone(tmp_path):
    from coachdesk.paths import AppPaths, make_private

    paths = AppPaths.under(tmp_path / "practice")
    paths.ensure()
    mine = paths.data_dir / "my-notes.txt"  # the coach's own file in the folder
    mine.write_text("", encoding="utf-8")
    mine.chmod(0o644)
    paths.data_dir.chmod(0o555)  # a folder the coach made read-only stays read-only
    try:
        assert make_private(paths) == [f"{paths.data_dir} was 0555, now 0500"]
        assert _mode(paths.data_dir) == 0o500
    finally:
        paths.data_dir.chmod(0o700)
    assert _mode(mine) == 0o644


@posix_only
def test_backups_in_a_chosen_folder_are_made_private_but_not_the_folder(tmp_path):
    from coachdesk.paths import AppPaths, make_private

    paths = AppPaths.under(tmp_path / "practice")
    paths.ensure()
    chosen = tmp_path / "Dropbox"
    chosen.mkdir(mode=0o755)
    chosen.chmod(0o755)
    backup = chosen / "coachdesk-backup-20260101-100000.sqlite3"
    backup.write_bytes(b"")
    backup.chmod(0o644)
    other = chosen / "holiday.jpg"
    other.write_bytes(b"")
    other.chmod(0o644)
    assert make_private(paths, [chosen]) == [f"{backup} was 0644, now 0600"]
    assert (_mode(chosen), _mode(other)) == (0o755, 0o644)


def test_modes_that_cannot_be_changed_do_not_stop_the_start(tmp_path, monkeypatch):
    from coachdesk.paths import AppPaths, make_private

    paths = AppPaths.under(tmp_path / "practice")
    paths.ensure()
    paths.data_dir.chmod(0o755)

    def read_only_medium(self: Path, _mode: int) -> None:
        raise OSError(30, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "chmod", read_only_medium)
    assert make_private(paths) == []
