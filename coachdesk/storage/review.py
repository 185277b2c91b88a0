"""The after-session review written as one unit of work: all of it or nothing.

A review records, for one held session, how the coach did on each item answered
(honoured, missed or not relevant: ``honour_checks``, one row per item and session, a
review saved again replaces its answers), the breaches of what mattered to the
client (each linked to the session and to its matter), the new status of the
promises the coach marked kept or missed, and the new things the client said
matter to them (captured today, with the session as their source).  Every
part is checked with the domain rules before anything is written, and all of
it is written in one transaction: a deleted record, a broken rule or a
storage failure half-way leaves the data file exactly as it was, so a review
can simply be saved again.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachdesk.domain.practice import BreachData, MatterData, validate_breach, validate_matter
from coachdesk.domain.vocab import HonourOutcome, PromiseStatus, RepairStatus, Trigger
from coachdesk.storage.database import Database
from coachdesk.storage.errors import check, fetch
from coachdesk.storage.matters import add_matter
from coachdesk.storage.models import Breach, CoachingSession, HonourCheck, Matter, Promise

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MissedItem:
    """A matter the coach missed during the session, and briefly what happened."""

    matter_id: int
    what_happened: str


@dataclass(frozen=True)
class Answer:
    """How the coach did on one item in the session; ``fired``: the session's
    circumstances made it relevant (the prep surfaced it)."""

    matter_id: int
    outcome: HonourOutcome
    fired: bool = False


@dataclass(frozen=True)
class ReviewData:
    """The answers of one review; only what the coach changed is in it."""

    session_id: int
    occurred_on: date  # the session's local day: the date of its breaches
    missed: tuple[MissedItem, ...] = ()
    promises: tuple[tuple[int, PromiseStatus], ...] = ()  # (promise id, new status)
    new_items: tuple[str, ...] = ()  # in the client's words
    new_item_triggers: Mapping[str, frozenset[Trigger]] = field(default_factory=dict)
    """The triggers the coach accepted for a new item (proposed from its words)."""
    answers: tuple[Answer, ...] = ()
    """Every item answered: the fired ones, and any other the coach marked honoured or
    missed (a missed one is also in ``missed``)."""

    def breach_data(self, item: MissedItem) -> BreachData:
        """The breach a missed item becomes (open repair, default severity)."""
        return BreachData(
            matter_id=item.matter_id,
            occurred_on=self.occurred_on,
            session_id=self.session_id,
            what_happened=item.what_happened,
        )

    def matter_data(self, client_id: int, statement: str, today: date) -> MatterData:
        """The matter a new item becomes: the client's, captured today from this session."""
        return MatterData(
            client_id=client_id,
            statement=statement,
            source_session_id=self.session_id,
            captured_on=today,
            triggers=self.new_item_triggers.get(statement, frozenset()),
        )


@dataclass(frozen=True)
class ReviewResult:
    """What a saved review wrote, for the summary the coach sees."""

    breaches: int
    promises_kept: int
    promises_missed: int
    new_items: int
    honoured: int = 0


def _new_breach(data: BreachData) -> Breach:
    return Breach(
        matter_id=data.matter_id,
        occurred_on=data.occurred_on,
        session_id=data.session_id,
        commitment_id=data.commitment_id,
        what_happened=data.what_happened.strip(),
        how_it_landed=data.how_it_landed.strip(),
        severity=data.severity,
        repair_status=RepairStatus(data.repair_status).value,
        repair_notes=data.repair_notes,
        repaired_on=data.repaired_on,
    )


def _write_answers(session: Session, review: ReviewData, client_id: int) -> None:
    """Record each answer, replacing what an earlier review of this session said."""
    earlier = {
        check.matter_id: check
        for check in session.scalars(
            select(HonourCheck).where(HonourCheck.session_id == review.session_id)
        )
    }
    for answer in review.answers:
        matter = fetch(session, Matter, answer.matter_id)
        if matter.client_id != client_id:
            raise ValueError(f"matter {matter.id} is not the session's client's")
        check_row = earlier.get(answer.matter_id) or HonourCheck(
            session_id=review.session_id, matter_id=answer.matter_id
        )
        check_row.outcome = HonourOutcome(answer.outcome).value
        check_row.fired = answer.fired
        session.add(check_row)


def save_review(db: Database, review: ReviewData) -> ReviewResult:
    """Write the whole review in one transaction, or nothing.

    Raises ``ValidationError`` if a part breaks the rules (a blank or too long
    text, a breach dated in the future), ``RecordNotFound`` if the session, a
    matter or a promise was deleted in the meantime, and ``StorageError`` if the
    file cannot be written; in every case nothing is written.  A matter or a
    promise of another client is a bug (``ValueError``).
    """
    today = date.today()
    with db.session() as session:
        coaching_session = fetch(session, CoachingSession, review.session_id)
        client_id = coaching_session.client_id
        breaches = [review.breach_data(item) for item in review.missed]
        matters = [review.matter_data(client_id, text, today) for text in review.new_items]
        check(
            [error for data in breaches for error in validate_breach(data, today)]
            + [error for data in matters for error in validate_matter(data)]
        )

        for data in breaches:
            matter = fetch(session, Matter, data.matter_id)
            if matter.client_id != client_id:
                raise ValueError(f"matter {matter.id} is not the session's client's")
            session.add(_new_breach(data))
        _write_answers(session, review, client_id)
        for promise_id, status in review.promises:
            promise = fetch(session, Promise, promise_id)
            if promise.client_id != client_id:
                raise ValueError(f"promise {promise_id} is not the session's client's")
            promise.status = PromiseStatus(status).value
        for data in matters:
            add_matter(session, data)

    statuses = [PromiseStatus(status) for _promise_id, status in review.promises]
    result = ReviewResult(
        breaches=len(breaches),
        promises_kept=statuses.count(PromiseStatus.KEPT),
        promises_missed=statuses.count(PromiseStatus.MISSED),
        new_items=len(matters),
        honoured=sum(a.outcome is HonourOutcome.HONOURED for a in review.answers),
    )
    logger.info(
        "review of session %s saved: %s breaches, %s promises, %s new matters",
        review.session_id,
        result.breaches,
        len(statuses),
        result.new_items,
    )
    return result
