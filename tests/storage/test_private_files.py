"""The one private writer every export and PDF goes through: whole or nothing, owner-only,
and the partial file of a writer that was killed is removed by the next write there."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from coachdesk.storage.database import open_database
from coachdesk.storage.private_files import PART_SUFFIX, private_writer, write_private
from tests.helpers import held_by_another_process


def test_a_write_that_fails_leaves_the_older_file_and_nothing_beside_it(tmp_path):
    target = tmp_path / "Prep Dan.pdf"
    target.write_bytes(b"older")
    with pytest.raises(OSError), private_writer(target) as handle:
        handle.write(b"%PDF- half of Dan's prep")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_bytes() == b"older"
    assert sorted(tmp_path.iterdir()) == [target]


def test_the_partial_file_of_a_killed_writer_goes_at_the_next_write_there(tmp_path):
    killed = tmp_path / f"Prep Dan 2026-03-18.pdf{PART_SUFFIX}"
    killed.write_bytes(b"%PDF- half of Dan's prep")
    someone_elses = tmp_path / "download.pdf.part"  # not CoachDesk's: never touched
    someone_elses.write_bytes(b"a browser's download")
    written = write_private(tmp_path / "Feedback card.pdf", b"%PDF- whole")
    assert sorted(tmp_path.iterdir()) == sorted([written, someone_elses])
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="flock")
def test_a_partial_file_another_writer_still_holds_is_left_alone(tmp_path):
    in_progress = tmp_path / f"Record of Dan.pdf{PART_SUFFIX}"
    with held_by_another_process(in_progress):
        write_private(tmp_path / "Feedback card.pdf", b"%PDF- whole")
        assert in_progress.exists()
    write_private(tmp_path / "Feedback card.pdf", b"%PDF- whole again")
    assert not in_progress.exists()


def _folder_cannot_be_synced(monkeypatch: pytest.MonkeyPatch) -> None:
    from coachdesk.storage import private_files

    def refuse(folder: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(folder))

    monkeypatch.setattr(private_files, "fsync_folder", refuse)


def test_a_folder_that_cannot_be_synced_after_the_rename_is_no_failure(tmp_path, monkeypatch):
    """A folder the coach may write to but not read (a drop box): the file was written and
    renamed into place, so it is there and the write is not reported as failed."""
    _folder_cannot_be_synced(monkeypatch)
    target = tmp_path / "export.json"
    write_private(target, b"{}")
    assert target.read_bytes() == b"{}"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["export.json"]


def test_a_restore_whose_folder_cannot_be_synced_keeps_its_safety_copy(app_paths, db, monkeypatch):
    """Once the restored file is in place, nothing may act as if the restore had failed:
    the copy of the data it replaced stays."""
    from coachdesk.domain.clients import ClientData
    from coachdesk.storage import backups
    from coachdesk.storage.client_list import list_clients
    from coachdesk.storage.clients import create_client

    create_client(db, ClientData(name="Before"))
    backup = backups.make_backup(db.path, app_paths.backup_dir).path
    create_client(db, ClientData(name="After"))
    db.close()
    _folder_cannot_be_synced(monkeypatch)
    result = backups.restore(backup, app_paths.database, app_paths.backup_dir)
    assert result.safety_copy is not None and result.safety_copy.exists()
    restored = open_database(app_paths.database)
    try:
        assert [row.name for row in list_clients(restored)] == ["Before"]
    finally:
        restored.close()
