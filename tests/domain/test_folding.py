"""The one folding of typed and kept text (no Qt)."""

from __future__ import annotations

import pytest

from coachdesk.domain.folding import folded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("María José Fernández", "maria jose fernandez"),
        ("Søren Sørensen", "soren sorensen"),
        ("Łukasz Wójcik", "lukasz wojcik"),
        ("ＭＡＲＩＡ", "maria"),  # full-width letters
        ("Straße", "strasse"),
        ("Ærøskøbing", "aeroskobing"),
        ("مـحـمـد", "محمد"),  # the tatweel is decoration
        ("עִבְרִית", "עברית"),  # Hebrew's vowel points
        ("हिन्दी", "हिनदी"),  # the vowel sign stays, the virama (a combining mark) goes
        ("Ask me before you record anything.", "ask me before you record anything."),
    ],
)
def test_text_is_folded_as_a_person_reads_it(text, expected):
    assert folded(text) == expected
