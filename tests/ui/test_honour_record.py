"""The review's "Honoured" is recorded per item and session and shown on the client's What
matters tab."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from sqlalchemy import select

from coachdesk.storage.models import HonourCheck
from coachdesk.ui.dialogs.review import ReviewDialog, offer_review
from coachdesk.ui.dialogs.review.answers import HONOURED
from coachdesk.ui.pages.client import ClientPage
from tests.ui.test_today_and_review import answer, held_session


def stored(db) -> list[tuple[int, int, str, bool]]:
    with db.session() as session:
        return [
            (c.session_id, c.matter_id, c.outcome, c.fired)
            for c in session.scalars(select(HonourCheck).order_by(HonourCheck.id))
        ]


def honoured_column(page: ClientPage) -> dict[str, str]:
    model = page.matters_tab.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    column = headers.index("Honoured")
    return {
        model.row_at(r).statement: model.index(r, column).data() for r in range(model.rowCount())
    }


def test_honoured_in_the_review_is_stored_and_shown_on_the_client_page(qtbot, db, settings):
    held = held_session(db)
    summaries: list[str | None] = []

    def review(dialog):
        assert isinstance(dialog, ReviewDialog)
        [row] = dialog.relevant_rows
        qtbot.mouseClick(row.choices.button(HONOURED), Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    errors = answer(review)
    summaries.append(offer_review(db, held.session_id))
    if errors:
        raise errors[0]

    # The fired item as answered; the other item left "not relevant" is not stored.
    assert stored(db) == [(held.session_id, held.guest_matter, "honoured", True)]
    assert summaries == ["Review saved: 1 item honoured."]

    page = ClientPage(db, QUndoStack(), settings)
    qtbot.addWidget(page)
    page.show_client(held.client_id)
    assert honoured_column(page) == {
        "Let me know ahead of time if someone else will join": "1 of 1",
        "Remember my children's names": "",
    }


def test_an_other_item_marked_missed_is_stored_as_not_fired(qtbot, db):
    held = held_session(db)

    def review(dialog):
        qtbot.mouseClick(dialog.others_toggle, Qt.MouseButton.LeftButton)
        [other] = dialog.other_rows
        qtbot.mouseClick(other.choices.button(1), Qt.MouseButton.LeftButton)
        other.what_happened.setText("Forgot her son's name")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    errors = answer(review)
    offer_review(db, held.session_id)
    if errors:
        raise errors[0]
    assert stored(db) == [
        (held.session_id, held.guest_matter, "not_relevant", True),
        (held.session_id, held.other_matter, "missed", False),
    ]


def test_a_new_item_from_the_review_says_how_it_is_saved(qtbot, db):
    held = held_session(db)
    dialog = ReviewDialog(db, held.session_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.new_items_note.isVisible()
    qtbot.keyClicks(dialog.new_item, "Ask me before inviting HR")
    qtbot.keyClick(dialog.new_item, Qt.Key.Key_Return)
    assert dialog.new_items_note.isVisible()
    assert dialog.new_items_note.text().startswith(
        "Added as Connection, importance “matters”, with the triggers ticked"
    )
    dialog.reject()
