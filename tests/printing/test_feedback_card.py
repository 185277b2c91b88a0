"""The printed feedback card: the questions on the top half of one page, nothing below.

The PDF is read back with poppler: ``pdftotext`` (whole page, a crop of the bottom
half, and word boxes with ``-bbox``), ``pdfinfo`` and ``pdftoppm`` (pixels).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QDate, QIODevice, QLocale, QMarginsF, QRectF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from coachdesk.domain.vocab import DEFAULT_FEEDBACK_QUESTIONS
from coachdesk.printing.feedback_card import (
    MARGIN_MM,
    MAX_QUESTION_LENGTH,
    MAX_QUESTIONS,
    paint_feedback_card,
    paint_feedback_card_page,
    render_feedback_card,
)
from coachdesk.storage.private_files import PART_SUFFIX

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(
        any(shutil.which(tool) is None for tool in ("pdftotext", "pdfinfo", "pdftoppm")),
        reason="pdftotext/pdfinfo/pdftoppm (poppler-utils) are needed to read the PDF back",
    ),
]

TITLE = "How was today's session?"
COMMENT = "Anything else, in your own words:"
DAY = date(2026, 11, 26)
PAGES = [QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter]
MM = 72 / 25.4  # PDF points per millimetre


# --- reading the PDF back --------------------------------------------------------------------


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())  # lines joined: a wrapped question reads as one


def pdf_text(path: Path) -> str:
    return flat(run("pdftotext", str(path), "-"))


def pdf_layout(path: Path) -> str:
    """The text line by line as placed on the page (the question beside its boxes)."""
    return run("pdftotext", "-layout", str(path), "-")


def pdf_pages(path: Path) -> int:
    line = next(x for x in run("pdfinfo", str(path)).splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def page_points(path: Path) -> tuple[float, float]:
    line = next(x for x in run("pdfinfo", str(path)).splitlines() if x.startswith("Page size:"))
    width, height = re.findall(r"[\d.]+", line)[:2]
    return float(width), float(height)


def bottom_half_text(path: Path) -> str:
    """pdftotext of the bottom half only (crop in pixels at 72 dpi, i.e. in points)."""
    width, height = page_points(path)
    top = int(height / 2)
    crop = ["-x", "0", "-y", str(top), "-W", str(int(width) + 1), "-H", str(int(height) - top)]
    return run("pdftotext", "-r", "72", *crop, str(path), "-").strip()


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    top: float
    right: float
    bottom: float


def pdf_words(path: Path) -> list[Word]:
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
        run("pdftotext", "-bbox", str(path), "-"),
    )
    return [Word(unescape(t), float(a), float(b), float(c), float(d)) for a, b, c, d, t in found]


def gray_rows(path: Path, dpi: int = 40) -> list[bytes]:
    """The page as rows of gray pixels (255 is white), via pdftoppm's PGM output."""
    out = path.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-singlefile", str(path), str(out)], check=True
    )
    data = out.with_suffix(".pgm").read_bytes()
    magic, width, height, depth, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and depth == b"255"
    width, height = int(width), int(height)
    return [pixels[row * width : (row + 1) * width] for row in range(height)]


def inked_rows(rows: list[bytes], threshold: int = 250) -> list[int]:
    return [n for n, row in enumerate(rows) if min(row) < threshold]


def assert_top_half_only(path: Path) -> None:
    """One page; no text and not one non-white pixel below the middle of the sheet; and the
    card does use its half (the cut line sits within 12 mm above the middle)."""
    assert pdf_pages(path) == 1
    assert bottom_half_text(path) == ""
    rows = gray_rows(path)
    middle = len(rows) / 2
    inked = inked_rows(rows)
    assert inked, "the card is blank"
    assert max(inked) < middle, "something is drawn in the bottom half"
    assert middle - max(inked) < 12 * 40 / 25.4


