"""Text as a person reads it, for comparing what is typed with what is kept: the one
folding the list filters and the erase confirmation share.

Case folded, compatibility and width forms unfolded (NFKD: "Ｍａｒｉａ" is "maria"),
combining marks dropped (accents, Arabic's and Hebrew's vowel points; a vowel sign that
is part of the letter, as in Devanagari, has no combining class and stays), Arabic's
tatweel dropped, and the letters Unicode does not decompose read as a keyboard without
them types them ("Søren" as "soren", "Łukasz" as "lukasz", "Ðóra" as "dora").
"""

from __future__ import annotations

import unicodedata

TATWEEL = "\u0640"  # Arabic's stretching stroke: decoration, not a letter
UNMARKED = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"}
)
"""The letters Unicode does not decompose, as a keyboard without them types them (the
prep engine's and the search's folding, ``domain.words.fold``, uses the same table)."""


def folded(text: str) -> str:
    """``text`` folded as the module says; spaces and punctuation are kept."""
    unfolded = unicodedata.normalize("NFKD", text.casefold().translate(UNMARKED))
    return "".join(char for char in unfolded if not unicodedata.combining(char) and char != TATWEEL)
