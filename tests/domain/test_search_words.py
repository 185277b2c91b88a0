"""What the index keeps of a text and what a typed query asks of it (``domain.search``)."""

from __future__ import annotations

from coachdesk.domain.search import (
    fts_query,
    index_stems,
    index_words,
    match_spans,
    parse_query,
    snippet,
)


def test_the_index_keeps_folded_words_and_their_stems_in_the_texts_language():
    assert index_words("Ask me before you record — Amélie Sørensen, ＡＢＣ") == (
        "ask me before you record amelie sorensen abc"
    )
    assert index_stems("The recordings", "en") == "the record"
    assert index_stems("Las facturas", "es") == "las factur"
    assert index_stems("Las facturas por correo, por favor") == "las factur por corre por favor"


def test_unspaced_scripts_are_kept_a_character_to_a_word():
    assert index_words("董事会的会议") == "董 事 会 的 会 议"
    assert match_spans("我们的董事会", parse_query("董事")) == [(3, 5)]


def test_a_query_reads_words_phrases_and_prefixes():
    terms = parse_query('rec "ask me" “before yo')
    assert [(t.tokens, t.prefix, t.phrase) for t in terms] == [
        (("rec",), True, False),
        (("ask", "me"), False, True),
        (("before", "yo"), True, True),
    ]
    assert parse_query("— ! ?") == ()


def test_one_letter_is_a_whole_word_not_a_prefix():
    (term,) = parse_query("m")
    assert not term.reads_as_prefix
    assert 'words : "m"' in fts_query([term]) and "*" not in fts_query([term])
    (phrase,) = parse_query('"ahead of t')
    assert not phrase.reads_as_prefix


def test_fts_syntax_typed_is_read_as_words():
    query = fts_query(parse_query('NEAR(a b) OR "x" AND NOT y*'))
    # "near a" (one bare word of two tokens), b, or, x, and, not, y: each one required.
    assert query.count(" AND ") == 6
    assert "NEAR(" not in query and "*" not in query.replace('" *', "")


def test_a_long_prefix_is_looked_up_as_the_words_it_begins():
    (term,) = parse_query("board")
    assert fts_query([term], lambda prefix: ["board", "boardroom"]).startswith(
        '(words : "board" OR words : "boardroom" OR stems : "board"'
    )
    assert 'words : "board" *' in fts_query([term], lambda prefix: None)  # too many
    (short,) = parse_query("boa")
    assert 'words : "boa" *' in fts_query([short], lambda prefix: ["never asked"])


def test_the_snippet_cuts_around_the_first_match_on_word_boundaries():
    text = "one two three " * 20 + "the board meeting" + " four five six" * 20
    found = snippet(text, parse_query("board"))
    assert found is not None
    assert found.text.startswith("…") and found.text.endswith("…")
    start, end = found.spans[0]
    assert found.text[start:end] == "board"
    assert snippet(text, parse_query("nothing")) is None


def test_the_search_and_the_lists_filters_fold_alike():
    from coachdesk.domain.folding import folded
    from coachdesk.domain.words import fold

    for text in ("Ðóra Ħal", "مـحـمـد", "Søren Łukasz Æsir", "ＭＡＲＩＡ Straße", "Ölçer ıs"):
        assert fold(text) == folded(text), text
        assert index_words(text) == " ".join(folded(text).split())
