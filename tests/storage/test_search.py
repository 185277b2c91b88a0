"""The search index in the data file: every kind of record found as a person would type
it, and the index exact, by a fresh rebuild's measure, after every kind of write."""

from __future__ import annotations

import random
import shutil
from contextlib import closing
from datetime import UTC, date, datetime

import pytest

from coachdesk.domain.clients import ClientData
from coachdesk.domain.vocab import SessionStatus
from coachdesk.storage import search
from coachdesk.storage.backups import restore as restore_backup
from coachdesk.storage.backups.health import check_database
from coachdesk.storage.clients import create_client, delete_client, update_client
from coachdesk.storage.connections import open_sqlite
from coachdesk.storage.database import open_database
from coachdesk.storage.erasure import erase_client
from coachdesk.storage.matters import delete_matter
from coachdesk.storage.models import (
    Breach,
    Client,
    CoachingSession,
    Feedback,
    Guest,
    Matter,
    Promise,
)
from coachdesk.storage.sessions import delete_session, set_session_status
from coachdesk.storage.undo import restore
from tests.storage.rich_client import add_rich_client, link_other_client_to

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def found(db, query: str) -> dict[search.Kind, list[int]]:
    with db.read() as connection:
        results = search.search(connection, query, per_kind=50)
    return {group.kind: [hit.record_id for hit in group.hits] for group in results.groups}


def exact(db) -> bool:
    with db.read() as connection:
        return search.differences(connection) == 0


def practice_of_one(db, **client: str) -> int:
    with db.session() as session:
        person = Client(name=client.pop("name", "Amélie Sørensen"), **client)
        session.add(person)
        session.flush()
        return person.id


def test_every_kind_of_record_is_found_by_a_word_of_its_own(db):
    ids = add_rich_client(db, "Zebulon Quartermaine", "zeb@example.com", "ZQMARK")
    kinds = found(db, "zqmark")
    assert set(kinds) == set(search.SHOWN)
    assert kinds[search.Kind.CLIENT] == [ids.client]
    assert sorted(kinds[search.Kind.SESSION]) == sorted(ids.rows["coaching_sessions"])
    assert found(db, "Maria Lopez")[search.Kind.SESSION]  # a guest's name finds the session
    assert exact(db)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("amelie", "Amélie Sørensen"),
        ("AMELIE", "Amélie Sørensen"),
        ("sorensen", "Amélie Sørensen"),
        ("ＳＯＲＥＮＳＥＮ", "Amélie Sørensen"),
        ("jose", "María José Fernández"),
        ("maría fernandez", "María José Fernández"),
        ("lukasz", "Łukasz Wiśniewski"),
        ("wisn", "Łukasz Wiśniewski"),
        ("straße", "Ines Strasse"),
        ("董事", "王董事长"),
    ],
)
def test_case_accents_and_width_are_folded(db, typed, kept):
    client_id = practice_of_one(db, name=kept)
    assert found(db, typed) == {search.Kind.CLIENT: [client_id]}


def test_a_word_is_found_as_it_is_typed_and_in_its_other_forms(db):
    client_id = practice_of_one(db)
    with db.session() as session:
        session.add(
            Matter(
                client_id=client_id,
                statement="Ask me before you record anything",
                captured_on=date(2026, 1, 5),
            )
        )
        session.add(
            Matter(
                client_id=client_id,
                statement="Las facturas por correo, por favor",
                language="es",
                captured_on=date(2026, 1, 5),
            )
        )
    for typed in ("re", "rec", "recor", "record", "recording", "recorded", "Record"):
        assert search.Kind.MATTER in found(db, typed), typed
    assert search.Kind.MATTER in found(db, "factura")  # the Spanish stem, not a prefix
    assert found(db, "cord") == {}  # a word's middle is not its start
    assert found(db, "records anything")
    assert found(db, "records nothing") == {}  # every word is required


def test_quoted_phrases_match_their_words_in_a_row(db):
    client_id = practice_of_one(db)
    with db.session() as session:
        session.add(
            Matter(
                client_id=client_id,
                statement="Let me know ahead of time if someone else will join",
                captured_on=date(2026, 1, 5),
            )
        )
    assert found(db, '"ahead of time"')
    assert found(db, '"Ahead Of Time"')
    assert found(db, '"time of ahead"') == {}
    assert found(db, '"ahead of ti') != {}  # still typing: the last word is a prefix
    assert found(db, '"ahead of ti"') == {}  # closed: the words as written
    assert found(db, '"someone else" join')


