"""Printing the half-page feedback card: the print preview, or a PDF where the coach chooses."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from coachdesk.display.translate import translator
from coachdesk.ui.common.file_dialogs import PAPERS, save_file
from coachdesk.ui.common.messages import show_problem
from coachdesk.ui.widgets.result_bar import report_result

_tr = translator("feedback card")


def print_feedback_card(
    parent: QWidget | None, questions: tuple[str, ...], client: str = ""
) -> Path | None:
    """Ask how to produce the card (print or PDF) and do it; the PDF's path when saved."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _tr("Feedback card"),
        _tr(
            "A half-page card with your feedback {questions} and room for a comment, to hand "
            "to {client} at the end of the session."
        ).format(
            questions=_tr("question") if len(questions) == 1 else _tr("questions"),
            client=client or _tr("the client"),
        ),
        parent=parent,
    )
    print_button = box.addButton(_tr("&Print…"), QMessageBox.ButtonRole.AcceptRole)
    pdf_button = box.addButton(_tr("Save as P&DF…"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(print_button)
    box.exec()
    if box.clickedButton() is print_button:
        _print(parent, questions, client)
        return None
    if box.clickedButton() is pdf_button:
        return save_feedback_card(parent, questions, client)
    return None


def _print(parent: QWidget | None, questions: tuple[str, ...], client: str) -> None:
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    from coachdesk.printing.feedback_card import paint_feedback_card_page
    from coachdesk.printing.page import default_page_size

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(default_page_size())
    preview = QPrintPreviewDialog(printer, parent)
    preview.setWindowTitle(_tr("Feedback card"))
    preview.paintRequested.connect(
        lambda device: paint_feedback_card_page(device, questions, client)
    )
    preview.exec()


def save_feedback_card(
    parent: QWidget | None, questions: tuple[str, ...], client: str = ""
) -> Path | None:
    from coachdesk.printing.feedback_card import render_feedback_card

    suggested = f"Feedback card {client}.pdf" if client else "Feedback card.pdf"
    target = save_file(
        parent, PAPERS, _tr("Save the feedback card as PDF"), suggested, _tr("PDF files (*.pdf)")
    )
    if target is None:
        return None
    try:
        saved = render_feedback_card(target, questions, client)
    except OSError as exc:
        show_problem(
            parent,
            _tr("The feedback card could not be saved: {reason}").format(
                reason=exc.strerror or exc
            ),
        )
        return None
    report_result(
        parent,
        _tr("Feedback card saved to {path}.").format(path=saved),
        title=_tr("Feedback card"),
        file=saved,
    )
    return saved
