"""Issue 20 in the window: an item's notice in the client's words, a client's time zone,
and a session's time shown in both clocks where they differ (Today, the prep panel and
sheet, the session dialog, the Sessions list), through real widgets on a real data file,
read back through the storage layer (and the sheet through poppler's ``pdftotext``)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale, Qt, QTime
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel

from coachdesk.display.timefmt import format_clock, to_qdatetime
from coachdesk.domain.clients import ClientData
from coachdesk.domain.notice import NoticeError, ZoneError, parse_notice, zone_named
from coachdesk.domain.practice import SessionData
from coachdesk.local_zone import local_zone_name
from coachdesk.printing.prep_sheet import render_prep_sheet
from coachdesk.storage.client_list import count_clients
from coachdesk.storage.clients import create_client, get_client
from coachdesk.storage.matters import get_matter, list_matters
from coachdesk.storage.prep import load_prep_input
from coachdesk.storage.sessions import create_session
from coachdesk.ui.dialogs.client import ClientDialog
from coachdesk.ui.dialogs.matter import MatterDialog
from coachdesk.ui.dialogs.prep import PrepPanel
from coachdesk.ui.dialogs.session import SessionDialog
from coachdesk.ui.pages.sessions import SessionsPage
from coachdesk.ui.pages.today import TodayPage
from coachdesk.ui.pages.today.sessions import SessionsTree
from tests.ui.prep_helpers import texts

pytestmark = pytest.mark.gui

NEW_YORK = "America/New_York"


def open_dialog(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # Ctrl+Enter needs its window active
    return dialog


def ctrl_enter(qtbot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


# --- the notice an item asks for ---------------------------------------------------------------


@pytest.fixture
def dan(db) -> int:
    return create_client(db, ClientData(name="Daniel Okafor", preferred_name="Dan"))


def test_the_notice_reads_the_clients_words_and_saves_them(qtbot, db, dan):
    dialog = open_dialog(qtbot, MatterDialog(db, client_id=dan))
    caption = next(
        label for label in dialog.findChildren(QLabel) if label.text() == "&Notice needed"
    )
    assert caption.buddy() is dialog.notice  # Alt+N reaches it
    # Empty: the default, said in full.
    assert dialog.notice.value() == ""
    assert dialog.notice.lineEdit().placeholderText() == "The default"
    assert dialog.notice_hint.text() == "the default: a guest 24 hours, a move 48 hours"
    offered = [dialog.notice.itemText(i) for i in range(dialog.notice.count())]
    assert offered == ["The default", "24 hours", "48 hours", "1 day", "2 working days", "1 week"]

    qtbot.keyClicks(dialog.statement, "Let me know ahead of time if someone else will join")
    qtbot.keyClicks(dialog.notice.lineEdit(), "two working days")
    assert dialog.notice_hint.isVisible()
    assert dialog.notice_hint.text() == "read as: 2 working days"
    assert dialog.field_note("notice") == ""
    with qtbot.waitSignal(dialog.saved, timeout=1000) as signal:
        ctrl_enter(qtbot, dialog.notice.lineEdit())
    assert get_matter(db, signal.args[0]).notice == "two working days"  # their words, kept

    again = open_dialog(qtbot, MatterDialog(db, client_id=dan, matter_id=signal.args[0]))
    assert again.notice.currentText() == "two working days"
    assert again.notice_hint.text() == "read as: 2 working days"


def test_words_that_say_no_notice_are_refused_under_the_field(qtbot, db, dan):
    dialog = open_dialog(qtbot, MatterDialog(db, client_id=dan))
    qtbot.keyClicks(dialog.statement, "Tell me before anyone joins")
    qtbot.keyClicks(dialog.notice.lineEdit(), "two")
    with pytest.raises(NoticeError) as refused:
        parse_notice("two")
    note = dialog.findChild(QLabel, "problem_notice")
    assert note.isVisible() and note.text() == f"⚠ {refused.value}"
    assert not dialog.notice_hint.isVisible()
    assert not dialog.save_button.isEnabled()
    ctrl_enter(qtbot, dialog.notice.lineEdit())
    assert dialog.isVisible() and list_matters(db, dan) == []

    # A preset from the list is good; so is "The default" again.
    dialog.notice.setCurrentIndex(dialog.notice.findText("1 week"))
    assert dialog.field_note("notice") == "" and dialog.save_button.isEnabled()
    assert dialog.notice_hint.text() == "read as: 1 week"
    dialog.notice.setCurrentIndex(0)
    assert dialog.notice.value() == ""
    assert dialog.notice_hint.text().startswith("the default:")
    dialog.notice.setCurrentIndex(dialog.notice.findText("48 hours"))
    with qtbot.waitSignal(dialog.saved, timeout=1000) as signal:
        dialog.save_button.click()
    assert get_matter(db, signal.args[0]).notice == "48 hours"


# --- a client's time zone ---------------------------------------------------------------------


# The offscreen platform cannot raise the completer's popup or let it grab the keyboard.
POPUP_WARNINGS = "This plugin does not support (raise|grabbing the keyboard)"


@pytest.mark.qt_log_ignore(POPUP_WARNINGS)
def test_a_zone_this_computer_does_not_know_is_refused_and_nothing_is_saved(qtbot, db, dan):
    with pytest.raises(ZoneError) as refused:
        zone_named("Mars/Olympus")
    dialog = open_dialog(qtbot, ClientDialog(db, dan))
    qtbot.keyClicks(dialog.time_zone.lineEdit(), "Mars/Olympus")
    note = dialog.findChild(QLabel, "problem_time_zone")
    assert note.isVisible() and note.text() == f"⚠ {refused.value}"
    assert not dialog.save_button.isEnabled()
    dialog.time_zone.completer().popup().hide()  # Ctrl+Enter to the form, not the list
    ctrl_enter(qtbot, dialog.time_zone.lineEdit())
    assert dialog.isVisible()
    assert get_client(db, dan).time_zone == ""

    fresh = open_dialog(qtbot, ClientDialog(db))
    qtbot.keyClicks(fresh.name, "Ada Lovelace")
    qtbot.keyClicks(fresh.time_zone.lineEdit(), "Mars/Olympus")
    ctrl_enter(qtbot, fresh.name)
    assert fresh.isVisible() and count_clients(db) == 1  # only Dan


@pytest.mark.qt_log_ignore(POPUP_WARNINGS)
def test_the_zone_list_filters_as_you_type_and_saves_the_name(qtbot, db, dan):
    dialog = open_dialog(qtbot, ClientDialog(db, dan))
    own = local_zone_name()
    same = f"Same as yours ({own})" if own else "Same as yours"
    assert dialog.time_zone.lineEdit().placeholderText() == same
    assert dialog.time_zone.itemText(0) == same and dialog.time_zone.value() == ""

    completer = dialog.time_zone.completer()
    qtbot.keyClicks(dialog.time_zone.lineEdit(), "new YORK")
    found = completer.completionModel()
    offered = [found.index(row, 0).data() for row in range(found.rowCount())]
    assert NEW_YORK in offered
    assert all("new york" in name.replace("_", " ").casefold() for name in offered)
    assert dialog.time_zone.value() == NEW_YORK  # a place this computer knows one zone of
    assert dialog.field_note("time_zone") == ""
    assert "now" in dialog.time_zone_hint.text() and NEW_YORK in dialog.time_zone_hint.text()

    dialog.time_zone.lineEdit().clear()
    qtbot.keyClicks(dialog.time_zone.lineEdit(), "kolk")
    offered = [found.index(row, 0).data() for row in range(found.rowCount())]
    assert offered == ["Asia/Kolkata"]  # the middle of a name matches too

    dialog.time_zone.lineEdit().clear()
    qtbot.keyClicks(dialog.time_zone.lineEdit(), "america/new_york")
    with qtbot.waitSignal(dialog.saved, timeout=1000):
        dialog.save_button.click()
    assert get_client(db, dan).time_zone == NEW_YORK  # as the computer spells it

    again = open_dialog(qtbot, ClientDialog(db, dan))
    assert again.time_zone.currentText() == NEW_YORK
    again.time_zone.lineEdit().clear()
    assert again.time_zone_hint.text() == "Their sessions show in your time only."
    with qtbot.waitSignal(again.saved, timeout=1000):
        again.save_button.click()
    assert get_client(db, dan).time_zone == ""


# --- both times where they differ -------------------------------------------------------------


@dataclass(frozen=True)
class Clocks:
    start: datetime
    abroad: int  # Dan's session; Dan lives in New York
    at_home: int  # Ada's session; Ada's zone is the coach's own
    no_zone: int  # Bo's session; Bo has no zone


@pytest.fixture
def clocks(db, local_zone: str) -> Clocks:
    start = (datetime.now(UTC) + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    dan = create_client(
        db, ClientData(name="Daniel Okafor", preferred_name="Dan", time_zone=NEW_YORK)
    )
    ada = create_client(db, ClientData(name="Ada Lovelace", time_zone=local_zone))
    bo = create_client(db, ClientData(name="Bo Chen"))
    return Clocks(
        start,
        create_session(db, SessionData(dan, start)),
        create_session(db, SessionData(ada, start + timedelta(hours=2))),
        create_session(db, SessionData(bo, start + timedelta(hours=4))),
    )


def new_york_clock(start: datetime) -> str:
    """What Dan's clock says at ``start``, the day named when it is another than ours."""
    wall = start.astimezone(ZoneInfo(NEW_YORK))
    clock = format_clock(QTime(wall.hour, wall.minute))
    if wall.date() != start.astimezone().date():
        day = QLocale().dayName(wall.isoweekday(), QLocale.FormatType.ShortFormat)
        clock = f"{day} {clock}"
    return clock


