"""A prep tick's writes give back what they changed, and ``revert``/``reapply`` undo and
redo exactly that, refusing when the row was changed since."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coachdesk.domain.clients import ClientData
from coachdesk.domain.practice import SessionData
from coachdesk.storage.clients import create_client
from coachdesk.storage.database import Database
from coachdesk.storage.errors import ChangedMeanwhile, RecordNotFound
from coachdesk.storage.models import SessionMove
from coachdesk.storage.sessions import (
    add_guest,
    confirm_place,
    confirm_reschedule,
    create_session,
    get_session,
    record_recording_consent,
    remove_guest,
    set_guest_informed,
    update_session,
)
from coachdesk.storage.undo import reapply, revert

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
TICKED = datetime(2026, 11, 26, 21, 18, 7, 123456, tzinfo=UTC)


@pytest.fixture
def session_id(db: Database) -> int:
    client_id = create_client(db, ClientData(name="Dan"))
    return create_session(db, SessionData(client_id, NOW + timedelta(days=1), recorded=True))


def test_telling_the_client_about_a_guest_is_undone_and_redone(db, session_id):
    guest_id = add_guest(db, session_id, "Maria Lopez", "HR")
    changed = set_guest_informed(db, guest_id, True, TICKED)

    def informed() -> datetime | None:
        return get_session(db, session_id).guests[0].client_informed_at

    assert informed() == TICKED
    revert(db, changed)
    assert informed() is None
    reapply(db, changed)
    assert informed() == TICKED  # the same moment, to the microsecond


def test_confirming_a_new_time_is_undone_on_the_session_and_its_newest_move(db, session_id):
    client_id = get_session(db, session_id).client_id
    update_session(db, session_id, SessionData(client_id, NOW + timedelta(days=2)))
    earlier = get_session(db, session_id)
    assert earlier.reschedule_unconfirmed and earlier.moves[-1].confirmed_at is None

    changed = confirm_reschedule(db, session_id, TICKED)
    confirmed = get_session(db, session_id)
    assert confirmed.reschedule_confirmed_at == TICKED
    assert confirmed.moves[-1].confirmed_at == TICKED
    revert(db, changed)
    undone = get_session(db, session_id)
    assert undone.reschedule_confirmed_at is None
    assert undone.moves[-1].confirmed_at is None
    assert undone.reschedule_unconfirmed


def test_an_earlier_confirmation_comes_back_not_an_empty_one(db, session_id):
    first = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    confirm_place(db, session_id, first)
    changed = confirm_place(db, session_id, TICKED)
    revert(db, changed)
    assert get_session(db, session_id).place_confirmed_at == first


def test_recording_consent_is_undone(db, session_id):
    changed = record_recording_consent(db, session_id, TICKED)
    assert get_session(db, session_id).recording_consent_at == TICKED
    revert(db, changed)
    assert get_session(db, session_id).recording_consent_at is None


def test_an_undo_never_overwrites_a_later_change(db, session_id):
    changed = confirm_place(db, session_id, TICKED)
    later = TICKED + timedelta(hours=1)
    confirm_place(db, session_id, later)  # confirmed again elsewhere, say on Today
    with pytest.raises(ChangedMeanwhile):
        revert(db, changed)
    assert get_session(db, session_id).place_confirmed_at == later


def test_a_redo_never_overwrites_a_later_change(db, session_id):
    changed = record_recording_consent(db, session_id, TICKED)
    revert(db, changed)
    elsewhere = TICKED + timedelta(minutes=5)
    record_recording_consent(db, session_id, elsewhere)
    with pytest.raises(ChangedMeanwhile):
        reapply(db, changed)
    assert get_session(db, session_id).recording_consent_at == elsewhere


def test_a_row_deleted_since_is_reported_gone(db, session_id):
    guest_id = add_guest(db, session_id, "Maria Lopez")
    changed = set_guest_informed(db, guest_id, True, TICKED)
    remove_guest(db, guest_id)
    with pytest.raises(RecordNotFound):
        revert(db, changed)


def test_a_refused_undo_writes_nothing_even_halfway(db, session_id):
    """confirm_reschedule changes two rows; when the second no longer matches, the first
    is not put back either."""
    client_id = get_session(db, session_id).client_id
    update_session(db, session_id, SessionData(client_id, NOW + timedelta(days=3), recorded=True))
    changed = confirm_reschedule(db, session_id, TICKED)
    assert len(changed.changes) == 2
    with db.session() as session:
        move = session.query(SessionMove).filter_by(session_id=session_id).one()
        move.confirmed_at = TICKED + timedelta(minutes=1)
    with pytest.raises(ChangedMeanwhile):
        revert(db, changed)
    assert get_session(db, session_id).reschedule_confirmed_at == TICKED
