"""The spreadsheet import dialog: preview, column choice pre-filled from the header, problems
shown inline, and an import that is all or nothing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from coachdesk.storage.client_list import list_clients
from coachdesk.storage.errors import Problem, StorageError
from coachdesk.ui.dialogs import csv_import as csv_import_dialog
from coachdesk.ui.dialogs.csv_import import CsvImportDialog, column_letter
from tests.helpers import message_text, when_modal
from tests.storage.portable_data import dump

pytestmark = pytest.mark.gui

GOOD = (
    "Full name,E-mail,Mobile,Company,Shoe size\n"
    "Ana Silva,ana@example.org,+351 912 345 678,Atlas,38\n"
    '"O\'Neil, Zoë",zoe@example.org,,"Cedar ""&"" Stone",41\n'
)


def dialog_for(qtbot, db, tmp_path, text: str | bytes, name: str = "clients.csv"):
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    dialog = CsvImportDialog(db, path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def names(db) -> list[str]:
    return sorted(row.name for row in list_clients(db))


def test_columns_are_chosen_from_the_header_names(qtbot, db, tmp_path):
    dialog = dialog_for(qtbot, db, tmp_path, GOOD)
    assert dialog.mapping() == {"name": 0, "email": 1, "phone": 2, "organisation": 3}
    assert dialog.combos["name"].currentText() == "A: Full name"
    assert dialog.combos["role"].currentText() == "(not imported)"
    assert dialog.unused_label.text() == "Not imported: Shoe size"
    assert dialog.status_label.text() == "2 clients ready to import."
    assert dialog.problem_label.text() == ""
    assert dialog.import_button.isEnabled()


def test_the_preview_shows_the_first_rows_as_the_spreadsheet_numbers_them(qtbot, db, tmp_path):
    rows = "".join(f"Client {n},c{n}@example.org\n" for n in range(50))
    dialog = dialog_for(qtbot, db, tmp_path, "Name,Email\n" + rows)
    preview = dialog.preview
    assert preview.rowCount() == 20
    assert preview.columnCount() == 2
    assert preview.horizontalHeaderItem(1).text() == "B: Email"
    assert preview.verticalHeaderItem(0).text() == "2"  # the header is row 1
    assert preview.item(19, 0).text() == "Client 19"
    assert dialog.status_label.text() == "50 clients ready to import."


def test_import_adds_every_client_and_says_what_it_did(qtbot, db, tmp_path):
    dialog = dialog_for(qtbot, db, tmp_path, GOOD)
    with qtbot.waitSignal(dialog.imported) as signal:
        dialog.import_button.click()
    report = signal.args[0]
    assert report.added.clients == 2
    assert names(db) == ["Ana Silva", "O'Neil, Zoë"]
    assert dialog.status_label.text().startswith("Imported 2 clients.")
    assert not dialog.import_button.isVisible()
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert close.text() == "Close"
    close.click()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_good_rows_come_in_and_the_bad_ones_are_shown_with_why(qtbot, db, tmp_path):
    text = GOOD + "Bad Row,not an email,,,\n,nobody@example.org,,,\n"
    dialog = dialog_for(qtbot, db, tmp_path, text)
    shown = dialog.problem_label.text()
    assert "row 4, email: The email address should look like name@example.com." in shown
    assert "row 5, name: The client needs a name." in shown
    assert dialog.status_label.text().startswith("2 clients will come in; 2 rows will not")
    marks = [dialog.preview.verticalHeaderItem(r).text() for r in range(4)]
    assert marks == ["2", "3", "⚠ 4", "⚠ 5"]
    dialog.set_column("email", None)  # the coach leaves the email column out: row 4 is good
    assert "row 4" not in dialog.problem_label.text()
    assert "row 5, name" in dialog.problem_label.text()
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    assert "Bad Row" in names(db) and len(names(db)) == 3


def test_with_no_good_row_import_waits(qtbot, db, tmp_path):
    dialog = dialog_for(qtbot, db, tmp_path, "name,email\nBad Row,not an email\n")
    assert not dialog.import_button.isEnabled()
    assert dialog.status_label.text() == "Fix these in the spreadsheet, or choose other columns:"
    before = dump(db)
    dialog.import_button.click()  # disabled: nothing happens
    assert dump(db) == before


def test_a_name_column_can_be_chosen_by_hand(qtbot, db, tmp_path):
    dialog = dialog_for(qtbot, db, tmp_path, "Who,Reach me at\nAna,ana@example.org\n")
    assert dialog.mapping() == {}
    assert "no column is chosen for the client's name" in dialog.problem_label.text()
    assert not dialog.import_button.isEnabled()
    dialog.combos["name"].setCurrentIndex(1)  # A: Who
    dialog.combos["email"].setCurrentIndex(2)  # B: Reach me at
    assert dialog.problem_label.text() == ""
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    assert names(db) == ["Ana"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x00\xfe\xffN", "UTF-32"),
        (b"Name\n\x00\x01\x02", "binary file"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x00\x00", "is a zip archive"),
    ],
)
def test_a_file_that_cannot_be_read_is_explained_and_nothing_can_be_imported(
    qtbot, db, tmp_path, data, message
):
    dialog = dialog_for(qtbot, db, tmp_path, data)
    assert message in dialog.problem_label.text()
    assert dialog.status_label.text() == "This file cannot be imported."
    assert not dialog.import_button.isEnabled()
    assert not dialog.combos["name"].isEnabled()
    assert dialog.preview.rowCount() == 0


def test_an_outlook_spreadsheet_in_windows_1252_is_read_and_says_so(qtbot, db, tmp_path):
    dialog = dialog_for(
        qtbot, db, tmp_path, "Name,Email\nZoë Müller,zoe@example.com\n".encode("cp1252")
    )
    assert "(read as Windows-1252)" in dialog.file_label.text()
    assert dialog.preview.item(0, 0).text() == "Zoë Müller"
    dialog.import_button.click()
    assert names(db) == ["Zoë Müller"]


def test_a_problem_with_the_data_file_is_a_message_and_the_dialog_stays(
    qtbot, db, tmp_path, monkeypatch
):
    dialog = dialog_for(qtbot, db, tmp_path, GOOD)

    def busy(*_args):
        raise StorageError(Problem.LOCKED, "The data file is busy.")

    monkeypatch.setattr(csv_import_dialog, "import_clients", busy)
    seen = when_modal(lambda box: box.close())
    dialog.import_button.click()
    assert message_text(seen[0]) == "The data file is busy."
    assert dialog.isVisible()
    assert dialog.import_button.isEnabled()
    assert dialog.report is None


def test_a_later_file_replaces_the_first(qtbot, db, tmp_path):
    dialog = dialog_for(qtbot, db, tmp_path, "Name\nA\n")
    other = tmp_path / "other.csv"
    other.write_text("Email,Name\nb@example.org,B\nc@example.org,C\n", encoding="utf-8")
    assert dialog.load(other)
    assert dialog.mapping() == {"email": 0, "name": 1}
    assert dialog.status_label.text() == "2 clients ready to import."


def test_column_letters_go_on_after_z():
    assert [column_letter(n) for n in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]
