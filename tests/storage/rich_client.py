"""A client with one or more of every kind of record, each text carrying a marker, and a
second client whose records point at the first one's (for the record and erasure tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from coachdesk.domain.vocab import HonourOutcome, PromiseOwner, RepairStatus, SessionStatus, Trigger
from coachdesk.storage.models import (
    Breach,
    Client,
    CoachingSession,
    Feedback,
    FeedbackAnswer,
    Guest,
    HonourCheck,
    Matter,
    MatterTrigger,
    Promise,
    SessionMove,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@dataclass
class Ids:
    """The ids of every row added, by table."""

    client: int
    rows: dict[str, list[int]] = field(default_factory=dict)

    def add(self, table: str, row_id: int) -> None:
        self.rows.setdefault(table, []).append(row_id)


def add_rich_client(db, name: str, email: str, marker: str) -> Ids:
    """``name`` with two sessions (guests, notes, feedback), two matters (triggers, one kept
    off printouts), a breach with its repair, and a promise of each side."""
    with db.session() as session:
        client = Client(
            name=name,
            preferred_name=name.split()[0],
            pronouns="they/them",
            email=email,
            phone="+44 20 7946 0000",
            organisation=f"Org {marker}",
            role="Head of Ops",
            started_on=date(2026, 3, 1),
            private_notes=f"Client notes {marker}",
            usual_location=f"Office {marker}",
        )
        session.add(client)
        session.flush()
        ids = Ids(client.id)
        ids.add("clients", client.id)
        held = CoachingSession(
            client_id=client.id,
            start=NOW - timedelta(days=14),
            duration_minutes=90,
            status=SessionStatus.HELD,
            location=f"Room {marker}",
            agenda=f"Agenda {marker}",
            private_notes=f"Session notes {marker}",
            original_start=NOW - timedelta(days=15),
            reschedule_confirmed_at=NOW - timedelta(days=16),
        )
        planned = CoachingSession(
            client_id=client.id,
            start=NOW + timedelta(days=3),
            agenda=f"Next agenda {marker}",
            recorded=True,
        )
        session.add_all([held, planned])
        session.flush()
        ids.add("coaching_sessions", held.id)
        ids.add("coaching_sessions", planned.id)
        for move in (
            SessionMove(
                session_id=held.id,
                from_start=NOW - timedelta(days=15),
                to_start=NOW - timedelta(days=15, hours=-2),
                moved_at=NOW - timedelta(days=20),
                confirmed_at=NOW - timedelta(days=19),
            ),
            SessionMove(
                session_id=held.id,
                from_start=NOW - timedelta(days=15, hours=-2),
                to_start=NOW - timedelta(days=14),
                moved_at=NOW - timedelta(days=17),
                confirmed_at=NOW - timedelta(days=16),
            ),
        ):
            session.add(move)
            session.flush()
            ids.add("session_moves", move.id)
        for guest in (
            Guest(session_id=held.id, name=f"Guest {marker}", role="Sponsor", brought_by="sponsor"),
            Guest(session_id=planned.id, name="Maria Lopez", client_informed_at=NOW),
        ):
            session.add(guest)
            session.flush()
            ids.add("guests", guest.id)
        first = Matter(
            client_id=client.id,
            statement=f"Tell me ahead of time if someone joins {marker}",
            why=f"Why {marker}",
            importance=3,
            keywords="sponsor, board",
            source_session_id=held.id,
            captured_on=date(2026, 4, 1),
            last_confirmed_on=date(2026, 9, 1),
            language="en",
        )
        private = Matter(
            client_id=client.id,
            statement=f"My health is not for paper {marker}",
            captured_on=date(2026, 5, 1),
            keep_off_printouts=True,
            active=False,
        )
        session.add_all([first, private])
        session.flush()
        ids.add("matters", first.id)
        ids.add("matters", private.id)
        session.add_all(
            [
                MatterTrigger(matter_id=first.id, trigger=Trigger.GUESTS.value),
                MatterTrigger(matter_id=first.id, trigger=Trigger.CONFIDENTIALITY.value),
            ]
        )
        promise = Promise(
            client_id=client.id,
            session_id=held.id,
            owner=PromiseOwner.COACH.value,
            text=f"Send the article {marker}",
            due_on=date(2026, 11, 20),
        )
        theirs = Promise(
            client_id=client.id,
            owner=PromiseOwner.CLIENT.value,
            text=f"Talk to the sponsor {marker}",
        )
        session.add_all([promise, theirs])
        session.flush()
        ids.add("commitments", promise.id)
        ids.add("commitments", theirs.id)
        breach = Breach(
            matter_id=first.id,
            session_id=held.id,
            commitment_id=promise.id,
            occurred_on=date(2026, 11, 12),
            what_happened=f"A guest joined unannounced {marker}",
            how_it_landed=f"I felt ambushed {marker}",
            severity=3,
            repair_status=RepairStatus.REPAIRED.value,
            repair_notes=f"Apologised and agreed a rule {marker}",
            repaired_on=date(2026, 11, 14),
        )
        session.add(breach)
        session.flush()
        ids.add("breaches", breach.id)
        for matter, outcome, fired in (
            (first, HonourOutcome.MISSED, True),
            (private, HonourOutcome.HONOURED, False),
        ):
            honour = HonourCheck(
                session_id=held.id, matter_id=matter.id, outcome=outcome.value, fired=fired
            )
            session.add(honour)
            session.flush()
            ids.add("honour_checks", honour.id)
        check = Feedback(
            session_id=held.id,
            predicted_at=NOW - timedelta(days=14),
            reported_at=NOW - timedelta(days=13),
            comment=f"Felt rushed at the end {marker}",
        )
        session.add(check)
        session.flush()
        ids.add("pulse_checks", check.id)
        for position, (question, predicted, reported) in enumerate(
            [("I felt understood today", 4, 3), ("I trust my coach to keep their word", 5, 2)]
        ):
            answer = FeedbackAnswer(
                pulse_check_id=check.id,
                position=position,
                question=question,
                predicted=predicted,
                reported=reported,
            )
            session.add(answer)
            session.flush()
            ids.add("pulse_answers", answer.id)
    return ids


def link_other_client_to(db, other: Ids, target: Ids) -> None:
    """Rows of ``other`` pointing at ``target``'s session and promise (cleared on erasure)."""
    session_id = target.rows["coaching_sessions"][0]
    with db.session() as session:
        breach = session.get(Breach, other.rows["breaches"][0])
        breach.session_id = session_id
        breach.commitment_id = target.rows["commitments"][0]
        session.get(Matter, other.rows["matters"][0]).source_session_id = session_id
        session.get(Promise, other.rows["commitments"][0]).session_id = session_id
