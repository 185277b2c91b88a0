"""``open_read_only``: a data file read where nothing may be written (a read-only medium)."""

from __future__ import annotations

from contextlib import closing

import pytest

from coachdesk.demo import generate_demo
from coachdesk.storage.client_list import count_clients
from coachdesk.storage.database import open_database, open_read_only
from coachdesk.storage.driver import dbapi
from coachdesk.storage.errors import Problem, StorageError


@pytest.fixture
def practice(tmp_path):
    path = tmp_path / "coachdesk.sqlite3"
    db = open_database(path, tmp_path / "backups")
    generate_demo(db, "demo")
    db.close()
    return path


def test_reads_work_and_writes_are_refused(practice):
    from sqlalchemy import text

    before = practice.read_bytes()
    db = open_read_only(practice)
    try:
        assert count_clients(db) == 12
        with pytest.raises(StorageError) as refused, db.session() as session:
            session.execute(text("DELETE FROM clients"))
    finally:
        db.close()
    assert refused.value.problem is Problem.READ_ONLY
    assert practice.read_bytes() == before


def test_a_file_that_is_not_coachdesks_is_refused(tmp_path):
    other = tmp_path / "other.sqlite3"
    with closing(dbapi.connect(other)) as connection:
        connection.execute("CREATE TABLE t (x)")
    with pytest.raises(StorageError) as refused:
        open_read_only(other)
    assert refused.value.problem is Problem.NOT_COACHDESK


def test_an_older_file_is_refused_with_the_reason(practice):
    with closing(dbapi.connect(practice)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
        connection.commit()
    with pytest.raises(StorageError, match="older CoachDesk and its folder cannot be written"):
        open_read_only(practice)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(StorageError, match="There is no data file at"):
        open_read_only(tmp_path / "coachdesk.sqlite3")
