"""The prep panel: before a session, what matters for *this* session and why.

``PrepPanel`` reads one session with ``storage.prep.load_prep_input`` (one read),
ranks it with ``domain.prep.build_prep`` and shows the result in one scrolling
column, in this order:

* a header: the client's name, the local time, how and where, the guests (an
  unannounced one marked "⚠ not told yet"; one the client brought says so), this
  session's agenda; then the circumstances that fired (omitted when none);
* 1. Checklist: one checkbox per thing to do first; a stated wish quotes the
  client's words (bold) with "they asked for this"; the reasons in small text.
  Ticking records it (``tell_guest`` → the guest's "client informed" time,
  ``confirm_time`` → the new time confirmed, ``confirm_place`` → how and where
  confirmed, ``ask_recording`` → the client's consent to the recording), reloads
  (the entry leaves the list) and emits ``changed``.
  Empty: "Nothing to do before this session.";
* 2. What matters for this session: the client's words first, category and
  importance in small text, the coach's "why" note under the words, the reasons as
  a small list; the top
  ``TOP_ITEMS`` shown, the rest folded under "N more…" and only built when
  unfolded.  Items kept off printouts are shown, marked "not printed".  Empty:
  a line suggesting to ask the discovery prompts;
* 3. Repairs in progress (oldest first) — empty: "No open repairs.";
* 4. Promises due (the coach's first) — empty: "No promises due by this session.";
* 5. Last time — empty: "No earlier session was held.";
* 6. Trust trend — the client's last scores, their direction and the gap to your
  predictions; omitted while there is no client feedback.  When it is raised (falling
  scores, or you expected clearly better) a warning line under the header points to it;
* 7. Discovery prompts — omitted when the engine gives none.

The whole column is rebuilt on every load, so a load costs about as many
widgets as are visible; errors (the session deleted, the file unreadable) show as
a plain line in the panel.  ``PrepDialog`` shows a panel in a resizable,
non-modal window that Escape closes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import format_clock, format_day, format_long_day, to_qdatetime
from coachdesk.domain.dates import local_or_utc
from coachdesk.domain.feedback import Direction, TrustTrend
from coachdesk.domain.paper import PaperFilter, paper_filter
from coachdesk.domain.practice import BreachRow, PromiseRow, SessionRow
from coachdesk.domain.prep import (
    ASK_RECORDING,
    CONFIRM_PLACE,
    CONFIRM_TIME,
    TELL_GUEST,
    ChecklistItem,
    Prep,
    PrepInput,
    RankedItem,
    build_prep,
)
from coachdesk.domain.text import first_line, quoted
from coachdesk.domain.vocab import GuestSource, PromiseOwner
from coachdesk.storage import sessions as session_storage
from coachdesk.storage.database import Database
from coachdesk.storage.prep import load_prep_input
from coachdesk.ui.common.attempt import attempt
from coachdesk.ui.common.messages import show_problem
from coachdesk.ui.widgets.style import WARNING_MARK, scaled_font, secondary, warning_label_style

TOP_ITEMS = 5
"""Ranked items shown unfolded; the rest sit under the "N more…" toggle."""

KIND_ROLE = "prepKind"
"""Dynamic property on a checklist checkbox: the entry's kind (tests and wiring use it)."""


def _plain(text: str) -> str:
    """Text for a button label: an ampersand is not a mnemonic."""
    return text.replace("&", "&&")


