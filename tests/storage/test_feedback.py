"""Feedback in the database: the prediction comes first (a rule of the data, not only of the
form), only held sessions get feedback, answers keep their question text, and what is read
back is what was saved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import IntegrityError

from coachdesk.domain.clients import ClientData
from coachdesk.domain.feedback import AnswerRow, FeedbackInput, FeedbackRow, Stage
from coachdesk.domain.practice import SessionData
from coachdesk.domain.vocab import SessionStatus
from coachdesk.storage.clients import create_client
from coachdesk.storage.errors import RecordNotFound
from coachdesk.storage.feedback import (
    FeedbackRefused,
    delete_feedback,
    feedback_for_client,
    feedback_for_session,
    save_prediction,
    save_report,
    skip_prediction,
)
from coachdesk.storage.sessions import create_session, delete_session, set_session_status
from coachdesk.storage.undo import restore

UNDERSTOOD = "I felt understood today"
TRUST = "I trust my coach to keep their word"
QUESTIONS = (UNDERSTOOD, TRUST)
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PREDICTED_AT = START + timedelta(minutes=55)
REPORTED_AT = START + timedelta(minutes=62)


def new_session(db, client_id: int, n: int = 0, status=SessionStatus.HELD) -> int:
    session_id = create_session(
        db, SessionData(client_id=client_id, start=START + timedelta(days=7 * n))
    )
    if status is not SessionStatus.PLANNED:
        set_session_status(db, session_id, status)
    return session_id


@pytest.fixture
def dan(db) -> int:
    return create_client(db, ClientData(name="Daniel Okafor", preferred_name="Dan"))


@pytest.fixture
def held(db, dan) -> int:
    return new_session(db, dan)


def pulse_rows(db) -> tuple[int, int]:
    """(pulse checks, pulse answers) in the file, counted with plain SQL."""
    with db.read() as conn:
        checks = conn.execute("SELECT COUNT(*) FROM pulse_checks").fetchone()[0]
        answers = conn.execute("SELECT COUNT(*) FROM pulse_answers").fetchone()[0]
    return checks, answers


# --- prediction first --------------------------------------------------------------------------


def test_the_answers_cannot_come_before_a_prediction(db, held):
    with pytest.raises(FeedbackRefused, match="expect the client to say first"):
        save_report(db, held, FeedbackInput(QUESTIONS, (3, 4)))
    assert feedback_for_session(db, held) is None
    assert pulse_rows(db) == (0, 0)


def test_after_a_prediction_the_answers_go_in(db, held):
    check_id = save_prediction(db, held, FeedbackInput(QUESTIONS, (4, 5)), now=PREDICTED_AT)
    assert feedback_for_session(db, held).stage is Stage.PREDICTED
    assert save_report(db, held, FeedbackInput(QUESTIONS, (3, 5)), now=REPORTED_AT) == check_id
    saved = feedback_for_session(db, held)
    assert saved.stage is Stage.REPORTED
    assert [(a.predicted, a.reported) for a in saved.answers] == [(4, 3), (5, 5)]


def test_after_skipping_the_prediction_the_answers_go_in(db, held):
    skip_prediction(db, held, QUESTIONS, now=PREDICTED_AT)
    skipped = feedback_for_session(db, held)
    assert skipped.stage is Stage.PREDICTED
    assert skipped.prediction_skipped and skipped.predicted_at is None
    save_report(db, held, FeedbackInput(QUESTIONS, (2, 3)), now=REPORTED_AT)
    saved = feedback_for_session(db, held)
    assert saved.prediction_skipped and saved.predicted_at is None
    assert [(a.predicted, a.reported) for a in saved.answers] == [(None, 2), (None, 3)]
    assert saved.pairs() == []


def test_the_prediction_cannot_change_once_the_answers_are_in(db, held):
    save_prediction(db, held, FeedbackInput(QUESTIONS, (4, 5)), now=PREDICTED_AT)
    save_report(db, held, FeedbackInput(QUESTIONS, (2, 3)), now=REPORTED_AT)
    before = feedback_for_session(db, held)
    with pytest.raises(FeedbackRefused, match="prediction can no longer change"):
        save_prediction(db, held, FeedbackInput(QUESTIONS, (2, 3)))
    with pytest.raises(FeedbackRefused, match="prediction can no longer change"):
        skip_prediction(db, held, QUESTIONS)
    assert feedback_for_session(db, held) == before


def test_a_prediction_may_be_redone_until_the_answers_are_in(db, held):
    first = save_prediction(db, held, FeedbackInput(QUESTIONS, (4, 5)), now=PREDICTED_AT)
    later = PREDICTED_AT + timedelta(minutes=1)
    again = save_prediction(db, held, FeedbackInput(QUESTIONS, (3, 4)), now=later)
    assert again == first  # one pulse check per session
    saved = feedback_for_session(db, held)
    assert saved.predicted_at == later
    assert [(a.predicted, a.reported) for a in saved.answers] == [(3, None), (4, None)]
    assert pulse_rows(db) == (1, 2)  # the first prediction's answers were replaced


def test_a_prediction_needs_every_score(db, held):
    with pytest.raises(FeedbackRefused, match="Choose a score"):
        save_prediction(db, held, FeedbackInput(QUESTIONS, (4, None)))
    assert pulse_rows(db) == (0, 0)


@pytest.mark.parametrize("scores", [(4, None), (0, 3), (3, 6)])
def test_a_report_needs_every_score_in_range(db, held, scores):
    save_prediction(db, held, FeedbackInput(QUESTIONS, (4, 4)), now=PREDICTED_AT)
    with pytest.raises(FeedbackRefused):
        save_report(db, held, FeedbackInput(QUESTIONS, scores))
    saved = feedback_for_session(db, held)
    assert saved.reported_at is None
    assert [a.reported for a in saved.answers] == [None, None]


def test_the_database_itself_refuses_scores_off_the_scale(db, held):
    save_prediction(db, held, FeedbackInput(QUESTIONS, (4, 4)))
    with (
        pytest.raises(IntegrityError, match="reported_range"),
        db.session() as session,
    ):
        session.connection().exec_driver_sql("UPDATE pulse_answers SET reported = 7")
    assert [a.reported for a in feedback_for_session(db, held).answers] == [None, None]


# --- held sessions only ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [SessionStatus.PLANNED, SessionStatus.CANCELLED, SessionStatus.NO_SHOW]
)
def test_feedback_is_only_for_held_sessions(db, dan, status):
    session_id = new_session(db, dan, status=status)
    with pytest.raises(FeedbackRefused, match="session that was held"):
        save_prediction(db, session_id, FeedbackInput(QUESTIONS, (4, 4)))
    with pytest.raises(FeedbackRefused, match="session that was held"):
        skip_prediction(db, session_id, QUESTIONS)
    assert pulse_rows(db) == (0, 0)


def test_answers_need_the_session_still_held(db, held):
    save_prediction(db, held, FeedbackInput(QUESTIONS, (4, 4)))
    set_session_status(db, held, SessionStatus.CANCELLED)  # marked held by mistake
    with pytest.raises(FeedbackRefused, match="session that was held"):
        save_report(db, held, FeedbackInput(QUESTIONS, (3, 3)))


def test_a_session_that_does_not_exist(db):
    with pytest.raises(RecordNotFound):
        save_prediction(db, 4242, FeedbackInput(QUESTIONS, (4, 4)))


# --- the questions -----------------------------------------------------------------------------


def test_the_answers_must_be_to_the_questions_predicted(db, held):
    save_prediction(db, held, FeedbackInput(QUESTIONS, (4, 4)))
    for asked in [(TRUST, UNDERSTOOD), (UNDERSTOOD,), (UNDERSTOOD, TRUST, "A new one")]:
        with pytest.raises(FeedbackRefused, match="do not match the questions"):
            save_report(db, held, FeedbackInput(asked, (3,) * len(asked)))
    assert feedback_for_session(db, held).reported_at is None


def test_each_answer_keeps_the_question_text_it_was_asked_under(db, dan):
    old = new_session(db, dan, 0)
    save_prediction(db, old, FeedbackInput(QUESTIONS, (4, 5)))
    save_report(db, old, FeedbackInput(QUESTIONS, (3, 5)))
    reworded = ("I felt heard today", "I left with a clear next step", TRUST)
    new = new_session(db, dan, 1)
    skip_prediction(db, new, reworded)
    save_report(db, new, FeedbackInput(reworded, (4, 4, 4)))
    assert [a.question for a in feedback_for_session(db, old).answers] == list(QUESTIONS)
    assert [(a.position, a.question) for a in feedback_for_session(db, new).answers] == [
        (0, "I felt heard today"),
        (1, "I left with a clear next step"),
        (2, TRUST),
    ]


# --- reading back ------------------------------------------------------------------------------


def test_feedback_reads_back_exactly_as_saved(db, dan, held):
    check_id = save_prediction(db, held, FeedbackInput(QUESTIONS, (4, 5)), now=PREDICTED_AT)
    comment = "  I didn't feel heard about the board.\nThe rest was good.  "
    save_report(db, held, FeedbackInput(QUESTIONS, (3, 5), comment), now=REPORTED_AT)
    assert feedback_for_session(db, held) == FeedbackRow(
        id=check_id,
        session_id=held,
        client_id=dan,
        client_name="Daniel Okafor",
        session_start=START,
        predicted_at=PREDICTED_AT,
        prediction_skipped=False,
        reported_at=REPORTED_AT,
        comment="I didn't feel heard about the board.\nThe rest was good.",
        answers=(AnswerRow(0, UNDERSTOOD, 4, 3), AnswerRow(1, TRUST, 5, 5)),
    )


def test_a_clients_feedback_is_theirs_oldest_first(db, dan):
    ada = create_client(db, ClientData(name="Ada Lovelace"))
    later = new_session(db, dan, 3)
    earlier = new_session(db, dan, 1)
    other = new_session(db, ada, 2)
    no_feedback = new_session(db, dan, 4)
    for session_id in (later, earlier, other):
        skip_prediction(db, session_id, QUESTIONS)
    rows = feedback_for_client(db, dan)
    assert [r.session_id for r in rows] == [earlier, later]
    assert {r.client_name for r in rows} == {"Daniel Okafor"}
    assert [r.session_id for r in feedback_for_client(db, ada)] == [other]
    assert feedback_for_session(db, no_feedback) is None


scores = st.integers(1, 5)
question_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60
).filter(str.strip)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.data(),
    questions=st.lists(question_text, min_size=1, max_size=5, unique=True),
    predict=st.booleans(),
    comment=st.text(max_size=300),
)
def test_any_feedback_reads_back_as_saved(db, dan, data, questions, predict, comment):
    questions = tuple(questions)
    session_id = new_session(db, dan)
    predicted = tuple(data.draw(scores) for _ in questions) if predict else None
    reported = tuple(data.draw(scores) for _ in questions)
    if predicted is None:
        skip_prediction(db, session_id, questions, now=PREDICTED_AT)
    else:
        save_prediction(db, session_id, FeedbackInput(questions, predicted), now=PREDICTED_AT)
    save_report(db, session_id, FeedbackInput(questions, reported, comment), now=REPORTED_AT)
    saved = feedback_for_session(db, session_id)
    assert saved.answers == tuple(
        AnswerRow(n, q, predicted[n] if predicted else None, reported[n])
        for n, q in enumerate(questions)
    )
    assert saved.comment == comment.strip()
    assert saved.prediction_skipped is (predicted is None)
    assert saved.predicted_at == (PREDICTED_AT if predicted else None)
    assert saved.reported_at == REPORTED_AT


# --- deleting ----------------------------------------------------------------------------------


def test_delete_feedback_removes_prediction_and_answers(db, dan, held):
    kept = new_session(db, dan, 1)
    save_prediction(db, held, FeedbackInput(QUESTIONS, (4, 5)))
    save_report(db, held, FeedbackInput(QUESTIONS, (3, 5)))
    skip_prediction(db, kept, QUESTIONS)
    delete_feedback(db, held)
    assert feedback_for_session(db, held) is None
    assert pulse_rows(db) == (1, 2)  # the other session's feedback is untouched
    delete_feedback(db, held)  # nothing left: nothing happens
    # And the session can have feedback again, prediction first.
    with pytest.raises(FeedbackRefused):
        save_report(db, held, FeedbackInput(QUESTIONS, (3, 5)))
    skip_prediction(db, held, QUESTIONS)
    assert feedback_for_session(db, held).stage is Stage.PREDICTED


def test_deleting_a_session_takes_its_feedback_and_undo_brings_it_back(db, held):
    save_prediction(db, held, FeedbackInput(QUESTIONS, (4, 5)), now=PREDICTED_AT)
    save_report(db, held, FeedbackInput(QUESTIONS, (3, 5), "Fine."), now=REPORTED_AT)
    before = feedback_for_session(db, held)
    deleted = delete_session(db, held)
    assert feedback_for_session(db, held) is None
    assert pulse_rows(db) == (0, 0)
    restore(db, deleted)
    assert feedback_for_session(db, held) == before
