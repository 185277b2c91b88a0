"""load_prep_input gathers one client's history for the prep engine; the seed case end to end."""

from __future__ import annotations

from datetime import date

import pytest

from coachdesk.demo import (
    SEED_CLIENT_NAME,
    SEED_GUEST_NAME,
    SEED_MATTER_STATEMENT,
    generate_demo,
)
from coachdesk.domain.prep import build_prep
from coachdesk.storage.errors import RecordNotFound
from coachdesk.storage.prep import load_prep_input
from coachdesk.storage.sessions import list_sessions, set_guest_informed


def seed_session(db):
    sessions = list_sessions(db, client_id=1)
    return next(
        s
        for s in sessions
        if any(g.name == SEED_GUEST_NAME for g in s.guests) and not s.guests[0].announced
    )


def test_the_seed_case_puts_the_clients_words_first_and_goes_once_told(db):
    generate_demo(db, "demo", today=date(2026, 11, 26))
    session = seed_session(db)
    data = load_prep_input(db, session.id)
    assert data.session.client_name == SEED_CLIENT_NAME
    assert data.client_name == "Dan"
    assert all(s.id != session.id for s in data.history)
    first = build_prep(data).checklist[0]
    assert first.quote == SEED_MATTER_STATEMENT and first.stated_wish
    assert first.text == f"Tell Dan ahead of time that {SEED_GUEST_NAME} will join"
    set_guest_informed(db, first.ref_id, True)
    after = build_prep(load_prep_input(db, session.id))
    assert all(item.kind != first.kind for item in after.checklist)


def test_an_unknown_session_is_reported(db):
    with pytest.raises(RecordNotFound):
        load_prep_input(db, 999)