def test_results_come_grouped_the_clients_own_words_first_with_snippets(db):
    add_rich_client(db, "Zebulon Quartermaine", "zeb@example.com", "ZQMARK")
    with db.read() as connection:
        results = search.search(connection, "zqmark")
    order = [group.kind for group in results.groups]
    assert order == sorted(order, key=lambda kind: kind.value)
    assert order[0] is search.Kind.MATTER
    for hit in results.hits:
        assert hit.client_name == "Zebulon Quartermaine"
        assert hit.snippet is not None
        start, end = hit.snippet.spans[0]
        assert hit.snippet.text[start:end].casefold() == "zqmark"


def test_a_long_text_is_quoted_around_its_match(db):
    client_id = practice_of_one(db)
    notes = "filler words here " * 30 + "the board meeting went badly " + "more words " * 30
    with db.session() as session:
        session.add(CoachingSession(client_id=client_id, start=NOW, private_notes=notes))
    with db.read() as connection:
        (hit,) = search.search(connection, "board").hits
    assert hit.snippet is not None
    assert hit.snippet.text.startswith("…") and hit.snippet.text.endswith("…")
    assert len(hit.snippet.text) < 140
    start, end = hit.snippet.spans[0]
    assert hit.snippet.text[start:end] == "board"


def test_more_than_a_kinds_share_is_said_not_listed(db):
    client_id = practice_of_one(db)
    with db.session() as session:
        for day in range(8):
            session.add(
                Promise(
                    client_id=client_id, text=f"Send the article {day}", due_on=date(2026, 1, 1)
                )
            )
    with db.read() as connection:
        (group,) = search.search(connection, "article", per_kind=5).groups
    assert len(group.hits) == 5 and group.more
    assert [hit.record_id for hit in group.hits] == sorted(
        (hit.record_id for hit in group.hits), reverse=True
    )  # newest first


@pytest.mark.parametrize("query", ["", "   ", "—", '"', "* OR NOT", 'AND "', "NEAR(a b)"])
def test_a_query_of_no_words_or_of_fts_syntax_is_no_error(db, query):
    practice_of_one(db, name="Not Near Anders")
    results = found(db, query)
    assert results in ({}, {search.Kind.CLIENT: [1]})


def test_erasing_a_client_leaves_nothing_of_them_in_the_index(db):
    zeb = add_rich_client(db, "Zebulon Quartermaine", "zeb@example.com", "ZQMARK")
    ana = add_rich_client(db, "Ana Li", "ana@example.com", "ANAMARK")
    link_other_client_to(db, ana, zeb)
    erase_client(db, zeb.client)
    assert found(db, "zqmark") == {}
    assert found(db, "zebulon") == {}
    assert search.Kind.MATTER in found(db, "anamark")
    with db.read() as connection:
        connection.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, search_index, row)"
        )
        terms = {row[0] for row in connection.execute("SELECT term FROM temp.vocab")}
    assert not {"zqmark", "zebulon", "quartermaine"} & terms
    assert exact(db)


# --- the index exact after any sequence of writes ---------------------------------------------

WORDS = ["board", "Amélie", "recording", "Sørensen", "budget", "délégation", "sponsor", "董事会"]


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 4)))


def _some(session, model, rng: random.Random):
    rows = session.query(model).all()
    return rng.choice(rows) if rows else None


