"""The statement reader: which circumstances a client's own words speak of.

``read_statement`` finds, in a statement such as "Warn me before anybody else sits in on our
sessions", the triggers it speaks of (here ``guests``), each with a reason for the coach
("your words mention someone else joining") and the words that show it, as written
("anybody else sits in").  The rules:

- **Cues.** Each language of ``words.LANGUAGES`` has a small lexicon (in ``cue_lexicon``):
  per trigger, a list of cues of one to four words. A cue word is matched on its Snowball
  stem (so "join" finds "joins" and "joining"), or, written ``word*``, as the beginning of a
  folded word (German and Spanish compounds: ``aufnehm*`` finds "Aufnehmen", ``grab*``
  "grabación"), or, written ``*word``, as the end of a folded word (the heads of German
  compounds: ``*gäste`` finds "Überraschungsgäste", ``*aufnahme`` "Tonaufnahme"; at least
  three letters, like a beginning), or, written ``=word``, as exactly that folded word
  (where the stem would mix senses: ``=honest`` but not "honestly"). ``a|b`` is either word
  (``=a|b`` either exact word). A cue's words must follow one another in the statement. The
  lexicons are compiled at import.
- **Senses.**  A cue may carry blockers: the neighbouring words that turn it into another
  sense, written around ``@`` for the cue itself ("on @" and "@ year" for "record": "I'm
  on record", "a record year"; "@ the dots" for "join").  A blocked cue does not count.
- **Dismissals.**  A dismissal ("not about", "don't mind", "no problem with", "doesn't
  matter", "egal", "kein Problem", "pas de problème", "ça m'est égal", "me da igual", "no
  me importa") says the circumstance does not matter to the client.  A cue that starts at
  most six words after a dismissal, or ends at most four words before one, in the same
  clause, is dismissed, and so is then every cue of its trigger in that clause.  Clauses
  end at ``. ! ? ;`` and before a contrasting word ("but", "aber", "mais", "pero"): in
  "It's not about money, but please start on time" only ``timekeeping`` fires.
- **Conditions undo a dismissal.**  A dismissal followed, later in its clause, by a
  condition ("if", "as long as", "provided", "solange", "wenn", "tant que", "si",
  "siempre que", "mientras") whose request ("ask", "tell me", "warn", "let me know",
  "fragen", "Bescheid", "demander", "prévenir", "preguntar", "avisar") starts at most
  four words after it dismisses nothing: "I don't mind being recorded as long as you ask
  first" fires ``recording``; "I don't mind if someone else joins" still fires nothing.
- **A request brings a dismissed trigger back.**  A clause that starts with a contrasting
  word, has no cue of its own and asks to be told in advance (a request with "before",
  "beforehand", "first", "ahead", "vorher", "avant", "antes" at most three words after
  it) restores the triggers dismissed in the clause before: "No problem with guests, but
  tell me beforehand" fires ``guests``; "..., but tell me about your week" does not.
- **Negation is not dismissal.**  "Don't record me without asking" speaks of recording,
  and fires it: a wish is often a "don't".  Only the dismissals above silence a cue.
- **Readings.**  At most one ``Reading`` per trigger, in ``Trigger`` order.  Its evidence
  is the first cue of the trigger that counts, widened to the cues of the same trigger
  that touch it, quoted from the statement as written.
- ``first_session`` fires on words about the first sessions ("our first session", "at the
  beginning of our work"), not on "first" alone.
- The language is the one given, or ``words.guess_language`` of the statement.

Reading is cached on (statement, language) and linear in the statement's length: each
word is looked up once in the index of the cues' first words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from coachdesk.domain.cue_lexicon import (
    ADVANCE,
    CONDITIONS,
    CONTRASTS,
    DISMISSALS,
    LEXICON,
    REQUESTS,
)
from coachdesk.domain.vocab import Trigger
from coachdesk.domain.words import (
    LANGUAGES,
    check_language,
    fold,
    guess_language,
    stem,
    stems,
    tokens,
    words_with_spans,
)

PHRASES: dict[Trigger, str] = {
    Trigger.GUESTS: "someone else joining",
    Trigger.SCHEDULE_CHANGE: "moving or cancelling a session",
    Trigger.PLACE_CHANGE: "how or where you meet",
    Trigger.RECORDING: "recording",
    Trigger.FIRST_SESSION: "the first sessions",
    Trigger.FEEDBACK: "feedback",
    Trigger.CONFIDENTIALITY: "confidentiality or third parties",
    Trigger.TIMEKEEPING: "time and punctuality",
    Trigger.FOLLOW_UP: "notes or follow-up",
    Trigger.FEES: "money or fees",
}
"""What each trigger is about, in the words a reason uses."""

DISMISSED_AFTER = 6
"""A cue at most this many words after a dismissal (same clause) is dismissed."""
DISMISSED_BEFORE = 4
"""A cue ending at most this many words before a dismissal (same clause) is dismissed."""
REQUEST_AFTER_CONDITION = 4
"""A condition's request starts at most this many words after the condition ends."""
ADVANCE_AFTER_REQUEST = 3
"""An advance word starts at most this many words after its request ends."""


