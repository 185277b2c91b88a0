"""Client feedback on a held session: the coach's prediction first, then the client's answers.

The order is a rule of the data, not only of the form: ``save_report`` refuses
a pulse check without a saved (or explicitly skipped) prediction, and
``save_prediction`` refuses once the client's answers are in, so a prediction
can never be adjusted after seeing them.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachdesk.domain.feedback import FeedbackInput, FeedbackRow, validate_scores
from coachdesk.domain.refusal import Refusal
from coachdesk.domain.vocab import SessionStatus
from coachdesk.storage import reads
from coachdesk.storage.database import Database
from coachdesk.storage.errors import fetch
from coachdesk.storage.models import CoachingSession, Feedback, FeedbackAnswer

logger = logging.getLogger(__name__)


class FeedbackRefused(Refusal):
    """The feedback cannot be saved as asked; ``message`` says why, in plain words."""


def feedback_for_client(db: Database, client_id: int) -> list[FeedbackRow]:
    with db.read() as conn:
        return reads.feedback_rows(conn, "s.client_id = :client_id", {"client_id": client_id})


def feedback_for_session(db: Database, session_id: int) -> FeedbackRow | None:
    with db.read() as conn:
        rows = reads.feedback_rows(conn, "f.session_id = :id", {"id": session_id})
    return rows[0] if rows else None


def _check_for(session: Session, session_id: int) -> Feedback | None:
    return session.scalars(select(Feedback).where(Feedback.session_id == session_id)).first()


def _held(session: Session, session_id: int) -> None:
    record = fetch(session, CoachingSession, session_id)
    if record.status != SessionStatus.HELD.value:
        raise FeedbackRefused("Feedback is for a session that was held: mark it held first.")


def _refuse_if_invalid(data: FeedbackInput, *, all_required: bool) -> None:
    problems = validate_scores(data, all_required=all_required)
    if problems:
        raise FeedbackRefused(" ".join(problems))


def save_prediction(
    db: Database, session_id: int, data: FeedbackInput, now: datetime | None = None
) -> int:
    """Record what the coach expects the client to answer; returns the pulse check's id.

    ``data.scores`` may be all ``None`` only through ``skip_prediction``."""
    _refuse_if_invalid(data, all_required=True)
    return _start(db, session_id, data, skipped=False, now=now)


def skip_prediction(
    db: Database, session_id: int, questions: tuple[str, ...], now: datetime | None = None
) -> int:
    """The coach chooses not to predict: the answers may be entered straight away."""
    data = FeedbackInput(questions, (None,) * len(questions))
    _refuse_if_invalid(data, all_required=False)
    return _start(db, session_id, data, skipped=True, now=now)


def _start(
    db: Database, session_id: int, data: FeedbackInput, *, skipped: bool, now: datetime | None
) -> int:
    with db.session() as session:
        _held(session, session_id)
        check = _check_for(session, session_id)
        if check is not None and check.reported_at is not None:
            raise FeedbackRefused(
                "The client's answers are already in; the prediction can no longer change."
            )
        if check is None:
            check = Feedback(session_id=session_id)
            session.add(check)
        check.prediction_skipped = skipped
        check.predicted_at = None if skipped else (now or datetime.now(UTC))
        check.answers = [
            FeedbackAnswer(position=position, question=question, predicted=score)
            for position, (question, score) in enumerate(
                zip(data.questions, data.scores, strict=True)
            )
        ]
        session.flush()
        logger.info("feedback %s: prediction %s", check.id, "skipped" if skipped else "saved")
        return check.id


def save_report(
    db: Database, session_id: int, data: FeedbackInput, now: datetime | None = None
) -> int:
    """Record the client's answers and comment, under the questions the prediction used."""
    _refuse_if_invalid(data, all_required=True)
    with db.session() as session:
        _held(session, session_id)
        check = _check_for(session, session_id)
        if check is None or (check.predicted_at is None and not check.prediction_skipped):
            raise FeedbackRefused(
                "Record what you expect the client to say first (or choose not to predict)."
            )
        asked = [answer.question for answer in check.answers]
        if tuple(asked) != data.questions:
            raise FeedbackRefused("The answers do not match the questions of this feedback.")
        for answer, score in zip(check.answers, data.scores, strict=True):
            answer.reported = score
        check.comment = data.comment.strip()
        check.reported_at = now or datetime.now(UTC)
        session.flush()
        logger.info("feedback %s: client's answers saved", check.id)
        return check.id


def delete_feedback(db: Database, session_id: int) -> None:
    """Remove a session's feedback (prediction and answers) entirely."""
    with db.session() as session:
        check = _check_for(session, session_id)
        if check is not None:
            session.delete(check)
