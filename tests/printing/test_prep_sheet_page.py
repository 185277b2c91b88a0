"""The prep sheet uses its page: items until it is full, the client's words whole, ruled
notes below, readable reasons, signs the font has, a right-to-left name on the left.

Every check reads the PDF back: its text (``pdftotext``), where words sit on the page
(``pdftotext -bbox``, in points from the top left) and its pixels (``pdftoppm -gray``).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPageSize, QPalette, QRawFont

from coachdesk.cli import main
from coachdesk.domain.practice import GuestRow, PromiseRow
from coachdesk.domain.prep import PrepInput, build_prep
from coachdesk.domain.vocab import PromiseOwner, PromiseStatus
from coachdesk.printing.page import glyph
from coachdesk.printing.prep_sheet import (
    BULLET_GLYPHS,
    CHECKBOX_GLYPHS,
    NOTES_MIN_LINES,
    WARNING_GLYPHS,
    SheetResult,
    render_prep_sheet,
)
from tests.printing.conftest import TODAY
from tests.printing.test_prep_sheet import pdf_pages, pytestmark  # noqa: F401

PAGES = [QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter]


# --- reading the page back ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float

    @property
    def height(self) -> float:
        return self.y_max - self.y_min


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def pdf_words(path: Path) -> list[Word]:
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [  # Arabic's presentation forms and ligatures read as their letters
        Word(unicodedata.normalize("NFKC", text), float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, text in _WORD.findall(out)
    ]


def word(words: list[Word], text: str) -> Word:
    return next(w for w in words if w.text == text)


def gray_pixels(path: Path, tmp_path: Path) -> tuple[int, int, bytes]:
    """The page at 72 dpi (one pixel a point) in grey: width, height, rows of bytes."""
    root = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "72", "-singlefile", str(path), str(root)], check=True
    )
    data = root.with_suffix(".pgm").read_bytes()
    magic, width, height, depth, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and depth == b"255"
    return int(width), int(height), pixels


def ruled_lines_below(path: Path, tmp_path: Path, top: float) -> int:
    """Horizontal lines (rows darker than the paper across most of the page) below ``top``
    points, each counted once however many pixel rows it covers."""
    width, height, pixels = gray_pixels(path, tmp_path)
    ruled = []
    for y in range(int(top) + 1, height):
        row = pixels[y * width : (y + 1) * width]
        ruled.append(sum(1 for value in row if value < 235) > 0.75 * width)
    return sum(1 for n, is_line in enumerate(ruled) if is_line and (n == 0 or not ruled[n - 1]))


def pdf_text(path: Path) -> str:
    """The page's words on one line, ligatures ("ﬁ", "ﬀ") spelt out."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(unicodedata.normalize("NFKC", out.stdout).split())


def printed(text: str, statement: str) -> bool:
    return f"“{' '.join(statement.split())}”" in text


# --- practices ---------------------------------------------------------------------------------


def with_matters(data: PrepInput, statements: list[str]) -> PrepInput:
    """``data`` with one matter per statement, ranked in their order."""
    base = data.matters[0]
    matters = tuple(
        dataclasses.replace(
            base,
            id=20_000 + n,
            statement=statement,
            why="",
            importance=3 if n == 0 else 2,
            triggers=frozenset(),
            keywords="",
            keep_off_printouts=False,
            active=True,
            captured_on=TODAY - timedelta(days=300 - n),
            last_confirmed_on=TODAY - timedelta(days=10),
        )
        for n, statement in enumerate(statements)
    )
    return dataclasses.replace(data, matters=matters, breaches=())


def long_statement(n: int) -> str:
    return (
        f"Matter{n:03d} I need you to hold on to this: when we plan, check how much I have "
        "already taken on this quarter, because I say yes too quickly and then I resent it "
        f"for weeks, and you are the one person who notices it before I do (end{n:03d})"
    )


def render(data: PrepInput, target: Path, page: QPageSize.PageSizeId = PAGES[0]) -> SheetResult:
    result = render_prep_sheet(data, target, prep=build_prep(data), page_size=QPageSize(page))
    assert result.pages == 1 and pdf_pages(target) == 1
    return result


