"""The printed prep sheet: the seed case on paper, one page always, paper safety, overflow.

The PDF is read back with poppler's ``pdftotext`` and ``pdfinfo``.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QPageSize

from coachdesk.demo import SEED_GUEST_NAME, SEED_MATTER_STATEMENT
from coachdesk.domain.practice import MatterRow
from coachdesk.domain.prep import PrepInput, build_prep
from coachdesk.printing.prep_sheet import render_prep_sheet
from coachdesk.storage.private_files import PART_SUFFIX
from tests.printing.conftest import TODAY

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(
        shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
        reason="pdftotext/pdfinfo (poppler-utils) are needed to read the printed PDF back",
    ),
]


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())  # lines joined: a wrapped sentence reads as one


def pdf_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    line = next(line for line in out.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


def test_the_seed_case_is_on_one_page_with_dans_words(qapp, seed_input, tmp_path):
    target = tmp_path / "sheet.pdf"
    result = render_prep_sheet(seed_input, target)
    text = pdf_text(target)
    assert pdf_pages(target) == 1 and result.pages == 1
    assert "Daniel Okafor" in text
    assert f"Tell Dan ahead of time that {SEED_GUEST_NAME} will join" in text
    assert f"“{SEED_MATTER_STATEMENT}”" in text
    assert "not told yet" in text
    assert "What matters for this session".upper() in text
    assert not list(tmp_path.glob(f"*{PART_SUFFIX}"))
    private = [m.statement for m in seed_input.matters if m.keep_off_printouts]
    assert private  # the demo marks one of Dan's matters "keep off printouts"
    assert all(statement not in text for statement in private)
    assert f"+{result.more_in_app} more in CoachDesk" in text


def test_an_item_kept_off_printouts_never_reaches_paper(qapp, seed_input, tmp_path):
    marked = tuple(
        dataclasses.replace(m, keep_off_printouts=True)
        if m.statement == SEED_MATTER_STATEMENT
        else m
        for m in seed_input.matters
    )
    data = dataclasses.replace(seed_input, matters=marked)
    prep = build_prep(data)
    assert any(i.matter.statement == SEED_MATTER_STATEMENT for i in prep.items)  # the app has it
    target = tmp_path / "sheet.pdf"
    result = render_prep_sheet(data, target, prep=prep)
    text = pdf_text(target)
    assert SEED_MATTER_STATEMENT not in text
    assert "someone else will join" not in text
    # The courtesy entry is still printed, without the quote.
    assert f"Tell Dan ahead of time that {SEED_GUEST_NAME} will join" in text
    assert result.kept_off >= 1
    assert f"+{result.more_in_app} more in CoachDesk" in text


def many_matters(data: PrepInput, count: int) -> tuple[MatterRow, ...]:
    base = data.matters[0]
    filler = "and I would like you to remember it every single time we meet, please " * 3
    return tuple(
        dataclasses.replace(
            base,
            id=10_000 + n,
            statement=f"Item {n:03d}: this is what matters to me {filler}",
            importance=3 if n == 0 else 1 if n == count - 1 else 2,
            triggers=frozenset(),
            keywords="",
            keep_off_printouts=False,
            active=True,
            captured_on=TODAY - timedelta(days=100),
            last_confirmed_on=TODAY - timedelta(days=10),
        )
        for n in range(count)
    )


@pytest.mark.parametrize("page", [QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter])
def test_two_hundred_items_still_give_one_page(qapp, seed_input, tmp_path, page):
    data = dataclasses.replace(seed_input, matters=many_matters(seed_input, 200), breaches=())
    prep = build_prep(data)
    assert len(prep.items) == 200
    first, last = prep.items[0].matter.statement, prep.items[-1].matter.statement
    assert first.startswith("Item 000") and last.startswith("Item 199")
    target = tmp_path / "many.pdf"
    result = render_prep_sheet(data, target, prep=prep, page_size=QPageSize(page))
    text = pdf_text(target)
    assert pdf_pages(target) == 1
    assert 1 <= result.items_printed < 200
    assert result.more_in_app == 200 - result.items_printed and result.kept_off == 0
    assert f"+{result.more_in_app} more in CoachDesk" in text
    assert "Item 000" in text and "Item 199" not in text
    assert text.count("Item ") == result.items_printed
    # The checklist still comes first, whole.
    assert f"Tell Dan ahead of time that {SEED_GUEST_NAME} will join" in text


def test_overlong_texts_are_shortened_never_cut_off(qapp, seed_input, tmp_path):
    """The coach's overlong place is shortened with "…"; the client's words, too long for
    any page, are never printed in part: they stay whole in CoachDesk."""
    words = "a very long statement that keeps going " * 400
    matters = tuple(dataclasses.replace(m, statement=words) for m in seed_input.matters)
    session = dataclasses.replace(seed_input.session, location="Room " * 300)
    data = dataclasses.replace(seed_input, matters=matters, session=session)
    target = tmp_path / "long.pdf"
    result = render_prep_sheet(data, target)
    text = pdf_text(target)
    assert pdf_pages(target) == 1 and result.pages == 1
    assert "Room Room…" in text
    assert "a very long statement" not in text
    assert result.items_printed == 0 and f"+{result.more_in_app} more in CoachDesk" in text
