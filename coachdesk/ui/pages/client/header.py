"""The client's essentials at the top of their page: the way back, their name and status,
who they are and how to reach them, when they started and meet next, what needs doing
(open repairs, things to do before the next session) and the buttons that add records."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import format_day, format_when, with_their_time
from coachdesk.domain.practice import ClientOverview, SessionRow
from coachdesk.domain.text import one_line
from coachdesk.domain.vocab import ClientStatus
from coachdesk.ui.pages.client.list_tab import wrapped_tip
from coachdesk.ui.widgets.style import WARNING_MARK, warning_label_style

if TYPE_CHECKING:
    from coachdesk.ui.pages.client.actions import ClientActions

NAME_SCALE = 1.6


class ElidedLabel(QLabel):
    """One line of plain text cut with "…" to the width it is given: a 2,000-character
    name never widens the page.  The full text is in ``full_text`` and the tooltip.

    A ``kept`` end (a role after a long organisation) is cut only when nothing else can
    be.  Text in a right-to-left script reads right to left but starts at the left edge,
    in line with the rest of the header."""

    MAX_HINT = 700

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAlignment(
            Qt.AlignmentFlag.AlignLeft
            | Qt.AlignmentFlag.AlignAbsolute
            | Qt.AlignmentFlag.AlignVCenter
        )
        self._full = ""
        self._parts = ("", "", "")  # cut first, joint, kept

    @property
    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str, kept: str = "", joint: str = " · ") -> None:
        """Show ``text``, then ``joint`` and ``kept`` (cut last) when there is a ``kept``."""
        text, kept = one_line(text), one_line(kept)
        self._parts = (text, joint, kept) if text and kept else ("", "", "")
        self._full = f"{text}{joint}{kept}" if text and kept else text or kept
        self._elide()
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        width = self.fontMetrics().horizontalAdvance(self._full) + 4
        return QSize(min(width, self.MAX_HINT), hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(min(self.sizeHint().width(), 40), super().minimumSizeHint().height())

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        shown = metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, self.width())
        first, joint, kept = self._parts
        if shown != self._full and kept:
            room = self.width() - metrics.horizontalAdvance(joint + kept)
            cut = metrics.elidedText(first, Qt.TextElideMode.ElideRight, room)
            if len(cut) > 1:  # more than a lone "…": the kept end stays whole
                shown = cut + joint + kept
        if shown != self.text():
            self.setText(shown)
        self.setToolTip(wrapped_tip(self._full) if shown != self._full else "")


def _selectable() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    return label


class ClientHeader(QWidget):
    """The top of the page; ``show_overview`` fills it from the page's one read."""

    def __init__(self, actions: ClientActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back_button = QPushButton(self.tr("← All clients"))
        self.back_button.setAutoDefault(False)
        self.back_button.setToolTip(self.tr("Back to the clients list (Alt+Left)"))
        self.back_button.clicked.connect(actions.back_requested)
        self.edit_button = QPushButton(self.tr("Edi&t client…"))
        self.edit_button.setAutoDefault(False)
        self.edit_button.clicked.connect(actions.edit_client)

        self.name_label = ElidedLabel()
        self.name_label.setObjectName("clientName")
        font = QFont(self.name_label.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * NAME_SCALE)
        else:
            font.setPixelSize(round(font.pixelSize() * NAME_SCALE))
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setAccessibleName(self.tr("Client name"))
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.status_label.setToolTip(self.tr("The client's status"))
        self.identity_label = ElidedLabel()
        self.work_label = ElidedLabel()
        self.email_label = _selectable()
        self.phone_label = _selectable()
        self.dates_label = ElidedLabel()
        self.repairs_badge = ElidedLabel()
        self.todo_badge = ElidedLabel()
        for badge in (self.repairs_badge, self.todo_badge):
            badge.setStyleSheet(f"QLabel {{ {warning_label_style()} font-weight: bold; }}")
            # A warning appearing (a breach logged) never pushes the tabs down.
            policy = badge.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            badge.setSizePolicy(policy)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        top.addWidget(self.edit_button)
        name_row = QHBoxLayout()
        name_row.setSpacing(12)
        name_row.addWidget(self.name_label)
        name_row.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignBaseline)
        name_row.addStretch(1)
        self.contact_box = QWidget()
        contact = QHBoxLayout(self.contact_box)
        contact.setContentsMargins(0, 0, 0, 0)
        contact.setSpacing(16)
        contact.addWidget(self.email_label)
        contact.addWidget(self.phone_label)
        contact.addStretch(1)
        self.details = QGridLayout()
        self.details.setHorizontalSpacing(24)
        self.details.setVerticalSpacing(4)
        self.details.setColumnStretch(0, 1)
        self._place_details(
            [self.identity_label, self.work_label], [self.contact_box, self.dates_label]
        )
        badges = QHBoxLayout()
        badges.setSpacing(24)
        badges.addWidget(self.repairs_badge)
        badges.addWidget(self.todo_badge, 1)

        self.session_button = QPushButton(self.tr("New &session…"))
        self.session_button.clicked.connect(actions.new_session)
        self.matter_button = QPushButton(self.tr("Capture what &matters…"))
        self.matter_button.setToolTip(self.tr("Capture something that matters to the client"))
        self.matter_button.clicked.connect(actions.capture_matter)
        self.breach_button = QPushButton(self.tr("Log &breach…"))
        self.breach_button.setToolTip(self.tr("Record a time something that mattered was missed"))
        self.breach_button.clicked.connect(actions.log_breach)
        self.promise_button = QPushButton(self.tr("New &promise…"))
        self.promise_button.clicked.connect(actions.new_promise)
        buttons = QHBoxLayout()
        for button in (
            self.session_button,
            self.matter_button,
            self.breach_button,
            self.promise_button,
        ):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(name_row)
        layout.addLayout(self.details)
        layout.addLayout(badges)
        layout.addSpacing(4)
        layout.addLayout(buttons)

    def set_has_client(self, has_client: bool) -> None:
        """The buttons act on the client shown: none without one."""
        for button in (
            self.edit_button,
            self.session_button,
            self.matter_button,
            self.breach_button,
            self.promise_button,
        ):
            button.setEnabled(has_client)

    def show_overview(self, overview: ClientOverview, upcoming: SessionRow | None) -> None:
        """Show ``overview``'s client; ``upcoming`` is their next session, if one is planned."""
        self.name_label.set_full_text(overview.name)
        self.status_label.setText(self.tr(ClientStatus(overview.status).label))
        identity = [part for part in (overview.preferred_name, overview.pronouns) if part.strip()]
        if overview.preferred_name.strip():
            identity[0] = self.tr("Goes by {name}").format(name=overview.preferred_name.strip())
        self.identity_label.set_full_text(" · ".join(identity))
        # Their role is kept whole; a long organisation before it is what gets cut.
        organisation, role = overview.organisation.strip(), overview.role.strip()
        self.work_label.set_full_text(organisation, kept=role)
        self.email_label.setText(overview.email)
        self.email_label.setVisible(bool(overview.email))
        self.phone_label.setText(overview.phone)
        self.phone_label.setVisible(bool(overview.phone))

        dates = []
        if overview.started_on is not None:
            dates.append(self.tr("Started {day}").format(day=format_day(overview.started_on)))
        if upcoming is None:
            dates.append(self.tr("No session planned"))
        else:
            dates.append(
                self.tr("Next session {when} ({medium})").format(
                    when=with_their_time(
                        format_when(upcoming.start), upcoming.start, upcoming.client_time_zone
                    ),
                    medium=self.tr(upcoming.medium.label).lower(),
                )
            )
        self.dates_label.set_full_text(" · ".join(dates))
        self._place_details(
            [label for label in (self.identity_label, self.work_label) if label.full_text],
            ([self.contact_box] if overview.email or overview.phone else []) + [self.dates_label],
        )

        repairs = len(overview.open_repairs)
        self.repairs_badge.set_full_text(
            f"{WARNING_MARK} "
            + (
                self.tr("1 open repair")
                if repairs == 1
                else self.tr("{n} open repairs").format(n=repairs)
            )
        )
        self.repairs_badge.setVisible(repairs > 0)
        calls = overview.preferred_name.strip() or overview.name
        to_do = upcoming.to_do_before(calls) if upcoming is not None else []
        self.todo_badge.set_full_text(
            f"{WARNING_MARK} "
            + self.tr("Before the next session: {things}").format(things="; ".join(to_do))
        )
        self.todo_badge.setVisible(bool(to_do))

    def _place_details(self, left: list[QWidget], right: list[QWidget]) -> None:
        """Who they are on the left, how to reach them and when on the right, one column
        when either side is empty; only the widgets listed are shown."""
        shown = left + right
        for widget in (self.identity_label, self.work_label, self.contact_box, self.dates_label):
            self.details.removeWidget(widget)
            widget.setVisible(False)
        columns = [left, right] if left and right else [shown]
        for column, widgets in enumerate(columns):
            for row, widget in enumerate(widgets):
                self.details.addWidget(widget, row, column)
        for widget in shown:
            widget.setVisible(True)
        self.details.setColumnStretch(1, 1 if len(columns) == 2 else 0)
