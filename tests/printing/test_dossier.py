"""The client's record on paper, read back with poppler's ``pdftotext``: their words, every
section, a header and a page number on every page, nothing of another client."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from coachdesk.printing.dossier import render_dossier
from coachdesk.storage.dossier import client_record
from coachdesk.storage.models import CoachingSession
from tests.storage.rich_client import NOW, add_rich_client

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(
        shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
        reason="pdftotext/pdfinfo (poppler-utils) are needed to read the printed PDF back",
    ),
]

SECTIONS = (
    "What CoachDesk holds about Zebulon Quartermaine",
    "Your details",
    "What you told us matters to you",
    "Times we fell short and what we did about it",
    "Promises",
    "Your feedback on our sessions",
    "Our sessions",
)


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(
        ["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(out.stdout.split())


def pdf_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(
        next(line for line in out.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )


@pytest.fixture
def record(db):
    zeb = add_rich_client(db, "Zebulon Quartermaine", "zeb@quartermaine.example", "ZQMARK")
    add_rich_client(db, "Ana Li", "ana@li.example", "ANAMARK")
    with db.session() as session:  # a long history: the record runs over several pages
        for week in range(1, 40):
            session.add(
                CoachingSession(
                    client_id=zeb.client,
                    start=NOW - timedelta(weeks=week, days=1),
                    agenda=f"Week {week}: a long agenda about delegation and the board " * 2,
                    private_notes=f"Notes of week {week}.",
                )
            )
    return client_record(db, zeb.client, now=NOW)


def test_the_record_reads_in_sections_with_the_clients_words(qapp, record, tmp_path):
    result = render_dossier(record, tmp_path / "zeb.pdf")
    assert result.path == tmp_path / "zeb.pdf"
    text = pdf_text(result.path)
    positions = [text.index(title) for title in SECTIONS]
    assert positions == sorted(positions)
    for words in (
        "“Tell me ahead of time if someone joins ZQMARK”",
        "“My health is not for paper ZQMARK”",  # kept off printouts, but theirs to see
        "How it landed for you: “I felt ambushed ZQMARK”",
        "What we did: Apologised and agreed a rule ZQMARK",
        "Your comment: “Felt rushed at the end ZQMARK”",
        "I trust my coach to keep their word: you gave 2; the coach expected 5",
        "The coach's notes: Session notes ZQMARK",
        "Guest: Guest ZQMARK (Sponsor): no record that you were told beforehand",
        "Send the article ZQMARK",
        "Talk to the sponsor ZQMARK",
        "Client notes ZQMARK",
        "It comes up when: third parties, sponsors or reports; someone else joins",
    ):
        assert words in text, words
    assert "ANAMARK" not in text and "Ana Li" not in text
    if os.name == "posix":
        assert result.path.stat().st_mode & 0o777 == 0o600


def test_every_page_has_the_name_the_date_and_its_number(qapp, record, tmp_path):
    result = render_dossier(record, tmp_path / "zeb.pdf")
    pages = pdf_pages(result.path)
    assert result.pages == pages >= 3
    for page in range(1, pages + 1):
        text = pdf_text(result.path, page)
        assert "Zebulon Quartermaine: your record in CoachDesk" in text
        assert "Exported 26 November 2026" in text
        assert f"Page {page} of {pages}" in text
    # The page bodies hold the whole record once: the last week's session is on paper.
    assert "Week 39: a long agenda" in pdf_text(result.path)