def fit_on(page: QPageSize.PageSizeId, questions, **kwargs):
    """paint_feedback_card_page on a QPdfWriter, for its CardFit."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(page),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    return paint_feedback_card_page(writer, questions, **kwargs)


def longest_questions() -> list[str]:
    """As many questions as the editor allows, each as long as it allows, all different."""
    words = (
        "I felt that my coach understood what I was trying to say about my work and the "
        "people around me, even when I found it hard to put into words"
    )
    return [f"{n}. {words}"[:MAX_QUESTION_LENGTH].rstrip() for n in range(1, MAX_QUESTIONS + 1)]


# --- the card --------------------------------------------------------------------------------


def test_the_card_has_the_title_the_questions_the_scale_and_the_comment_box(qapp, tmp_path):
    target = tmp_path / "card.pdf"
    assert render_feedback_card(target, DEFAULT_FEEDBACK_QUESTIONS, "Dan", DAY) == target
    text = pdf_text(target)
    assert pdf_pages(target) == 1
    assert text.startswith(TITLE)
    day = QLocale().toString(QDate(DAY), "d MMMM yyyy")
    assert f"For Dan · {day}" in text
    for question in DEFAULT_FEEDBACK_QUESTIONS:
        assert question in text
    assert text.count("not at all") == 1 + len(DEFAULT_FEEDBACK_QUESTIONS)  # and in the intro
    assert text.count("completely") == 1 + len(DEFAULT_FEEDBACK_QUESTIONS)
    lines = [line for line in pdf_layout(target).splitlines() if line.strip()]
    numbers = [n for n, line in enumerate(lines) if re.fullmatch(r"\s*1\s+2\s+3\s+4\s+5\s*", line)]
    assert len(numbers) == len(DEFAULT_FEEDBACK_QUESTIONS)  # five numbered boxes a question
    for number, question in zip(numbers, DEFAULT_FEEDBACK_QUESTIONS, strict=True):
        beside = lines[number + 1]  # the question, then its boxes between the scale's words
        assert re.fullmatch(rf"\s*{question}\s+not at all\s+completely\s*", beside)
    assert COMMENT in text
    assert "cut here" in text
    assert "CoachDesk" not in text  # the client's card, no app chrome
    assert not list(tmp_path.glob(f"*{PART_SUFFIX}"))


def test_the_questions_come_in_the_order_given(qapp, tmp_path):
    questions = ("Zebra question last asked", "Apple question", "Middle question")
    target = render_feedback_card(tmp_path / "order.pdf", questions)
    lines = [" ".join(line.split()) for line in pdf_layout(target).splitlines()]
    found = [n for q in questions for n, line in enumerate(lines) if line.startswith(q)]
    comment = next(n for n, line in enumerate(lines) if line.startswith(COMMENT))
    assert len(found) == 3 and found == sorted(found) and found[-1] < comment


def test_without_a_name_or_date_the_card_is_blank_for_anyone(qapp, tmp_path):
    target = render_feedback_card(tmp_path / "blank.pdf", DEFAULT_FEEDBACK_QUESTIONS)
    text = pdf_text(target)
    assert text.startswith(f"{TITLE} For each line")  # no "For …" line under the title
    assert all(question in text for question in DEFAULT_FEEDBACK_QUESTIONS)


def test_the_words_print_as_written(qapp, tmp_path):
    """No ligatures: "fi" and "fl" stay letters in the PDF's text (searchable, read aloud)."""
    questions = ("I felt confident about my first steps", "The flow of the session suited me")
    text = pdf_text(render_feedback_card(tmp_path / "letters.pdf", questions, "Zoë Müller"))
    assert all(question in text for question in questions)
    assert "For Zoë Müller" in text


@pytest.mark.parametrize("page", PAGES, ids=["A4", "Letter"])
def test_nothing_is_printed_on_the_bottom_half(qapp, tmp_path, page):
    target = tmp_path / "half.pdf"
    render_feedback_card(target, DEFAULT_FEEDBACK_QUESTIONS, "Dan", DAY, page_size=QPageSize(page))
    width, height = page_points(target)
    expected = QPageSize(page).size(QPageSize.Unit.Point)
    assert (round(width), round(height)) == (round(expected.width()), round(expected.height()))
    assert_top_half_only(target)


