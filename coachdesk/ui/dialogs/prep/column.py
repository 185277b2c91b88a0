"""The prep panel's column: one ``Prep`` laid out as widgets, section by section.

In this order: a header (the client's name, the local time, how and where, the guests,
an unannounced one marked "⚠ not told yet", one the client brought saying so, this
session's agenda), then the circumstances that fired (a guest is said once, in the
header); then the sections, numbered by what is shown: the checklist, one checkbox per
thing to do first, the action in bold and, for a stated wish, the client's words under
it, quieter but whole, with "they asked for this"; a ticked entry stays as done with
its time ("✓ Told Dan about Maria at 21:18"), the latest with an Undo button; what
matters for this session, the client's words first (a matter the checklist quotes is
not quoted again), the top ``TOP_ITEMS`` shown and the rest folded under "N more…",
built only when unfolded (items kept off printouts are marked "not printed"); repairs
in progress; promises due; last time; the trust trend, while there is client feedback
(raised, a warning line under the header points to it by its number); discovery
prompts, when the engine gives some.  The checklist and what matters always show; any
other empty section is left out and said once, in a quiet line at the end.  A text the
sheet keeps off paper is marked "(not printed)".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import format_clock, format_day, format_long_day, to_qdatetime
from coachdesk.domain.feedback import Direction, TrustTrend
from coachdesk.domain.paper import PaperFilter
from coachdesk.domain.practice import BreachRow, PromiseRow, SessionRow
from coachdesk.domain.prep import (
    ASK_RECORDING,
    CONFIRM_PLACE,
    CONFIRM_TIME,
    TELL_GUEST,
    ChecklistItem,
    Prep,
    RankedItem,
)
from coachdesk.domain.text import first_line, quoted
from coachdesk.domain.vocab import GuestSource, PromiseOwner, Trigger
from coachdesk.ui.widgets.style import (
    WARNING_MARK,
    scaled_font,
    secondary,
    visible_indicator,
    warning_label_style,
)

TOP_ITEMS = 5
"""Ranked items shown unfolded; the rest sit under the "N more…" toggle."""

KIND_ROLE = "prepKind"
"""Dynamic property on a checklist checkbox: the entry's kind (tests and wiring use it)."""

MAIN_SECTIONS = 2
"""The checklist and what matters: the left column when the window is wide."""

WIDE_FROM_CHARS = 130
"""From this width (in average characters) the sections stand in two columns."""

Section = tuple[str, str, Callable[[QVBoxLayout], None]]
"""A section to show: its key, its title and what builds its body."""

REF_ROLE = "prepRef"
"""Dynamic property on a checklist checkbox: the entry's ``ref_id`` (the guest or session)."""


@dataclass(frozen=True)
class DoneEntry:
    """A checklist entry ticked in this window: what it was, when, and where it stood."""

    entry: ChecklistItem
    at: datetime
    index: int


def _plain(text: str) -> str:
    """Text for a button label: an ampersand is not a mnemonic."""
    return text.replace("&", "&&")