# --- the tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_short_items_fill_the_page_down_to_the_notes(qapp, seed_input, tmp_path, page):
    statements = [f"Item{n:02d} ask me how the week went" for n in range(80)]
    data = with_matters(seed_input, statements)
    target = tmp_path / "short.pdf"
    result = render(data, target, page)
    text = pdf_text(target)
    # Measured, not a fixed count: well past what a fixed list would hold, and the page is
    # full (the notes at their least, give or take the room one more item would need).
    assert 10 <= result.items_printed < 80
    assert NOTES_MIN_LINES <= result.notes_lines <= NOTES_MIN_LINES + 1
    assert all(printed(text, s) for s in statements[: result.items_printed])
    assert f"Item{result.items_printed:02d}" not in text
    assert f"+{80 - result.items_printed} more in CoachDesk" in text
    assert result.more_in_app == 80 - result.items_printed + result.kept_off


@pytest.mark.parametrize("page", PAGES)
def test_long_statements_are_printed_whole_never_elided(qapp, seed_input, tmp_path, page):
    statements = [long_statement(n) for n in range(40)]
    data = with_matters(seed_input, statements)
    target = tmp_path / "long.pdf"
    result = render(data, target, page)
    text = pdf_text(target)
    assert 3 <= result.items_printed < 40
    for n, statement in enumerate(statements):
        assert printed(text, statement) == (n < result.items_printed)
        # Whole or not at all: never its beginning without its end.
        assert (f"Matter{n:03d}" in text) == (f"end{n:03d}" in text)
    assert "…" not in text


def test_a_very_long_practice_is_still_one_page(qapp, seed_input, tmp_path):
    data = with_matters(seed_input, [long_statement(n) for n in range(150)])
    guests = tuple(
        GuestRow(800 + n, data.session.id, f"Guestname{n:02d} Withalongsurname", "observer")
        for n in range(40)
    )
    agenda = "\n".join(f"Agenda line {n}: the quarterly planning and its people" for n in range(30))
    session = dataclasses.replace(data.session, guests=guests, agenda=agenda)
    base = seed_input.promises[0]
    promises = tuple(
        dataclasses.replace(
            base,
            id=3_000 + n,
            text=f"Promise {n}: send the reading list and the notes from the workshop",
            due_on=TODAY - timedelta(days=n),
        )
        for n in range(25)
    )
    data = dataclasses.replace(data, session=session, promises=promises)
    for page in PAGES:
        target = tmp_path / f"{page.name}.pdf"
        result = render(data, target, page)
        text = pdf_text(target)
        assert result.items_printed >= 1
        assert f"+{result.more_in_app} more in CoachDesk" in text
        assert all(printed(text, long_statement(n)) for n in range(result.items_printed))
        assert result.notes_lines >= NOTES_MIN_LINES
        assert "Guestname00" in text and "Guestname39" not in text  # the list is capped


def test_words_too_long_for_any_page_stay_whole_in_coachdesk(qapp, seed_input, tmp_path):
    endless = "Quokka " + "I want this remembered, all of it, every time. " * 420 + "Wombat"
    data = with_matters(seed_input, [endless, "Start on time", "Ask about my daughter"])
    assert build_prep(data).items[0].matter.statement == endless  # the top-ranked item
    target = tmp_path / "endless.pdf"
    result = render(data, target)
    text = pdf_text(target)
    assert "Quokka" not in text and "Wombat" not in text  # never a part of it
    assert printed(text, "Start on time") and printed(text, "Ask about my daughter")
    assert result.items_printed == 2 and result.more_in_app == 1
    assert "+1 more in CoachDesk" in text


def test_a_nearly_empty_sheet_gives_the_page_to_ruled_notes(qapp, seed_input, tmp_path):
    session = dataclasses.replace(seed_input.session, guests=(), agenda="")
    data = dataclasses.replace(
        seed_input, matters=(), breaches=(), promises=(), history=(), session=session
    )
    target = tmp_path / "empty.pdf"
    result = render(data, target)
    words = pdf_words(target)
    notes = word(words, "NOTES")
    assert result.notes_lines >= 20
    assert ruled_lines_below(target, tmp_path, notes.y_max) == result.notes_lines
    assert "Nothing recorded yet." in pdf_text(target)