@dataclass(frozen=True)
class Reading:
    """One circumstance a statement speaks of."""

    trigger: Trigger
    reason: str
    evidence: str


def reason_for(trigger: Trigger) -> str:
    """The reason a reading of ``trigger`` gives: "your words mention …"."""
    return f"your words mention {PHRASES[trigger]}"


_CLAUSE_END = re.compile(r"[.!?;]")

_Position = tuple[frozenset[str], frozenset[str], tuple[str, ...], tuple[str, ...]]
"""The stems, the exact folded words, the beginnings and the ends one word of a cue may
have."""
_Pattern = tuple[_Position, ...]


_DISMISSAL, _CONDITION, _REQUEST, _AHEAD = "dismissal", "condition", "request", "ahead"
"""The kinds of cue without a trigger."""


@dataclass(frozen=True)
class _Cue:
    trigger: Trigger | None  # None: a dismissal, condition, request or advance word
    pattern: _Pattern
    blockers: tuple[tuple[_Pattern, _Pattern], ...]  # the words before and after the cue
    kind: str = ""  # for a trigger None: which of them


def _position(word: str, language: str) -> _Position:
    stemmed: set[str] = set()
    exact: set[str] = set()
    prefixes: list[str] = []
    suffixes: list[str] = []
    if word.startswith("="):
        exact.update(fold(choice) for choice in word[1:].split("|"))
        return frozenset(), frozenset(exact), (), ()
    for choice in word.split("|"):
        if choice.endswith("*") or choice.startswith("*"):
            part = fold(choice.strip("*"))
            if len(part) < 3:
                raise ValueError(f"cue part {choice!r} is shorter than three letters")
            (prefixes if choice.endswith("*") else suffixes).append(part)
        else:
            stemmed.add(stem(fold(choice), language))
    return frozenset(stemmed), frozenset(exact), tuple(prefixes), tuple(suffixes)


def _pattern(text: str, language: str) -> _Pattern:
    positions: list[_Position] = []
    for word in text.split():
        if "|" in word or word[0] in "=*" or word[-1] == "*":
            positions.append(_position(word, language))
        else:  # a plain word, perhaps with an apostrophe or hyphen inside: one or more tokens
            positions.extend(_position(token, language) for token in tokens(word))
    return tuple(positions)


def _cue(entry: str, trigger: Trigger | None, language: str, kind: str = "") -> _Cue:
    cue, *blockers = (part.strip() for part in entry.split("!"))
    compiled = []
    for blocker in blockers:
        before, _, after = blocker.partition("@")
        compiled.append((_pattern(before, language), _pattern(after, language)))
    return _Cue(trigger, _pattern(cue, language), tuple(compiled), kind)


@dataclass(frozen=True)
class _Lexicon:
    by_stem: dict[str, tuple[_Cue, ...]]
    by_word: dict[str, tuple[_Cue, ...]]
    by_prefix: dict[str, tuple[tuple[str, _Cue], ...]]  # keyed by the first three letters
    by_suffix: dict[str, tuple[tuple[str, _Cue], ...]]  # keyed by the last three letters
    contrasts: frozenset[str]


def _compile(language: str) -> _Lexicon:
    cues = [
        _cue(entry, trigger, language)
        for trigger, entries in LEXICON[language].items()
        for entry in entries
    ]
    for kind, entries in (
        (_DISMISSAL, DISMISSALS),
        (_CONDITION, CONDITIONS),
        (_REQUEST, REQUESTS),
        (_AHEAD, ADVANCE),
    ):
        cues += [_cue(entry, None, language, kind) for entry in entries[language]]
    by_stem: dict[str, list[_Cue]] = {}
    by_word: dict[str, list[_Cue]] = {}
    by_prefix: dict[str, list[tuple[str, _Cue]]] = {}
    by_suffix: dict[str, list[tuple[str, _Cue]]] = {}
    for cue in cues:
        stemmed, exact, prefixes, suffixes = cue.pattern[0]
        for key in stemmed:
            by_stem.setdefault(key, []).append(cue)
        for key in exact:
            by_word.setdefault(key, []).append(cue)
        for prefix in prefixes:
            by_prefix.setdefault(prefix[:3], []).append((prefix, cue))
        for suffix in suffixes:
            by_suffix.setdefault(suffix[-3:], []).append((suffix, cue))
    return _Lexicon(
        {key: tuple(found) for key, found in by_stem.items()},
        {key: tuple(found) for key, found in by_word.items()},
        {key: tuple(found) for key, found in by_prefix.items()},
        {key: tuple(found) for key, found in by_suffix.items()},
        frozenset(fold(word) for word in CONTRASTS[language]),
    )


_LEXICONS: dict[str, _Lexicon] = {language: _compile(language) for language in LANGUAGES}


def _fits(position: _Position, word: str, stemmed: str) -> bool:
    stem_choices, exact, prefixes, suffixes = position
    return (
        stemmed in stem_choices
        or word in exact
        or word.startswith(prefixes)
        or word.endswith(suffixes)
    )


