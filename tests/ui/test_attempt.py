"""The one way pages and dialogs report work the coach may be told "no" about."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from coachdesk.domain.clients import ClientData, FieldError, ValidationError
from coachdesk.storage.client_list import list_clients
from coachdesk.storage.clients import create_client, delete_client
from coachdesk.storage.errors import Problem, RecordNotFound, StorageError
from coachdesk.ui.common.attempt import attempt, delete_with_undo, open_dialog, write_and_reload
from tests.helpers import message_text, when_modal

pytestmark = pytest.mark.gui


def _answered(qtbot, run):
    """Run ``run`` while a modal box is answered; the texts of the boxes seen."""
    texts: list[str] = []

    def answer(box: QWidget) -> None:
        texts.append(message_text(box))
        box.accept() if not isinstance(box, QMessageBox) else box.button(
            QMessageBox.StandardButton.Ok
        ).click()

    when_modal(answer)
    result = run()
    return result, texts


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_the_value_comes_back_when_the_work_goes_through(parent):
    done = attempt(parent, lambda: 42)
    assert done and done.value == 42


@pytest.mark.parametrize(
    "problem",
    [
        ValidationError((FieldError("name", "The client needs a name."),)),
        StorageError(Problem.DISK_FULL, "The disk is full."),
    ],
)
def test_a_refusal_or_a_storage_problem_is_said_in_a_box(qtbot, parent, problem):
    def work():
        raise problem

    done, texts = _answered(qtbot, lambda: attempt(parent, work))
    assert not done and texts == [problem.message]


def test_a_record_gone_meanwhile_is_said_in_the_callers_words_then_on_gone(qtbot, parent):
    gone = []

    def work():
        raise RecordNotFound(7)

    done, texts = _answered(
        qtbot,
        lambda: attempt(
            parent, work, gone="This item was deleted.", on_gone=lambda: gone.append(1)
        ),
    )
    assert not done and texts == ["This item was deleted."] and gone == [1]


def test_inline_and_on_refusal_take_the_message_instead_of_a_box(parent):
    shown, refused = [], []

    def storage():
        raise StorageError(Problem.LOCKED, "The file is busy.")

    def refusal():
        raise ValidationError((FieldError("name", "No name."),))

    assert not attempt(parent, storage, inline=shown.append)
    assert not attempt(parent, refusal, on_refusal=refused.append)
    assert shown == ["The file is busy."] and [r.message for r in refused] == ["No name."]


def test_a_bug_is_not_reported_as_a_refusal_it_reaches_the_crash_dialog(parent):
    def work():
        raise KeyError("bug")

    with pytest.raises(KeyError):
        attempt(parent, work)


def test_write_and_reload_reloads_after_success_and_after_a_gone_record(qtbot, parent):
    reloads = []
    assert write_and_reload(parent, lambda: None, "gone", lambda: reloads.append(1))

    def gone():
        raise RecordNotFound(1)

    done, _texts = _answered(
        qtbot, lambda: write_and_reload(parent, gone, "gone", lambda: reloads.append(2))
    )
    assert not done and reloads == [1, 2]


def test_open_dialog_deletes_the_dialog_whatever_happens(qtbot, parent):
    made: list[QDialog] = []

    class Boom(QDialog):
        def exec(self) -> int:
            raise RuntimeError("bug in the dialog")

    def make() -> QDialog:
        made.append(Boom(parent))
        return made[0]

    with pytest.raises(RuntimeError):
        open_dialog(parent, make)
    destroyed = []
    made[0].destroyed.connect(lambda: destroyed.append(1))
    qtbot.waitUntil(lambda: destroyed == [1], timeout=2000)


def test_delete_with_undo_deletes_offers_undo_and_says_so(parent, db):
    client = create_client(db, ClientData(name="Ada"))
    stack, said, reloads = QUndoStack(), [], []
    assert delete_with_undo(
        parent,
        db,
        stack,
        delete=lambda: delete_client(db, client),
        label="Ada",
        reload=lambda: reloads.append(1),
        report=said.append,
    )
    assert list_clients(db) == [] and reloads == [1]
    assert said == ["Deleted Ada. Press Ctrl+Z to undo."]
    stack.undo()
    assert [row.name for row in list_clients(db)] == ["Ada"]