def test_the_notes_lines_are_on_paper_below_everything_else(qapp, seed_input, tmp_path):
    target = tmp_path / "seed.pdf"
    result = render(seed_input, target)
    words = pdf_words(target)
    notes = word(words, "NOTES")
    assert notes.y_max == max(w.y_max for w in words)  # the notes come last
    assert result.notes_lines > NOTES_MIN_LINES  # the seed case leaves room to write
    assert ruled_lines_below(target, tmp_path, notes.y_max) == result.notes_lines


def test_reason_lines_are_readable_and_start_at_the_margin(qapp, seed_input, tmp_path):
    target = tmp_path / "seed.pdf"
    render(seed_input, target)
    words = pdf_words(target)
    body = word(words, "Friday")  # the session's line, in the body size (10 pt)
    reason = word(words, "Competence")  # an item's reason line
    statement = max(  # the item's words, just above its reasons
        (w for w in words if w.text.startswith("“") and w.y_max <= reason.y_min),
        key=lambda w: w.y_min,
    )
    assert reason.height >= 0.88 * body.height  # 9 pt of the body's 10, not 7
    # Flush with the client's words above: no sliver of an indent that reads as a space.
    assert abs(reason.x_min - statement.x_min) < 0.5
    assert not any(line.startswith(" ") for line in plain_lines(target))


def plain_lines(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if line.strip()]


def test_every_sign_is_a_glyph_the_body_font_has(qapp, seed_input, tmp_path):
    # One matter: the discovery prompts print (bulleted); the seed's guest not told yet
    # and its overdue promise carry the warning sign; the guest gives a checklist entry.
    data = dataclasses.replace(seed_input, matters=seed_input.matters[:1])
    promise = PromiseRow(
        id=4_000,
        client_id=data.session.client_id,
        client_name=data.session.client_name,
        owner=PromiseOwner.COACH,
        text="Send the article",
        due_on=TODAY - timedelta(days=5),
        session_id=None,
        status=PromiseStatus.OPEN,
        made_on=TODAY - timedelta(days=20),
    )
    data = dataclasses.replace(data, promises=(promise,))
    target = tmp_path / "signs.pdf"
    render(data, target)
    lines = plain_lines(target)
    body = QFont(QGuiApplication.font().family())
    bold = QFont(body)
    bold.setBold(True)
    signs = {
        glyph(body, CHECKBOX_GLYPHS): body,
        glyph(body, BULLET_GLYPHS): body,
        glyph(bold, WARNING_GLYPHS): bold,
    }
    for sign, font in signs.items():
        raw = QRawFont.fromFont(font)
        assert all(raw.supportsCharacter(ord(char)) for char in sign)
        assert any(sign in line for line in lines), sign
    assert sum(line.startswith(glyph(body, BULLET_GLYPHS) + " ") for line in lines) == 2
    assert not any(line.lstrip().startswith("?") for line in lines)
    assert "\ufffd" not in "".join(lines)


def test_a_sign_the_font_lacks_falls_back_to_one_it_has(qapp):
    body = QFont(QGuiApplication.font().family())
    private_use = "\ue000"  # no font of the system's draws it
    assert not QRawFont.fromFont(body).supportsCharacter(ord(private_use))
    assert glyph(body, (private_use, "•", "-")) == "•"
    assert glyph(body, (private_use, "\ue001")) == "\ue001"  # the last: ASCII in practice
    assert all(glyph(body, signs) == signs[0] for signs in (CHECKBOX_GLYPHS, BULLET_GLYPHS))


