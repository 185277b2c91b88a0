"""The realistic prep cases (``tests/domain/prep_cases.py``) through the engine and the sheet.

Each case is built into a ``PrepInput`` directly, ranked with ``build_prep`` (top 3 and
checklist asserted) and printed with ``render_prep_sheet``; the PDF is read back with
poppler's ``pdftotext`` to check what is, and what is not, on paper.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest

from coachdesk.domain import relevance
from coachdesk.domain.practice import (
    BreachRow,
    GuestRow,
    MatterRow,
    MoveRow,
    PromiseRow,
    SessionRow,
)
from coachdesk.domain.prep import PrepInput, build_prep
from coachdesk.domain.vocab import Category, PromiseStatus, RepairStatus, SessionStatus
from coachdesk.printing.prep_sheet import render_prep_sheet
from tests.domain.prep_cases import CASES, NOW, Case

pytestmark = pytest.mark.usefixtures("local_zone")

CLIENT_ID = 1
SESSION_ID = 1


def _session_rows(case: Case) -> tuple[SessionRow, tuple[SessionRow, ...]]:
    up = case.session
    history = []
    for number, past in enumerate(case.history, start=100):
        start = up.start - timedelta(days=past.days_before)
        moves: tuple[MoveRow, ...] = ()
        original = None
        if past.moved_days_ago is not None:
            original = start - timedelta(days=1)
            moves = (MoveRow(original, start, NOW - timedelta(days=past.moved_days_ago)),)
        history.append(
            SessionRow(
                id=number,
                client_id=CLIENT_ID,
                client_name=case.client,
                start=start,
                duration_minutes=past.duration,
                medium=past.medium,
                location=past.place,
                status=past.status,
                original_start=original,
                agenda=past.agenda,
                private_notes=past.notes,
                moves=moves,
            )
        )
    moves = []
    to_start = up.start
    for move in reversed(up.moves):
        from_start = to_start - timedelta(days=move.shift_days)
        confirmed = NOW - timedelta(days=move.days_ago) if move.confirmed else None
        moves.insert(
            0, MoveRow(from_start, to_start, NOW - timedelta(days=move.days_ago), confirmed)
        )
        to_start = from_start
    guests = tuple(
        GuestRow(
            id=500 + n,
            session_id=SESSION_ID,
            name=guest.name,
            role=guest.role,
            client_informed_at=NOW - timedelta(days=1) if guest.informed else None,
            brought_by=guest.brought_by,
        )
        for n, guest in enumerate(up.guests)
    )
    session = SessionRow(
        id=SESSION_ID,
        client_id=CLIENT_ID,
        client_name=case.client,
        start=up.start,
        duration_minutes=up.duration,
        medium=up.medium,
        location=up.location,
        status=up.status,
        original_start=moves[0].from_start if moves else None,
        agenda=up.agenda,
        recorded=up.recorded,
        guests=guests,
        reschedule_confirmed_at=moves[-1].confirmed_at if moves else None,
        place_confirmed_at=NOW - timedelta(days=1) if up.place_confirmed else None,
        moves=tuple(moves),
        recording_consent_at=NOW - timedelta(days=2) if up.consent_given else None,
    )
    return session, tuple(history)


def build_input(case: Case) -> PrepInput:
    session, history = _session_rows(case)
    today = NOW.date()
    matters = tuple(
        MatterRow(
            id=n,
            client_id=CLIENT_ID,
            statement=item.statement,
            why=item.why,
            category=item.category,
            importance=item.importance,
            triggers=frozenset(item.triggers),
            keywords=item.keywords,
            source_session_id=None,
            captured_on=today - timedelta(days=400),
            last_confirmed_on=today - timedelta(days=60),
            keep_off_printouts=item.keep_off,
            active=item.active,
            language=item.language,
        )
        for n, item in enumerate(case.items, start=1)
    )
    breaches = tuple(
        BreachRow(
            id=700 + n,
            client_id=CLIENT_ID,
            matter_id=breach.item,
            matter_statement=case.items[breach.item - 1].statement,
            category=Category.CONNECTION,
            occurred_on=today - timedelta(days=breach.days_ago),
            session_id=None,
            commitment_id=None,
            what_happened=breach.what_happened,
            how_it_landed="",
            severity=2,
            repair_status=breach.status,
            repair_notes="",
            repaired_on=today if breach.status is RepairStatus.REPAIRED else None,
            client_name=case.client,
        )
        for n, breach in enumerate(case.breaches)
    )
    held = sorted((s for s in history if s.status is SessionStatus.HELD), key=lambda s: s.start)
    last_id = held[-1].id if held else None
    promises = tuple(
        PromiseRow(
            id=900 + n,
            client_id=CLIENT_ID,
            client_name=case.client,
            owner=promise.owner,
            text=promise.text,
            due_on=None if promise.due_in_days is None else today + timedelta(promise.due_in_days),
            session_id=last_id if promise.made_last_time else None,
            status=PromiseStatus.OPEN,
            made_on=today - timedelta(days=10),
        )
        for n, promise in enumerate(case.promises)
    )
    nearby = tuple(
        relevance.Nearby(session.start + timedelta(minutes=near.minutes_after), near.duration)
        for near in case.nearby
    )
    return PrepInput(
        session=session,
        history=history,
        matters=matters,
        breaches=breaches,
        promises=promises,
        client_name=case.preferred,
        now=NOW,
        nearby=nearby,
        print_private_notes=case.print_private_notes,
    )


def _param(case: Case, wrong: str):
    marks = [pytest.mark.xfail(strict=True, reason=wrong)] if wrong else []
    return pytest.param(case, id=case.id, marks=marks)


ENGINE_CASES = [_param(case, case.engine_wrong) for case in CASES]
PAPER_CASES = [_param(case, case.paper_wrong) for case in CASES]


def test_there_are_at_least_thirty_cases_with_unique_ids():
    assert len(CASES) >= 30
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", ENGINE_CASES)
def test_the_engine_ranks_and_lists_what_a_coach_expects(case: Case):
    prep = build_prep(build_input(case))
    top = tuple(item.matter.statement for item in prep.items[:3])
    assert top == case.top3[:3], "\n".join(
        f"{item.rank}. {item.matter.statement} {item.score} {item.reasons}" for item in prep.items
    )
    checklist = tuple((entry.kind, entry.text, entry.quote) for entry in prep.checklist)
    assert checklist == case.checklist


# --- on paper --------------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    # Lines joined (a wrapped sentence reads as one); ligatures ("ﬁ", "ﬀ") spelt out.
    return " ".join(unicodedata.normalize("NFKC", out.stdout).split())


@pytest.mark.gui
@pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext (poppler-utils) is needed to read the printed PDF back",
)
@pytest.mark.parametrize("case", PAPER_CASES)
def test_the_sheet_prints_what_it_may_and_nothing_private(qapp, tmp_path, case: Case):
    data = build_input(case)
    target = tmp_path / "sheet.pdf"
    result = render_prep_sheet(data, target)
    text = pdf_text(target)
    assert result.pages == 1
    folded = text.casefold()
    leaked = [word for word in case.absent if word.casefold() in folded]
    assert not leaked, text
    missing = [words for words in case.present if words not in text]
    assert not missing, text
    for item in case.items:
        if item.keep_off:
            assert item.statement not in text