def _label(
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


def _column_layout(content: QWidget) -> QVBoxLayout:
    column = QVBoxLayout(content)
    margin = content.fontMetrics().height()
    column.setContentsMargins(margin, margin, margin, margin)
    column.setSpacing(max(2, content.fontMetrics().height() // 4))
    return column


def message_column(parent: QWidget, text: str) -> QWidget:
    """A column holding one plain line (no session chosen, the session gone, a failed read).

    ``parent`` lends its font; the scroll area that shows the column becomes its parent."""
    content = QWidget(parent)
    column = _column_layout(content)
    column.addWidget(_label(text, name="prepMessage"))
    column.addStretch(1)
    return content


class PrepColumn(QWidget):
    """The whole prep for one session as one column of widgets.  ``tick`` is called with a
    checklist entry when its box is ticked.

    ``parent`` (the panel) lends its font; the scroll area that shows the column becomes
    its parent."""

    def __init__(
        self,
        parent: QWidget,
        prep: Prep,
        session: SessionRow,
        client: str,
        *,
        paper: PaperFilter,
        print_notes: bool,
        tick: Callable[[ChecklistItem, int], None],
        done: Sequence[DoneEntry] = (),
        undo: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.session = session
        self.paper = paper
        self.print_notes = print_notes
        self._guest_reasons = {
            found.reason for found in prep.circumstances if found.trigger is Trigger.GUESTS
        }
        self._tick = tick
        self._undo = undo
        self.fold_button: QToolButton | None = None
        self.undo_button: QToolButton | None = None
        self.done_labels: list[QLabel] = []
        self._folded_box: QWidget | None = None
        self._folded_items: tuple[RankedItem, ...] = ()
        self._latest: DoneEntry | None = None
        sections, nothing = self._sections(prep, done, client)
        # Numbered by what is shown: no gap where an empty section was left out.
        titles = {
            key: self.tr("{number}. {title}").format(number=number, title=title)
            for number, (key, title, _build) in enumerate(sections, start=1)
        }
        column = _column_layout(self)
        self._header(column, session)
        self._circumstances(column, prep, titles.get("trust", ""))
        # Wide enough, what to do and what matters on the left, the rest on the right.
        self._columns = QHBoxLayout()
        self._left, self._right = QVBoxLayout(), QVBoxLayout()
        for side in (self._left, self._right):
            side.setContentsMargins(0, 0, 0, 0)
            side.setSpacing(column.spacing())  # not the columns' gap, which it would inherit
            side.addStretch(1)
            self._columns.addLayout(side, 1)
        column.addLayout(self._columns, 1)
        built: list[QWidget] = [self._section(titles[key], build) for key, _t, build in sections]
        if nothing:
            said = self._small(" ".join(nothing), "nothingOpen")
            said.setContentsMargins(0, self.fontMetrics().height() // 2, 0, 0)
            built.append(said)
        self._main, self._side = built[:MAIN_SECTIONS], built[MAIN_SECTIONS:]
        self._wide: bool | None = None
        self.wide_from = self.fontMetrics().averageCharWidth() * WIDE_FROM_CHARS
        self._arrange(self.width() >= self.wide_from)

    @property
    def wide(self) -> bool:
        """True while the sections stand in two columns."""
        return bool(self._wide)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width() >= self.wide_from)

    def _arrange(self, wide: bool) -> None:
        """Place the sections in one column, or two when ``wide``."""
        if wide == self._wide:
            return
        self._wide = wide
        # Narrow, the right side is empty and takes no width (nor a gap).
        self._columns.setStretch(1, 1 if wide else 0)
        self._columns.setSpacing(self.fontMetrics().averageCharWidth() * 4 if wide else 0)
        for widget in (*self._main, *self._side):
            self._left.removeWidget(widget)
            self._right.removeWidget(widget)
        right = self._right if wide else self._left
        for side, widgets in ((self._left, self._main), (right, self._side)):
            for widget in widgets:
                side.insertWidget(side.count() - 1, widget)  # before the closing stretch

    def _sections(
        self, prep: Prep, done: Sequence[DoneEntry], client: str
    ) -> tuple[list[Section], list[str]]:
        """The sections to show, in order, each with what builds its body; and a line for
        each empty one left out."""
        # A tick reversed elsewhere since (the guest unticked in the session) is open
        # again: the file says so, not this window's memory of it.
        open_keys = {(e.kind, e.ref_id) for e in prep.checklist}
        latest = done[-1] if done else None
        done = [d for d in done if (d.entry.kind, d.entry.ref_id) not in open_keys]
        self._latest = latest if latest in done else None
        entries = prep.checklist
        # A matter the checklist quotes beside its action is not quoted again below.
        quoted_ids = {e.wish_ids[0] for e in entries if e.stated_wish and e.wish_ids}
        items = tuple(item for item in prep.items if item.matter.id not in quoted_ids)
        sections: list[Section] = [
            (
                "checklist",
                self.tr("Before the session"),
                lambda body: self._checklist(body, entries, done, client),
            ),
            (
                "items",
                self.tr("What matters for this session"),
                lambda body: self._items(body, items),
            ),
        ]
        nothing: list[str] = []
        if prep.repairs:
            sections.append(
                (
                    "repairs",
                    self.tr("Repairs in progress"),
                    lambda body: self._repairs(body, prep.repairs),
                )
            )
        else:
            nothing.append(self.tr("No open repairs."))
        if prep.promises_due:
            sections.append(
                (
                    "promises",
                    self.tr("Promises due"),
                    lambda body: self._promises(body, prep.promises_due),
                )
            )
        else:
            nothing.append(self.tr("No promises due by this session."))
        if prep.last_time is not None:
            last = prep.last_time
            sections.append(
                ("last", self.tr("Last time"), lambda body: self._last_time(body, last))
            )
        else:
            nothing.append(self.tr("No earlier session was held."))
        trend = prep.trust_trend
        if trend is not None:
            sections.append(
                ("trust", self.tr("Trust trend"), lambda body: self._trust(body, trend, client))
            )
        if prep.discovery_prompts:
            sections.append(
                (
                    "questions",
                    self.tr("Questions to ask"),
                    lambda body: self._questions(body, prep, client),
                )
            )
        return sections, nothing

    # --- building -----------------------------------------------------------------------------

    def _small_font(self) -> QFont:
        return scaled_font(self.font(), 0.9, bold=False)

    def _words(self, text: str, name: str = "clientWords") -> QLabel:
        """The client's own words: quoted, bold and a little larger — the most prominent."""
        return _label(quoted(text), font=scaled_font(self.font(), 1.15), name=name)

    def _small(self, text: str, name: str = "") -> QLabel:
        return _label(text, font=self._small_font(), quiet=True, name=name)

    def _marked(self, text: str) -> str:
        """``text``, marked when the sheet keeps it off paper (it holds private words)."""
        if self.paper.allows(text):
            return text
        return self.tr("{text} (not printed)").format(text=text)

    def _reasons(self, reasons: Sequence[str]) -> QLabel | None:
        """An item's reasons; one that names a guest says only that someone joins (the
        header names the guest)."""
        if not reasons:
            return None
        said = dict.fromkeys(
            Trigger.GUESTS.label if reason in self._guest_reasons else reason for reason in reasons
        )
        return self._small("\n".join(f"• {reason}" for reason in said), "reasons")

    def _section(self, title: str, build: Callable[[QVBoxLayout], None]) -> QWidget:
        """A section: its numbered title over its body, which ``build`` fills."""
        section = QWidget()
        layout = QVBoxLayout(section)
        layout.setContentsMargins(0, self.fontMetrics().height() // 2, 0, 0)
        layout.setSpacing(max(2, self.fontMetrics().height() // 4))
        heading = QLabel(title)
        heading.setFont(scaled_font(self.font(), 1.05))
        heading.setObjectName("sectionTitle")
        secondary(heading)  # structure recedes; the client's words stay the loudest text
        layout.addWidget(heading)
        body = QVBoxLayout()
        body.setContentsMargins(self.fontMetrics().averageCharWidth() * 2, 0, 0, 0)
        body.setSpacing(max(2, self.fontMetrics().height() // 4))
        layout.addLayout(body)
        build(body)
        return section

    def _header(self, column: QVBoxLayout, session: SessionRow) -> None:
        name = _label(session.client_name, font=scaled_font(self.font(), 1.5), name="clientName")
        column.addWidget(name)
        local = to_qdatetime(session.start)
        when = f"{format_long_day(session.start)}, {format_clock(local.time())}"
        how = session.medium.label
        if session.location.strip():
            how = f"{how} · {session.location.strip()}"
        status = "" if session.status.value == "planned" else f" ({session.status.label})"
        column.addWidget(_label(f"{when} — {how}{status}", name="sessionWhen"))
        for guest in session.guests:
            label = f"{guest.name} ({guest.role})" if guest.role else guest.name
            if guest.brought_by is GuestSource.CLIENT:
                column.addWidget(
                    _label(self.tr("With {guest}, brought by the client").format(guest=label))
                )
            elif guest.announced:
                column.addWidget(_label(self.tr("With {guest}").format(guest=label)))
            else:
                column.addWidget(
                    _label(
                        self.tr("With {guest} — {mark} not told yet").format(
                            guest=label, mark=WARNING_MARK
                        ),
                        warn=True,
                        name="guestWarning",
                    )
                )
        if session.agenda.strip():
            column.addWidget(
                _label(
                    self._marked(self.tr("Agenda: {text}").format(text=session.agenda.strip())),
                    name="sessionAgenda",
                )
            )

    def _circumstances(self, column: QVBoxLayout, prep: Prep, trust_title: str) -> None:
        for found in prep.circumstances:
            if found.trigger is Trigger.GUESTS:
                continue  # the header names each guest
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
                _label(
                    self.tr("{mark} Trust: {why} — see {section}").format(
                        mark=WARNING_MARK, why=why, section=trust_title
                    ),
                    warn=True,
                    name="trustRaised",
                )
            )

    def _trust(self, body: QVBoxLayout, trend: TrustTrend, client: str) -> None:
        for line in trend.lines(client):
            body.addWidget(_label(line, warn=trend.raised, name="trustLine"))
        if trend.last_comment:
            body.addWidget(self._words(trend.last_comment, "trustComment"))
            body.addWidget(self._small(self.tr("{name} wrote last time").format(name=client)))

    def _checklist(
        self,
        body: QVBoxLayout,
        entries: Sequence[ChecklistItem],
        done: Sequence[DoneEntry],
        client: str,
    ) -> None:
        rows: list[ChecklistItem | DoneEntry] = list(entries)
        for finished in sorted(done, key=lambda d: d.index):
            rows.insert(min(finished.index, len(rows)), finished)
        if not rows:
            body.addWidget(self._small(self.tr("Nothing to do before this session.")))
            return
        for index, row in enumerate(rows):
            if isinstance(row, DoneEntry):
                self._done_row(body, row, latest=row is self._latest)
            else:
                self._open_row(body, row, index, client)

    def _open_row(self, body: QVBoxLayout, entry: ChecklistItem, index: int, client: str) -> None:
        box = QCheckBox(_plain(entry.text))
        box.setProperty(KIND_ROLE, entry.kind)
        box.setProperty(REF_ROLE, entry.ref_id)
        box.setFont(scaled_font(self.font(), 1.0))  # the thing to do: bold, normal size
        box.setToolTip(self.tr("Tick when done; CoachDesk records it (Ctrl+Z undoes it)"))
        visible_indicator(box)
        box.toggled.connect(lambda checked, e=entry, i=index: self._tick(e, i) if checked else None)
        # Left-aligned at its own width, so a click anywhere on the line's text hits it.
        body.addWidget(box, 0, Qt.AlignmentFlag.AlignLeft)
        if entry.stated_wish and entry.quote:
            # Under the action's text, past the box: the client's words, quieter, whole.
            indent = self.style().pixelMetric(
                QStyle.PixelMetric.PM_IndicatorWidth, None, box
            ) + self.style().pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, box)
            words = QVBoxLayout()
            words.setContentsMargins(indent, 0, 0, 0)
            words.setSpacing(1)
            quote = _label(quoted(entry.quote), quiet=True, name="clientWords")
            words.addWidget(quote)
            words.addWidget(
                self._small(self.tr("{name} asked for this").format(name=client), "statedWish")
            )
            body.addLayout(words)

    def _done_text(self, done: DoneEntry) -> str:
        entry, client = done.entry, self.client
        at = format_clock(to_qdatetime(done.at).time())
        if entry.kind == TELL_GUEST:
            guest = next((g.name for g in self.session.guests if g.id == entry.ref_id), "")
            text = self.tr("Told {name} about {guest} at {time}").format(
                name=client, guest=guest, time=at
            )
        elif entry.kind == CONFIRM_TIME:
            text = self.tr("{name} confirmed the new time at {time}").format(name=client, time=at)
        elif entry.kind == CONFIRM_PLACE:
            text = self.tr("Confirmed with {name} how and where you will meet at {time}").format(
                name=client, time=at
            )
        elif entry.kind == ASK_RECORDING:
            text = self.tr("{name} agreed to the recording at {time}").format(name=client, time=at)
        else:
            text = self.tr("{text}: done at {time}").format(text=entry.text, time=at)
        return f"✓ {text}"

    def _done_row(self, body: QVBoxLayout, done: DoneEntry, *, latest: bool) -> None:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        label = _label(self._done_text(done), quiet=True, name="doneEntry")
        self.done_labels.append(label)
        # As wide as its one line, wrapping only when the window is narrower: the Undo
        # button stays right after the words.
        label.setMaximumWidth(label.fontMetrics().horizontalAdvance(label.text()) + 4)
        row.addWidget(label, 1)
        if latest and self._undo is not None:
            button = QToolButton()
            button.setText(self.tr("Undo"))
            button.setToolTip(self.tr("Undo this tick (Ctrl+Z): it is open again"))
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.clicked.connect(self._undo)
            self.undo_button = button
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(0)  # what the words leave over, once they stand on one line
        body.addLayout(row)

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

    def _items(self, body: QVBoxLayout, items: tuple[RankedItem, ...]) -> None:
        if not items:
            body.addWidget(
                self._small(
                    self.tr(
                        "Nothing recorded yet about what matters to this client — "
                        "the questions below can help."
                    )
                )
            )
            return
        for item in items[:TOP_ITEMS]:
            body.addWidget(self._item_widget(item))
        rest = items[TOP_ITEMS:]
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
        for breach in repairs:
            body.addWidget(self._words(breach.matter_statement))
            line = self.tr("Missed on {day}: {what}").format(
                day=format_day(breach.occurred_on), what=breach.what_happened.strip()
            )
            body.addWidget(_label(self._marked(line)))
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
        for promise in promises:
            owner = (
                self.tr("You promised")
                if promise.owner is PromiseOwner.COACH
                else self.tr("{name} promised").format(name=self.client)
            )
            body.addWidget(
                _label(
                    self._marked(
                        self.tr("{owner}: {text} (due {day})").format(
                            owner=owner, text=promise.text.strip(), day=format_day(promise.due_on)
                        )
                    ),
                    name="promise",
                )
            )

    def _last_time(self, body: QVBoxLayout, last: SessionRow) -> None:
        local = to_qdatetime(last.start)
        body.addWidget(_label(f"{format_long_day(last.start)}, {format_clock(local.time())}"))
        agenda, notes = first_line(last.agenda), first_line(last.private_notes)
        if agenda:
            body.addWidget(_label(self._marked(self.tr("Agenda: {text}").format(text=agenda))))
        if notes:
            text = (
                self.tr("Your notes: {text}")
                if self.print_notes
                else self.tr("Your notes (not printed): {text}")
            )
            body.addWidget(self._small(text.format(text=notes), "lastNotes"))
        if not agenda and not notes:
            body.addWidget(self._small(self.tr("No agenda or notes were recorded.")))

    def _questions(self, body: QVBoxLayout, prep: Prep, client: str) -> None:
        body.addWidget(
            self._small(
                self.tr("Little is known yet about what matters to {name}.").format(name=client)
            )
        )
        for prompt in prep.discovery_prompts:
            body.addWidget(_label(quoted(prompt), name="discoveryPrompt"))
