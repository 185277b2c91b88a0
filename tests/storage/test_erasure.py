"""Erasing a client: no row of theirs is left anywhere (every table is scanned), other
clients are untouched but for links to the erased records, and the freed space in the file
holds none of their words."""

from __future__ import annotations

from datetime import date

import pytest

from coachdesk.domain.clients import ClientData
from coachdesk.domain.erasure import backup_note, backups_gone_by, what_goes
from coachdesk.storage.client_records import NOT_CLIENT_DATA, OWNED, owned_rows
from coachdesk.storage.clients import ClientNotFound, create_client, delete_client
from coachdesk.storage.driver import dbapi
from coachdesk.storage.erasure import erase_client, erasure_summary
from coachdesk.storage.models import CoachingSession, Guest
from coachdesk.storage.search import is_index_table
from tests.storage.rich_client import add_rich_client, link_other_client_to

ZEB = ("Zebulon Quartermaine", "zeb@quartermaine.example", "ZQMARK")
ANA = ("Ana Li", "ana@li.example", "ANAMARK")


def tables(conn: dbapi.Connection) -> list[str]:
    return [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")
    ]


def every_row(db) -> dict[str, list[dict]]:
    with dbapi.connect(db.path) as conn:
        conn.row_factory = dbapi.Row
        return {
            table: [dict(row) for row in conn.execute(f'SELECT * FROM "{table}"')]
            for table in tables(conn)
        }


def references(db) -> dict[tuple[str, str], str]:
    """(table, column) -> the table it refers to, for every foreign key in the file."""
    found = {}
    with dbapi.connect(db.path) as conn:
        for table in tables(conn):
            for key in conn.execute(f'PRAGMA foreign_key_list("{table}")'):
                found[(table, key[3])] = key[2]
    return found


@pytest.fixture
def two_clients(db):
    zeb = add_rich_client(db, *ZEB)
    ana = add_rich_client(db, *ANA)
    link_other_client_to(db, ana, zeb)
    return zeb, ana


def test_every_table_is_a_client_table_or_holds_no_client_data(db):
    """Or is the search index's, whose rows go with the records they come from."""
    with dbapi.connect(db.path) as conn:
        records = {table for table in tables(conn) if not is_index_table(table)}
        assert records == {table for table, _where in OWNED} | NOT_CLIENT_DATA


def test_erasing_leaves_no_row_of_the_client_in_any_table(db, two_clients):
    zeb, ana = two_clients
    with db.read() as conn:
        ana_before = owned_rows(conn, ana.client)
    report = erase_client(db, zeb.client)
    assert report.name == ZEB[0]
    assert report.counts == {
        table: len(zeb.rows[table]) if table != "matter_triggers" else 2
        for table, _where in OWNED
        if table != "clients"
    }

    erased = {table: set(ids) for table, ids in zeb.rows.items()}
    links = references(db)
    rows = every_row(db)
    assert set(rows) >= {"clients", "coaching_sessions", "pulse_answers"}  # really scanned
    for table, table_rows in rows.items():
        for row in table_rows:
            if row.get("id") is not None and table in erased:
                assert row["id"] not in erased[table], (table, row)
            for column, value in row.items():
                target = links.get((table, column))
                if target is not None:
                    assert value not in erased.get(target, set()), (table, column, row)
                if isinstance(value, str):
                    for text in ZEB:
                        assert text.casefold() not in value.casefold(), (table, column)

    # Ana's records are as they were, but for the three links to Zeb's erased records.
    with db.read() as conn:
        ana_after = owned_rows(conn, ana.client)
    assert ana_after["breaches"][0]["session_id"] is None
    assert ana_after["breaches"][0]["commitment_id"] is None
    assert ana_after["matters"][0]["source_session_id"] is None
    assert ana_after["commitments"][0]["session_id"] is None
    for table in ana_before:
        for before, after in zip(ana_before[table], ana_after[table], strict=True):
            changed = {k for k in before if before[k] != after[k]}
            assert changed <= {"session_id", "commitment_id", "source_session_id", "updated_at"}
        assert len(ana_before[table]) == len(ana_after[table])