class PrepPanel(QWidget):
    """Shows the prep for one session.  Emits ``status_message`` for the status bar and
    ``changed`` after a checklist tick wrote to the database (pages refresh then).

    ``clock`` gives "now" (aware); tests pass a fixed one."""

    status_message = Signal(str)
    changed = Signal()

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.clock = clock or (lambda: datetime.now(UTC))
        self.session_id: int | None = None
        self.prep: Prep | None = None
        self.data: PrepInput | None = None  # what ``prep`` was built from: the sheet prints it
        self.session: SessionRow | None = None
        self.client_name = ""
        self.print_notes = False
        self.paper = PaperFilter(frozenset())
        self.fold_button: QToolButton | None = None
        self._folded_box: QWidget | None = None
        self._folded_items: tuple[RankedItem, ...] = ()
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        self._show_message(self.tr("Choose a session to prepare for."))

    # --- public -------------------------------------------------------------------------------

    def show_session(self, session_id: int) -> None:
        """Read, rank and show the prep for ``session_id``."""
        self.session_id = session_id
        self.reload()

    def reload(self) -> None:
        """Read the current session again (after a tick or an edit elsewhere)."""
        if self.session_id is None:
            return
        session_id = self.session_id
        loaded = attempt(
            self,
            lambda: load_prep_input(self.db, session_id, now=self.clock()),
            gone=self.tr("This session no longer exists (perhaps it was deleted)."),
            inline=self._show_message,
        )
        if loaded.value is None:
            self.prep = self.data = self.session = None
            return
        data = loaded.value
        self.prep = build_prep(data)
        self.data = data
        self.session = data.session
        self.client_name = data.client_name
        self.print_notes = data.print_private_notes
        self.paper = paper_filter(data.matters, (data.client_name, data.session.client_name))
        self._render(self.prep, data.session, data.client_name)

    def checklist_boxes(self) -> list[QCheckBox]:
        """The checklist's checkboxes, in order."""
        content = self.scroll.widget()
        return [box for box in content.findChildren(QCheckBox) if box.property(KIND_ROLE)]

    # --- building -----------------------------------------------------------------------------

    def _small_font(self) -> QFont:
        return scaled_font(self.font(), 0.9, bold=False)

    def _label(
        self,
        text: str,
        *,
        font: QFont | None = None,
        quiet: bool = False,
        warn: bool = False,
        name: str = "",
    ) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if font is not None:
            label.setFont(font)
        if quiet:
            secondary(label)
        if warn:
            label.setStyleSheet(warning_label_style())
        if name:
            label.setObjectName(name)
        return label

    def _words(self, text: str, name: str = "clientWords") -> QLabel:
        """The client's own words: quoted, bold and a little larger — the most prominent."""
        return self._label(quoted(text), font=scaled_font(self.font(), 1.15), name=name)

    def _small(self, text: str, name: str = "") -> QLabel:
        return self._label(text, font=self._small_font(), quiet=True, name=name)

    def _marked(self, text: str) -> str:
        """``text``, marked when the sheet keeps it off paper (it holds private words)."""
        if self.paper.allows(text):
            return text
        return self.tr("{text} (not printed)").format(text=text)

    def _reasons(self, reasons: Sequence[str]) -> QLabel | None:
        if not reasons:
            return None
        return self._small("\n".join(f"• {reason}" for reason in reasons), "reasons")

    def _section(self, column: QVBoxLayout, title: str) -> QVBoxLayout:
        heading = QLabel(title)
        heading.setFont(scaled_font(self.font(), 1.05))
        heading.setObjectName("sectionTitle")
        secondary(heading)  # structure recedes; the client's words stay the loudest text
        column.addSpacing(self.fontMetrics().height() // 2)
        column.addWidget(heading)
        body = QVBoxLayout()
        body.setContentsMargins(self.fontMetrics().averageCharWidth() * 2, 0, 0, 0)
        body.setSpacing(max(2, self.fontMetrics().height() // 4))
        column.addLayout(body)
        return body

    def _new_column(self) -> tuple[QWidget, QVBoxLayout]:
        content = QWidget()
        column = QVBoxLayout(content)
        margin = self.fontMetrics().height()
        column.setContentsMargins(margin, margin, margin, margin)
        column.setSpacing(max(2, self.fontMetrics().height() // 4))
        return content, column

    def _show_message(self, text: str) -> None:
        content, column = self._new_column()
        column.addWidget(self._label(text, name="prepMessage"))
        column.addStretch(1)
        self._set_content(content)
        self.fold_button = None
        self._folded_box = None

    def _set_content(self, content: QWidget) -> None:
        old = self.scroll.takeWidget()
        self.scroll.setWidget(content)
        if old is not None:
            old.deleteLater()

    def _render(self, prep: Prep, session: SessionRow, client: str) -> None:
        content, column = self._new_column()
        self._header(column, session)
        self._circumstances(column, prep)
        self._checklist(self._section(column, self.tr("1. Before the session")), prep, client)
        self._items(self._section(column, self.tr("2. What matters for this session")), prep)
        self._repairs(self._section(column, self.tr("3. Repairs in progress")), prep.repairs)
        self._promises(self._section(column, self.tr("4. Promises due")), prep.promises_due)
        self._last_time(self._section(column, self.tr("5. Last time")), prep.last_time)
        if prep.trust_trend is not None:
            self._trust(self._section(column, self.tr("6. Trust trend")), prep.trust_trend, client)
        if prep.discovery_prompts:
            body = self._section(column, self.tr("7. Questions to ask"))
            body.addWidget(
                self._small(
                    self.tr("Little is known yet about what matters to {name}.").format(name=client)
                )
            )
            for prompt in prep.discovery_prompts:
                body.addWidget(self._label(quoted(prompt), name="discoveryPrompt"))
        column.addStretch(1)
        self._set_content(content)

    def _header(self, column: QVBoxLayout, session: SessionRow) -> None:
        name = self._label(
            session.client_name, font=scaled_font(self.font(), 1.5), name="clientName"
        )
        column.addWidget(name)
        local = to_qdatetime(session.start)
        when = f"{format_long_day(session.start)}, {format_clock(local.time())}"
        how = session.medium.label
        if session.location.strip():
            how = f"{how} · {session.location.strip()}"
        status = "" if session.status.value == "planned" else f" ({session.status.label})"
        column.addWidget(self._label(f"{when} — {how}{status}", name="sessionWhen"))
        for guest in session.guests:
            label = f"{guest.name} ({guest.role})" if guest.role else guest.name
            if guest.brought_by is GuestSource.CLIENT:
                column.addWidget(
                    self._label(self.tr("With {guest}, brought by the client").format(guest=label))
                )
            elif guest.announced:
                column.addWidget(self._label(self.tr("With {guest}").format(guest=label)))
            else:
                column.addWidget(
                    self._label(
                        self.tr("With {guest} — {mark} not told yet").format(
                            guest=label, mark=WARNING_MARK
                        ),
                        warn=True,
                        name="guestWarning",
                    )
                )
        if session.agenda.strip():
            column.addWidget(
                self._label(
                    self._marked(self.tr("Agenda: {text}").format(text=session.agenda.strip())),
                    name="sessionAgenda",
                )
            )

    def _circumstances(self, column: QVBoxLayout, prep: Prep) -> None:
        for found in prep.circumstances:
            reason = found.reason[:1].upper() + found.reason[1:]
            column.addWidget(self._small(reason, "circumstance"))
        trend = prep.trust_trend
        if trend is not None and trend.raised:
            # Raised: a falling score or a clearly optimistic guess belongs at the top.
            why = (
                self.tr("their scores are falling")
                if trend.direction is Direction.FALLING
                else self.tr("you expect more than they report")
            )
            column.addWidget(
                self._label(
                    self.tr("{mark} Trust: {why} — see 6. Trust trend").format(
                        mark=WARNING_MARK, why=why
                    ),
                    warn=True,
                    name="trustRaised",
                )
            )

    def _trust(self, body: QVBoxLayout, trend: TrustTrend, client: str) -> None:
        for line in trend.lines(client):
            body.addWidget(self._label(line, warn=trend.raised, name="trustLine"))
        if trend.last_comment:
            body.addWidget(self._words(trend.last_comment, "trustComment"))
            body.addWidget(self._small(self.tr("{name} wrote last time").format(name=client)))

    def _checklist(self, body: QVBoxLayout, prep: Prep, client: str) -> None:
        if not prep.checklist:
            body.addWidget(self._small(self.tr("Nothing to do before this session.")))
            return
        for entry in prep.checklist:
            box = QCheckBox(_plain(entry.text))
            box.setProperty(KIND_ROLE, entry.kind)
            box.setFont(scaled_font(self.font(), 1.0))  # the thing to do: bold, normal size
            box.setToolTip(self.tr("Tick when done; CoachDesk records it"))
            box.toggled.connect(lambda checked, e=entry: self._tick(e) if checked else None)
            # Left-aligned at its own width, so a click anywhere on the line's text hits it.
            body.addWidget(box, 0, Qt.AlignmentFlag.AlignLeft)
            if entry.stated_wish and entry.quote:
                body.addWidget(self._words(entry.quote))
                body.addWidget(
                    self._small(self.tr("{name} asked for this").format(name=client), "statedWish")
                )
            reasons = self._reasons(entry.reasons)
            if reasons is not None:
                body.addWidget(reasons)

    def _item_widget(self, item: RankedItem) -> QWidget:
        row = QWidget()
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, self.fontMetrics().height() // 3)
        layout.setSpacing(1)
        matter = item.matter
        layout.addWidget(self._words(matter.statement))
        if matter.why.strip():
            layout.addWidget(
                self._small(self.tr("Why: {text}").format(text=matter.why.strip()), "itemWhy")
            )
        meta = self.tr("{category} · importance {importance}").format(
            category=matter.category.label, importance=matter.importance
        )
        if matter.keep_off_printouts:
            meta += " · " + self.tr("not printed")
        layout.addWidget(self._small(meta, "itemMeta"))
        reasons = self._reasons(item.reasons)
        if reasons is not None:
            layout.addWidget(reasons)
        return row

    def _items(self, body: QVBoxLayout, prep: Prep) -> None:
        self.fold_button = None
        self._folded_box = None
        if not prep.items:
            body.addWidget(
                self._small(
                    self.tr(
                        "Nothing recorded yet about what matters to this client — "
                        "the questions below can help."
                    )
                )
            )
            return
        for item in prep.items[:TOP_ITEMS]:
            body.addWidget(self._item_widget(item))
        rest = prep.items[TOP_ITEMS:]
        if not rest:
            return
        self._folded_items = rest
        button = QToolButton()
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setArrowType(Qt.ArrowType.RightArrow)
        button.setText(self.tr("{count} more…").format(count=len(rest)))
        button.toggled.connect(self._unfold)
        self.fold_button = button
        body.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        box = QWidget()
        box.setVisible(False)
        QVBoxLayout(box).setContentsMargins(0, 0, 0, 0)
        self._folded_box = box
        body.addWidget(box)

    def _unfold(self, checked: bool) -> None:
        box, button = self._folded_box, self.fold_button
        if box is None or button is None:
            return
        layout = box.layout()
        if checked and layout.count() == 0:
            # Built on first unfolding only: a heavy client costs nothing until asked.
            for item in self._folded_items:
                layout.addWidget(self._item_widget(item))
        box.setVisible(checked)
        button.setArrowType(Qt.ArrowType.DownArrow if checked else Qt.ArrowType.RightArrow)
        button.setText(
            self.tr("Show fewer")
            if checked
            else self.tr("{count} more…").format(count=len(self._folded_items))
        )

    def _repairs(self, body: QVBoxLayout, repairs: Sequence[BreachRow]) -> None:
        if not repairs:
            body.addWidget(self._small(self.tr("No open repairs.")))
            return
        for breach in repairs:
            body.addWidget(self._words(breach.matter_statement))
            line = self.tr("Missed on {day}: {what}").format(
                day=format_day(breach.occurred_on), what=breach.what_happened.strip()
            )
            body.addWidget(self._label(self._marked(line)))
            if breach.how_it_landed.strip():
                body.addWidget(
                    self._small(
                        self.tr("How it landed: {words}").format(words=quoted(breach.how_it_landed))
                    )
                )
            body.addWidget(
                self._small(
                    self.tr("{mark} Repair {status}").format(
                        mark=WARNING_MARK, status=breach.repair_status.label.lower()
                    ),
                    "repairStatus",
                )
            )

    def _promises(self, body: QVBoxLayout, promises: Sequence[PromiseRow]) -> None:
        if not promises:
            body.addWidget(self._small(self.tr("No promises due by this session.")))
            return
        for promise in promises:
            owner = (
                self.tr("You promised")
                if promise.owner is PromiseOwner.COACH
                else self.tr("{name} promised").format(name=self.client_name)
            )
            body.addWidget(
                self._label(
                    self._marked(
                        self.tr("{owner}: {text} (due {day})").format(
                            owner=owner, text=promise.text.strip(), day=format_day(promise.due_on)
                        )
                    ),
                    name="promise",
                )
            )

    def _last_time(self, body: QVBoxLayout, last: SessionRow | None) -> None:
        if last is None:
            body.addWidget(self._small(self.tr("No earlier session was held.")))
            return
        local = to_qdatetime(last.start)
        body.addWidget(self._label(f"{format_long_day(last.start)}, {format_clock(local.time())}"))
        agenda, notes = first_line(last.agenda), first_line(last.private_notes)
        if agenda:
            body.addWidget(self._label(self._marked(self.tr("Agenda: {text}").format(text=agenda))))
        if notes:
            text = (
                self.tr("Your notes: {text}")
                if self.print_notes
                else self.tr("Your notes (not printed): {text}")
            )
            body.addWidget(self._small(text.format(text=notes), "lastNotes"))
        if not agenda and not notes:
            body.addWidget(self._small(self.tr("No agenda or notes were recorded.")))

    # --- ticking ------------------------------------------------------------------------------

    def _tick(self, entry: ChecklistItem) -> None:
        """Record a ticked checklist entry, then read again (the entry leaves the list)."""
        ref_id = entry.ref_id
        if ref_id is None:
            return
        writes = {
            TELL_GUEST: (
                lambda: session_storage.set_guest_informed(self.db, ref_id, True),
                self.tr("Recorded: {name} was told about the guest."),
            ),
            CONFIRM_TIME: (
                lambda: session_storage.confirm_reschedule(self.db, ref_id),
                self.tr("Recorded: {name} confirmed the new time."),
            ),
            CONFIRM_PLACE: (
                lambda: session_storage.confirm_place(self.db, ref_id),
                self.tr("Recorded: {name} knows how and where you will meet."),
            ),
            ASK_RECORDING: (
                lambda: session_storage.record_recording_consent(self.db, ref_id, self.clock()),
                self.tr("Recorded: {name} agreed to the recording."),
            ),
        }
        if entry.kind not in writes:
            return
        write, done = writes[entry.kind]
        if not attempt(self, write):
            self.reload()
            return
        self.reload()
        self.status_message.emit(done.format(name=self.client_name))
        self.changed.emit()


class PrepDialog(QDialog):
    """A resizable window around a ``PrepPanel``; non-modal when opened with ``show()``.

    Escape and Close close it.  ``panel.changed`` / ``panel.status_message`` are forwarded
    as ``changed`` / ``status_message``."""

    status_message = Signal(str)
    changed = Signal()

    def __init__(
        self,
        db: Database,
        session_id: int | None = None,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(True)
        self.panel = PrepPanel(db, self, clock=clock)
        self.panel.changed.connect(self.changed)
        self.panel.changed.connect(self._retitle)
        self.panel.status_message.connect(self.status_message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.print_button = buttons.addButton(
            self.tr("&Print…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.setToolTip(self.tr("Preview and print the one-page prep sheet"))
        self.print_button.clicked.connect(self.print_sheet)
        self.pdf_button = buttons.addButton(
            self.tr("Save as P&DF…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.pdf_button.clicked.connect(self.save_pdf)
        print_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        print_shortcut.activated.connect(self.print_sheet)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 90, metrics.lineSpacing() * 48)
        self.setWindowTitle(self.tr("Prepare for session"))
        if session_id is not None:
            self.show_session(session_id)

    def show_session(self, session_id: int) -> None:
        self.panel.show_session(session_id)
        self._retitle()

    def show_for(self, session_id: int) -> None:
        """Show (non-modal) for ``session_id`` and bring the window to the front."""
        self.show_session(session_id)
        self.show()
        self.raise_()
        self.activateWindow()

    def _shown(self) -> tuple[PrepInput, Prep] | None:
        """What the panel shows, as it shows it: the sheet prints that, never a re-read
        that could rank differently."""
        panel = self.panel
        if panel.data is None or panel.prep is None:
            return None
        return panel.data, panel.prep

    def print_sheet(self) -> None:
        """The system print preview, then print dialog, for the one-page sheet."""
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        from coachdesk.printing.page import default_page_size
        from coachdesk.printing.prep_sheet import paint_prep_sheet

        shown = self._shown()
        if shown is None:
            return
        data, prep = shown
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(default_page_size())
        preview = QPrintPreviewDialog(printer, self)
        preview.setWindowTitle(self.tr("Prep sheet: {name}").format(name=data.client_name))
        preview.paintRequested.connect(lambda device: paint_prep_sheet(data, device, prep=prep))
        preview.exec()

    def save_pdf(self) -> None:
        """Save the one-page sheet as a PDF where the coach chooses."""
        from coachdesk.printing.prep_sheet import render_prep_sheet

        shown = self._shown()
        if shown is None:
            return
        data, prep = shown
        suggested = (
            f"Prep {data.session.client_name} {local_or_utc(data.session.start):%Y-%m-%d}.pdf"
        )
        target, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the prep sheet as PDF"),
            str(Path.home() / suggested),
            self.tr("PDF files (*.pdf)"),
        )
        if not target:
            return
        try:
            result = render_prep_sheet(data, Path(target), prep=prep)
        except OSError as exc:
            show_problem(
                self,
                self.tr("The prep sheet could not be saved: {reason}").format(
                    reason=exc.strerror or exc
                ),
            )
            return
        self.status_message.emit(self.tr("Prep sheet saved to {path}.").format(path=result.path))

    def _retitle(self) -> None:
        session = self.panel.session
        if session is None:
            self.setWindowTitle(self.tr("Prepare for session"))
        else:
            self.setWindowTitle(
                self.tr("Prepare: {name}, {day}").format(
                    name=session.client_name, day=format_long_day(session.start)
                )
            )
