"""Reminders that fire: a notification when a notice falls due, while CoachDesk runs.

The notices are the prep's checklist entries of the coming sessions, with their deadlines
(``storage.notices.coming_notices``).  The controller keeps a plan of those due within
``PLAN_AHEAD``, read again when the data file was written or the plan is ``REPLAN_AFTER``
old, and every ``TICK_MS`` announces the open notices whose deadline has passed and
that were not announced yet.  What was announced (``ANNOUNCED_KEY``: each notice and its
deadline) and the last look (``CHECKED_KEY``) are kept in the practice's settings, so a
notice is announced once: when it falls due; when the data file opens, if it fell due
while CoachDesk was closed; or as overdue when CoachDesk first sees it already late (a
guest added, or a session moved, inside the notice; the first start).  The timer runs
whether the window is shown, minimised or hidden behind others.

A notification names a client by initials only and says what is due in CoachDesk's own
words (``notice.REMINDER_WORDS``), never the client's: a notification can be read by
anyone near the screen.  It goes to the system's notification area when there is one (a
click on it shows Today); on a Linux desktop without one (GNOME) to its notification
server, by ``gdbus`` or ``notify-send`` (``desktop_notify``); and to the window's result
bar always, with Open Today.  The taskbar entry is flashed (``QApplication.alert``) for a
window in the background.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from coachdesk import APP_NAME
from coachdesk.domain.notice import REMINDER_WORDS, say_moment
from coachdesk.domain.text import initials
from coachdesk.storage.errors import StorageError

if TYPE_CHECKING:
    from coachdesk.storage.database import Database
    from coachdesk.storage.notices import NoticeDue

logger = logging.getLogger(__name__)

CHECKED_KEY = "reminders/checked_through"
ANNOUNCED_KEY = "reminders/announced"  # the open overdue notices already announced
TICK_MS = 30_000
PLAN_AHEAD = timedelta(days=1)
REPLAN_AFTER = timedelta(minutes=10)
SHOWN_MS = 20_000  # how long the system shows a notification
LISTED = 5  # notices named in one notification; the rest counted


def reminder_line(due: NoticeDue) -> str:
    """ "D.K.: tell them about a guest who will join (session Tue 1 Dec, 10:00)"."""
    what = REMINDER_WORDS.get(due.entry.kind, "a notice is due")
    return f"{initials(due.full_name)}: {what} (session {say_moment(due.start)})"


NOW, WHILE_CLOSED, OVERDUE = "now", "while closed", "overdue"
_TITLES = {
    NOW: ("A notice is due now", "{count} notices are due now"),
    WHILE_CLOSED: (
        "A notice came due while CoachDesk was closed",
        "{count} notices came due while CoachDesk was closed",
    ),
    OVERDUE: ("A notice is overdue", "{count} notices are overdue"),
}


def reminder_text(dues: Sequence[NoticeDue], when: str = NOW) -> tuple[str, str]:
    """(title, body) of one notification for ``dues`` (at least one): due ``NOW``, came due
    ``WHILE_CLOSED``, or already ``OVERDUE`` when CoachDesk first saw them (a guest added,
    or a session moved, inside the notice)."""
    count = len(dues)
    one, many = _TITLES[when]
    title = one if count == 1 else many.format(count=count)
    lines = [reminder_line(due) for due in dues[:LISTED]]
    if count > LISTED:
        lines.append(f"and {count - LISTED} more: see Today")
    return title, "\n".join(lines)


NOTIFY_METHOD = "org.freedesktop.Notifications"


def desktop_notify(title: str, body: str) -> bool:
    """Show a notification through a Linux desktop's notification server (the freedesktop
    ``Notify`` call, by ``gdbus`` or ``notify-send``), without waiting; False when there is
    no such tool here.  The words go as arguments, never through a shell."""
    if not sys.platform.startswith("linux"):
        return False
    if gdbus := shutil.which("gdbus"):
        command = [
            gdbus,
            "call",
            "--session",
            "--dest",
            NOTIFY_METHOD,
            "--object-path",
            "/org/freedesktop/Notifications",
            "--method",
            f"{NOTIFY_METHOD}.Notify",
            APP_NAME,
            "0",
            "",
            title,
            body,
            "[]",
            "{}",
            str(SHOWN_MS),
        ]
    elif notify_send := shutil.which("notify-send"):
        command = [notify_send, f"--app-name={APP_NAME}", f"--expire-time={SHOWN_MS}", title, body]
    else:
        return False
    try:
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        logger.warning("the desktop's notification could not be shown: %s", exc)
        return False
    return True


class Reminders(QObject):
    """Announces notices as they fall due; ``notified(title, body)`` for each notification,
    ``open_today`` when the coach asks to see them."""

    notified = Signal(str, str)
    open_today = Signal()

    def __init__(
        self,
        window: QWidget,
        settings: QSettings,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.clock = clock or (lambda: datetime.now(UTC))
        self.db: Database | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.check)
        self.tray: QSystemTrayIcon | None = None
        # A screenless platform (the tests, a server) has no desktop to tell.
        self.desktop = not QApplication.platformName().startswith(("offscreen", "minimal"))
        self._plan: list[NoticeDue] = []
        self._planned_at: datetime | None = None
        self._planned_writes = -1

    # --- the clock ------------------------------------------------------------------------------

    def checked_through(self) -> datetime | None:
        """Deadlines up to this moment have been announced (None: never looked)."""
        value = self.settings.value(CHECKED_KEY, "")
        try:
            moment = datetime.fromisoformat(str(value)) if value else None
        except ValueError:
            return None
        return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)

    def _set_checked(self, moment: datetime) -> None:
        self.settings.setValue(CHECKED_KEY, moment.astimezone(UTC).isoformat())
        self.settings.sync()

    def announced(self) -> set[str]:
        """The keys (``NoticeDue.key``) of the overdue notices already announced."""
        value = self.settings.value(ANNOUNCED_KEY, [])
        if isinstance(value, str):  # QSettings gives one value of a list as a string
            value = [value] if value else []
        return {str(key) for key in value or ()}

    def start(self, db: Database) -> None:
        """Watch ``db``: announce what came due while CoachDesk was closed (and any open
        notice overdue not yet announced), then tick."""
        self.db = db
        self._planned_at = None
        now = self.clock()
        self._announce(self.checked_through(), now, starting=True)
        self._set_checked(now)
        self.timer.start()

    def stop(self) -> None:
        """Stop watching (the data file is closed, locked or being replaced)."""
        self.timer.stop()
        self.db = None
        self._plan = []

    # --- looking --------------------------------------------------------------------------------

    def check(self) -> None:
        """The tick: announce the open notices now due that were not announced yet."""
        if self.db is None:
            return
        now = self.clock()
        since = self.checked_through()
        if self._stale(now):
            self._replan(now)
        said = self.announced()
        if any(due.deadline <= now and due.key not in said for due in self._plan):
            self._announce(since, now, starting=False)
        self._set_checked(now)

    def _stale(self, now: datetime) -> bool:
        return (
            self._planned_at is None
            or self.db is None
            or self.db.writes != self._planned_writes
            or now - self._planned_at >= REPLAN_AFTER
            or now < self._planned_at
        )

    def _replan(self, now: datetime) -> None:
        from coachdesk.storage.notices import coming_notices

        assert self.db is not None
        try:
            self._plan = coming_notices(self.db, now, due_by=now + PLAN_AHEAD + REPLAN_AFTER)
        except StorageError as exc:  # locked or unreadable: the next tick tries again
            logger.warning("reminders could not read the notices: %s", exc.problem)
            self._plan = []
            return
        self._planned_at = now
        self._planned_writes = self.db.writes

    def _announce(self, since: datetime | None, now: datetime, *, starting: bool) -> None:
        """Notify of the open overdue notices not announced yet; forget the announced ones
        that are no longer open (given, or their session gone), so each is said once."""
        from coachdesk.storage.notices import coming_notices

        assert self.db is not None
        try:
            overdue = coming_notices(self.db, now, due_by=now)
        except StorageError as exc:
            logger.warning("reminders could not read the notices: %s", exc.problem)
            return
        said = self.announced()
        dues = [due for due in overdue if due.key not in said]
        self.settings.setValue(ANNOUNCED_KEY, sorted(due.key for due in overdue))
        if not dues:
            return
        if since is not None and all(due.deadline > since for due in dues):
            when = WHILE_CLOSED if starting else NOW
        else:
            when = OVERDUE
        title, body = reminder_text(dues, when)
        logger.info("reminder shown: %s notice(s) due", len(dues))
        self._show(title, body)
        self.notified.emit(title, body)

    # --- showing --------------------------------------------------------------------------------

    def _show(self, title: str, body: str) -> None:
        from coachdesk.ui.widgets.result_bar import Tone, result_bar_of

        if QSystemTrayIcon.isSystemTrayAvailable():
            if self.tray is None:
                self.tray = QSystemTrayIcon(self.window.windowIcon(), self)
                self.tray.setToolTip(APP_NAME)
                self.tray.messageClicked.connect(self.open_today)
                self.tray.activated.connect(lambda _reason: self.open_today.emit())
            self.tray.show()
            self.tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, SHOWN_MS)
        elif self.desktop:
            desktop_notify(title, body)
        bar = result_bar_of(self.window)
        if bar is not None:
            bar.show_result(
                f"{title}. {body.replace(chr(10), '; ')}",
                tone=Tone.WARNING,
                actions=((self.tr("Open Today"), self.open_today.emit),),
            )
        QApplication.alert(self.window)
