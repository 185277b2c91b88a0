"""What the paper tests share: the demo's seed case (Dan, and a guest he was not told
about) as a prep input, read from a real practice file."""

from __future__ import annotations

from datetime import date

import pytest

from coachdesk.demo import SEED_GUEST_NAME, generate_demo
from coachdesk.domain.prep import PrepInput
from coachdesk.storage.database import Database
from coachdesk.storage.prep import load_prep_input
from coachdesk.storage.sessions import list_sessions

TODAY = date(2026, 11, 26)


def seed_session_id(db: Database) -> int:
    return next(
        s.id
        for s in list_sessions(db, client_id=1)
        if any(g.name == SEED_GUEST_NAME and not g.announced for g in s.guests)
    )


@pytest.fixture
def seed_input(db: Database) -> PrepInput:
    generate_demo(db, "demo", today=TODAY)
    return load_prep_input(db, seed_session_id(db))
