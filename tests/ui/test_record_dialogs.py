"""What matters, breaches and promises through the real dialogs, checked in the database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel

from coachdesk.domain.clients import ClientData
from coachdesk.domain.practice import BreachData, MatterData, PromiseData, SessionData
from coachdesk.domain.vocab import (
    Category,
    PromiseOwner,
    PromiseStatus,
    RepairStatus,
    SessionStatus,
    Trigger,
)
from coachdesk.storage.breaches import get_breach, list_breaches, log_breach
from coachdesk.storage.clients import create_client
from coachdesk.storage.matters import create_matter, delete_matter, get_matter, list_matters
from coachdesk.storage.promises import create_promise, get_promise, list_promises
from coachdesk.storage.sessions import create_session, get_session, set_session_status
from coachdesk.ui.dialogs.breach import BreachDialog
from coachdesk.ui.dialogs.matter import MatterDialog
from coachdesk.ui.dialogs.promise import PromiseDialog, log_missed_promise
from tests.helpers import when_modal

pytestmark = pytest.mark.gui

STATEMENT = "Let me know ahead of time if someone else will join"


@pytest.fixture
def dan(db) -> int:
    return create_client(db, ClientData(name="Dan Okafor", preferred_name="Dan"))


@pytest.fixture
def held_session(db, dan) -> int:
    session_id = create_session(
        db, SessionData(client_id=dan, start=datetime.now(UTC) - timedelta(days=3))
    )
    set_session_status(db, session_id, SessionStatus.HELD)
    return session_id


def open_dialog(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def save(qtbot, dialog) -> int:
    assert dialog.save_button.isEnabled(), dialog.problem_label.text()
    with qtbot.waitSignal(dialog.saved, timeout=1000) as signal:
        dialog.save_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    return signal.args[0]


def add_matter(db, client_id: int, statement: str = STATEMENT, **fields) -> int:
    return create_matter(db, MatterData(client_id=client_id, statement=statement, **fields))


# --- what matters -----------------------------------------------------------------------------


def test_capture_an_item_from_a_session(qtbot, db, dan, held_session):
    dialog = open_dialog(qtbot, MatterDialog(db, client_id=dan, source_session_id=held_session))
    assert dialog.windowTitle() == "What matters to them"
    assert dialog.statement.font().pointSizeF() > dialog.why.font().pointSizeF()
    assert dialog.form.labelForField(dialog.statement) is not None
    assert dialog.confirmed_label.text() == "not yet"

    qtbot.keyClicks(dialog.statement, STATEMENT)
    qtbot.keyClicks(dialog.why, "A sponsor once sat in unannounced")
    dialog.category.set_value(Category.COMMUNICATION)
    dialog.importance.set_value(3)
    assert dialog.trigger_boxes[Trigger.GUESTS].text() == "someone else joins"
    dialog.trigger_boxes[Trigger.GUESTS].click()
    dialog.trigger_boxes[Trigger.RECORDING].click()
    qtbot.keyClicks(dialog.keywords, "board, Maria")
    dialog.keep_off_printouts.click()
    dialog.confirm_button.click()
    assert dialog.confirmed_label.text() == "today"

    with qtbot.waitSignal(dialog.saved, timeout=1000) as signal:
        qtbot.keyClick(dialog.keywords, Qt.Key.Key_Return)
    [row] = list_matters(db, dan)
    assert signal.args == [row.id]
    assert row.statement == STATEMENT
    assert row.why == "A sponsor once sat in unannounced"
    assert (row.category, row.importance) == (Category.COMMUNICATION, 3)
    assert row.source_session_id == held_session
    assert row.triggers == {Trigger.GUESTS, Trigger.RECORDING}
    assert row.keywords == "board, Maria"
    assert row.keep_off_printouts is True
    assert row.last_confirmed_on == date.today()
    assert row.captured_on == date.today()
    assert row.active is True


def test_the_clients_words_are_required(qtbot, db, dan):
    dialog = open_dialog(qtbot, MatterDialog(db, client_id=dan))
    assert not dialog.save_button.isEnabled()
    assert "client's own words" in dialog.field_note("statement")
    qtbot.keyClicks(dialog.statement, "   ")
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.statement, "Start on time")
    assert dialog.save_button.isEnabled()
    assert dialog.field_note("statement") == ""
    dialog.statement.clear()
    assert not dialog.save_button.isEnabled()
    assert "client's own words" in dialog.field_note("statement")
    qtbot.keyClick(dialog.keywords, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert list_matters(db, dan) == []


def test_retire_and_reactivate(qtbot, db, dan):
    matter_id = add_matter(db, dan, triggers=frozenset({Trigger.GUESTS}), importance=3)

    dialog = open_dialog(qtbot, MatterDialog(db, client_id=dan, matter_id=matter_id))
    assert dialog.statement.toPlainText() == STATEMENT
    assert dialog.trigger_boxes[Trigger.GUESTS].isChecked()
    assert "Active" in dialog.active_label.text()
    dialog.active_button.click()
    assert "Retired" in dialog.active_label.text()
    save(qtbot, dialog)
    row = get_matter(db, matter_id)
    assert row.active is False
    assert (row.statement, row.importance, row.triggers) == (STATEMENT, 3, {Trigger.GUESTS})

    again = open_dialog(qtbot, MatterDialog(db, client_id=dan, matter_id=matter_id))
    assert "Retired" in again.active_label.text()
    assert again.active_button.text().replace("&", "") == "Reactivate"
    again.active_button.click()
    save(qtbot, again)
    assert get_matter(db, matter_id).active is True


def test_an_item_deleted_meanwhile_is_reported_not_crashed(qtbot, db, dan):
    matter_id = add_matter(db, dan)
    dialog = open_dialog(qtbot, MatterDialog(db, client_id=dan, matter_id=matter_id))
    delete_matter(db, matter_id)
    messages: list[str] = []

    def read_and_close(box):
        messages.append(box.text())
        box.accept()

    when_modal(read_and_close)
    dialog.save_button.click()
    assert messages and "deleted" in messages[0]
    assert dialog.result() == dialog.DialogCode.Rejected
    assert list_matters(db, dan) == []


# --- breaches ---------------------------------------------------------------------------------


def test_breach_against_an_existing_item(qtbot, db, dan, held_session):
    other = add_matter(db, dan, "Start and end on time")
    matter_id = add_matter(db, dan, importance=3)
    retired = add_matter(db, dan, "Retired one", active=False)

    dialog = open_dialog(qtbot, BreachDialog(db, client_id=dan, session_id=held_session))
    assert dialog.windowTitle() == "Log a breach"
    assert dialog.existing_radio.isChecked()
    assert not dialog.form.isRowVisible(dialog.new_statement)
    offered = [dialog.matter_combo.itemData(i) for i in range(dialog.matter_combo.count())]
    assert sorted(offered) == sorted([other, matter_id])
    assert retired not in offered
    dialog.matter_combo.setCurrentIndex(dialog.matter_combo.findData(matter_id))
    assert dialog.matter_combo.currentText() == f"“{STATEMENT}”"
    assert dialog.session_picker.chosen_id() == held_session
    assert dialog.how_it_landed.font().pointSizeF() > dialog.what_happened.font().pointSizeF()

    qtbot.keyClicks(dialog.what_happened, "Maria joined without warning")
    qtbot.keyClicks(dialog.how_it_landed, "I felt ambushed")
    dialog.severity.set_value(3)
    breach_id = save(qtbot, dialog)

    [row] = list_breaches(db, dan)
    assert row.id == breach_id
    assert row.matter_id == matter_id == dialog.saved_matter_id
    assert row.session_id == held_session
    assert row.occurred_on == get_session(db, held_session).start.astimezone().date()
    assert (row.what_happened, row.how_it_landed) == (
        "Maria joined without warning",
        "I felt ambushed",
    )
    assert row.severity == 3
    assert row.repair_status is RepairStatus.OPEN
    assert len(list_matters(db, dan)) == 3


def test_breach_creates_its_item_in_the_same_dialog(qtbot, db, dan):
    dialog = open_dialog(qtbot, BreachDialog(db, client_id=dan))
    assert dialog.new_radio.isChecked(), "with nothing recorded yet, default to something new"
    assert not dialog.existing_radio.isEnabled()
    assert dialog.form.isRowVisible(dialog.new_statement)
    assert "client's own words" in dialog.field_note("statement")

    qtbot.keyClicks(dialog.new_statement, "Don't spring people on me")
    dialog.new_category.set_value(Category.COMMUNICATION)
    dialog.new_importance.set_value(3)
    qtbot.keyClicks(dialog.what_happened, "Brought a colleague along")
    breach_id = save(qtbot, dialog)

    [matter] = list_matters(db, dan)
    [breach] = list_breaches(db, dan)
    assert breach.id == breach_id
    assert breach.matter_id == matter.id == dialog.saved_matter_id
    assert matter.statement == "Don't spring people on me"
    assert (matter.category, matter.importance) == (Category.COMMUNICATION, 3)
    assert matter.captured_on == date.today()


def test_something_new_reveals_the_item_fields(qtbot, db, dan):
    add_matter(db, dan)
    dialog = open_dialog(qtbot, BreachDialog(db, client_id=dan))
    height = dialog.height()
    dialog.new_radio.click()
    assert dialog.form.isRowVisible(dialog.new_statement)
    assert not dialog.matter_combo.isEnabled()
    assert dialog.height() > height
    dialog.existing_radio.click()
    assert not dialog.form.isRowVisible(dialog.new_statement)


def test_a_breach_in_the_future_is_refused_inline(qtbot, db, dan):
    add_matter(db, dan)
    dialog = open_dialog(qtbot, BreachDialog(db, client_id=dan))
    assert dialog.occurred_on.date() == QDate.currentDate()
    qtbot.keyClicks(dialog.what_happened, "Late by twenty minutes")
    assert dialog.save_button.isEnabled()
    dialog.occurred_on.setDate(QDate.currentDate().addDays(1))
    assert not dialog.save_button.isEnabled()
    assert "future" in dialog.field_note("occurred_on")
    dialog.occurred_on.setDate(QDate.currentDate())
    assert dialog.save_button.isEnabled()
    save(qtbot, dialog)
    assert [row.occurred_on for row in list_breaches(db, dan)] == [date.today()]


def test_repaired_needs_a_repaired_on_date(qtbot, db, dan):
    matter_id = add_matter(db, dan)
    breach_id, _ = log_breach(
        db,
        BreachData(
            matter_id=matter_id,
            occurred_on=date.today() - timedelta(days=5),
            what_happened="Guest not announced",
            how_it_landed="Blindsided",
        ),
    )
    dialog = open_dialog(qtbot, BreachDialog(db, client_id=dan, breach_id=breach_id))
    assert dialog.windowTitle() == "Breach and repair"
    assert dialog.how_it_landed.toPlainText() == "Blindsided"
    assert dialog.new_radio.isHidden()
    assert not dialog.has_repaired_on.isChecked()

    dialog.repair_status.setCurrentIndex(
        dialog.repair_status.findData(RepairStatus.ACKNOWLEDGED.value)
    )
    assert not dialog.has_repaired_on.isChecked()
    dialog.repair_status.setCurrentIndex(dialog.repair_status.findData(RepairStatus.REPAIRED.value))
    assert dialog.has_repaired_on.isChecked()
    assert dialog.repaired_on.date() == QDate.currentDate()
    dialog.has_repaired_on.click()
    assert not dialog.save_button.isEnabled()
    assert "date it was repaired" in dialog.field_note("repaired_on")
    dialog.has_repaired_on.click()
    qtbot.keyClicks(dialog.repair_notes, "Talked it through; agreed to ask first")
    save(qtbot, dialog)

    row = get_breach(db, breach_id)
    assert row.repair_status is RepairStatus.REPAIRED
    assert row.repaired_on == date.today()
    assert row.repair_notes == "Talked it through; agreed to ask first"
    assert row.how_it_landed == "Blindsided"
    assert row.matter_id == matter_id


# --- promises ---------------------------------------------------------------------------------


def test_record_and_edit_a_promise(qtbot, db, dan, held_session):
    dialog = open_dialog(qtbot, PromiseDialog(db, client_id=dan, session_id=held_session))
    assert not dialog.form.isRowVisible(dialog.status)
    assert not dialog.save_button.isEnabled()
    dialog.client_radio.click()
    qtbot.keyClicks(dialog.text, "Draft the message to the board")
    dialog.has_due_on.click()
    dialog.due_on.setDate(QDate(date.today() + timedelta(days=10)))
    assert dialog.session_picker.chosen_id() == held_session
    promise_id = save(qtbot, dialog)

    row = get_promise(db, promise_id)
    assert row.owner is PromiseOwner.CLIENT
    assert row.text == "Draft the message to the board"
    assert row.due_on == date.today() + timedelta(days=10)
    assert row.session_id == held_session
    assert row.status is PromiseStatus.OPEN

    edit = open_dialog(qtbot, PromiseDialog(db, client_id=dan, promise_id=promise_id))
    assert edit.form.isRowVisible(edit.status)
    assert edit.client_radio.isChecked() and edit.has_due_on.isChecked()
    edit.status.setCurrentIndex(edit.status.findData(PromiseStatus.KEPT.value))
    edit.has_due_on.click()
    edit.session_picker.setCurrentIndex(0)
    save(qtbot, edit)
    row = get_promise(db, promise_id)
    assert (row.status, row.due_on, row.session_id) == (PromiseStatus.KEPT, None, None)


def test_a_missed_promise_becomes_a_breach_in_one_step(qtbot, db, dan, held_session):
    promise_id = create_promise(
        db,
        PromiseData(
            client_id=dan,
            owner=PromiseOwner.COACH,
            text="Send the article on delegation",
            session_id=held_session,
        ),
    )

    def fill(dialog):
        assert isinstance(dialog, BreachDialog)
        assert dialog.new_radio.isChecked()
        assert dialog.new_statement.toPlainText() == ""
        assert dialog.new_category.value() is Category.COMMITMENT
        assert (
            dialog.what_happened.toPlainText() == "Missed promise: Send the article on delegation"
        )
        assert dialog.session_picker.chosen_id() == held_session
        qtbot.keyClicks(dialog.new_statement, "When you say you'll send something, send it")
        qtbot.keyClicks(dialog.how_it_landed, "I wondered if you'd forgotten me")
        dialog.save_button.click()

    seen = when_modal(fill)
    breach_id = log_missed_promise(db, promise_id)
    assert seen
    breach = get_breach(db, breach_id)
    assert breach.commitment_id == promise_id
    assert breach.session_id == held_session
    assert breach.matter_statement == "When you say you'll send something, send it"
    assert get_promise(db, promise_id).status is PromiseStatus.MISSED


def test_cancelling_the_missed_promise_breach_leaves_the_promise_open(qtbot, db, dan):
    promise_id = create_promise(
        db, PromiseData(client_id=dan, owner=PromiseOwner.COACH, text="Call the sponsor")
    )

    def type_and_escape(dialog):
        qtbot.keyClicks(dialog.new_statement, "Not saved")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_modal(type_and_escape)
    assert log_missed_promise(db, promise_id) is None
    assert get_promise(db, promise_id).status is PromiseStatus.OPEN
    assert list_breaches(db, dan) == []
    assert list_matters(db, dan) == []


# --- without a client in context --------------------------------------------------------------


def test_the_client_picker_comes_first_and_its_choice_is_used(qtbot, db, dan, held_session):
    ada = create_client(db, ClientData(name="Ada Lovelace"))
    ada_matter = add_matter(db, ada, "Write it down for me")

    matter = open_dialog(qtbot, MatterDialog(db, client_id=None))
    assert matter.form.itemAt(0, matter.form.ItemRole.FieldRole).widget() is matter.client_picker
    qtbot.keyClicks(matter.statement, "Plain words, please")
    assert not matter.save_button.isEnabled()
    assert "Choose the client" in matter.problem_label.text()
    matter.client_picker.choose(dan)
    assert matter.client_picker.currentText() == "Dan Okafor (Dan)"
    save(qtbot, matter)
    assert [row.statement for row in list_matters(db, dan)] == ["Plain words, please"]

    breach = open_dialog(qtbot, BreachDialog(db, client_id=None))
    assert breach.client_picker is not None
    breach.client_picker.choose(ada)
    assert breach.existing_radio.isChecked()
    assert breach.matter_combo.currentData() == ada_matter
    assert breach.session_picker.count() == 1
    breach.client_picker.choose(dan)
    assert breach.session_picker.findData(held_session) > 0
    breach.client_picker.choose(ada)
    qtbot.keyClicks(breach.what_happened, "Forgot to send notes")
    save(qtbot, breach)
    assert [row.matter_id for row in list_breaches(db, ada)] == [ada_matter]

    promise = open_dialog(qtbot, PromiseDialog(db, client_id=None))
    promise.client_picker.choose(dan)
    promise.session_picker.setCurrentIndex(promise.session_picker.findData(held_session))
    qtbot.keyClicks(promise.text, "Bring the 360 results")
    save(qtbot, promise)
    [row] = list_promises(db, dan)
    assert (row.text, row.session_id) == ("Bring the 360 results", held_session)


# --- text of every kind -----------------------------------------------------------------------


def test_long_text_emoji_and_right_to_left_round_trip(qtbot, db):
    layla = create_client(db, ClientData(name="ليلى حداد", preferred_name="Layla"))
    arabic = "أخبرني مسبقًا إذا كان شخص آخر سينضم 🙏"
    long_note = ("Context matters. " * 300)[:5000].strip()

    dialog = open_dialog(qtbot, MatterDialog(db, client_id=layla))
    dialog.statement.setPlainText(arabic)
    dialog.why.setPlainText(long_note)
    matter_id = save(qtbot, dialog)
    row = get_matter(db, matter_id)
    assert (row.statement, row.why) == (arabic, long_note)
    reopened = open_dialog(qtbot, MatterDialog(db, client_id=layla, matter_id=matter_id))
    assert reopened.statement.toPlainText() == arabic
    assert reopened.why.toPlainText() == long_note

    long_statement = "x" * 5000
    other = add_matter(db, layla, long_statement)
    breach = open_dialog(qtbot, BreachDialog(db, client_id=layla, matter_id=other))
    assert breach.matter_combo.currentData() == other
    assert len(breach.matter_combo.currentText()) < 100
    assert breach.width() < 1000
    breach.what_happened.setPlainText(long_note)
    breach.how_it_landed.setPlainText("😞 " + arabic)
    breach_id = save(qtbot, breach)
    stored = get_breach(db, breach_id)
    assert (stored.what_happened, stored.how_it_landed) == (long_note, "😞 " + arabic)

    promise = open_dialog(qtbot, PromiseDialog(db, client_id=layla))
    promise.text.setPlainText(arabic + " " + long_note[:4000])
    promise_id = save(qtbot, promise)
    assert get_promise(db, promise_id).text == arabic + " " + long_note[:4000]


def test_levels_have_the_same_words_in_the_dialogs_and_the_clients_record(qtbot, db):
    from coachdesk.domain.vocab import IMPORTANCE_WORDS, SEVERITY_WORDS
    from coachdesk.printing.dossier_sections import dossier_html
    from coachdesk.storage.dossier import client_record
    from coachdesk.ui.dialogs.record_fields import ImportanceCombo, SeverityCombo

    importance, severity = ImportanceCombo(), SeverityCombo()
    qtbot.addWidget(importance)
    qtbot.addWidget(severity)
    assert [importance.itemText(i) for i in range(3)] == [
        f"{level} — {words}" for level, words in IMPORTANCE_WORDS.items()
    ]
    assert [severity.itemText(i) for i in range(3)] == [
        f"{level} — {words}" for level, words in SEVERITY_WORDS.items()
    ]
    client = create_client(db, ClientData(name="Ada"))
    matter = create_matter(db, MatterData(client, "Tell me first", importance=3))
    log_breach(db, BreachData(matter, date.today(), what_happened="Told late", severity=1))
    html = dossier_html(client_record(db, client))
    assert f"importance: {IMPORTANCE_WORDS[3]}" in html
    assert SEVERITY_WORDS[1] in html


def test_a_fields_problem_is_said_right_under_it(qtbot, db, dan):
    dialog = open_dialog(qtbot, MatterDialog(db, client_id=dan))
    qtbot.keyClicks(dialog.statement, "x")
    dialog.statement.clear()
    note = dialog.findChild(QLabel, "problem_statement")
    assert note.isVisible() and note.text().startswith("⚠")
    assert dialog.problem_label.isHidden()
    field = dialog.statement.geometry()
    assert field.bottom() < note.geometry().top() < dialog.why.geometry().top()