def _write(db, rng: random.Random, undo: list) -> None:
    """One random write, of the kinds the app makes (ORM, bulk, undo, cascades)."""
    step = rng.randrange(12)
    if step == 0 or (not undo and step > 8):
        undo.append(("client", create_client(db, ClientData(name=_text(rng) or "Nameless"))))
        return
    with db.session() as session:
        client = _some(session, Client, rng)
        if client is None:
            return
        visit = _some(session, CoachingSession, rng)
        item = _some(session, Matter, rng)
        if step == 1:
            session.add(CoachingSession(client_id=client.id, start=NOW, agenda=_text(rng)))
        elif step == 2 and visit is not None:
            session.add(Guest(session_id=visit.id, name=_text(rng) or "Guest", role=_text(rng)))
        elif step == 3:
            session.add(Matter(client_id=client.id, statement=_text(rng) or "x", captured_on=NOW))
        elif step == 4 and item is not None:
            session.add(Breach(matter_id=item.id, occurred_on=NOW, how_it_landed=_text(rng)))
            item.language = rng.choice(["", "en", "de", "fr", "es"])
        elif step == 5:
            session.add(Promise(client_id=client.id, text=_text(rng) or "y"))
        elif step == 6 and visit is not None and visit.id not in _with_feedback(session):
            session.add(Feedback(session_id=visit.id, comment=_text(rng)))
        elif step == 7 and visit is not None:
            visit.private_notes, visit.location = _text(rng), _text(rng)
            for guest in visit.guests[:1]:
                guest.name = _text(rng) or "Renamed"
        elif step == 8:
            client.organisation = _text(rng)
    if step == 9:
        _delete_something(db, rng, undo)
    elif step == 10 and undo:
        kind, value = undo.pop(rng.randrange(len(undo)))
        if kind == "deleted":
            restore(db, value)
    elif step == 11:
        with db.read() as connection:
            ids = [row[0] for row in connection.execute("SELECT id FROM coaching_sessions")]
        if ids:
            set_session_status(db, rng.choice(ids), SessionStatus.HELD)


def _with_feedback(session) -> set[int]:
    return {row.session_id for row in session.query(Feedback).all()}


def _delete_something(db, rng: random.Random, undo: list) -> None:
    with db.read() as connection:
        clients = [row[0] for row in connection.execute("SELECT id FROM clients")]
        sessions = [row[0] for row in connection.execute("SELECT id FROM coaching_sessions")]
        items = [row[0] for row in connection.execute("SELECT id FROM matters")]
    choice = rng.randrange(4)
    if choice == 0 and clients:
        undo.append(("deleted", delete_client(db, rng.choice(clients))))
    elif choice == 1 and sessions:
        undo.append(("deleted", delete_session(db, rng.choice(sessions))))
    elif choice == 2 and items:
        undo.append(("deleted", delete_matter(db, rng.choice(items))))
    elif choice == 3 and len(clients) > 1:
        erase_client(db, rng.choice(clients))
        undo.clear()  # an undo of a delete could point at what was erased


@pytest.mark.parametrize("seed", range(6))
def test_the_index_equals_a_fresh_rebuild_after_random_writes(db, seed):
    rng = random.Random(seed)
    undo: list = []
    for _ in range(60):
        _write(db, rng, undo)
    assert exact(db)
    kept = every_word_indexed(db)
    with db.session() as session:
        search.rebuild(session.connection().connection.dbapi_connection)
    assert every_word_indexed(db) == kept  # word for word, where it stands in each record


def every_word_indexed(db) -> list[tuple]:
    """Every word of the index with the row, column and place it is kept at."""
    with db.read() as connection:
        connection.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.instances"
            " USING fts5vocab(main, search_index, instance)"
        )
        return connection.execute(
            "SELECT term, doc, col, offset FROM temp.instances ORDER BY 1, 2, 3, 4"
        ).fetchall()


def test_the_index_is_exact_after_an_import_and_a_restore(db, app_paths, tmp_path):
    from coachdesk.storage.backups import BackupKind, make_backup
    from coachdesk.storage.portable_json import import_file, write_export

    add_rich_client(db, "Zebulon Quartermaine", "zeb@example.com", "ZQMARK")
    exported = tmp_path / "practice.json"
    write_export(db, exported)
    (tmp_path / "backups").mkdir()
    backup = make_backup(db.path, tmp_path / "backups", BackupKind.ROUTINE).path
    update_client(db, 1, ClientData(name="Renamed Person"))
    other = open_database(tmp_path / "other.sqlite3")
    try:
        import_file(other, exported)
        assert exact(other)
        assert search.Kind.MATTER in found(other, "zqmark")
    finally:
        other.close()
    db.close()
    restore_backup(backup, db.path, tmp_path / "backups")
    reopened = open_database(db.path)
    try:
        assert exact(reopened)
        assert found(reopened, "renamed") == {}
        assert search.Kind.CLIENT in found(reopened, "zebulon")
    finally:
        reopened.close()


