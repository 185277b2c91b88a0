"""Words as a person reads them: folding, tokens, stems, language, keywords as words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachdesk.domain.words import (
    LANGUAGES,
    fold,
    guess_language,
    keyword_hits,
    stem,
    stems,
    text_index,
    tokens,
    words_with_spans,
)


def test_fold_removes_case_accents_and_width():
    assert fold("Amélie") == "amelie"
    assert fold("Sørensen") == "sorensen"
    assert fold("ＡＢＣ") == "abc"
    assert fold("Straße") == "strasse"
    assert fold("Œuvre, Æsir, Łódź, Đorđe, Þór") == "oeuvre, aesir, lodz, dorde, thor"
    assert fold("e\u0301te\u0301") == "ete"  # decomposed accents too
    assert fold("ﬁnal") == "final"


def test_tokens_split_words_and_keep_digits():
    assert tokens("Feedback: the 360° review!") == ["feedback", "the", "360", "review"]
    assert tokens("l'enregistrement") == ["l", "enregistrement"]
    assert tokens("self-care, face-to-face") == ["self", "care", "face", "to", "face"]
    assert tokens("Don’t record me") == ["don", "t", "record", "me"]
    assert tokens("  ") == []
    assert tokens("snake_case") == ["snake", "case"]


def test_words_keep_the_span_of_the_original_word():
    text = "Zoë’s Straße"
    assert [(word, text[start:end]) for word, start, end in words_with_spans(text)] == [
        ("zoe", "Zoë"),
        ("s", "s"),
        ("strasse", "Straße"),
    ]


@pytest.mark.parametrize(
    ("language", "forms"),
    [
        ("en", ["delegate", "delegation", "delegating"]),
        ("en", ["budget", "budgets"]),
        ("en", ["record", "recording", "recorded"]),
        ("de", ["aufzeichnen", "aufzeichnung"]),
        ("de", ["gast", "gaste"]),
        ("fr", ["enregistrer", "enregistrement"]),
        ("fr", ["annuler", "annule"]),
        ("es", ["grabes", "grabar"]),
        ("es", ["cancelar", "cancelacion"]),
    ],
)
def test_the_forms_of_a_word_share_a_stem(language, forms):
    assert len({stem(form, language) for form in forms}) == 1


def test_stems_differ_where_the_words_differ():
    assert stem("fee", "en") != stem("feedback", "en")
    assert stems("Fees and feedback", "en") == ("fee", "and", "feedback")
    assert text_index("Fees and fees", "en") == frozenset({"fee", "and"})


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language"):
        stem("word", "nl")
    with pytest.raises(ValueError, match="unknown language"):
        keyword_hits(["word"], "word", "nl")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Warn me before anybody else sits in on our sessions", "en"),
        ("Bitte frag mich, bevor du etwas aufnimmst", "de"),
        ("Demande-moi avant d'enregistrer quoi que ce soit", "fr"),
        ("Avísame antes de grabar la sesión", "es"),
        ("Ich möchte nicht, dass mein Chef davon erfährt", "de"),
        ("Je préfère les séances en personne", "fr"),
        ("No quiero que mi jefe lo sepa", "es"),
        ("", "en"),
        ("Zoom", "en"),
    ],
)
def test_guess_language_by_function_words(text, language):
    assert guess_language(text) == language


@pytest.mark.parametrize(
    ("keywords", "text", "hits"),
    [
        (["fee"], "Feedback on the launch", ()),
        (["fee", "feedback"], "Fees, then feedback", ("fee", "feedback")),
        (["delegate"], "Delegation to the new team", ("delegate",)),
        (["Delegation"], "how to delegate more", ("Delegation",)),
        (["360°"], "Results of the 360", ("360°",)),
        (["360"], "her 360° review", ("360",)),
        (["Budget"], "the budgets for next year", ("Budget",)),
        (["board meeting"], "before the Board meetings", ("board meeting",)),
        (["board meeting"], "board; then the meeting", ()),
        (["Amélie"], "talk about AMELIE", ("Amélie",)),
        (["°", ""], "anything at all", ()),
        (["rec"], "recording", ()),
    ],
)
def test_keyword_hits_match_words(keywords, text, hits):
    assert keyword_hits(keywords, text, "en") == hits


def test_keyword_hits_stem_in_the_language_given():
    assert keyword_hits(["Aufnahme"], "Aufnahmen der Sitzung", "de") == ("Aufnahme",)
    assert keyword_hits(["facture"], "les factures de mars", "fr") == ("facture",)
    assert keyword_hits(["presupuesto"], "Los presupuestos", "es") == ("presupuesto",)


words_text = st.text(
    alphabet=st.sampled_from(list("abcdeéèëøßæœAÉÖÑñçÇ ﬁＡ0123456789'’-°")), max_size=30
)
keywords = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzéüñç")), min_size=1)


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(words_text)
def test_tokens_of_folded_text_are_the_tokens(text):
    assert tokens(fold(text)) == tokens(text)


@given(st.lists(keywords, min_size=1, max_size=3), st.sampled_from(LANGUAGES))
def test_a_keyword_always_hits_a_text_made_of_itself(words, language):
    keyword = " ".join(words)
    assert keyword_hits([keyword], keyword, language) == (keyword,)
    assert keyword_hits([keyword], f"before, {keyword} after", language) == (keyword,)


@given(keywords, st.sampled_from(LANGUAGES), st.sampled_from([str.upper, str.title, fold]))
def test_keyword_hits_ignore_case_and_accents(keyword, language, change):
    text = f"notes on {keyword} today"
    assert keyword_hits([change(keyword)], text, language) == (change(keyword),)
    assert keyword_hits([keyword], change(text), language) == (keyword,)
    assert keyword_hits([keyword], fold(text).upper(), language) == (keyword,)
