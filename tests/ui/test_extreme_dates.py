"""A stored date at the edge of what Python can hold (year 1, year 9999: written by an
older version, or by hand) never stops a page, an export or a print from showing, in a
far-west, a far-east and the UTC zone (``local_zone``): the pages show it, the coach can
open it.  New dates are refused at every door (``tests/domain/test_date_range.py``); the
dialogs' date fields only offer the accepted years."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDateEdit

from coachdesk.domain.clients import ClientData
from coachdesk.domain.practice import BreachData, MatterData, PromiseData, SessionData
from coachdesk.domain.prep import build_prep
from coachdesk.domain.vocab import PromiseOwner
from coachdesk.printing.dossier_sections import dossier_html
from coachdesk.storage.breaches import log_breach
from coachdesk.storage.clients import create_client
from coachdesk.storage.dossier import client_record
from coachdesk.storage.driver import dbapi
from coachdesk.storage.matters import create_matter
from coachdesk.storage.portable_csv import export_csv
from coachdesk.storage.prep import load_prep_input
from coachdesk.storage.promises import create_promise
from coachdesk.storage.sessions import create_session
from coachdesk.ui.dialogs.forms import dated
from coachdesk.ui.pages.client import ClientPage
from coachdesk.ui.pages.practice import PracticePage
from coachdesk.ui.pages.sessions import SessionsPage
from coachdesk.ui.pages.today import TodayPage

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("local_zone")]


@pytest.fixture
def extreme(db) -> dict[str, int]:
    """A client whose records hold year-1 and year-9999 dates, written past the checks."""
    client = create_client(db, ClientData(name="Ada Extreme"))
    soon = datetime.now(UTC) + timedelta(days=1)
    first = create_session(db, SessionData(client_id=client, start=soon))
    last = create_session(db, SessionData(client_id=client, start=soon + timedelta(days=1)))
    matter = create_matter(db, MatterData(client_id=client, statement="Tell me first"))
    log_breach(db, BreachData(matter_id=matter, occurred_on=date.today(), what_happened="Late"))
    create_promise(db, PromiseData(client, PromiseOwner.COACH, "Send it", due_on=date.today()))
    with dbapi.connect(db.path) as connection:
        connection.execute(
            "UPDATE coaching_sessions SET start = '0001-01-01 00:30:00.000000' WHERE id = ?",
            (first,),
        )
        connection.execute(
            "UPDATE coaching_sessions SET start = '9999-12-31 23:30:00.000000' WHERE id = ?",
            (last,),
        )
        connection.execute("UPDATE matters SET captured_on = '0001-01-01'")
        connection.execute("UPDATE breaches SET occurred_on = '9999-12-31'")
        connection.execute("UPDATE commitments SET due_on = '0001-01-02'")
        connection.execute("UPDATE clients SET started_on = '9999-12-31'")
    return {"client": client, "first": first, "last": last}


def _show(qtbot, widget) -> None:
    qtbot.addWidget(widget)
    widget.resize(1024, 640)
    widget.show()
    qtbot.waitExposed(widget)


def test_the_clients_page_shows_a_client_with_extreme_dates(qtbot, db, settings, extreme):
    undo_stack = QUndoStack()
    page = ClientPage(db, undo_stack, settings)
    _show(qtbot, page)
    page.show_client(extreme["client"])
    qtbot.wait(50)
    assert page.name_label.full_text == "Ada Extreme"


def test_the_practice_page_reads_a_practice_with_extreme_dates(qtbot, db, settings, extreme):
    page = PracticePage(db, settings)
    _show(qtbot, page)
    page.reload()
    qtbot.waitUntil(lambda: not page.reading and page.report is not None, timeout=10_000)


def test_today_and_sessions_show_a_practice_with_extreme_dates(qtbot, db, settings, extreme):
    for page in (TodayPage(db, QUndoStack(), settings), SessionsPage(db, QUndoStack(), settings)):
        _show(qtbot, page)
        page.reload()
        qtbot.wait(50)


def test_exports_record_and_prep_carry_extreme_dates(db, tmp_path, extreme):
    written = export_csv(db, tmp_path)
    text = b"".join(path.read_bytes() for path in written).decode("utf-8-sig")
    assert "0001-01-01 00:30" in text and "9999-12-31 23:30" in text
    html = dossier_html(client_record(db, extreme["client"]))
    assert "Ada Extreme" in html
    for session in (extreme["first"], extreme["last"]):
        prep = build_prep(load_prep_input(db, session))
        assert [item.matter.statement for item in prep.items] == ["Tell me first"]


def test_a_dialogs_date_field_offers_only_the_accepted_years(qtbot):
    edit = dated(QDateEdit())
    qtbot.addWidget(edit)
    edit.setDate(QDate(1, 1, 1))
    assert edit.date() == QDate(1900, 1, 1)
    edit.setDate(QDate(9999, 12, 31))
    assert edit.date() == QDate(2200, 12, 31)