@pytest.mark.parametrize("name", ["ليلى حداد", "נועה לוי"])
def test_a_right_to_left_name_is_aligned_like_the_rest_of_the_page(
    qapp, seed_input, tmp_path, name
):
    hebrew = "אני רוצה לדעת מראש מי יצטרף, בבקשה."
    matters = tuple(
        dataclasses.replace(m, statement=hebrew) if n == 0 else m
        for n, m in enumerate(seed_input.matters)
    )
    session = dataclasses.replace(seed_input.session, client_name=name)
    data = dataclasses.replace(
        seed_input, client_name=name.split()[0], session=session, matters=matters
    )
    target = tmp_path / "rtl.pdf"
    render(data, target)
    words = pdf_words(target)
    margin = word(words, "Prep").x_min  # "Prep sheet", the page's first line
    right = max(w.x_max for w in words)
    heading = word(words, "Friday").y_min  # the name's line sits above the session's
    name_words = [w for w in words if w.y_max <= heading and w.y_min > word(words, "Prep").y_max]
    assert name_words
    assert abs(min(w.x_min for w in name_words) - margin) < 1.0
    assert max(w.x_max for w in name_words) < right / 2
    # The client's Hebrew words, where they are, start at the same margin too.
    letters = set(hebrew) - set(" ,.")
    hebrew_words = [w for w in words if w.text and set(w.text) <= letters | set("“”.,")]
    assert hebrew_words and abs(min(w.x_min for w in hebrew_words) - margin) < 1.0


def test_the_seed_clients_printable_items_are_all_on_the_page(qapp, seed_input, tmp_path):
    """The realistic case: every item that may be printed, whole, and room to write."""
    target = tmp_path / "seed.pdf"
    result = render(seed_input, target)
    text = pdf_text(target)
    prep = build_prep(seed_input)
    shown = [i for i in prep.items if not i.matter.keep_off_printouts][: result.items_printed]
    assert all(printed(text, item.matter.statement) for item in shown)
    assert "+1 more in CoachDesk (kept off paper)" in text  # the one left off, explained


def test_a_dark_desktop_still_prints_black_ink(qapp, seed_input, tmp_path):
    """The screen's palette never reaches paper: light text on a dark desktop would print
    light grey on white."""
    before = qapp.palette()
    dark = QPalette(before)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        dark.setColor(role, QColor("#eeeeee"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#151515"))
    qapp.setPalette(dark)
    try:
        target = tmp_path / "dark.pdf"
        render(seed_input, target)
    finally:
        qapp.setPalette(before)
    width, _, pixels = gray_pixels(target, tmp_path)
    for text in ("Daniel", "Friday", "Communication"):  # the name, the body, a reason
        box = word(pdf_words(target), text)
        inked = [
            pixels[y * width + x]
            for y in range(int(box.y_min), int(box.y_max) + 1)
            for x in range(int(box.x_min), int(box.x_max) + 1)
        ]
        assert min(inked) < 90, text


def test_the_command_line_prints_the_same_sheet_for_a_right_to_left_client(tmp_path, capsys):
    """``coachdesk prep ID --pdf FILE`` as an independent tester runs it (no display): the
    demo's Layla (ليلى حداد) is headed on the left, with ruled notes below."""
    data_dir = tmp_path / "practice"
    assert main(["demo", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    assert main(["sessions", "--upcoming", "--json", "--data-dir", str(data_dir)]) == 0
    sessions = json.loads(capsys.readouterr().out)
    session = next(s for s in sessions if s["client"] == "ليلى حداد")
    target = tmp_path / "layla.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    argv = ["prep", str(session["id"]), "--pdf", str(target), "--data-dir", str(data_dir)]
    done = subprocess.run(
        [sys.executable, "-m", "coachdesk", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert pdf_pages(target) == 1
    words = pdf_words(target)
    first = word(words, "Prep")
    name = [w for w in words if w.y_min > first.y_max and w.y_max <= word(words, "NOTES").y_min]
    name = [w for w in name if w.text and set(w.text) <= set("ليلى حداد")]
    assert len("".join(w.text for w in name)) == len("ليلىحداد")  # the whole name, once
    assert abs(min(w.x_min for w in name) - first.x_min) < 1.0
    notes = word(words, "NOTES")
    assert ruled_lines_below(target, tmp_path, notes.y_max) >= NOTES_MIN_LINES
