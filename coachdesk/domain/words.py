"""Words as a person reads them: folded, split into tokens, stemmed, matched as words.

The rules:

- **Folding** (``fold``): NFKC (full-width and compatibility forms become plain ones),
  case folding, accents stripped (NFD, combining marks and Arabic's tatweel dropped), and
  the letters that do not decompose spelt the way an English keyboard would (ø→o, æ→ae,
  œ→oe, ł→l, đ→d, ð→d, ħ→h, þ→th, ı→i: ``domain.folding``'s table, the lists' filters'
  own; ß→ss comes from case folding).  "Amélie" reads "amelie", "Sørensen" "sorensen",
  "ＡＢＣ" "abc".  Folding is idempotent.
- **Tokens** (``tokens``): the runs of letters and digits of the folded text.  Anything
  else separates words: "360°" is "360", hyphenated words are two words, and an
  apostrophe splits an elision ("l'enregistrement" is "l", "enregistrement"; "don't" is
  "don", "t").
- **Stems** (``stem``, ``stems``): the Snowball stemmer of the language (``LANGUAGES``:
  English, German, French, Spanish) applied to a folded token, so "delegate" and
  "Delegation" share the stem "deleg" and "budget" and "budgets" the stem "budget".
  No suffix rules of our own: words match only when Snowball gives them the same stem.
- **Language** (``guess_language``): the language whose function words ("the", "und",
  "les", "los", ...) the text uses most; English when none appears or on a tie with it.
- **Keywords** (``keyword_hits``): a keyword hits a text when the stems of its words
  appear in the text's stems as a run of consecutive words, both stemmed in the same
  language.  So matching respects word boundaries and ignores case and accents: "fee"
  never hits "Feedback", "delegate" hits "Delegation", "360°" hits "360", "board
  meeting" hits "the Board meetings" but not "board; the meeting".  A keyword without
  a single letter or digit hits nothing.

Everything is cached (``functools.lru_cache``): the prep engine reads the same texts on
every prep, and a stem is computed once per word and language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import snowballstemmer

from coachdesk.domain.folding import TATWEEL, UNMARKED

LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es")

_SNOWBALL_NAMES = {"en": "english", "de": "german", "fr": "french", "es": "spanish"}
_STEMMERS = {code: snowballstemmer.stemmer(name) for code, name in _SNOWBALL_NAMES.items()}


# A word of the original text: letters and digits, with any combining marks they carry
# (so a decomposed "é" stays one word).
_RAW_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff])+")
WORD = re.compile(r"[^\W_]+")  # a word of a folded text

_FUNCTION_WORDS_TEXT = {
    "en": "the and to me my i you your before after if is it this that of for with on at be "
    "will would please don t not when about we our us can do what have want",
    "de": "der die das und ich mir mich nicht du dich dir bitte wenn ist ein eine einen mit "
    "bevor vor nach mein meine meinen wir uns zu auf es sie dass oder auch",
    "fr": "le la les et je me moi pas avant apres si est un une des du de mon ma mes nous "
    "vous ne qu que avec pour sur il elle ce c quand toujours",
    "es": "el la los las y yo me mi mis no antes despues si es un una del de con que por para "
    "nosotros nuestras nuestra cuando siempre quiero sesion sesiones mas estoy esta muy pero "
    "porque tambien lo",
}
_FUNCTION_WORDS = {
    language: frozenset(text.split()) for language, text in _FUNCTION_WORDS_TEXT.items()
}
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {
    word: tuple(language for language in LANGUAGES if word in _FUNCTION_WORDS[language])
    for vocabulary in _FUNCTION_WORDS.values()
    for word in vocabulary
}  # a function word's languages: a text is read in one pass over its words


def _fold_once(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    stripped = "".join(
        char
        for char in unicodedata.normalize("NFD", folded)
        if not unicodedata.combining(char) and char != TATWEEL
    )
    return unicodedata.normalize("NFKC", stripped.translate(UNMARKED))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` folded for matching: compatibility forms, case and accents removed."""
    result = _fold_once(text)
    # NFKC and case folding do not always commute: repeat until nothing changes.
    while (again := _fold_once(result)) != result:
        result = again
    return result


@lru_cache(maxsize=8192)
def words_with_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """The folded tokens of ``text``, each with the start and end of the original word it
    comes from (for quoting the text as written)."""
    found: list[tuple[str, int, int]] = []
    for raw in _RAW_WORD.finditer(text):
        found.extend((word, raw.start(), raw.end()) for word in WORD.findall(fold(raw.group())))
    return tuple(found)


def tokens(text: str) -> list[str]:
    """The folded word tokens of ``text``: runs of letters and digits."""
    return [word for word, _, _ in words_with_spans(text)]


def check_language(language: str) -> None:
    """Raise ``ValueError`` unless ``language`` is one of ``LANGUAGES``."""
    if language not in _STEMMERS:
        raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")


@lru_cache(maxsize=65536)
def stem(word: str, language: str) -> str:
    """The Snowball stem of the folded token ``word`` in ``language``."""
    check_language(language)
    return _STEMMERS[language].stemWord(word)


@lru_cache(maxsize=8192)
def stems(text: str, language: str) -> tuple[str, ...]:
    """The stems of the tokens of ``text``, in order."""
    return tuple(stem(word, language) for word in tokens(text))


@lru_cache(maxsize=8192)
def text_index(text: str, language: str) -> frozenset[str]:
    """The set of stems of ``text`` (for a quick look-up before matching a phrase)."""
    return frozenset(stems(text, language))


@lru_cache(maxsize=4096)
def guess_language(text: str) -> str:
    """The language of ``LANGUAGES`` whose function words ``text`` uses most; "en" when
    none appears, and the earlier of ``LANGUAGES`` on a tie."""
    return guess_language_of(tokens(text))


def guess_language_of(words: Sequence[str]) -> str:
    """``guess_language`` of a text already split into its folded tokens ``words``."""
    scores = dict.fromkeys(LANGUAGES, 0)
    for word in words:
        for language in _LANGUAGES_OF.get(word, ()):
            scores[language] += 1
    return max(LANGUAGES, key=lambda language: (scores[language], -LANGUAGES.index(language)))


def _contains_run(sequence: tuple[str, ...], run: tuple[str, ...]) -> bool:
    width = len(run)
    return any(
        sequence[at : at + width] == run
        for at in range(len(sequence) - width + 1)
        if sequence[at] == run[0]
    )


@lru_cache(maxsize=8192)
def _hits(keywords: tuple[str, ...], text: str, language: str) -> tuple[str, ...]:
    index = text_index(text, language)
    found: list[str] = []
    for keyword in keywords:
        wanted = stems(keyword, language)
        if not wanted or not index.issuperset(wanted):
            continue
        if len(wanted) == 1 or _contains_run(stems(text, language), wanted):
            found.append(keyword)
    return tuple(found)


def keyword_hits(keywords: Sequence[str], text: str, language: str) -> tuple[str, ...]:
    """The ``keywords`` (as given, in their order) that ``text`` contains as words."""
    check_language(language)
    return _hits(tuple(keywords), text, language)
