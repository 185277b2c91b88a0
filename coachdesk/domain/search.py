"""Searching the practice as a person reads it: what the index keeps of a text, what a
typed query asks for, and where a text matches it (for the highlighted snippet).

The rules (the words are ``domain.words``'s: folded for case, accents and width):

- **Indexed words** (``index_words``): the folded tokens of the text, in order; a script
  written without spaces between words (Chinese, Japanese, Thai...) is kept one
  character to a token, so a word inside a sentence is found as a run of characters.
- **Indexed stems** (``index_stems``): the Snowball stems of those tokens in the text's
  language (the item's own, or ``guess_language``), the prep engine's stemming.
- **A query** (``parse_query``): words and "quoted phrases", every one required.  A bare
  word matches a word it begins ("rec" finds "recording", typed as it is typed) or a
  word with the same stem in any of the stemmed languages ("recorded" finds "records");
  a phrase matches its words in a row, the last one as a prefix while its quote is still
  open.  A bare word of several tokens ("e-mail", "360°review") is a phrase of them.
- **Matches** (``match_spans``): the spans of the original text whose words a query's
  terms match, for highlighting; ``snippet`` cuts the text around the first of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from coachdesk.domain.words import (
    LANGUAGES,
    WORD,
    fold,
    guess_language_of,
    stem,
    words_with_spans,
)

# The blocks of the scripts written without spaces between words: Thai, Lao, Myanmar,
# Khmer, Hiragana and Katakana, the CJK ideographs (and their extensions), Hangul.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]"
)


def _unspaced(char: str) -> bool:
    return _UNSPACED.match(char) is not None


@lru_cache(maxsize=8192)
def tokens_with_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """The search tokens of ``text`` with the span of the original text each comes from
    (for highlighting; ``search_tokens`` gives the same tokens faster)."""
    found: list[tuple[str, int, int]] = []
    for word, start, end in words_with_spans(text):
        if _UNSPACED.search(word):
            found.extend(_unspaced_tokens(text, start, end))
        else:
            found.append((word, start, end))
    return tuple(found)


def _unspaced_tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The word ``text[start:end]`` as one token per character of an unspaced script, the
    other letters between them kept together, each with its own span."""
    pieces: list[tuple[str, int, int]] = []
    run, run_start = "", start
    for at in range(start, end):
        char = fold(text[at])
        if len(char) == 1 and _unspaced(char):
            if run:
                pieces.append((run, run_start, at))
            pieces.append((char, at, at + 1))
            run, run_start = "", at + 1
        else:
            run += char
    if run:
        pieces.append((run, run_start, end))
    return pieces


@lru_cache(maxsize=256)
def search_tokens(text: str) -> tuple[str, ...]:
    """The search tokens of ``text``, in order: the whole text folded at once and split
    by one regular expression (every record's text passes here when it is written; the
    last ones are kept, so its stems reuse the split of its words)."""
    folded = fold(text)
    if _UNSPACED.search(folded):
        folded = _UNSPACED.sub(r" \g<0> ", folded)
    return tuple(WORD.findall(folded))


def _stemmable(token: str) -> bool:
    return not _unspaced(token[0])


def index_words(text: str) -> str:
    """What the index keeps of ``text``'s words: its search tokens, space separated."""
    return " ".join(search_tokens(text))


def index_stems(text: str, language: str = "") -> str:
    """The stems of ``text``'s search tokens in ``language`` (one of ``LANGUAGES``;
    anything else: the language ``guess_language`` reads), space separated."""
    words = search_tokens(text)
    if language not in LANGUAGES:
        language = guess_language_of(words)
    return " ".join(stem(word, language) if _stemmable(word) else word for word in words)


@dataclass(frozen=True)
class Term:
    """One required part of a query: the folded tokens of a word or a phrase."""

    tokens: tuple[str, ...]
    prefix: bool  # the last token may be the start of a word
    phrase: bool  # typed in quotes

    @property
    def reads_as_prefix(self) -> bool:
        """Whether the last token matches the words it begins: one letter begins too many
        words to be read so (alone or at a phrase's end), and is matched as a whole word."""
        return self.prefix and len(self.tokens[-1]) > 1

    def stems(self) -> tuple[str, ...]:
        """The stems of a one-word term in every stemmed language, each once."""
        if len(self.tokens) != 1 or not _stemmable(self.tokens[0]):
            return ()
        return tuple(dict.fromkeys(stem(self.tokens[0], language) for language in LANGUAGES))


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "＂": '"'})
_PART = re.compile(r'"([^"]*)("?)|([^\s"]+)')