def hours(start: datetime, minutes: int = 60) -> str:
    first, last = to_qdatetime(start), to_qdatetime(start + timedelta(minutes=minutes))
    return f"{format_clock(first.time())}–{format_clock(last.time())}"


def test_today_shows_the_clients_time_beside_yours_only_where_it_differs(
    qtbot, db, settings, clocks
):
    page = TodayPage(db, QUndoStack(), settings)
    qtbot.addWidget(page)
    page.resize(1024, 640)
    page.show()
    qtbot.waitExposed(page)
    page.reload()
    tree = page.sessions_tree
    rows = {}
    for top in range(tree.topLevelItemCount()):
        day = tree.topLevelItem(top)
        for number in range(day.childCount()):
            item = day.child(number)
            if item.text(SessionsTree.CLIENT):
                rows[item.text(SessionsTree.CLIENT)] = item.text(SessionsTree.TIME)
    dan = rows["Daniel Okafor"]
    assert dan == f"{hours(clocks.start)} ({new_york_clock(clocks.start)} in New York)"
    assert rows["Ada Lovelace"] == hours(clocks.start + timedelta(hours=2))
    assert rows["Bo Chen"] == hours(clocks.start + timedelta(hours=4))
    # The column is wide enough for both times.
    width = tree.fontMetrics().horizontalAdvance(dan)
    assert tree.header().sectionSize(SessionsTree.TIME) >= width