def test_an_older_file_gets_its_index_from_the_migration(db, tmp_path):
    add_rich_client(db, "Zebulon Quartermaine", "zeb@example.com", "ZQMARK")
    db.close()
    older = tmp_path / "older.sqlite3"
    shutil.copyfile(db.path, older)
    with closing(open_sqlite(older)) as connection:  # as the file was before 0007
        search.drop(connection)
        assert not [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master")
            if search.is_index_table(name) or name in search.TRIGGERS
        ]
        connection.execute("DROP INDEX ix_matters_notice")
        for table, column in (
            ("matters", "notice"),
            ("clients", "time_zone"),
            ("coaching_sessions", "clocks_confirmed_at"),
        ):  # 0008's columns
            connection.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        connection.execute("UPDATE alembic_version SET version_num = '0006'")
    migrated = open_database(older, tmp_path / "backups")
    try:
        assert exact(migrated)
        assert set(found(migrated, "zqmark")) == set(search.SHOWN)
    finally:
        migrated.close()


def test_the_check_finds_an_index_out_of_step_and_the_repair_rights_it(db):
    add_rich_client(db, "Zebulon Quartermaine", "zeb@example.com", "ZQMARK")
    with db.session() as session:
        raw = session.connection().connection.dbapi_connection
        raw.execute(
            "DELETE FROM search_index WHERE rowid IN (SELECT rowid FROM search_index LIMIT 2)"
        )
    db.close()
    report = check_database(db.path)
    assert not report.healthy
    assert "search index is out of step" in report.describe()
    assert "--repair-index" in report.describe()
    reopened = open_database(db.path)
    try:
        outcome = search.repair(reopened)
        assert outcome.were_off == 2
        assert exact(reopened)
    finally:
        reopened.close()
    assert check_database(db.path).healthy


def test_a_missing_trigger_is_found_by_the_check(db):
    with db.session() as session:
        session.connection().exec_driver_sql("DROP TRIGGER search_index_clients_insert")
    db.close()
    assert "not kept in step" in check_database(db.path).describe()
    reopened = open_database(db.path)
    try:
        assert search.repair(reopened).were_off is None
    finally:
        reopened.close()
    assert check_database(db.path).healthy


def test_searching_writes_nothing_and_logs_nothing(db, caplog):
    practice_of_one(db, name="Secretive Person")
    before = db.path.stat().st_mtime_ns
    with caplog.at_level("DEBUG"):
        assert found(db, "secretive")
    assert "secretive" not in caplog.text.casefold()
    assert db.path.stat().st_mtime_ns == before


def test_a_long_prefix_read_as_the_words_it_begins_finds_what_the_prefix_finds(db):
    client_id = practice_of_one(db)
    with db.session() as session:
        for number, word in enumerate(["boardroom", "boards", "board", "boarding", "boar"]):
            session.add(Promise(client_id=client_id, text=f"{word} {number}"))
        for number in range(search.NAMED_AT_MOST + 2):  # more words than are named
            session.add(Promise(client_id=client_id, text=f"recordable{number:02}"))
    with db.read() as connection:
        for typed in ("boar", "board", "boardr", "recordab", "recordable0"):
            named = search.search(connection, typed, per_kind=50)
            as_prefix = _searched_as_prefix(connection, typed)
            assert [hit.record_id for hit in named.hits] == as_prefix, typed


def _searched_as_prefix(connection, typed: str) -> list[int]:
    from coachdesk.domain.search import fts_query, parse_query

    match = fts_query(parse_query(typed))  # no vocabulary: read as a prefix
    kind = search.Kind.PROMISE
    rows = connection.execute(
        "SELECT rowid FROM search_index WHERE search_index MATCH ? AND rowid BETWEEN ? AND ?"
        " ORDER BY rowid",
        (match, *kind.rowids),
    )
    return [kind.record_id(row[0]) for row in rows]


def test_an_index_of_another_form_is_reported_and_written_afresh_not_a_traceback(db):
    add_rich_client(db, "Zebulon Quartermaine", "zeb@example.com", "ZQMARK")
    with db.session() as session:
        raw = session.connection().connection.dbapi_connection
        search.drop(raw)
        raw.execute("CREATE VIRTUAL TABLE search_index USING fts5(words, stems)")
        search.install(raw)  # this version's triggers over the other table would fail
    db.close()
    assert "of another form" in check_database(db.path).describe()
    reopened = open_database(db.path)
    try:
        assert search.repair(reopened).were_off is None
        assert exact(reopened)
        assert search.Kind.MATTER in found(reopened, "zqmark")
    finally:
        reopened.close()
    assert check_database(db.path).healthy
