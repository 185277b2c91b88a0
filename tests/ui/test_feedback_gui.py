"""Client feedback in the window: the prediction comes first, and the client's tab shows
their scores over time beside the predictions."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

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
    assert [chart.data.title for chart in tab.charts] == [
        f"Q1 · {QUESTIONS[0]}",
        f"Q2 · {QUESTIONS[1]}",
    ]
    understood = tab.charts[0].data
    assert len(understood.labels) == 4
    assert understood.series[0].values == (4, 3, None, 2)  # reported
    assert understood.series[1].values == (5, 5, 4, None)  # predicted
    assert [series.points for series in understood.series] == [3, 3]
    # Only pairs count: (5,4) (5,3) for the first question, (5,5) (4,4) for the second.
    assert "You expected 4.8, Dan reported 4.0" in tab.calibration_label.text()
    assert tab.model.rowCount() == 4
    # Newest first: which score is which question is said, and spelled out in the tooltip.
    newest = [tab.model.index(0, column) for column in (1, 2)]
    assert [index.data() for index in newest] == ["Q1 2 · Q2 3", ""]
    assert newest[0].data(Qt.ItemDataRole.ToolTipRole) == (
        f"Q1 · {QUESTIONS[0]}: 2\nQ2 · {QUESTIONS[1]}: 3"
    )
    assert tab.model.index(3, 2).data() == "Q1 5 · Q2 5"
    # The points stand at their dates: 30, 20, 10 and 5 days ago.
    days = [p - understood.positions[0] for p in understood.positions]
    assert [round(day) for day in days] == [0, 10, 20, 25]
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


# --- opening on the prediction, the scale's words, a size that never clips ---------------------


def open_dialog(qtbot, db, questions=QUESTIONS, name="Dan"):
    client = create_client(db, ClientData(name=name))
    session_id = held_session(db, client, 1)
    dialog = FeedbackDialog(db, get_session(db, session_id), name, questions)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, session_id


def test_it_opens_on_the_prediction_not_on_skipping(qtbot, db):
    dialog, _session_id = open_dialog(qtbot, db)
    assert dialog.focusWidget() is dialog.prediction.groups[0].button(1)
    assert dialog.save_prediction_button.isDefault()
    assert not dialog.skip_button.isDefault() and not dialog.skip_button.autoDefault()
    choose(dialog.prediction, (4, 4))
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # Enter saves the prediction
    assert dialog.stage is Stage.PREDICTED
    assert dialog.focusWidget() is dialog.report.groups[0].button(1)


def test_the_scale_carries_the_printed_cards_end_words(qtbot, db):
    from coachdesk.printing.feedback_card_layout import scale_words

    dialog, _session_id = open_dialog(qtbot, db)
    assert scale_words() == ("not at all", "completely")
    for rows in (dialog.prediction, dialog.report):
        assert tuple(label.text() for label in rows.end_labels) == scale_words()
    low, high = dialog.prediction.end_labels
    one = dialog.prediction.groups[0].button(1)
    five = dialog.prediction.groups[0].button(5)
    assert low.geometry().right() < one.geometry().left()  # "not at all" before 1
    assert high.geometry().left() > five.geometry().right()  # "completely" after 5
    assert one.accessibleName() == f"{QUESTIONS[0]}: 1 (not at all)"
    assert five.accessibleName() == f"{QUESTIONS[0]}: 5 (completely)"


def fully_shown(dialog, widget) -> bool:
    """The widget is on screen inside the dialog, tall enough for its wrapped text."""
    top_left = widget.mapTo(dialog, widget.rect().topLeft())
    bottom_right = widget.mapTo(dialog, widget.rect().bottomRight())
    inside = dialog.rect().contains(top_left) and dialog.rect().contains(bottom_right)
    tall_enough = not widget.hasHeightForWidth() or (
        widget.height() >= widget.heightForWidth(widget.width())
    )
    return widget.isVisible() and inside and tall_enough


LONG_QUESTIONS = (
    "I felt understood today, including about the things I found hard to put into words",
    "I trust my coach to keep their word about what we agreed, even when it is inconvenient",
    "What we worked on today matters to me",
)


def test_saving_a_prediction_keeps_the_width_and_clips_nothing(qtbot, db):
    from PySide6.QtWidgets import QLabel

    dialog, _session_id = open_dialog(qtbot, db, LONG_QUESTIONS)
    width = dialog.width()
    assert width >= 520
    choose(dialog.prediction, (4, 4, 5))
    dialog.save_prediction_button.click()
    qtbot.wait(10)
    assert dialog.width() == width  # once 302 px: the questions squeezed and cut off
    layout = dialog.layout()
    assert dialog.height() >= layout.totalHeightForWidth(dialog.width())
    for label in dialog.findChildren(QLabel):
        if label.isVisibleTo(dialog) and label.text():
            assert fully_shown(dialog, label), label.text()
    choose(dialog.report, (3, 2, 5))
    dialog.save_report_button.click()
    qtbot.wait(10)
    assert dialog.width() == width
    assert fully_shown(dialog, dialog.gap_label)
    assert dialog.gap_label.text().count("you expected") == 3
    for question in LONG_QUESTIONS:
        assert any(
            label.text() == question and fully_shown(dialog, label)
            for label in dialog.report.findChildren(QLabel)
        )


# --- correcting a prediction before the answers are in ------------------------------------------


def test_a_mis_clicked_prediction_is_corrected_and_stored(qtbot, db):
    dialog, session_id = open_dialog(qtbot, db)
    choose(dialog.prediction, (5, 4))
    dialog.save_prediction_button.click()
    assert dialog.change_button.isVisible() and dialog.change_button.isEnabled()
    dialog.change_button.click()
    assert not dialog.report_box.isVisible()  # their answers hide while choosing again
    assert dialog.keep_button.isVisible() and not dialog.skip_button.isVisible()
    assert dialog.focusWidget() is dialog.prediction.groups[0].button(5)
    choose(dialog.prediction, (2, 4))
    with qtbot.waitSignal(dialog.saved):
        dialog.save_prediction_button.click()
    saved = feedback_for_session(db, session_id)
    assert [a.predicted for a in saved.answers] == [2, 4]
    assert dialog.report_box.isVisible() and not dialog.keep_button.isVisible()
    choose(dialog.report, (2, 3))
    dialog.save_report_button.click()
    saved = feedback_for_session(db, session_id)
    assert [(a.predicted, a.reported) for a in saved.answers] == [(2, 2), (4, 3)]
    assert not dialog.change_button.isVisible()
    assert "can no longer change" in dialog.prediction_note.text()


def test_keeping_the_saved_prediction_puts_its_scores_back(qtbot, db):
    dialog, session_id = open_dialog(qtbot, db)
    choose(dialog.prediction, (3, 3))
    dialog.save_prediction_button.click()
    dialog.change_button.click()
    choose(dialog.prediction, (1, 1))
    dialog.keep_button.click()
    assert dialog.prediction.scores() == (3, 3)
    assert dialog.report_box.isVisible()
    assert [a.predicted for a in feedback_for_session(db, session_id).answers] == [3, 3]


def test_once_their_answers_are_being_entered_the_prediction_stays(qtbot, db):
    dialog, _session_id = open_dialog(qtbot, db)
    choose(dialog.prediction, (3, 3))
    dialog.save_prediction_button.click()
    dialog.report.groups[1].button(2).click()
    assert not dialog.change_button.isEnabled()
    assert "started entering their answers" in dialog.change_button.toolTip()
    dialog.change_prediction()  # even called directly, nothing opens
    assert dialog.report_box.isVisible() and dialog.prediction.scores() == (3, 3)


def test_a_comment_typed_in_also_keeps_the_prediction(qtbot, db):
    dialog, _session_id = open_dialog(qtbot, db)
    choose(dialog.prediction, (3, 3))
    dialog.save_prediction_button.click()
    assert dialog.change_button.isEnabled()
    dialog.comment.setPlainText("They said it before I asked")
    assert not dialog.change_button.isEnabled()
    dialog.comment.setPlainText("  ")
    assert dialog.change_button.isEnabled()


def test_a_skip_by_mistake_becomes_a_prediction(qtbot, db):
    dialog, session_id = open_dialog(qtbot, db)
    dialog.skip_button.click()
    assert dialog.change_button.text().replace("&", "") == "Predict after all"
    dialog.change_button.click()
    assert not dialog.report_box.isVisible()
    choose(dialog.prediction, (4, 2))
    dialog.save_prediction_button.click()
    saved = feedback_for_session(db, session_id)
    assert not saved.prediction_skipped and saved.predicted_at is not None
    assert [a.predicted for a in saved.answers] == [4, 2]
    assert dialog.change_button.text().replace("&", "") == "Change my prediction"


def test_a_correction_reopened_later_still_shows_the_saved_one(qtbot, db):
    dialog, session_id = open_dialog(qtbot, db)
    dialog.skip_button.click()
    dialog.change_button.click()
    choose(dialog.prediction, (5, 5))
    dialog.keep_button.click()
    assert dialog.prediction.scores() == (None, None)  # the skip stands
    again = FeedbackDialog(db, get_session(db, session_id), "Dan", QUESTIONS)
    qtbot.addWidget(again)
    again.show()
    assert (
        again.stage is Stage.PREDICTED and feedback_for_session(db, session_id).prediction_skipped
    )
    assert again.change_button.isVisible()


def test_digits_choose_the_scores_row_by_row(qtbot, db):
    dialog, session_id = open_dialog(qtbot, db)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_4)
    assert dialog.prediction.scores() == (4, None)
    assert dialog.focusWidget() is dialog.prediction.groups[1].button(1)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_9)  # off the scale: nothing
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_5)
    assert dialog.prediction.scores() == (4, 5)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert [a.predicted for a in feedback_for_session(db, session_id).answers] == [4, 5]
    qtbot.keyClick(dialog.prediction.groups[0].button(4), Qt.Key.Key_1)  # saved: read-only
    assert dialog.prediction.scores() == (4, 5)
    for key in (Qt.Key.Key_3, Qt.Key.Key_2):
        qtbot.keyClick(dialog.focusWidget(), key)
    assert dialog.report.scores() == (3, 2)
