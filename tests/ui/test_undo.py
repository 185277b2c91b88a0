"""Undo of a delete that fails (the file is busy) leaves everything consistent and retryable."""

from __future__ import annotations

import pytest

from coachdesk.domain.clients import ClientData
from coachdesk.storage import undo as storage_undo
from coachdesk.storage.client_list import list_clients
from coachdesk.storage.clients import create_client, delete_client
from coachdesk.storage.errors import Problem, StorageError
from coachdesk.ui.common.undo import DeleteCommand, UndoStack
from tests.helpers import click_button, message_text, when_modal

pytestmark = pytest.mark.gui


def test_a_failed_undo_keeps_the_command_to_try_again(qtbot, db, monkeypatch):
    client_id = create_client(db, ClientData(name="Dan"))
    stack = UndoStack()
    refreshed: list[int] = []
    deleted = delete_client(db, client_id)
    stack.push(
        DeleteCommand(
            db,
            "Delete Dan",
            deleted,
            delete_again=lambda: delete_client(db, client_id),
            refresh=lambda: refreshed.append(1),
        )
    )
    assert stack.index() == 1

    def busy(*_args):
        raise StorageError(Problem.LOCKED, "The data file is busy.")

    monkeypatch.setattr(storage_undo, "restore", busy)
    texts: list[str] = []
    when_modal(lambda box: (texts.append(message_text(box)), click_button(box, "OK")))
    stack.undo()
    qtbot.waitUntil(lambda: stack.index() == 1)
    assert "busy" in texts[0]
    assert list_clients(db) == []
    assert stack.canUndo()

    monkeypatch.undo()
    stack.undo()
    assert [row.name for row in list_clients(db)] == ["Dan"]
    stack.redo()
    assert list_clients(db) == []