@pytest.mark.parametrize("page", PAGES, ids=["A4", "Letter"])
def test_long_questions_wrap_beside_their_boxes(qapp, tmp_path, page):
    sentence = (
        "I felt understood today, including the parts of my situation that are hard to "
        "put into words and that I only hinted at"
    )
    unbroken = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2  # one 90-letter word
    questions = (sentence, "I trust my coach to keep their word", unbroken)
    target = tmp_path / "long.pdf"
    render_feedback_card(target, questions, page_size=QPageSize(page))
    assert_top_half_only(target)
    text = pdf_text(target)
    assert sentence in text
    assert unbroken in text.replace(" ", "")

    words = pdf_words(target)
    width, _height = page_points(target)
    scale = [w for w in words if w.text == "not"][1:]  # "not at all" before box 1 (the
    scale_left = min(w.left for w in scale)  # first one is the intro's)
    scale_top = min(w.top for w in scale)
    comment_top = next(w.top for w in words if w.text == "Anything")
    question_words = [
        w for w in words if scale_top - 20 < w.top < comment_top and w.left < scale_left
    ]
    assert question_words
    assert max(w.right for w in question_words) < scale_left  # nothing runs into the boxes
    assert max(w.right for w in words) <= width - MARGIN_MM * MM + 1  # nor off the card
    first_word_lines = {round(w.top) for w in question_words if w.text in ("I", "hinted")}
    assert len(first_word_lines) >= 2  # the sentence took more than one line
    unbroken_lines = {round(w.top) for w in question_words if w.text[:4] in unbroken}
    assert len(unbroken_lines) >= 2  # the long word was broken, not pushed off the edge


@pytest.mark.parametrize("page", PAGES, ids=["A4", "Letter"])
def test_the_longest_list_the_editor_allows_prints_whole(qapp, tmp_path, page):
    questions = longest_questions()
    assert len(questions) == MAX_QUESTIONS
    assert all(len(q) > MAX_QUESTION_LENGTH - 5 for q in questions)
    fit = fit_on(page, questions)
    assert fit.complete and fit.questions_printed == MAX_QUESTIONS
    assert fit.scale < 1.0  # it did have to make room
    target = tmp_path / "longest.pdf"
    render_feedback_card(target, questions, "Dan", DAY, page_size=QPageSize(page))
    assert_top_half_only(target)
    text = pdf_text(target)
    assert all(question in text for question in questions)
    assert "…" not in text
    assert COMMENT in text


def test_a_short_list_prints_at_full_size(qapp):
    fit = fit_on(QPageSize.PageSizeId.Letter, DEFAULT_FEEDBACK_QUESTIONS, client_name="Dan")
    assert (fit.scale, fit.complete, fit.questions_printed) == (1.0, True, 2)


def test_a_list_longer_than_a_card_holds_still_stays_on_its_half(qapp, tmp_path):
    questions = [f"Question number {n} about how the session went" for n in range(1, 21)]
    fit = fit_on(QPageSize.PageSizeId.A4, questions)
    assert not fit.complete
    assert MAX_QUESTIONS <= fit.questions_printed < len(questions)
    target = tmp_path / "too-many.pdf"
    render_feedback_card(target, questions, page_size=QPageSize(QPageSize.PageSizeId.A4))
    assert_top_half_only(target)
    text = pdf_text(target)
    printed = [q for q in questions if q in text]
    assert printed == questions[: fit.questions_printed]  # the first ones, whole
    assert COMMENT in text


def test_print_dialog_path_places_the_card_on_the_sheet(qapp, tmp_path):
    """Through a QPrinter (what Print… and the preview hand over), with the printer's own
    margins: the card is measured from the sheet's edge, not the printable area's."""
    from PySide6.QtPrintSupport import QPrinter

    target = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(6, 9, 6, 9),
            QPageLayout.Unit.Millimeter,
        )
    )
    fit = paint_feedback_card_page(printer, DEFAULT_FEEDBACK_QUESTIONS, "Dan", DAY)
    assert fit.complete
    assert_top_half_only(target)
    title = next(w for w in pdf_words(target) if w.text == "How")
    assert title.left == pytest.approx(MARGIN_MM * MM, abs=1.5)


def test_paint_feedback_card_keeps_to_the_top_half_of_its_rectangle(qapp):
    """The painter-level call: the sheet is a rectangle inside a larger image; nothing is
    drawn outside its top half."""
    image = QImage(600, 1000, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(40 / 0.0254))
    image.setDotsPerMeterY(round(40 / 0.0254))
    image.fill(QColor("white"))
    sheet = QRectF(100, 200, 330, 467)  # A4 at 40 dpi, placed away from the corner
    painter = QPainter(image)
    fit = paint_feedback_card(painter, sheet, DEFAULT_FEEDBACK_QUESTIONS, "Dan", DAY)
    painter.end()
    assert fit.complete

    def white(x: int, y: int) -> bool:
        return QColor(image.pixel(x, y)).lightness() >= 250

    inked = [(x, y) for y in range(image.height()) for x in range(image.width()) if not white(x, y)]
    assert inked
    assert all(sheet.left() <= x < sheet.right() for x, _ in inked)
    assert all(sheet.top() <= y < sheet.top() + sheet.height() / 2 for _, y in inked)