def test_the_prep_header_gives_both_times(qtbot, db, clocks):
    panel = PrepPanel(db, clock=lambda: datetime.now(UTC))
    qtbot.addWidget(panel)
    panel.resize(1024, 640)
    panel.show_session(clocks.abroad)
    panel.show()
    qtbot.waitExposed(panel)
    [when] = texts(panel.scroll.widget(), "sessionWhen")
    assert f", {format_clock(to_qdatetime(clocks.start).time())} " in when
    assert f"({new_york_clock(clocks.start)} for Dan) — Video" in when

    for session_id in (clocks.at_home, clocks.no_zone):
        panel.show_session(session_id)
        [when] = texts(panel.scroll.widget(), "sessionWhen")
        assert "(" not in when and " for " not in when


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext reads the PDF")
def test_the_prep_sheet_gives_both_times(qtbot, db, clocks, tmp_path: Path):
    def sheet(session_id: int) -> str:
        target = tmp_path / f"sheet-{session_id}.pdf"
        render_prep_sheet(load_prep_input(db, session_id), target)
        out = subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
        )
        return " ".join(out.stdout.split())

    abroad = sheet(clocks.abroad)
    assert f"{hours(clocks.start)} ({new_york_clock(clocks.start)} for Dan) · Video" in abroad
    at_home = sheet(clocks.at_home)
    assert f"{hours(clocks.start + timedelta(hours=2))} · Video" in at_home
    no_zone = sheet(clocks.no_zone)
    assert f"{hours(clocks.start + timedelta(hours=4))} · Video" in no_zone


def test_the_session_dialog_says_the_clients_time_as_the_start_changes(qtbot, db, clocks):
    dialog = open_dialog(qtbot, SessionDialog(db, session_id=clocks.abroad))
    label = dialog.start_box.their_label
    assert label.isVisible()
    assert label.text() == f"That is {new_york_clock(clocks.start)} for Dan, in New York."
    dialog.start.setDateTime(dialog.start.dateTime().addSecs(3 * 3600))
    later = clocks.start + timedelta(hours=3)
    assert label.text() == f"That is {new_york_clock(later)} for Dan, in New York."

    home = open_dialog(qtbot, SessionDialog(db, session_id=clocks.at_home))
    assert not home.start_box.their_label.isVisible()


def test_the_sessions_list_gives_both_times(qtbot, db, settings, clocks):
    page = SessionsPage(db, QUndoStack(), settings)
    qtbot.addWidget(page)
    page.resize(1024, 640)
    page.show()
    qtbot.waitExposed(page)
    page.reload()
    model = page.model
    shown = {
        model.index(row, 1).data(): model.index(row, 0).data() for row in range(model.rowCount())
    }
    assert shown["Daniel Okafor"].endswith(f" ({new_york_clock(clocks.start)} in New York)")
    assert "(" not in shown["Ada Lovelace"] and "(" not in shown["Bo Chen"]


def test_the_client_page_and_did_it_happen_give_both_times(qtbot, window, db, clocks):
    from coachdesk.storage.sessions import list_sessions
    from coachdesk.ui.pages.client.sessions_tab import session_columns

    (dan_session,) = [s for s in list_sessions(db) if s.id == clocks.abroad]
    when = session_columns(lambda: datetime.now(UTC))[0].display(dan_session)
    assert f"({new_york_clock(clocks.start)} in New York)" in when
    (ada_session,) = [s for s in list_sessions(db) if s.id == clocks.at_home]
    assert "(" not in session_columns(lambda: datetime.now(UTC))[0].display(ada_session)

    window.show_client(dan_session.client_id)
    header = window.client_page.header.dates_label.full_text
    assert f"({new_york_clock(clocks.start)} in New York)" in header

    from coachdesk.ui.pages.today.unclosed import _SessionLine

    line = _SessionLine(dan_session, lambda _id: None)
    qtbot.addWidget(line)
    assert f"({new_york_clock(clocks.start)} in New York) · Daniel Okafor" in line.text()
