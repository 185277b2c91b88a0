"""Add or edit a client.

A client who lives by another clock has a time zone (``ZoneCombo``): typed or picked,
its list filtered as the coach types ("york" finds America/New_York); empty, the
coach's own.  Sessions then show the client's time beside the coach's where the two
differ (``domain.their_time``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import format_clock
from coachdesk.domain.clients import ClientData, FieldError, validate_client
from coachdesk.domain.notice import ZoneError, zone_named, zone_names
from coachdesk.domain.their_time import hours_apart, place_name
from coachdesk.domain.vocab import ClientStatus
from coachdesk.local_zone import local_zone_name
from coachdesk.storage.clients import create_client, get_client, update_client
from coachdesk.storage.database import Database
from coachdesk.ui.dialogs.forms import FormDialog, dated

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
"""On the zone list: what typing is matched against ("america/new_york new york")."""


class _ZoneCompleter(QCompleter):
    """Matches what is typed anywhere in a zone's name, spaces for its underscores, any
    case; completes to the name itself."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class ZoneCombo(QComboBox):
    """A client's time zone: empty (the first entry) for the coach's own; an IANA name
    picked from the list or typed, the list narrowing to the names that contain what is
    typed.  ``value()`` is the name as this computer spells it ("europe/paris" and
    "Paris" read as Europe/Paris), or what was typed when it names no zone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        own = local_zone_name()
        self.same_label = (
            self.tr("Same as yours ({zone})").format(zone=own) if own else self.tr("Same as yours")
        )
        self.addItem(self.same_label, "")
        self.setItemData(0, "", SEARCH_ROLE)
        names = zone_names()
        self._known: dict[str, str] = {}
        places: dict[str, list[str]] = {}
        for name in names:
            spaced = name.replace("_", " ")
            self.addItem(name, name)
            self.setItemData(self.count() - 1, f"{name} {spaced}".casefold(), SEARCH_ROLE)
            self._known[name.casefold()] = name
            self._known[spaced.casefold()] = name
            places.setdefault(place_name(name).casefold(), []).append(name)
        for place, found in places.items():
            if len(found) == 1:
                self._known.setdefault(place, found[0])
        completer = _ZoneCompleter(self.model(), self)
        completer.setCompletionRole(SEARCH_ROLE)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self.lineEdit().setPlaceholderText(self.same_label)
        self.lineEdit().setMaxLength(64)
        self.set_value("")
        self.activated.connect(self._on_activated)

    def _on_activated(self, index: int) -> None:
        if index == 0:
            self.setEditText("")  # the coach's own zone: the field left empty

    def value(self) -> str:
        text = self.currentText().strip()
        if not text or text == self.same_label:
            return ""
        return self._known.get(" ".join(text.split()).casefold(), text)

    def set_value(self, name: str) -> None:
        index = self.findData(name) if name else -1
        if index > 0:
            self.setCurrentIndex(index)
        else:
            self.setCurrentIndex(-1)
            self.setEditText(name)

    def reading(self, now: datetime | None = None) -> str:
        """The chosen zone against the coach's: "now 16:05 there, 1 h ahead of you" (the
        name first when it was typed otherwise: "Europe/Paris: now…"); "" for a name it
        does not know (the form says why)."""
        name = self.value()
        try:
            zone = zone_named(name)
        except ZoneError:
            return ""
        if zone is None:
            return self.tr("Their sessions show in your time only.")
        moment = now or datetime.now(UTC)
        there = moment.astimezone(zone)
        clock = format_clock(QTime(there.hour, there.minute))
        apart = hours_apart(moment, zone)
        hours = f"{abs(apart) / timedelta(hours=1):g}"
        if apart == timedelta(0):
            relation = self.tr("the same time as yours")
        elif apart > timedelta(0):
            relation = self.tr("{hours} h ahead of you").format(hours=hours)
        else:
            relation = self.tr("{hours} h behind you").format(hours=hours)
        said = self.tr("now {clock} there, {relation}").format(clock=clock, relation=relation)
        if name != " ".join(self.currentText().split()):  # typed "paris": say what it reads as
            said = self.tr("{zone}: {said}").format(zone=name, said=said)
        return said


class ClientDialog(FormDialog):
    """Create a client (``client_id`` None) or edit one."""

    def __init__(
        self, db: Database, client_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New client") if client_id is None else self.tr("Edit client"))
        self.db = db
        self.client_id = client_id

        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Full name (required)"))
        self.preferred_name = QLineEdit()
        self.preferred_name.setPlaceholderText(self.tr("What they like to be called"))
        self.pronouns = QLineEdit()
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@example.com")
        self.phone = QLineEdit()
        self.time_zone = ZoneCombo()
        self.time_zone.setToolTip(
            self.tr(
                "Where they live by the clock, if not where you do: their sessions then "
                "show their time too"
            )
        )
        self.time_zone_hint = QLabel()
        self.time_zone_hint.setObjectName("zoneReading")
        self.time_zone_hint.setEnabled(False)  # drawn as a quiet hint
        zone_column = QVBoxLayout()
        zone_column.setContentsMargins(0, 0, 0, 0)
        zone_column.addWidget(self.time_zone)
        zone_column.addWidget(self.time_zone_hint)
        self.organisation = QLineEdit()
        self.role = QLineEdit()
        self.status = QComboBox()
        for status in ClientStatus:
            self.status.addItem(self.tr(status.label), status.value)
        self.status.setCurrentIndex(self.status.findData(ClientStatus.ACTIVE.value))
        self.has_started_on = QCheckBox()
        self.has_started_on.setToolTip(self.tr("Set the date the coaching started"))
        self.started_on = dated(QDateEdit())
        self.started_on.setDate(QDate.currentDate())
        self.started_on.setEnabled(False)
        self.has_started_on.toggled.connect(self.started_on.setEnabled)
        started_row = QHBoxLayout()
        started_row.addWidget(self.has_started_on)
        started_row.addWidget(self.started_on, 1)
        self.private_notes = QPlainTextEdit()
        self.private_notes.setPlaceholderText(self.tr("Only you see these"))
        self.private_notes.setTabChangesFocus(True)
        self.print_private_notes = QCheckBox(
            self.tr("Pr&int last time's private notes on prep sheets")
        )
        self.print_private_notes_note = QLabel(
            self.tr(
                "Otherwise your private notes stay off paper: the prep sheet never prints "
                "them, though the prep panel on screen still shows them."
            )
        )
        self.print_private_notes_note.setWordWrap(True)
        self.print_private_notes_note.setEnabled(False)  # drawn as a quiet hint
        printing = QVBoxLayout()
        printing.setContentsMargins(0, 0, 0, 0)
        printing.addWidget(self.print_private_notes)
        printing.addWidget(self.print_private_notes_note)

        self.form.addRow(self.tr("&Name"), self.name)
        self.form.addRow(self.tr("&Preferred name"), self.preferred_name)
        self.form.addRow(self.tr("Prono&uns"), self.pronouns)
        self.form.addRow(self.tr("&Email"), self.email)
        self.form.addRow(self.tr("P&hone"), self.phone)
        zone_label = QLabel(self.tr("Time &zone"))
        zone_label.setBuddy(self.time_zone)
        self.form.addRow(zone_label, zone_column)
        self.form.addRow(self.tr("&Organisation"), self.organisation)
        self.form.addRow(self.tr("&Role"), self.role)
        self.form.addRow(self.tr("&Status"), self.status)
        started_label = QLabel(self.tr("Starte&d on"))
        started_label.setBuddy(self.has_started_on)
        self.form.addRow(started_label, started_row)
        self.form.addRow(self.tr("Private no&tes"), self.private_notes)
        self.form.addRow("", printing)
        for field, widget in (
            ("name", self.name),
            ("email", self.email),
            ("phone", self.phone),
            ("time_zone", self.time_zone),
            ("private_notes", self.private_notes),
        ):
            self.say_at(field, widget)

        if client_id is not None:
            self._load(get_client(db, client_id))
        self.watch(
            self.name,
            self.preferred_name,
            self.pronouns,
            self.email,
            self.phone,
            self.time_zone.lineEdit(),
            self.organisation,
            self.role,
            self.private_notes,
        )
        self.revalidate()
        self.resize(480, self.sizeHint().height())

    def _load(self, data: ClientData) -> None:
        self.name.setText(data.name)
        self.preferred_name.setText(data.preferred_name)
        self.pronouns.setText(data.pronouns)
        self.email.setText(data.email)
        self.phone.setText(data.phone)
        self.time_zone.set_value(data.time_zone)
        self.organisation.setText(data.organisation)
        self.role.setText(data.role)
        self.status.setCurrentIndex(self.status.findData(data.status.value))
        if data.started_on is not None:
            self.has_started_on.setChecked(True)
            self.started_on.setDate(QDate(data.started_on))
        self.private_notes.setPlainText(data.private_notes)
        self.print_private_notes.setChecked(data.print_private_notes)

    def data(self) -> ClientData:
        started_on: date | None = None
        if self.has_started_on.isChecked():
            started_on = self.started_on.date().toPython()
        return ClientData(
            name=self.name.text(),
            preferred_name=self.preferred_name.text(),
            pronouns=self.pronouns.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            organisation=self.organisation.text(),
            role=self.role.text(),
            status=ClientStatus(self.status.currentData()),
            started_on=started_on,
            private_notes=self.private_notes.toPlainText(),
            print_private_notes=self.print_private_notes.isChecked(),
            time_zone=self.time_zone.value(),
        )

    def revalidate(self) -> None:
        reading = self.time_zone.reading()
        self.time_zone_hint.setText(reading)
        self.time_zone_hint.setVisible(bool(reading))
        super().revalidate()

    def problems(self) -> list[str | FieldError]:
        return list(validate_client(self.data()).errors)

    def save(self) -> int:
        if self.client_id is None:
            return create_client(self.db, self.data())
        update_client(self.db, self.client_id, self.data())
        return self.client_id
