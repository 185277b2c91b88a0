"""Client records through the storage API (no Qt)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from coachdesk.domain.clients import ClientData, ValidationError
from coachdesk.domain.vocab import ClientStatus, PromiseOwner, SessionStatus, Trigger
from coachdesk.storage.client_list import count_clients, list_clients
from coachdesk.storage.clients import (
    ClientNotFound,
    client_contents,
    create_client,
    delete_client,
    get_client,
    set_client_status,
    update_client,
)
from coachdesk.storage.models import (
    Base,
    Breach,
    CoachingSession,
    Feedback,
    FeedbackAnswer,
    Guest,
    Matter,
    MatterTrigger,
    Promise,
)
from coachdesk.storage.search import is_shadow_table
from coachdesk.storage.undo import restore

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def add_history(db, client_id: int) -> None:
    """A session in the past (held, with a guest, a matter, a breach, a promise, feedback)."""
    with db.session() as session:
        held = CoachingSession(
            client_id=client_id, start=NOW - timedelta(days=7), status=SessionStatus.HELD
        )
        session.add(held)
        session.add(CoachingSession(client_id=client_id, start=NOW + timedelta(days=2)))
        session.add(
            CoachingSession(
                client_id=client_id,
                start=NOW + timedelta(days=1),
                status=SessionStatus.CANCELLED,
            )
        )
        session.flush()
        session.add(Guest(session_id=held.id, name="Maria Lopez", role="BUILT TO LEAD"))
        matter = Matter(
            client_id=client_id,
            statement="Let me know ahead of time if someone else will join",
            captured_on=date(2026, 10, 1),
            source_session_id=held.id,
        )
        session.add(matter)
        session.flush()
        session.add(MatterTrigger(matter_id=matter.id, trigger=Trigger.GUESTS))
        session.add(Breach(matter_id=matter.id, session_id=held.id, occurred_on=date(2026, 11, 19)))
        session.add(Promise(client_id=client_id, owner=PromiseOwner.COACH, text="Send notes"))
        check = Feedback(session_id=held.id, comment="Felt heard")
        session.add(check)
        session.flush()
        session.add(
            FeedbackAnswer(pulse_check_id=check.id, question="I felt understood", reported=4)
        )


def dump(db) -> dict[str, list[tuple]]:
    """Every row of every table, in id order: a delete + undo must give back exactly this."""
    with db.read() as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: sorted(conn.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
            for name in tables
            if not is_shadow_table(name)
        }


def table_counts(db) -> dict[str, int]:
    with db.session() as session:
        return {
            name: session.scalar(select(func.count()).select_from(table))
            for name, table in Base.metadata.tables.items()
        }


def test_create_and_read_back(db):
    data = ClientData(
        name="  Dan Okafor ",
        preferred_name="Dan",
        email="dan@example.com",
        phone="+44 20 7946 0958",
        organisation="Northwind",
        status=ClientStatus.PROSPECT,
        started_on=date(2026, 1, 5),
        private_notes="Sponsor is the COO.",
    )
    client_id = create_client(db, data)
    assert get_client(db, client_id) == data.normalised()
    assert count_clients(db) == 1


def test_invalid_data_never_reaches_the_database(db):
    with pytest.raises(ValidationError, match="needs a name"):
        create_client(db, ClientData(name="   "))
    with pytest.raises(ValidationError, match="email"):
        create_client(db, ClientData(name="Ada", email="ada@"))
    assert count_clients(db) == 0
    client_id = create_client(db, ClientData(name="Ada"))
    with pytest.raises(ValidationError):
        update_client(db, client_id, ClientData(name="Ada", phone="call me"))
    assert get_client(db, client_id).phone == ""


def test_update_and_status_change(db):
    client_id = create_client(db, ClientData(name="Ada"))
    update_client(db, client_id, ClientData(name="Ada Lovelace", organisation="Analytical"))
    set_client_status(db, client_id, ClientStatus.PAUSED)
    data = get_client(db, client_id)
    assert (data.name, data.organisation, data.status) == (
        "Ada Lovelace",
        "Analytical",
        ClientStatus.PAUSED,
    )


def test_missing_client_is_reported(db):
    with pytest.raises(ClientNotFound):
        get_client(db, 999)
    with pytest.raises(ClientNotFound):
        update_client(db, 999, ClientData(name="X"))


def test_list_shows_last_and_next_session_ignoring_cancelled(db):
    client_id = create_client(db, ClientData(name="Dan"))
    create_client(db, ClientData(name="Ada"))
    add_history(db, client_id)
    rows = {row.name: row for row in list_clients(db, now=NOW)}
    assert rows["Dan"].last_session == NOW - timedelta(days=7)
    assert rows["Dan"].next_session == NOW + timedelta(days=2)
    assert rows["Ada"].last_session is None and rows["Ada"].next_session is None
    assert [row.name for row in list_clients(db, now=NOW)] == ["Ada", "Dan"]


def test_contents_count_what_a_delete_takes(db):
    client_id = create_client(db, ClientData(name="Dan"))
    add_history(db, client_id)
    contents = client_contents(db, client_id)
    assert (contents.sessions, contents.matters, contents.breaches) == (3, 1, 1)
    assert (contents.promises, contents.feedback) == (1, 1)


def test_delete_removes_everything_and_restore_puts_it_back_with_the_same_ids(db):
    keep = create_client(db, ClientData(name="Ada"))
    client_id = create_client(db, ClientData(name="Dan", email="dan@example.com"))
    add_history(db, client_id)
    before = table_counts(db)
    before_rows = list_clients(db, now=NOW)
    before_dump = dump(db)

    deleted = delete_client(db, client_id)
    after = table_counts(db)
    assert after["clients"] == 1
    assert all(after[name] == 0 for name in after if name not in ("clients", "alembic_version"))

    restore(db, deleted)
    assert table_counts(db) == before
    assert dump(db) == before_dump
    assert list_clients(db, now=NOW) == before_rows
    assert get_client(db, client_id).email == "dan@example.com"
    assert get_client(db, keep).name == "Ada"


def test_ids_are_never_reused_so_an_undo_cannot_collide(db):
    client_id = create_client(db, ClientData(name="Dan"))
    deleted = delete_client(db, client_id)
    newer = create_client(db, ClientData(name="Ada"))
    assert newer != client_id
    restore(db, deleted)
    assert {row.name for row in list_clients(db)} == {"Dan", "Ada"}


def test_client_choices_list_everyone_without_reading_sessions(db):
    from coachdesk.storage.client_list import client_choices

    client_id = create_client(db, ClientData(name="Dan", preferred_name="D", email="d@x.org"))
    add_history(db, client_id)
    create_client(db, ClientData(name="Ada", status=ClientStatus.ENDED))
    choices = client_choices(db)
    assert [(c.name, c.status) for c in choices] == [
        ("Ada", ClientStatus.ENDED),
        ("Dan", ClientStatus.ACTIVE),
    ]
    assert choices[1].preferred_name == "D" and choices[1].last_session is None
