"""Client feedback in the window: the prediction comes first, and the client's tab shows
their scores over time beside the predictions."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

import pytest

from coachdesk.domain.clients import ClientData
from coachdesk.domain.feedback import Stage
from coachdesk.domain.practice import SessionData
from coachdesk.domain.vocab import SessionStatus
from coachdesk.storage.clients import create_client
from coachdesk.storage.feedback import feedback_for_session
from coachdesk.storage.sessions import create_session, get_session, set_session_status
from coachdesk.ui.dialogs.feedback import FeedbackDialog
from coachdesk.ui.pages.client.feedback_tab import chart_data

pytestmark = pytest.mark.gui

QUESTIONS = ("I felt understood today", "I trust my coach to keep their word")


def held_session(db, client_id: int, days_ago: int) -> int:
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=days_ago)
    session_id = create_session(db, SessionData(client_id=client_id, start=start))
    set_session_status(db, session_id, SessionStatus.HELD)
    return session_id


def choose(rows, scores) -> None:
    for group, score in zip(rows.groups, scores, strict=True):
        group.button(score).click()


def test_the_answers_stay_hidden_until_a_prediction_is_saved(qtbot, db):
    client = create_client(db, ClientData(name="Daniel Okafor", preferred_name="Dan"))
    session_id = held_session(db, client, 1)
    dialog = FeedbackDialog(db, get_session(db, session_id), "Dan", QUESTIONS)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.stage is Stage.NEW
    assert not dialog.report_box.isVisible()
    assert not dialog.save_prediction_button.isEnabled()
    choose(dialog.prediction, (4, 5))
    assert dialog.save_prediction_button.isEnabled()
    with qtbot.waitSignal(dialog.saved):
        dialog.save_prediction_button.click()
    assert dialog.stage is Stage.PREDICTED
    assert dialog.report_box.isVisible()
    assert not dialog.save_prediction_button.isVisible()
    assert not any(b.isEnabled() for g in dialog.prediction.groups for b in g.buttons())
    assert not dialog.save_report_button.isEnabled()
    choose(dialog.report, (3, 5))
    dialog.comment.setPlainText("  I didn't feel heard about the board.  ")
    dialog.save_report_button.click()
    assert dialog.stage is Stage.REPORTED
    saved = feedback_for_session(db, session_id)
    assert [(a.question, a.predicted, a.reported) for a in saved.answers] == [
        (QUESTIONS[0], 4, 3),
        (QUESTIONS[1], 5, 5),
    ]
    assert saved.comment == "I didn't feel heard about the board."
    assert saved.predicted_at is not None and saved.predicted_at <= saved.reported_at
    assert "you expected 4, Dan said 3" in dialog.gap_label.text()
    assert not dialog.save_report_button.isVisible()


def test_skipping_the_prediction_is_explicit_and_opens_the_answers(qtbot, db):
    client = create_client(db, ClientData(name="Ada"))
    session_id = held_session(db, client, 2)
    dialog = FeedbackDialog(db, get_session(db, session_id), "Ada", QUESTIONS)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.skip_button.click()
    assert dialog.report_box.isVisible()
    assert "chose not to predict" in dialog.prediction_note.text()
    choose(dialog.report, (2, 3))
    dialog.save_report_button.click()
    saved = feedback_for_session(db, session_id)
    assert saved.prediction_skipped and saved.predicted_at is None
    assert [(a.predicted, a.reported) for a in saved.answers] == [(None, 2), (None, 3)]


def test_reopening_keeps_the_questions_it_was_asked_under(qtbot, db):
    client = create_client(db, ClientData(name="Ada"))
    session_id = held_session(db, client, 2)
    first = FeedbackDialog(db, get_session(db, session_id), "Ada", QUESTIONS)
    qtbot.addWidget(first)
    choose(first.prediction, (3, 3))
    first.save_prediction_button.click()
    again = FeedbackDialog(db, get_session(db, session_id), "Ada", ("A new question",))
    qtbot.addWidget(again)
    again.show()
    assert again.questions == QUESTIONS
    assert again.report_box.isVisible()
    assert again.prediction.scores() == (3, 3)


def test_the_client_tab_charts_one_point_per_session_with_feedback(qtbot, window, db):
    client = create_client(db, ClientData(name="Daniel Okafor", preferred_name="Dan"))
    predicted_reported = [((5, 5), (4, 5)), ((5, 4), (3, 4)), ((4, 5), None), (None, (2, 3))]
    for days_ago, (predicted, reported) in zip((30, 20, 10, 5), predicted_reported, strict=True):
        session_id = held_session(db, client, days_ago)
        dialog = FeedbackDialog(db, get_session(db, session_id), "Dan", QUESTIONS)
        qtbot.addWidget(dialog)
        if predicted:
            choose(dialog.prediction, predicted)
            dialog.save_prediction_button.click()
        else:
            dialog.skip_button.click()
        if reported:
            choose(dialog.report, reported)
            dialog.save_report_button.click()
    waiting = held_session(db, client, 1)  # held, no feedback yet
    window.show_client(client)
    tab = window.client_page.feedback_tab
    window.client_page.tabs.setCurrentWidget(tab)
    assert window.client_page.tabs.tabText(5) == "Feedback (4)"
    assert [chart.data.title for chart in tab.charts] == list(QUESTIONS)
    understood = tab.charts[0].data
    assert len(understood.labels) == 4
    assert understood.series[0].values == (4, 3, None, 2)  # reported
    assert understood.series[1].values == (5, 5, 4, None)  # predicted
    assert [series.points for series in understood.series] == [3, 3]
    # Only pairs count: (5,4) (5,3) for the first question, (5,5) (4,4) for the second.
    assert "You expected 4.8, Dan reported 4.0" in tab.calibration_label.text()
    assert tab.model.rowCount() == 4
    assert tab.target_session() == waiting
    assert chart_data([]) == ()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) needed")
def test_the_feedback_card_is_saved_as_a_pdf_from_the_client_page(
    qtbot, window, db, tmp_path, monkeypatch
):
    import subprocess

    from PySide6.QtWidgets import QFileDialog

    from tests.helpers import click_button, when_modal

    client = create_client(db, ClientData(name="Daniel Okafor", preferred_name="Dan"))
    window.show_client(client)
    target = tmp_path / "card.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    when_modal(lambda box: click_button(box, "Save as PDF…"))
    window.client_page.feedback_tab.card_button.click()
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Dan" in text
    for question in QUESTIONS:
        assert question in " ".join(text.split())


def test_feedback_questions_open_from_the_file_menu(window, settings):
    from coachdesk.preferences import feedback_questions
    from coachdesk.ui.dialogs.feedback_questions import FeedbackQuestionsDialog
    from tests.helpers import when_modal

    def add_one(dialog):
        assert isinstance(dialog, FeedbackQuestionsDialog)
        dialog.add_button.click()
        item = dialog.list.currentItem()
        item.setText("I left with something useful")
        dialog.save_button.click()

    when_modal(add_one)
    window.feedback_questions_action.trigger()
    assert feedback_questions(settings)[-1] == "I left with something useful"
