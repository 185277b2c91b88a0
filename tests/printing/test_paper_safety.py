"""Paper safety: no text on the sheet carries the words of an item kept off printouts.

A canary word sits in each field of a kept-off item (its words, the coach's why note,
its keywords) and again in every other text that can reach the sheet: this session's
agenda, place and guest, last time's agenda and notes, a promise, a breach, another
item's why note.  None may be on paper; the texts without a canary still are.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import timedelta

import pytest

from coachdesk.domain.practice import GuestRow
from coachdesk.domain.prep import PrepInput
from coachdesk.domain.vocab import PromiseOwner, SessionStatus, Trigger
from coachdesk.printing.prep_sheet import render_prep_sheet
from tests.domain.test_prep import (
    HISTORY,
    NOW,
    TODAY,
    breach,
    matter,
    prep_input,
    promise,
    session,
)
from tests.printing.test_prep_sheet import pdf_text, pytestmark  # noqa: F401

FIELDS = ("statement", "why", "keywords")


def canary(field: str) -> str:
    return f"Quokka{field}"


def kept_off() -> object:
    return replace(
        matter(
            1,
            statement=f"Never speak of my {canary('statement')} in front of anyone",
            importance=3,
            triggers=[Trigger.GUESTS],
        ),
        why=f"Her {canary('why')} is raw",
        keywords=canary("keywords"),
        keep_off_printouts=True,
    )


def sheet_input(word: str, *, print_notes: bool = True) -> PrepInput:
    """Every free text that can reach the sheet carries ``word``."""
    printable = replace(matter(2, statement="Start on time", importance=2), why="Busy mornings")
    wish = matter(3, statement="Tell me before anyone joins us", triggers=[Trigger.GUESTS])
    last = replace(
        max(HISTORY, key=lambda s: s.start),
        agenda=f"Talked about the {word} at length",
        private_notes=f"She cried about the {word}",
    )
    history = tuple(last if s.id == last.id else s for s in HISTORY)
    guest = GuestRow(7, 1, "Sam Ortiz", f"{word} adviser")
    the_session = session(
        agenda=f"Plan the week\nThe {word} again",
        location=f"{word} café",
        guests=(guest,),
        status=SessionStatus.PLANNED,
    )
    due = replace(promise(4, PromiseOwner.COACH, TODAY), text=f"Send the {word} article")
    missed = replace(breach(5, 2, TODAY - timedelta(days=3)), what_happened=f"Raised the {word}")
    data = prep_input(the_session, [kept_off(), printable, wish], [missed], [due], history)
    return replace(data, now=NOW, print_private_notes=print_notes)


@pytest.mark.parametrize("field", FIELDS)
def test_a_kept_off_items_words_never_reach_paper(qapp, tmp_path, field):
    word = canary(field)
    target = tmp_path / "sheet.pdf"
    render_prep_sheet(sheet_input(word), target)
    text = unicodedata.normalize("NFKC", pdf_text(target))  # "ﬀ" ligatures read as "ff"
    assert "quokka" not in text.casefold()
    assert "kept off paper" in text
    assert "Start on time" in text and "Busy mornings" in text  # printable texts stay
    assert "Plan the week" in text
    # The checklist quotes the most important printable wish, not the kept-off one.
    assert "“Tell me before anyone joins us”" in text
    assert "Tell Dan ahead of time that Sam Ortiz will join" in text


def test_word_forms_of_a_private_word_stay_off_too(qapp, tmp_path):
    data = sheet_input("Quokkastatements")  # a plural of the item's word
    target = tmp_path / "sheet.pdf"
    render_prep_sheet(data, target)
    assert "quokka" not in pdf_text(target).casefold()


def test_last_times_private_notes_print_only_when_the_coach_chose_so(qapp, tmp_path):
    plain = sheet_input("harmless", print_notes=False)
    target = tmp_path / "sheet.pdf"
    render_prep_sheet(plain, target)
    text = pdf_text(target)
    assert "She cried" not in text
    assert "Talked about the harmless" in text  # the agenda is not private
    render_prep_sheet(replace(plain, print_private_notes=True), target)
    assert "She cried about the harmless" in pdf_text(target)
