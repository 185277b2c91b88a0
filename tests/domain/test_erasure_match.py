"""The erase confirmation: the client's name read as a person reads it, or the word ERASE,
and never another client's name; the matters line says how many of them are retired."""

from __future__ import annotations

import pytest

from coachdesk.domain.erasure import comparable_name, confirms_erasure, same_name, what_goes


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("jose maria garcia lopez", "José María García-López"),  # Latin with accents, hyphen
        ("  ZOË   brennan ", "Zoë Brennan"),  # case and extra spaces
        ("Zoe Brennan", "Zoe\u0308 Brennan"),  # a decomposed accent
        ("anne-marie o'neill", "Anne Marie O’Neill"),  # hyphen, apostrophes either way
        ("Nguyen Thi Minh Khai", "Nguyễn Thị Minh Khai"),  # stacked marks
        ("Soren Lukasz", "Søren Łukasz"),  # letters without a decomposition
        ("strasse", "Straße"),
        ("ibrahim", "İbrahim"),
        ("محمد", "مُحَمَّد"),  # Arabic without its vowel points
        ("احمد", "أحمد"),  # the hamza on the alef
        ("محمد", "مـحـمـد"),  # tatweel, the stretching stroke
        ("محمد", "ﻣﺤﻤﺪ"),  # presentation forms
        ("王小明", "王 小明"),  # Chinese, with and without a space
        ("王小明", "王　小明"),  # an ideographic (full-width) space
        ("αννα", "ΆΝΝΑ"),
        ("fiona", "ﬁona"),  # a ligature
    ],
)
def test_the_name_is_read_as_a_person_reads_it(typed, name):
    assert same_name(typed, name)
    assert confirms_erasure(typed, name)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Ana", "Ana Li"),  # a part of the name
        ("Ana Lim", "Ana Li"),
        ("Anne", "Ann"),
        ("Zebulon Quartermaine", "Ana Li"),  # another client
        ("أحمد", "محمد"),  # another Arabic name
        ("王小红", "王小明"),  # another Chinese name
        ("रमा", "राम"),  # Devanagari: the vowel signs are part of the name
        ("", "Ana Li"),
        ("   ", "Ana Li"),
        ("- . '", "Ana Li"),
    ],
)
def test_another_name_or_nothing_does_not_confirm(typed, name):
    assert not same_name(typed, name)
    assert not confirms_erasure(typed, name)


def test_a_name_of_marks_only_is_never_matched_by_nothing():
    assert comparable_name("- . —") == ""
    assert not same_name("", "- . —")
    assert not same_name("-", "—")


@pytest.mark.parametrize("typed", ["ERASE", "erase", "  Erase "])
def test_the_word_erase_confirms_for_any_script(typed):
    for name in ("محمد", "王小明", "Zoë Brennan"):
        assert confirms_erasure(typed, name)


def test_the_translated_word_confirms_too_and_a_near_word_does_not():
    words = ("EFFACER", "ERASE")
    assert confirms_erasure("effacer", "王小明", words)
    assert confirms_erasure("ERASE", "王小明", words)
    assert not confirms_erasure("ERAS", "王小明", words)
    assert not confirms_erasure("ERASE IT", "王小明", words)
    assert not confirms_erasure("", "王小明", ("", " "))


def test_the_matters_line_counts_the_retired_ones_separately():
    def matters_line(count: int, retired: int) -> str:
        return what_goes("Ana", {"matters": count}, retired_matters=retired)[1]

    assert matters_line(4, 0) == "4 things that matter to them, in their words"
    assert matters_line(4, 1) == "4 things that matter to them (1 of them retired), in their words"
    assert matters_line(1, 1) == "1 thing that matters to them (retired), in their words"
    assert matters_line(2, 2) == "2 things that matter to them (both retired), in their words"
    assert matters_line(5, 5) == "5 things that matter to them (all retired), in their words"
