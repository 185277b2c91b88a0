"""The after-session review written as one unit of work: all of it or nothing.

A review records, for one held session, how the coach did on each item answered
(honoured, missed or not relevant: ``honour_checks``, one row per item and session, a
review saved again replaces its answers), the breaches of what mattered to the
client (each linked to the session and to its matter), the new status of the
promises the coach marked kept or missed, the new things the client said
matter to them (captured today, with the session as their source), and the notices
given too late (``domain.late_notice``) the coach chose to log: each a breach of the
item that asked for the notice, or of a new item in plain words ("Let me know ahead of
time if someone else will join", its trigger ticked) when none did; a new item the
review also adds in the same words is the one used.  Every
part is checked with the domain rules before anything is written, and all of
it is written in one transaction: a deleted record, a broken rule or a
storage failure half-way leaves the data file exactly as it was, so a review
can simply be saved again.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachdesk.domain.late_notice import LateNotice, late_notices
from coachdesk.domain.practice import BreachData, MatterData, validate_breach, validate_matter
from coachdesk.domain.vocab import Category, HonourOutcome, PromiseStatus, RepairStatus, Trigger
from coachdesk.storage.database import Database
from coachdesk.storage.errors import check, fetch
from coachdesk.storage.matters import add_matter
from coachdesk.storage.models import Breach, CoachingSession, HonourCheck, Matter, Promise
from coachdesk.storage.prep import load_prep_input

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MissedItem:
    """A matter the coach missed during the session, and briefly what happened."""

    matter_id: int
    what_happened: str


@dataclass(frozen=True)
class LateBreach:
    """A notice given too late that the coach logs as a breach: of ``matter_id``, or (None)
    of a new item of the client's in ``statement``'s words with ``trigger`` ticked."""

    matter_id: int | None
    what_happened: str
    statement: str = ""
    trigger: Trigger | None = None

    @classmethod
    def of(cls, notice: LateNotice, what_happened: str | None = None) -> LateBreach:
        """The breach ``notice`` becomes, in its own words unless ``what_happened`` says."""
        return cls(
            notice.matter_id,
            notice.breach_text if what_happened is None else what_happened,
            "" if notice.matter_id is not None else notice.item_words,
            notice.trigger,
        )


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
    late: tuple[LateBreach, ...] = ()
    """The notices given too late that the coach logs as breaches."""

    def breach_data(self, item: MissedItem) -> BreachData:
        """The breach a missed item becomes (open repair, default severity)."""
        return BreachData(
            matter_id=item.matter_id,
            occurred_on=self.occurred_on,
            session_id=self.session_id,
            what_happened=item.what_happened,
        )

    def late_breach_data(self, item: LateBreach) -> BreachData:
        """The breach a logged late notice becomes (open repair, default severity); its
        ``matter_id`` is None when it creates its item."""
        return BreachData(
            matter_id=item.matter_id,
            occurred_on=self.occurred_on,
            session_id=self.session_id,
            what_happened=item.what_happened,
        )

    def late_matter_data(self, client_id: int, item: LateBreach, today: date) -> MatterData:
        """The new item a late notice that no item asked for is logged against."""
        return MatterData(
            client_id=client_id,
            statement=item.statement,
            category=Category.COMMUNICATION,
            source_session_id=self.session_id,
            captured_on=today,
            triggers=frozenset({item.trigger}) if item.trigger is not None else frozenset(),
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
        late = [(item, review.late_breach_data(item)) for item in review.late]
        late_matters = {
            " ".join(item.statement.split()).casefold(): review.late_matter_data(
                client_id, item, today
            )
            for item, _data in late
            if item.matter_id is None
        }
        check(
            [error for data in breaches for error in validate_breach(data, today)]
            + [error for _item, data in late for error in validate_breach(data, today)]
            + [error for data in matters for error in validate_matter(data)]
            + [error for data in late_matters.values() for error in validate_matter(data)]
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
        added: dict[str, int] = {}
        for data in matters:
            added[" ".join(data.statement.split()).casefold()] = add_matter(session, data).id
        created = 0
        for item, data in late:
            matter_id = item.matter_id
            if matter_id is None:
                words = " ".join(item.statement.split()).casefold()
                if words not in added:
                    added[words] = add_matter(session, late_matters[words]).id
                    created += 1
                matter_id = added[words]
            else:
                matter = fetch(session, Matter, matter_id)
                if matter.client_id != client_id:
                    raise ValueError(f"matter {matter.id} is not the session's client's")
            session.add(_new_breach(replace(data, matter_id=matter_id)))

    statuses = [PromiseStatus(status) for _promise_id, status in review.promises]
    result = ReviewResult(
        breaches=len(breaches) + len(late),
        promises_kept=statuses.count(PromiseStatus.KEPT),
        promises_missed=statuses.count(PromiseStatus.MISSED),
        new_items=len(matters) + created,
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


def late_notices_to_log(
    db: Database, session_id: int, now: datetime | None = None
) -> tuple[LateNotice, ...]:
    """The notices the session called for that came too late or never
    (``domain.late_notice.late_notices``), less those already logged as a breach of this
    session in the same words (a review saved again does not offer them twice).  Raises
    ``RecordNotFound`` if the session is gone and ``StorageError`` if it cannot be read."""
    data = load_prep_input(db, session_id, now)
    logged_words = {
        " ".join(breach.what_happened.split())
        for breach in data.breaches
        if breach.session_id == session_id
    }
    # A breach of the same item for this session is that notice logged, whatever words the
    # coach gave it (the prefilled ones are theirs to change).
    logged_items = {breach.matter_id for breach in data.breaches if breach.session_id == session_id}
    return tuple(
        n
        for n in late_notices(data)
        if " ".join(n.breach_text.split()) not in logged_words
        and (n.matter_id is None or n.matter_id not in logged_items)
    )