@lru_cache(maxsize=1024)
def parse_query(query: str) -> tuple[Term, ...]:
    """The terms of a typed query (see the module notes); none for a query without a
    letter or digit."""
    terms: list[Term] = []
    for match in _PART.finditer(query.translate(_QUOTES)):
        quoted, closed, bare = match.groups()
        if bare is not None:
            pieces = tuple(search_tokens(bare))
            if pieces:
                terms.append(Term(pieces, prefix=True, phrase=False))
            continue
        pieces = tuple(search_tokens(quoted))
        if pieces:
            terms.append(Term(pieces, prefix=not closed, phrase=True))
    return tuple(terms)


def _fts_string(tokens: Sequence[str]) -> str:
    # Tokens are letters and digits only, so a double-quoted FTS5 string holds them as
    # they are (and no token can be read as AND, OR, NOT or a column name).
    return '"' + " ".join(tokens) + '"'


PREFIX_INDEXED = 3
"""The longest prefix the index keeps a list of its own for (its ``prefix`` option): a
longer one is read by merging the lists of every word it begins, which FTS5 does slowly."""


def fts_query(
    terms: Sequence[Term], beginning: Callable[[str], Sequence[str] | None] | None = None
) -> str:
    """The FTS5 MATCH expression for ``terms`` over the index's ``words`` and ``stems``.

    ``beginning(prefix)``, when given, names the indexed words a prefix longer than
    ``PREFIX_INDEXED`` begins (None: too many to name): a word typed so far is then
    looked up as those words, each at once, instead of as a prefix."""
    parts: list[str] = []
    for term in terms:
        words = None
        last = term.tokens[-1]
        if beginning and term.reads_as_prefix and len(term.tokens) == 1:
            words = beginning(last) if len(last) > PREFIX_INDEXED else None
        if words is not None:
            alternatives = [f"words : {_fts_string((word,))}" for word in words]
        else:
            star = " *" if term.reads_as_prefix else ""
            alternatives = [f"words : {_fts_string(term.tokens)}{star}"]
        alternatives.extend(f"stems : {_fts_string((one,))}" for one in term.stems())
        parts.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(parts)


def _word_matches(token: str, term: Term, last: bool) -> bool:
    if token == term.tokens[-1 if last else 0]:
        return True
    if last and term.reads_as_prefix and token.startswith(term.tokens[-1]):
        return True
    # Stemming changes a word's end only: a word that does not begin as the term does
    # cannot share its stem (and is not stemmed four times to find that out).
    if len(term.tokens) == 1 and _stemmable(token) and token[:3] == term.tokens[0][:3]:
        wanted = term.stems()
        return any(stem(token, language) in wanted for language in LANGUAGES)
    return False


def match_spans(text: str, terms: Sequence[Term]) -> list[tuple[int, int]]:
    """The spans of ``text`` (start, end, in order, not overlapping) that ``terms`` match:
    a word a one-word term matches, every word of a phrase found in a row."""
    found = tokens_with_spans(text)
    spans: set[tuple[int, int]] = set()
    for term in terms:
        width = len(term.tokens)
        for at in range(len(found) - width + 1):
            window = found[at : at + width]
            if width == 1:
                if _word_matches(window[0][0], term, last=True):
                    spans.add(window[0][1:])
                continue
            inner = all(window[i][0] == term.tokens[i] for i in range(width - 1))
            if inner and _word_matches(window[-1][0], term, last=True):
                spans.update(piece[1:] for piece in window)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True)
class Snippet:
    """A piece of a text around its first match, on one line, with the matches' spans in
    the piece (``text[start:end]`` is highlighted)."""

    text: str
    spans: tuple[tuple[int, int], ...]


def snippet(text: str, terms: Sequence[Term], width: int = 120) -> Snippet | None:
    """``text`` cut to about ``width`` characters around its first match (on word
    boundaries, "…" where cut), or None when ``terms`` do not match it."""
    flat = " ".join(text.split())
    spans = match_spans(flat, terms)
    if not spans:
        return None
    first = spans[0][0]
    start = 0 if first < width // 3 else flat.rfind(" ", 0, first - width // 3) + 1
    end = len(flat) if len(flat) - start <= width else flat.rfind(" ", start, start + width)
    if end <= first:
        end = min(len(flat), max(spans[0][1], start + width))
    piece = flat[start:end]
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(flat) else ""
    shift = len(lead) - start
    inside = tuple(
        (max(a, start) + shift, min(b, end) + shift) for a, b in spans if a < end and b > start
    )
    return Snippet(lead + piece + tail, inside)