def test_the_summary_names_what_will_go_and_the_mentions_that_stay(db, two_clients):
    zeb, ana = two_clients
    with db.session() as session:
        guest = Guest(session_id=ana.rows["coaching_sessions"][1], name="zebulon quartermaine")
        session.add(guest)
        session.get(
            CoachingSession, ana.rows["coaching_sessions"][0]
        ).agenda = "Ask zeb@quartermaine.example about the board"
    summary = erasure_summary(db, zeb.client)
    assert summary.name == ZEB[0]
    assert summary.counts["coaching_sessions"] == 2
    assert summary.counts["pulse_answers"] == 2
    assert "clients" not in summary.counts
    assert summary.lines() == [
        "Zebulon Quartermaine's details (name, contact details, status, private notes)",
        "2 sessions with their agendas and notes, and 2 guests",
        "2 things that matter to them (1 of them retired), in their words",
        "1 time the coach fell short, with how it was repaired",
        "2 promises (made by the coach or by them)",
        "1 feedback record (their scores and comments, and the coach's predictions)",
    ]
    assert sorted(m.describe() for m in summary.mentions) == [
        "Ana Li's records: a session (agenda)",
        "Ana Li's records: a session's guest (name)",
    ]
    assert {m.owner_id for m in summary.mentions} == {ana.client}

    erase_client(db, zeb.client)
    with dbapi.connect(db.path) as conn:  # other clients' rows are theirs: left as they are
        assert conn.execute("SELECT count(*) FROM guests WHERE id = ?", (guest.id,)).fetchone()
        assert conn.execute("SELECT count(*) FROM clients").fetchone() == (1,)
    assert erasure_summary(db, ana.client).mentions == ()


def test_an_unknown_client_is_reported_and_nothing_changes(db, two_clients):
    before = every_row(db)
    with pytest.raises(ClientNotFound):
        erase_client(db, 999)
    with pytest.raises(ClientNotFound):
        erasure_summary(db, 999)
    assert every_row(db) == before


def test_the_erased_words_are_overwritten_in_the_file_not_just_unlinked(db):
    """SQLite builds differ: Debian's zeroes freed space by default, python.org's and
    macOS's do not.  CoachDesk's connections turn it on, whatever the build."""
    with db.read() as connection:
        assert connection.execute("PRAGMA secure_delete").fetchone()[0] == 1
    create_client(db, ClientData(name="Someone Else", private_notes="x" * 3000))
    kept = create_client(db, ClientData(name="Deleted Person", private_notes="DELETEDMARK " * 40))
    erased = create_client(db, ClientData(name="Erased Person", private_notes="ERASEDMARK " * 40))

    def file_bytes() -> bytes:
        with dbapi.connect(db.path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return b"".join(path.read_bytes() for path in db.path.parent.glob("coachdesk.sqlite3*"))

    delete_client(db, kept)  # an ordinary delete: undoable from what the window holds
    report = erase_client(db, erased)
    assert report.wal_truncated
    assert b"ERASEDMARK" not in file_bytes()
    assert b"Erased Person" not in file_bytes()
    assert b"erasedmark" not in file_bytes()  # the search index's folded words
    assert b"erased person" not in file_bytes()


# --- the rules ---------------------------------------------------------------------------------


def test_backups_hold_an_erased_client_for_about_13_months_with_daily_use():
    for day in (date(2026, 11, 26), date(2026, 12, 1), date(2027, 1, 31), date(2027, 6, 15)):
        gone = backups_gone_by(day)
        assert 350 <= (gone - day).days <= 31 * 14, day
        assert backups_gone_by(day, every_days=7) > gone  # used less often: kept longer


def test_the_confirmation_counts_in_words():
    assert what_goes("Ana", {"coaching_sessions": 1, "matters": 0, "commitments": 3}) == [
        "Ana's details (name, contact details, status, private notes)",
        "1 session with its agenda and notes",
        "3 promises (made by the coach or by them)",
    ]


def test_the_backup_note_says_which_backups_still_hold_the_client():
    assert "no backups yet" in backup_note("Ana", 0, 0, "never")
    note = backup_note("Ana", 3, 1, "13 December 2027")
    assert note.startswith("The 4 existing backups still hold Ana's records")
    assert "the last one holding Ana is gone by about 13 December 2027" in note
    assert note.endswith(
        "1 copy made before an update or a restore is kept at least 30 days, and until 3 "
        "newer copies of its kind are made (the newest 3 of each kind are always kept): to "
        "be sure Ana is gone from it, delete it from the backup folder by hand."
    )
    assert "until deleted by hand" not in note  # they are thinned now
    two = backup_note("Ana", 0, 2, "x")
    assert "Automatic backups" not in two
    assert "2 copies made before an update or a restore are kept at least 30 days" in two
