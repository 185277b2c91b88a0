"""The prep panel's column: one ``Prep`` laid out as widgets, section by section.

In this order: a header (the client's name, the local time (and the client's beside it
when their clock says another: "…, 10:00 (16:00 for Dan)"), how and where, the guests,
an unannounced one marked "⚠ not told yet", one the client brought saying so, this
session's agenda), then the circumstances that fired (a guest is said once, in the
header); then the sections, numbered by what is shown: the checklist (its rows, open
and done, are ``checklist.ChecklistRows``'); what matters for this session, the
client's words first (a matter the checklist quotes is not quoted again), the top
``TOP_ITEMS`` shown and the rest folded under "N more…", built only when unfolded
(items kept off printouts are marked "not printed"); repairs in progress; promises due;
last time; the trust trend, while there is client feedback (raised, a warning line under
the header points to it by its number); discovery prompts, when the engine gives some.
The checklist and what matters always show; any other empty section is left out and
said once, in a quiet line at the end.  A text the sheet keeps off paper is marked
"(not printed)".  From ``WIDE_FROM_CHARS`` wide, the checklist and what matters stand on
the left and the other sections on the right.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import (
    format_clock,
    format_day,
    format_long_day,
    to_qdatetime,
    with_their_time,
)
from coachdesk.domain.feedback import Direction, TrustTrend
from coachdesk.domain.paper import PaperFilter
from coachdesk.domain.practice import BreachRow, PromiseRow, SessionRow
from coachdesk.domain.prep import (
    ChecklistItem,
    Prep,
    RankedItem,
)
from coachdesk.domain.text import first_line, quoted
from coachdesk.domain.vocab import GuestSource, PromiseOwner, Trigger
from coachdesk.ui.dialogs.prep.checklist import ChecklistRows, DoneEntry, text_label
from coachdesk.ui.widgets.style import (
    WARNING_MARK,
    scaled_font,
    secondary,
)

TOP_ITEMS = 5
"""Ranked items shown unfolded; the rest sit under the "N more…" toggle."""

MAIN_SECTIONS = 2
"""The checklist and what matters: the left column when the window is wide."""

WIDE_FROM_CHARS = 130
"""From this width (in average characters) the sections stand in two columns."""

Section = tuple[str, str, Callable[[QVBoxLayout], None]]
"""A section to show: its key, its title and what builds its body."""


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
    column.addWidget(text_label(text, name="prepMessage"))
    column.addStretch(1)
    return content


class PrepColumn(ChecklistRows):
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
        super().__init__(parent, session, client, tick, undo)
        self.paper = paper
        self.print_notes = print_notes
        self._guest_reasons = {
            found.reason for found in prep.circumstances if found.trigger is Trigger.GUESTS
        }
        self.fold_button: QToolButton | None = None
        self._folded_box: QWidget | None = None
        self._folded_items: tuple[RankedItem, ...] = ()
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

    def _words(self, text: str, name: str = "clientWords") -> QLabel:
        """The client's own words: quoted, bold and a little larger, the loudest text of what
        matters, repairs and trust (beside a checklist action they are quieter)."""
        return text_label(quoted(text), font=scaled_font(self.font(), 1.15), name=name)

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
        name = text_label(
            session.client_name, font=scaled_font(self.font(), 1.5), name="clientName"
        )
        column.addWidget(name)
        local = to_qdatetime(session.start)
        when = with_their_time(
            f"{format_long_day(session.start)}, {format_clock(local.time())}",
            session.start,
            session.client_time_zone,
            self.client,
        )
        how = session.medium.label
        if session.location.strip():
            how = f"{how} · {session.location.strip()}"
        status = "" if session.status.value == "planned" else f" ({session.status.label})"
        column.addWidget(text_label(f"{when} — {how}{status}", name="sessionWhen"))
        for guest in session.guests:
            label = f"{guest.name} ({guest.role})" if guest.role else guest.name
            if guest.brought_by is GuestSource.CLIENT:
                column.addWidget(
                    text_label(self.tr("With {guest}, brought by the client").format(guest=label))
                )
            elif guest.announced:
                column.addWidget(text_label(self.tr("With {guest}").format(guest=label)))
            else:
                column.addWidget(
                    text_label(
                        self.tr("With {guest} — {mark} not told yet").format(
                            guest=label, mark=WARNING_MARK
                        ),
                        warn=True,
                        name="guestWarning",
                    )
                )
        if session.agenda.strip():
            column.addWidget(
                text_label(
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
                text_label(
                    self.tr("{mark} Trust: {why} — see {section}").format(
                        mark=WARNING_MARK, why=why, section=trust_title
                    ),
                    warn=True,
                    name="trustRaised",
                )
            )

    def _trust(self, body: QVBoxLayout, trend: TrustTrend, client: str) -> None:
        for line in trend.lines(client):
            body.addWidget(text_label(line, warn=trend.raised, name="trustLine"))
        if trend.last_comment:
            body.addWidget(self._words(trend.last_comment, "trustComment"))
            body.addWidget(self._small(self.tr("{name} wrote last time").format(name=client)))

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
            body.addWidget(text_label(self._marked(line)))
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
                text_label(
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
        body.addWidget(text_label(f"{format_long_day(last.start)}, {format_clock(local.time())}"))
        agenda, notes = first_line(last.agenda), first_line(last.private_notes)
        if agenda:
            body.addWidget(text_label(self._marked(self.tr("Agenda: {text}").format(text=agenda))))
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
            body.addWidget(text_label(quoted(prompt), name="discoveryPrompt"))
