"""The after-session review is written whole or not at all (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from coachdesk.domain.clients import ClientData, ValidationError
from coachdesk.domain.practice import TEXT_MAX, MatterData, PromiseData, SessionData
from coachdesk.domain.vocab import PromiseOwner, PromiseStatus, RepairStatus, SessionStatus
from coachdesk.storage import review as review_module
from coachdesk.storage.breaches import list_breaches
from coachdesk.storage.clients import create_client
from coachdesk.storage.errors import Problem, RecordNotFound, StorageError
from coachdesk.storage.matters import create_matter, list_matters
from coachdesk.storage.models import Breach
from coachdesk.storage.promises import create_promise, delete_promise, get_promise
from coachdesk.storage.review import MissedItem, ReviewData, ReviewResult, save_review
from coachdesk.storage.sessions import create_session, delete_session, set_session_status
from tests.storage.test_clients import dump


@dataclass(frozen=True)
class Held:
    client_id: int
    session_id: int
    matter_id: int
    coach_promise: int
    client_promise: int
    day: date


@pytest.fixture
def held(db) -> Held:
    """A session held two days ago, one thing that matters, two open promises."""
    client_id = create_client(db, ClientData(name="Daniel Okafor", preferred_name="Dan"))
    start = datetime.now(UTC) - timedelta(days=2)
    session_id = create_session(db, SessionData(client_id, start))
    set_session_status(db, session_id, SessionStatus.HELD)
    matter_id = create_matter(db, MatterData(client_id, "Tell me ahead if someone joins"))
    day = start.astimezone().date()
    coach = create_promise_for(db, client_id, PromiseOwner.COACH, "Send the article", day)
    client = create_promise_for(db, client_id, PromiseOwner.CLIENT, "Talk to HR", day)
    return Held(client_id, session_id, matter_id, coach, client, day)


def create_promise_for(db, client_id: int, owner: PromiseOwner, text: str, due: date) -> int:
    return create_promise(db, PromiseData(client_id, owner, text, due))


def full_review(held: Held, **changes) -> ReviewData:
    fields = {
        "session_id": held.session_id,
        "occurred_on": held.day,
        "missed": (MissedItem(held.matter_id, "  Tom joined; Dan had not been told "),),
        "promises": (
            (held.coach_promise, PromiseStatus.KEPT),
            (held.client_promise, PromiseStatus.MISSED),
        ),
        "new_items": ("Ask me before inviting HR",),
    }
    return ReviewData(**(fields | changes))


def test_a_review_writes_the_breach_the_promises_and_the_new_item(db, held):
    result = save_review(db, full_review(held))

    assert result == ReviewResult(breaches=1, promises_kept=1, promises_missed=1, new_items=1)
    [breach] = list_breaches(db, held.client_id)
    assert (breach.matter_id, breach.session_id) == (held.matter_id, held.session_id)
    assert breach.occurred_on == held.day
    assert breach.what_happened == "Tom joined; Dan had not been told"
    assert breach.repair_status is RepairStatus.OPEN and breach.severity == 2
    assert breach.commitment_id is None
    assert get_promise(db, held.coach_promise).status is PromiseStatus.KEPT
    assert get_promise(db, held.client_promise).status is PromiseStatus.MISSED
    [new] = [m for m in list_matters(db, held.client_id) if m.id != held.matter_id]
    assert new.statement == "Ask me before inviting HR"
    assert (new.client_id, new.source_session_id) == (held.client_id, held.session_id)
    assert new.captured_on == date.today() and new.active


def test_an_empty_review_writes_nothing_and_says_so(db, held):
    before = dump(db)
    result = save_review(db, ReviewData(held.session_id, held.day))
    assert result == ReviewResult(0, 0, 0, 0)
    assert dump(db) == before


@pytest.mark.parametrize(
    "spoil",
    [
        lambda held: {"new_items": ("Ask me before inviting HR", "   ")},
        lambda held: {"missed": (MissedItem(held.matter_id, "x" * (TEXT_MAX + 1)),)},
        lambda held: {"missed": (MissedItem(held.matter_id, " "),)},
        lambda held: {"occurred_on": date.today() + timedelta(days=1)},
    ],
    ids=["blank new item", "what happened too long", "what happened blank", "future day"],
)
def test_an_invalid_part_refuses_the_whole_review(db, held, spoil):
    before = dump(db)
    with pytest.raises(ValidationError):
        save_review(db, full_review(held, **spoil(held)))
    assert dump(db) == before


def test_a_promise_deleted_meanwhile_refuses_the_whole_review(db, held):
    delete_promise(db, held.client_promise)
    before = dump(db)
    with pytest.raises(RecordNotFound):
        save_review(db, full_review(held))
    assert dump(db) == before


def test_a_deleted_session_or_matter_refuses_the_whole_review(db, held):
    missing_matter = full_review(held, missed=(MissedItem(held.matter_id + 99, "Late"),))
    before = dump(db)
    with pytest.raises(RecordNotFound):
        save_review(db, missing_matter)
    assert dump(db) == before

    delete_session(db, held.session_id)
    before = dump(db)
    with pytest.raises(RecordNotFound):
        save_review(db, full_review(held))
    assert dump(db) == before


def test_another_clients_promise_is_refused(db, held):
    other = create_client(db, ClientData(name="Layla Haddad"))
    theirs = create_promise_for(db, other, PromiseOwner.COACH, "Call back", held.day)
    before = dump(db)
    with pytest.raises(ValueError, match="not the session's client's"):
        save_review(db, full_review(held, promises=((theirs, PromiseStatus.KEPT),)))
    assert dump(db) == before


def test_a_storage_failure_half_way_leaves_the_file_as_it_was(db, held, monkeypatch):
    """The breach and the promises are already sent to SQLite when the new item fails."""
    before = dump(db)
    sent: list[int] = []

    def failing_add_matter(session, data):
        session.flush()
        sent.append(session.scalar(select(func.count()).select_from(Breach)))
        raise StorageError(Problem.DISK_FULL, "The disk is full.")

    monkeypatch.setattr(review_module, "add_matter", failing_add_matter)
    with pytest.raises(StorageError):
        save_review(db, full_review(held))

    assert sent == [1], "the failure must come after the first write"
    assert dump(db) == before
    monkeypatch.undo()
    assert save_review(db, full_review(held)).breaches == 1, "saving again writes it once"
    assert len(list_breaches(db, held.client_id)) == 1
