"""Opening, creating, migrating and refusing data files."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from coachdesk.storage import database, files
from coachdesk.storage.backups import make_backup
from coachdesk.storage.database import open_database
from coachdesk.storage.driver import dbapi
from coachdesk.storage.errors import Problem, StorageError
from coachdesk.storage.files import (
    APPLICATION_ID,
    FileState,
    head_revision,
    inspect_file,
    known_revisions,
)
from coachdesk.storage.models import Base
from coachdesk.storage.search import is_index_table


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_is_created_at_the_current_schema(app_paths):
    db = open_database(app_paths.database, app_paths.backup_dir)
    db.close()
    with dbapi.connect(app_paths.database) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            head_revision()
        )
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert set(Base.metadata.tables) <= tables
    assert inspect_file(app_paths.database).state is FileState.CURRENT


def test_database_file_is_readable_by_the_owner_only(app_paths):
    open_database(app_paths.database).close()
    assert app_paths.database.stat().st_mode & 0o777 == 0o600


def test_every_connection_has_the_safety_pragmas(db):
    with db.session() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def not_the_index(name, type_, _parents):
    return not (type_ == "table" and is_index_table(name))


def test_migrations_build_exactly_the_models(db):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": not_the_index}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_revision_ids_are_the_file_prefixes_alembic_knows():
    config = Config()
    config.set_main_option("script_location", "coachdesk.storage:migrations")
    script = ScriptDirectory.from_config(config)
    assert sorted(rev.revision for rev in script.walk_revisions()) == known_revisions()
    assert script.get_current_head() == head_revision()


def test_reopening_a_current_file_does_not_migrate_or_back_up(app_paths, monkeypatch):
    open_database(app_paths.database, app_paths.backup_dir).close()
    monkeypatch.setattr(database, "_migrate", lambda *a: pytest.fail("migrated again"))
    open_database(app_paths.database, app_paths.backup_dir).close()
    assert not app_paths.backup_dir.exists()


def test_file_from_a_newer_coachdesk_is_refused_and_left_untouched(app_paths):
    open_database(app_paths.database).close()
    with dbapi.connect(app_paths.database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = digest(app_paths.database)
    with pytest.raises(StorageError) as caught:
        open_database(app_paths.database, app_paths.backup_dir)
    assert caught.value.problem is Problem.TOO_NEW
    assert "newer version of CoachDesk" in caught.value.message
    assert digest(app_paths.database) == before


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(app_paths):
    app_paths.database.write_text("my shopping list\n")
    before = digest(app_paths.database)
    with pytest.raises(StorageError) as caught:
        open_database(app_paths.database)
    assert caught.value.problem is Problem.NOT_A_DATABASE
    assert digest(app_paths.database) == before


def test_another_programs_database_is_refused_and_left_untouched(app_paths):
    with dbapi.connect(app_paths.database) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('soup')")
    before = digest(app_paths.database)
    with pytest.raises(StorageError) as caught:
        open_database(app_paths.database)
    assert caught.value.problem is Problem.NOT_COACHDESK
    assert "not a CoachDesk one" in caught.value.message
    assert digest(app_paths.database) == before


def test_an_empty_file_becomes_a_new_database(app_paths):
    app_paths.database.touch()
    open_database(app_paths.database).close()
    assert inspect_file(app_paths.database).state is FileState.CURRENT


def test_an_older_file_is_backed_up_before_it_is_migrated(app_paths, monkeypatch):
    open_database(app_paths.database).close()
    with dbapi.connect(app_paths.database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0000'")
    monkeypatch.setattr(files, "known_revisions", lambda: ["0000", "0001"])
    seen = {}

    def fake_migrate(engine, path):
        backups = list(app_paths.backup_dir.glob("*.sqlite3"))
        seen["backups"] = backups
        with dbapi.connect(backups[0]) as conn:
            seen["revision"] = conn.execute("SELECT version_num FROM alembic_version").fetchone()

    monkeypatch.setattr(database, "_migrate", fake_migrate)
    open_database(app_paths.database, app_paths.backup_dir).close()
    assert len(seen["backups"]) == 1
    assert "before-migration-from-0000" in seen["backups"][0].name
    assert seen["revision"] == ("0000",)
    assert seen["backups"][0].stat().st_mode & 0o777 == 0o600


def test_a_failed_migration_leaves_no_half_built_schema(app_paths, monkeypatch):
    from alembic import command

    real_upgrade = command.upgrade

    def upgrade_then_fail(config, revision):
        real_upgrade(config, revision)
        raise RuntimeError("power cut")

    monkeypatch.setattr(command, "upgrade", upgrade_then_fail)
    with pytest.raises(RuntimeError):
        open_database(app_paths.database)
    with dbapi.connect(app_paths.database) as conn:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master")]
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0
    assert tables == []
    monkeypatch.setattr(command, "upgrade", real_upgrade)
    open_database(app_paths.database).close()
    assert inspect_file(app_paths.database).state is FileState.CURRENT


def test_a_relative_path_works(app_paths, monkeypatch):
    monkeypatch.chdir(app_paths.data_dir)
    open_database(Path("relative.sqlite3")).close()
    open_database(Path("relative.sqlite3")).close()
    assert inspect_file(app_paths.data_dir / "relative.sqlite3").state is FileState.CURRENT


def make_database_at(path: Path, revision: str) -> None:
    """A CoachDesk file as an older release left it: migrated only up to ``revision``."""
    from alembic import command

    engine = database.make_engine(path)
    config = Config()
    config.set_main_option("script_location", "coachdesk.storage:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    engine.dispose()


def test_a_real_first_release_file_is_backed_up_migrated_and_keeps_its_data(app_paths):
    make_database_at(app_paths.database, "0001")
    with dbapi.connect(app_paths.database) as conn:
        conn.execute(
            "INSERT INTO clients (id, name, preferred_name, pronouns, email, phone, organisation,"
            " role, status, private_notes, usual_location, created_at, updated_at)"
            " VALUES (7, 'Dan', '', '', '', '', '', '', 'active', 'notes', '',"
            " '2026-01-01 09:00:00.000000', '2026-01-01 09:00:00.000000')"
        )
        conn.execute(
            "INSERT INTO coaching_sessions (id, client_id, start, duration_minutes, medium,"
            " location, status, agenda, private_notes, recorded, created_at, updated_at)"
            " VALUES (3, 7, '2026-02-01 09:00:00.000000', 60, 'video', '', 'held', 'goals', '',"
            " 0, '2026-01-01 09:00:00.000000', '2026-01-01 09:00:00.000000')"
        )
    assert inspect_file(app_paths.database).state is FileState.OLDER

    db = open_database(app_paths.database, app_paths.backup_dir)
    with db.read() as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            head_revision()
        )
        assert conn.execute("SELECT name, private_notes FROM clients").fetchall() == [
            ("Dan", "notes")
        ]
        assert conn.execute(
            "SELECT agenda, reschedule_confirmed_at FROM coaching_sessions"
        ).fetchall() == [("goals", None)]
    db.close()
    (backup,) = app_paths.backup_dir.glob("coachdesk-before-migration-from-0001-*.sqlite3")
    with dbapi.connect(backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert conn.execute("SELECT name FROM clients").fetchall() == [("Dan",)]


def test_a_coachdesk_file_without_its_schema_record_is_called_damaged(app_paths):
    open_database(app_paths.database).close()
    with dbapi.connect(app_paths.database) as conn:
        conn.execute("DELETE FROM alembic_version")
    with pytest.raises(StorageError) as caught:
        open_database(app_paths.database)
    assert caught.value.problem is Problem.CORRUPT


def test_a_failed_backup_leaves_no_file_that_looks_like_a_backup(app_paths, monkeypatch):
    open_database(app_paths.database).close()

    class FullDisk(dbapi.Connection):
        def backup(self, *args, **kwargs):
            raise dbapi.OperationalError("database or disk is full")

    real_connect = dbapi.connect
    monkeypatch.setattr(dbapi, "connect", lambda *a, **k: real_connect(*a, factory=FullDisk, **k))
    with pytest.raises(StorageError, match="is full"):
        make_backup(app_paths.database, app_paths.backup_dir)
    assert list(app_paths.backup_dir.iterdir()) == []
    monkeypatch.undo()
    made = make_backup(app_paths.database, app_paths.backup_dir)
    assert [p.name for p in app_paths.backup_dir.iterdir()] == [made.path.name]
    assert inspect_file(made.path).state is FileState.CURRENT


def test_a_moved_session_of_an_older_file_keeps_its_move_as_the_first_of_its_history(app_paths):
    make_database_at(app_paths.database, "0004")
    with dbapi.connect(app_paths.database) as conn:
        conn.execute(
            "INSERT INTO clients (id, name, preferred_name, pronouns, email, phone, organisation,"
            " role, status, private_notes, usual_location, created_at, updated_at)"
            " VALUES (7, 'Dan', '', '', '', '', '', '', 'active', '', '',"
            " '2026-01-01 09:00:00.000000', '2026-01-01 09:00:00.000000')"
        )
        conn.executemany(
            "INSERT INTO coaching_sessions (id, client_id, start, duration_minutes, medium,"
            " location, status, original_start, agenda, private_notes, recorded,"
            " reschedule_confirmed_at, created_at, updated_at)"
            " VALUES (?, 7, ?, 60, 'video', '', 'planned', ?, '', '', 0, ?,"
            " '2026-01-01 09:00:00.000000', ?)",
            [
                (
                    3,
                    "2026-02-03 10:00:00.000000",
                    "2026-02-01 09:00:00.000000",
                    "2026-01-21 08:00:00.000000",
                    "2026-01-20 12:00:00.000000",
                ),
                (4, "2026-02-08 10:00:00.000000", None, None, "2026-01-02 09:00:00.000000"),
            ],
        )
        conn.execute(
            "INSERT INTO guests (id, session_id, name, role, created_at, updated_at)"
            " VALUES (12, 3, 'Eve', 'sponsor', '2026-01-01 09:00:00.000000',"
            " '2026-01-01 09:00:00.000000')"
        )
        conn.execute("DELETE FROM guests")  # the highest id ever handed out stays 12

    db = open_database(app_paths.database, app_paths.backup_dir)
    from coachdesk.domain.vocab import GuestSource
    from coachdesk.storage.sessions import add_guest, get_session

    moved = get_session(db, 3)
    assert [(m.from_start, m.to_start, m.moved_at, m.confirmed_at) for m in moved.moves] == [
        (
            datetime(2026, 2, 1, 9, tzinfo=UTC),
            datetime(2026, 2, 3, 10, tzinfo=UTC),
            datetime(2026, 1, 20, 12, tzinfo=UTC),
            datetime(2026, 1, 21, 8, tzinfo=UTC),
        )
    ]
    assert moved.original_start == datetime(2026, 2, 1, 9, tzinfo=UTC)
    assert moved.recording_consent_at is None
    assert get_session(db, 4).moves == ()
    guest_id = add_guest(db, 3, "Eve")
    assert guest_id > 12
    assert get_session(db, 3).guests[0].brought_by is GuestSource.COACH
    with db.read() as conn:
        assert conn.execute("SELECT language FROM matters").fetchall() == []
        assert conn.execute("SELECT print_private_notes FROM clients").fetchall() == [(0,)]
    db.close()


def test_a_migration_that_fails_removes_the_safety_copy_made_for_it(app_paths, monkeypatch):
    """The data file is as it was, so the copy holds nothing it does not: left, each retry
    on a nearly full disk added another (43 copies after 50 failed migrations)."""
    from alembic import command

    make_database_at(app_paths.database, "0001")
    before = digest(app_paths.database)

    def disk_full(config, revision):
        raise StorageError(Problem.DISK_FULL, "full")

    monkeypatch.setattr(command, "upgrade", disk_full)
    for _attempt in range(3):
        with pytest.raises(StorageError):
            open_database(app_paths.database, app_paths.backup_dir)
    assert list(app_paths.backup_dir.iterdir()) == []
    assert digest(app_paths.database) == before


def test_a_killed_migration_tried_again_keeps_one_safety_copy(app_paths, monkeypatch):
    """A migration killed after its copy was made leaves the copy; the next attempt copies
    the same, unchanged file and the older, identical copy goes."""
    make_database_at(app_paths.database, "0001")
    killed = []

    def killed_half_way(engine, path):
        killed.append(path)
        raise KeyboardInterrupt  # stands for the kill: no cleanup code of ours runs after it

    monkeypatch.setattr(database, "_migrate", killed_half_way)
    monkeypatch.setattr(database, "_still_at", lambda path, revision: False)  # as if killed
    for _attempt in range(3):
        with pytest.raises(KeyboardInterrupt):
            open_database(app_paths.database, app_paths.backup_dir)
    assert len(list(app_paths.backup_dir.glob("coachdesk-before-migration-*"))) == 1
    monkeypatch.undo()
    open_database(app_paths.database, app_paths.backup_dir).close()
    (copy,) = app_paths.backup_dir.glob("coachdesk-before-migration-from-0001-*.sqlite3")
    assert inspect_file(copy).revision == "0001"


def test_an_older_file_opens_when_the_chosen_backup_folder_is_not_there(app_paths, tmp_path):
    """The copy made before the migration goes in the data folder's own backup folder: the
    data must open (Backup settings are in the window), and no folder is made afresh in
    the place of the missing one."""
    make_database_at(app_paths.database, "0001")
    unplugged = tmp_path / "media" / "usb" / "CoachDesk"
    open_database(app_paths.database, unplugged).close()
    assert inspect_file(app_paths.database).state is FileState.CURRENT
    assert len(list(app_paths.backup_dir.glob("coachdesk-before-migration-from-0001-*"))) == 1
    assert not (tmp_path / "media").exists()


def _only_connection_can_leave_wal(path: Path) -> bool:
    """Whether a new connection can switch the file out of WAL mode: SQLite allows it
    only to the one connection open on the file."""
    connection = dbapi.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA busy_timeout = 0")
        mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except dbapi.OperationalError:
        return False
    finally:
        connection.close()
    return mode == "delete"


def test_kept_read_connections_see_every_commit_and_close_with_the_database(tmp_path):
    from coachdesk.domain.clients import ClientData
    from coachdesk.storage.clients import create_client

    db = open_database(tmp_path / "c.sqlite3", tmp_path / "backups")
    with db.read() as first:
        assert first.execute("SELECT count(*) FROM clients").fetchone() == (0,)
    create_client(db, ClientData(name="Ada Lovelace"))
    with db.read() as again:
        assert again is first  # kept, with its page cache
        assert again.execute("SELECT count(*) FROM clients").fetchone() == (1,)
    assert not _only_connection_can_leave_wal(db.path)  # the kept one is still open
    db.close()
    assert _only_connection_can_leave_wal(db.path)


def test_a_read_that_failed_does_not_hand_its_connection_out_again(tmp_path):
    db = open_database(tmp_path / "c.sqlite3", tmp_path / "backups")
    try:
        with pytest.raises(dbapi.OperationalError), db.read() as failed:
            failed.execute("SELECT * FROM no_such_table")
        with db.read() as next_one:
            assert next_one is not failed
    finally:
        db.close()
