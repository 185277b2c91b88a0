"""Editing the feedback questions: the list the coach keeps in settings, and why editing it
never rewrites feedback already recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from coachdesk.domain.clients import ClientData
from coachdesk.domain.feedback import FeedbackInput, series_by_question
from coachdesk.domain.practice import SessionData
from coachdesk.domain.vocab import DEFAULT_FEEDBACK_QUESTIONS, SessionStatus
from coachdesk.preferences import (
    FEEDBACK_QUESTIONS_KEY,
    feedback_questions,
    open_settings,
    set_feedback_questions,
)
from coachdesk.printing.feedback_card import MAX_QUESTION_LENGTH, MAX_QUESTIONS
from coachdesk.storage.clients import create_client
from coachdesk.storage.feedback import (
    feedback_for_client,
    feedback_for_session,
    save_prediction,
    save_report,
)
from coachdesk.storage.sessions import create_session, set_session_status
from coachdesk.ui.dialogs.feedback_questions import FeedbackQuestionsDialog, question_problems

pytestmark = pytest.mark.gui

FIRST, SECOND = DEFAULT_FEEDBACK_QUESTIONS


@pytest.fixture
def dialog(qtbot, settings):
    widget = FeedbackQuestionsDialog(settings)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown(dialog) -> list[str]:
    return [dialog.list.item(row).text() for row in range(dialog.list.count())]


def type_into_row(qtbot, dialog, row: int, text: str, *, enter: bool = True) -> None:
    """Edit a question in place, as the coach does: F2 on the row, type, Enter."""
    dialog.list.setCurrentRow(row)
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_F2)
    editor = dialog.delegate.editor
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    if enter:
        press_enter(qtbot, dialog)


def press_enter(qtbot, dialog) -> None:
    """Enter ends the edit; the view commits it on its next turn of the event loop."""
    qtbot.keyClick(dialog.delegate.editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.list.state() != QAbstractItemView.State.EditingState)


def held_session(db, client_id: int, days_ago: int) -> int:
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=days_ago)
    session_id = create_session(db, SessionData(client_id=client_id, start=start))
    set_session_status(db, session_id, SessionStatus.HELD)
    return session_id


# --- the preference --------------------------------------------------------------------------


def test_without_a_saved_list_the_defaults_are_asked(settings):
    assert feedback_questions(settings) == DEFAULT_FEEDBACK_QUESTIONS


@pytest.mark.parametrize(
    "questions",
    [
        ("Only one question",),
        ("Ich fühle mich verstanden, heute", 'I "trust" my coach; always', "a, b, c"),
    ],
)
def test_the_list_survives_the_settings_file(app_paths, settings, questions):
    set_feedback_questions(settings, list(questions))
    reopened = open_settings(app_paths)  # read back from the INI file itself
    assert feedback_questions(reopened) == questions


def test_an_unreadable_saved_list_falls_back_to_the_defaults(settings):
    settings.setValue(FEEDBACK_QUESTIONS_KEY, "[not json")
    assert feedback_questions(settings) == DEFAULT_FEEDBACK_QUESTIONS
    settings.setValue(FEEDBACK_QUESTIONS_KEY, '["", "  "]')
    assert feedback_questions(settings) == DEFAULT_FEEDBACK_QUESTIONS


@pytest.mark.parametrize("questions", [[], ["Fine", "  "]])
def test_an_empty_list_or_a_blank_question_is_not_stored(settings, questions):
    with pytest.raises(ValueError):
        set_feedback_questions(settings, questions)
    assert not settings.contains(FEEDBACK_QUESTIONS_KEY)


def test_question_problems_in_plain_words():
    assert question_problems(DEFAULT_FEEDBACK_QUESTIONS) == []
    assert question_problems(()) == [
        "Keep at least one question: the feedback form needs something to ask."
    ]
    assert question_problems(("A", " ")) == ["Question 2 is empty: type it, or remove it."]
    assert question_problems(("I felt heard", "i  felt HEARD ")) == [
        "Questions 1 and 2 are the same: “i  felt HEARD”."
    ]
    long = "x" * (MAX_QUESTION_LENGTH + 1)
    assert question_problems((long,)) == [
        f"Question 1 is too long for the printed card ({MAX_QUESTION_LENGTH + 1} characters, "
        f"{MAX_QUESTION_LENGTH} at most)."
    ]
    too_many = [f"Q{n}" for n in range(MAX_QUESTIONS + 2)]
    assert question_problems(too_many) == [
        f"The printed card has room for {MAX_QUESTIONS} questions: remove 2."
    ]


# --- the dialog ------------------------------------------------------------------------------


def test_it_shows_the_saved_list(qtbot, settings):
    set_feedback_questions(settings, ["One", "Two", "Three"])
    widget = FeedbackQuestionsDialog(settings)
    qtbot.addWidget(widget)
    assert shown(widget) == ["One", "Two", "Three"]
    assert widget.save_button.isEnabled() and not widget.problem.isVisibleTo(widget)


def test_it_says_recorded_feedback_keeps_its_questions(dialog):
    assert "already recorded keeps the questions it was asked under" in dialog.note.text()
    assert dialog.note.isVisible()


def test_edit_add_reorder_remove_and_save(qtbot, dialog, settings, app_paths):
    assert shown(dialog) == list(DEFAULT_FEEDBACK_QUESTIONS)
    type_into_row(qtbot, dialog, 0, "I felt  heard today ")
    assert shown(dialog) == ["I felt heard today", SECOND]  # spaces tidied

    dialog.add_button.click()
    editor = dialog.delegate.editor
    assert editor is not None and dialog.list.currentRow() == 2
    qtbot.keyClicks(editor, "I left with a clear next step")
    press_enter(qtbot, dialog)
    assert shown(dialog) == ["I felt heard today", SECOND, "I left with a clear next step"]

    dialog.up_button.click()  # the new one moves above the trust question
    assert dialog.list.currentRow() == 1
    dialog.up_button.click()
    assert shown(dialog) == ["I left with a clear next step", "I felt heard today", SECOND]
    assert not dialog.up_button.isEnabled()  # already at the top
    dialog.down_button.click()
    assert shown(dialog) == ["I felt heard today", "I left with a clear next step", SECOND]

    dialog.list.setCurrentRow(2)
    assert not dialog.down_button.isEnabled()
    dialog.remove_button.click()
    assert shown(dialog) == ["I felt heard today", "I left with a clear next step"]

    assert settings.value(FEEDBACK_QUESTIONS_KEY) is None  # nothing stored before Save
    dialog.save_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    expected = ("I felt heard today", "I left with a clear next step")
    assert feedback_questions(settings) == expected
    assert feedback_questions(open_settings(app_paths)) == expected


def test_cancel_keeps_the_saved_list(qtbot, dialog, settings):
    type_into_row(qtbot, dialog, 1, "Something else")
    dialog.buttons.rejected.emit()
    assert feedback_questions(settings) == DEFAULT_FEEDBACK_QUESTIONS
    assert not settings.contains(FEEDBACK_QUESTIONS_KEY)


def test_an_empty_list_cannot_be_saved(dialog, settings):
    dialog.remove_button.click()
    dialog.remove_button.click()
    assert dialog.list.count() == 0
    assert not dialog.remove_button.isEnabled()
    assert dialog.problem.isVisible()
    assert "Keep at least one question" in dialog.problem.text()
    assert not dialog.save_button.isEnabled()
    dialog.save()  # even when asked directly
    assert dialog.isVisible()
    assert not settings.contains(FEEDBACK_QUESTIONS_KEY)


def test_a_blank_question_cannot_be_saved_until_it_is_typed(qtbot, dialog, settings):
    dialog.add_button.click()
    press_enter(qtbot, dialog)  # left empty
    assert shown(dialog) == [FIRST, SECOND, ""]
    assert dialog.problem.text() == "Question 3 is empty: type it, or remove it."
    assert not dialog.save_button.isEnabled()
    dialog.save()
    assert dialog.isVisible() and not settings.contains(FEEDBACK_QUESTIONS_KEY)

    type_into_row(qtbot, dialog, 2, "   ")  # spaces are still blank
    assert not dialog.save_button.isEnabled()
    type_into_row(qtbot, dialog, 2, "We worked on what matters to me", enter=False)
    # What is being typed counts before Enter, so Save is there to click.
    assert dialog.save_button.isEnabled() and not dialog.problem.isVisible()
    dialog.save_button.click()  # commits the open editor first
    assert feedback_questions(settings) == (FIRST, SECOND, "We worked on what matters to me")


def test_a_repeated_question_is_refused(qtbot, dialog, settings):
    type_into_row(qtbot, dialog, 1, " i felt UNDERSTOOD  today")
    assert dialog.problem.isVisible()
    assert "Questions 1 and 2 are the same" in dialog.problem.text()
    assert not dialog.save_button.isEnabled()
    dialog.save()
    assert not settings.contains(FEEDBACK_QUESTIONS_KEY)
    dialog.remove_button.click()
    assert dialog.save_button.isEnabled() and not dialog.problem.isVisible()


def test_the_list_stops_at_what_the_card_holds(qtbot, dialog):
    while dialog.list.count() < MAX_QUESTIONS:
        dialog.add_button.click()
        qtbot.keyClicks(dialog.delegate.editor, f"Question {dialog.list.count()}")
        press_enter(qtbot, dialog)
    assert not dialog.add_button.isEnabled()
    assert dialog.save_button.isEnabled()
    dialog.add_question()  # even when asked directly
    assert dialog.list.count() == MAX_QUESTIONS


def test_reset_brings_back_the_defaults(qtbot, dialog, settings):
    set_feedback_questions(settings, ["Mine"])
    widget = FeedbackQuestionsDialog(settings)
    qtbot.addWidget(widget)
    widget.reset_button.click()
    assert shown(widget) == list(DEFAULT_FEEDBACK_QUESTIONS)
    widget.save()
    assert feedback_questions(settings) == DEFAULT_FEEDBACK_QUESTIONS


def test_editing_the_list_keeps_recorded_answers_and_shapes_new_ones(qtbot, db, settings):
    client = create_client(db, ClientData(name="Daniel Okafor", preferred_name="Dan"))
    before = held_session(db, client, 14)
    asked = feedback_questions(settings)
    save_prediction(db, before, FeedbackInput(asked, (4, 5)))
    save_report(db, before, FeedbackInput(asked, (3, 5), "Not heard about the board."))
    recorded = feedback_for_session(db, before)
    predicted_only = held_session(db, client, 7)  # a prediction still waiting for answers
    save_prediction(db, predicted_only, FeedbackInput(asked, (4, 4)))
    waiting = feedback_for_session(db, predicted_only)

    widget = FeedbackQuestionsDialog(settings)
    qtbot.addWidget(widget)
    widget.show()
    type_into_row(qtbot, widget, 0, "I felt heard today")
    widget.add_button.click()
    qtbot.keyClicks(widget.delegate.editor, "I left with a clear next step")
    widget.list.setCurrentRow(1)
    widget.remove_button.click()  # the trust question goes
    widget.save_button.click()
    new = ("I felt heard today", "I left with a clear next step")
    assert feedback_questions(settings) == new

    assert feedback_for_session(db, before) == recorded
    assert feedback_for_session(db, predicted_only) == waiting
    assert [a.question for a in waiting.answers] == list(DEFAULT_FEEDBACK_QUESTIONS)

    after = held_session(db, client, 1)
    save_prediction(db, after, FeedbackInput(feedback_questions(settings), (4, 3)))
    fresh = feedback_for_session(db, after)
    assert [(a.question, a.predicted) for a in fresh.answers] == [(new[0], 4), (new[1], 3)]
    rows = feedback_for_client(db, client)
    series = {s.question: len(s.points) for s in series_by_question(rows)}
    assert series == {FIRST: 2, SECOND: 2, new[0]: 1, new[1]: 1}