def _matches(pattern: _Pattern, words: list[str], stemmed: tuple[str, ...], at: int) -> bool:
    if at < 0 or at + len(pattern) > len(words):
        return False
    return all(
        _fits(position, words[at + offset], stemmed[at + offset])
        for offset, position in enumerate(pattern)
    )


def _candidates(lexicon: _Lexicon, word: str, stemmed: str) -> Iterable[_Cue]:
    yield from lexicon.by_stem.get(stemmed, ())
    yield from lexicon.by_word.get(word, ())
    for prefix, cue in lexicon.by_prefix.get(word[:3], ()):
        if word.startswith(prefix):
            yield cue
    for suffix, cue in lexicon.by_suffix.get(word[-3:], ()):
        if word.endswith(suffix):
            yield cue


def _clauses(
    text: str, spans: tuple[tuple[str, int, int], ...], contrasts: frozenset[str]
) -> tuple[list[int], set[int]]:
    """The clause of each word, and the clauses that start with a contrasting word."""
    clause, previous_end, found, contrasted = 0, 0, [], set()
    for word, start, end in spans:
        if word in contrasts:
            clause += 1
            contrasted.add(clause)
        elif _CLAUSE_END.search(text, previous_end, start):
            clause += 1
        found.append(clause)
        previous_end = end
    return found, contrasted


def _followed(
    first: list[tuple[int, int]], then: list[tuple[int, int]], within: int, clauses: list[int]
) -> list[tuple[int, int]]:
    """The spans of ``first`` that a span of ``then`` follows in the same clause, starting
    at most ``within`` words after it ends."""
    return [
        (start, end)
        for start, end in first
        if any(clauses[other] == clauses[start] and 0 <= other - end <= within for other, _ in then)
    ]


def read_statement(text: str, language: str | None = None) -> tuple[Reading, ...]:
    """The circumstances ``text`` speaks of, in ``Trigger`` order, at most one reading per
    trigger; ``language`` None reads it in the language it guesses."""
    if language is None:
        language = guess_language(text)
    check_language(language)
    return _read(text, language)


@lru_cache(maxsize=4096)
def _read(text: str, language: str) -> tuple[Reading, ...]:
    lexicon = _LEXICONS[language]
    spans = words_with_spans(text)
    words = [word for word, _, _ in spans]
    stemmed = stems(text, language)
    clauses, contrasted = _clauses(text, spans, lexicon.contrasts)
    found: list[tuple[int, int, _Cue]] = []
    for at, (word, stem_at) in enumerate(zip(words, stemmed, strict=True)):
        for cue in _candidates(lexicon, word, stem_at):
            end = at + len(cue.pattern)
            if not _matches(cue.pattern, words, stemmed, at):
                continue
            if any(
                _matches(before, words, stemmed, at - len(before))
                and _matches(after, words, stemmed, end)
                for before, after in cue.blockers
            ):
                continue
            found.append((at, end, cue))
    kinds: dict[str, list[tuple[int, int]]] = {
        kind: [] for kind in (_DISMISSAL, _CONDITION, _REQUEST, _AHEAD)
    }
    for start, end, cue in found:
        if cue.trigger is None:
            kinds[cue.kind].append((start, end))
    conditions = _followed(kinds[_CONDITION], kinds[_REQUEST], REQUEST_AFTER_CONDITION, clauses)
    dismissals = [
        (start, end)
        for start, end in kinds[_DISMISSAL]
        if not any(clauses[other] == clauses[start] and other >= end for other, _ in conditions)
    ]
    dismissed = {
        (cue.trigger, clauses[start])
        for start, end, cue in found
        if cue.trigger is not None
        and any(
            clauses[other_start] == clauses[start]
            and (
                0 <= start - other_end <= DISMISSED_AFTER
                or 0 <= other_start - end <= DISMISSED_BEFORE
            )
            for other_start, other_end in dismissals
        )
    }
    if dismissed:
        own = {clauses[start] for start, _, cue in found if cue.trigger is not None}
        asking_ahead = {
            clauses[start]
            for start, _ in _followed(
                kinds[_REQUEST], kinds[_AHEAD], ADVANCE_AFTER_REQUEST, clauses
            )
        }
        restored = {clause - 1 for clause in asking_ahead & contrasted if clause not in own}
        dismissed = {(trigger, clause) for trigger, clause in dismissed if clause not in restored}
    evidence: dict[Trigger, tuple[int, int]] = {}
    for start, end, cue in sorted(found, key=lambda item: (item[0], -item[1])):
        trigger = cue.trigger
        if trigger is None or (trigger, clauses[start]) in dismissed:
            continue
        if trigger not in evidence:
            evidence[trigger] = (start, end)
        elif evidence[trigger][0] <= start <= evidence[trigger][1]:
            evidence[trigger] = (evidence[trigger][0], max(end, evidence[trigger][1]))
    return tuple(
        Reading(trigger, reason_for(trigger), text[spans[start][1] : spans[end - 1][2]])
        for trigger in Trigger
        if trigger in evidence
        for start, end in (evidence[trigger],)
    )
