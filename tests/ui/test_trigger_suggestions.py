"""The item dialog proposes triggers from the client's words; the coach accepts or clears."""

from __future__ import annotations

import pytest

from coachdesk.domain.clients import ClientData
from coachdesk.domain.vocab import Trigger
from coachdesk.storage.clients import create_client
from coachdesk.storage.matters import get_matter
from coachdesk.ui.dialogs.matter import MatterDialog
from tests.ui.test_record_dialogs import add_matter, open_dialog, save

pytestmark = pytest.mark.gui


@pytest.fixture
def dan(db) -> int:
    return create_client(db, ClientData(name="Dan Okafor", preferred_name="Dan"))


def proposal(qtbot, dialog) -> str:
    qtbot.waitUntil(lambda: dialog.suggestions.isVisible(), timeout=2000)
    return dialog.suggestions.label.text()


def test_words_propose_triggers_and_ticking_them_is_saved(qtbot, db, dan):
    dialog = open_dialog(qtbot, MatterDialog(db, client_id=dan))
    assert dialog.suggestions.isHidden()
    qtbot.keyClicks(dialog.statement, "Warn me before anybody else sits in on our sessions")
    text = proposal(qtbot, dialog)
    assert "someone else joining" in text and "anybody else" in text
    assert not dialog.trigger_boxes[Trigger.GUESTS].isChecked()  # nothing without the coach
    dialog.suggestions.accept_button.click()
    assert dialog.trigger_boxes[Trigger.GUESTS].isChecked()
    assert dialog.suggestions.isHidden()
    matter = get_matter(db, save(qtbot, dialog))
    assert matter.triggers == {Trigger.GUESTS}


def test_not_these_clears_the_proposal_and_ticks_nothing(qtbot, db, dan):
    dialog = open_dialog(qtbot, MatterDialog(db, client_id=dan))
    qtbot.keyClicks(dialog.statement, "Bitte frag mich, bevor du etwas aufnimmst")
    assert "recording" in proposal(qtbot, dialog)
    dialog.suggestions.dismiss_button.click()
    assert dialog.suggestions.isHidden()
    qtbot.keyClicks(dialog.statement, " ")
    qtbot.wait(400)
    assert dialog.suggestions.isHidden()  # the same words do not propose it again
    assert get_matter(db, save(qtbot, dialog)).triggers == frozenset()


def test_a_stored_untagged_item_gets_proposals_when_opened(qtbot, db, dan):
    matter_id = add_matter(db, dan, "Demande-moi avant d'enregistrer quoi que ce soit")
    dialog = open_dialog(qtbot, MatterDialog(db, client_id=dan, matter_id=matter_id))
    assert "recording" in proposal(qtbot, dialog)


def test_the_language_choice_is_saved(qtbot, db, dan):
    dialog = open_dialog(qtbot, MatterDialog(db, client_id=dan))
    qtbot.keyClicks(dialog.statement, "Pas de surprises")
    dialog.language.set_value("fr")
    assert get_matter(db, save(qtbot, dialog)).language == "fr"
