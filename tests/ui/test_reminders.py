"""Reminders that fire, driven through the real main window with a fake clock: once at a
notice's deadline, initials only, and at start-up for one that came due while the window
was closed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coachdesk.domain.clients import ClientData
from coachdesk.domain.practice import MatterData, SessionData
from coachdesk.domain.vocab import Trigger
from coachdesk.storage.clients import create_client
from coachdesk.storage.database import open_database
from coachdesk.storage.matters import create_matter
from coachdesk.storage.sessions import add_guest, create_session, set_guest_informed
from coachdesk.ui.shell.reminders import CHECKED_KEY, reminder_text

pytestmark = pytest.mark.gui

START = datetime(2026, 12, 9, 15, 0, tzinfo=UTC)  # a Wednesday
WORDS = "Tell me ahead of time if anybody else will be there"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _practice(db) -> dict[str, int]:
    dan = create_client(db, ClientData(name="Daniel Kowalski", preferred_name="Dan"))
    create_matter(
        db,
        MatterData(
            dan,
            WORDS,
            triggers=frozenset({Trigger.GUESTS}),
            notice="two working days",
        ),
    )
    session = create_session(db, SessionData(dan, START))
    guest = add_guest(db, session, "Maria Lopez", "Built to Lead")
    ana = create_client(db, ClientData(name="Ana Sørensen"))
    later = create_session(db, SessionData(ana, START + timedelta(days=2)))
    add_guest(db, later, "Priya Natarajan")
    return {"dan": dan, "session": session, "guest": guest, "later": later}


def _open(qtbot, app_paths, settings, db, clock):
    from coachdesk.ui.shell.main_window import MainWindow

    main = MainWindow(app_paths, settings, clock=clock)
    qtbot.addWidget(main)
    main.attach_database(db)
    main.show()
    qtbot.waitExposed(main)
    qtbot.waitUntil(lambda: main.reminders is not None and main.reminders.timer.isActive())
    main.reminders.timer.setInterval(10)
    return main


def _heard(main) -> list[tuple[str, str]]:
    heard: list[tuple[str, str]] = []
    main.reminders.notified.connect(lambda title, body: heard.append((title, body)))
    return heard


def test_a_reminder_fires_once_at_the_deadline_with_initials_only(qtbot, app_paths, settings, db):
    _practice(db)
    # "two working days" before Wednesday 15:00 UTC, counted in the coach's days (UTC here).
    deadline = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
    clock = Clock(deadline - timedelta(hours=2))
    settings.setValue(CHECKED_KEY, clock.now.isoformat())
    main = _open(qtbot, app_paths, settings, db, clock)
    heard = _heard(main)

    clock.now = deadline - timedelta(minutes=1)
    qtbot.wait(100)
    assert heard == []

    clock.now = deadline + timedelta(seconds=5)
    qtbot.waitUntil(lambda: len(heard) == 1)
    title, body = heard[0]
    assert title == "A notice is due now"
    assert body.startswith("D.K.: tell them about a guest who will join (session Wed 9 Dec")
    shown = f"{title} {body}"
    for private in ("Dan", "Daniel", "Kowalski", "Maria", "Lopez", "anybody", "working"):
        assert private not in shown
    assert "D.K." in main.result_bar.text.text()
    assert main.result_bar.button("Open Today") is not None

    for minutes in (1, 5, 30, 90):  # ticks go on; the same deadline is not said again
        clock.now = deadline + timedelta(minutes=minutes)
        qtbot.wait(40)
    assert len(heard) == 1

    main.result_bar.button("Open Today").click()
    assert main.pages.currentWidget() is main.today_page


def test_a_notice_given_before_its_deadline_fires_nothing(qtbot, app_paths, settings, db):
    ids = _practice(db)
    deadline = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
    clock = Clock(deadline - timedelta(hours=2))
    settings.setValue(CHECKED_KEY, clock.now.isoformat())
    main = _open(qtbot, app_paths, settings, db, clock)
    heard = _heard(main)
    set_guest_informed(db, ids["guest"], True, clock.now)
    clock.now = deadline + timedelta(minutes=1)
    qtbot.wait(150)
    assert heard == []


def test_at_start_up_what_came_due_while_closed_is_said(qtbot, app_paths, settings, db):
    _practice(db)
    first_deadline = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)  # Dan's guest
    second_deadline = START + timedelta(days=2) - timedelta(hours=24)  # Ana's: the default
    clock = Clock(first_deadline + timedelta(minutes=1))
    settings.setValue(CHECKED_KEY, (first_deadline - timedelta(hours=1)).isoformat())
    main = _open(qtbot, app_paths, settings, db, clock)
    # Dan's came due while closed, between the last look and this start-up.
    assert main.result_bar.isVisible()
    assert "came due while CoachDesk was closed" in main.result_bar.text.text()
    assert "D.K." in main.result_bar.text.text()
    main.close()  # lets go of the data file, and stops looking
    assert not main.reminders.timer.isActive()

    clock.now = second_deadline + timedelta(hours=3)  # CoachDesk closed meanwhile
    reopened = open_database(app_paths.database, app_paths.backup_dir)
    again = _open(qtbot, app_paths, settings, reopened, clock)
    text = again.result_bar.text.text()
    assert "A notice came due while CoachDesk was closed" in text
    assert "A.S.: tell them about a guest" in text
    assert "D.K." not in text  # said once already, at the first start-up
    heard = _heard(again)
    clock.now += timedelta(minutes=5)
    qtbot.wait(60)
    assert heard == []
    again.close()


def test_the_text_of_many_notices_counts_the_rest():
    from coachdesk.domain.prep import ChecklistItem
    from coachdesk.storage.notices import NoticeDue

    entry = ChecklistItem("confirm_time", "Confirm the new time with Dan", (), 1)
    dues = [NoticeDue(i, i, "Dan", "Dan Okafor", START, entry) for i in range(7)]
    title, body = reminder_text(dues)
    assert title == "7 notices are due now"
    assert body.count("D.O.: confirm the new time") == 5
    assert body.endswith("and 2 more: see Today")


def test_a_linux_desktop_without_a_tray_is_asked_through_its_notification_server(
    tmp_path, monkeypatch
):
    from coachdesk.ui.shell.reminders import desktop_notify

    heard = tmp_path / "heard"
    tool = tmp_path / "gdbus"
    tool.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{heard}"\n', encoding="utf-8")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("sys.platform", "linux")
    title, body = "A notice is due now", 'D.K.: confirm the new time; it\'s "$HOME" `x`'
    assert desktop_notify(title, body)
    deadline = datetime.now(UTC) + timedelta(seconds=10)
    while not heard.exists() and datetime.now(UTC) < deadline:
        pass
    args = heard.read_text(encoding="utf-8").splitlines()
    assert args[:2] == ["call", "--session"]
    assert "org.freedesktop.Notifications.Notify" in args
    assert title in args and body in args  # as given: no shell read them


def test_no_notification_tool_no_desktop_notification(tmp_path, monkeypatch):
    from coachdesk.ui.shell.reminders import desktop_notify

    monkeypatch.setenv("PATH", str(tmp_path))
    assert not desktop_notify("A notice is due now", "D.K.")


def test_a_notice_already_late_when_it_appears_is_said_once_as_overdue(
    qtbot, app_paths, settings, db
):
    ids = _practice(db)
    deadline = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
    clock = Clock(deadline - timedelta(hours=2))
    settings.setValue(CHECKED_KEY, clock.now.isoformat())
    main = _open(qtbot, app_paths, settings, db, clock)
    heard = _heard(main)
    # Inside Dan's two working days, a second guest is added: late from the start.
    clock.now = deadline + timedelta(hours=1)
    qtbot.waitUntil(lambda: len(heard) == 1)  # Dan's first guest, due at the deadline
    add_guest(db, ids["session"], "Priya Natarajan")
    qtbot.waitUntil(lambda: len(heard) == 2)
    assert heard[1][0] == "A notice is overdue"
    assert heard[1][1].startswith("D.K.: tell them about a guest who will join")
    for minutes in (2, 20, 200):
        clock.now = deadline + timedelta(hours=1, minutes=minutes)
        qtbot.wait(40)
    assert len(heard) == 2


def test_the_first_start_says_what_is_already_overdue(qtbot, app_paths, settings, db):
    _practice(db)
    clock = Clock(datetime(2026, 12, 7, 16, 0, tzinfo=UTC))  # an hour past Dan's deadline
    main = _open(qtbot, app_paths, settings, db, clock)  # no last look kept: a first start
    assert "A notice is overdue" in main.result_bar.text.text()
    assert "D.K.: tell them about a guest" in main.result_bar.text.text()
