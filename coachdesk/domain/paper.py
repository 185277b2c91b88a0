"""Paper safety: which words may go on a printed page.

A prep sheet lies on the table in a room where others may sit.  A matter marked
"keep off printouts" never reaches paper, and neither do its *distinctive words*
inside any other text: the session's agenda, last time's agenda and notes,
promises, breaches, reasons, guests.

The distinctive words of a kept-off matter are the words of its statement, the
coach's "why" note and its keywords that are

* at least ``MIN_LETTERS`` letters long; or three letters long and not an everyday
  short word (``COMMON_SHORT``: "IVF", "Kai"); or two letters written in capitals
  ("HR"),
* not everyday words (``COMMON``, in English, German, French and Spanish) nor the
  words of the app's own sentences (``APP_WORDS``: "Tell Dan ahead of time that …
  will join" is printed even when a kept-off wish asks for exactly that),
* not part of the client's own names (the sheet is headed with them anyway),
* not words of a matter that *is* printed: active, not kept off, its statement or its
  why note (those reach paper by the coach's choice; a retired matter and keywords
  never do, so they free nothing).

Words are compared folded (case, accents and width ignored) and stemmed in every
language the app reads, so "divorce" also keeps "divorced" and "Scheidungen" keeps
"Scheidung" off paper.  A text that contains one of them is not printed; the
sheet says in its place that something was kept off paper.  Over-caution is the
rule: a line left off wrongly costs a look in CoachDesk, a line printed wrongly
costs a client's trust.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coachdesk.domain.practice import MatterRow
from coachdesk.domain.words import LANGUAGES, stem, tokens, words_with_spans

MIN_LETTERS = 4

_COMMON_TEXT = """
    about after again also always another anybody anyone anything asked asking away back
    because been before being better between both bring came come comes coming could days
    does doing done down during each either else even ever every first from front going
    good have having here hour hours into just keep know known last later least less like
    little long look made make makes many matter matters mean means meet might mind more
    most much must need needs never next nice none nothing often once only other others
    over people please rather really right said same says see seen session sessions should
    since some someone something sometimes still such sure take tell than that their them
    then there these they thing things think this those though time times told took very
    want wants week weeks well were what when where whether which while will with without
    work would year years your yours ahead asks okay
    aber alle allem allen aller alles also andere anderen anders auch bevor bitte dass
    dabei damit dann dass denn diese diesem diesen dieser dieses doch eine einem einen
    einer eines etwas immer jemand jemanden jetzt kein keine keinen machen mehr mich mir
    mein meine meinem meinen meiner nach nicht noch nur oder ohne schon sehr sein seine
    sich sind sitzung sitzungen soll sollen sollte viel vielleicht vorher wann warum
    wenn werden wieder will wird wissen wollen zeit zuerst zusammen immer
    alors aussi autre autres avant avec avoir bien cela celle celui cette comme dans
    depuis dire doit donc elle elles encore entre être fait faire jamais leur mais même
    moins nous parce pendant personne peut plus pour pourquoi quand quelqu quelque rien
    sans séance séances sont sous suis toujours tout toute toutes très votre vous
    ahora algo alguien antes bien cada como con cosa cuando desde después donde ella
    ellos entre esta este esto hacer hasta luego más mucho nada nadie nunca otra otro
    para pero poco porque puede quiero sesión sesiones siempre sobre solo también tanto
    tengo tiempo todo todos usted ustedes
"""
COMMON: frozenset[str] = frozenset(_COMMON_TEXT.split())


_APP_TEXT = """
    tell ahead join joins joining joined confirm confirmed meet meeting recording recorded
    record guest guests client clients moved move moves cancelled cancel agenda usual
    instead video phone person promise promises promised overdue plans speaks money third
    party parties minutes brought joins agreed consent notes note first last feedback
"""
APP_WORDS: frozenset[str] = frozenset(_APP_TEXT.split())


_COMMON_SHORT_TEXT = """
    the and you for not but are was any all can our out own who why how way say see ask
    let get got use new now old one two too day bit lot yes may had has him her his she
    its off per via ago end far few big bad put run set try yet did does men man job
    und der die das den dem des ein ich mir sie wir ihr uns nur wie wer mit von auf aus
    bei fur mal gut tag
    les une est pas que qui moi toi lui nos vos par sur son ses mes tes mon ton sans
    los las del con por una uno sin mas muy mis tus sus hoy dia
"""
COMMON_SHORT: frozenset[str] = frozenset(_COMMON_SHORT_TEXT.split())


def _keys(word: str) -> set[str]:
    """A folded word and its stem in every language the app reads."""
    return {word, *(stem(word, language) for language in LANGUAGES)}


def _content_words(text: str) -> Iterable[str]:
    for word, start, end in words_with_spans(text):
        if word.isdigit() or word in COMMON_FOLDED:
            continue
        if (
            len(word) >= MIN_LETTERS
            or (len(word) == 3 and word not in COMMON_SHORT)
            or (len(word) == 2 and text[start:end].isupper())
        ):
            yield word


COMMON_FOLDED: frozenset[str] = frozenset(
    word for common in COMMON | APP_WORDS for word in tokens(common)
)


@dataclass(frozen=True)
class PaperFilter:
    """Says whether a text may be printed (``allows``), given the private words."""

    private: frozenset[str]

    def allows(self, text: str) -> bool:
        if not self.private:
            return True
        return not any(self.private & _keys(word) for word in tokens(text))

    def printable(self, texts: Iterable[str]) -> tuple[str, ...]:
        return tuple(text for text in texts if self.allows(text))


def paper_filter(matters: Sequence[MatterRow], names: Iterable[str] = ()) -> PaperFilter:
    """The filter for one client's sheet: the distinctive words of every matter kept off
    printouts (retired ones too), less the client's ``names`` and the printed matters'
    words."""
    shared: set[str] = set()
    for name in names:
        for word in tokens(name):
            shared |= _keys(word)
    for matter in matters:
        if matter.active and not matter.keep_off_printouts:
            for word in tokens(f"{matter.statement} {matter.why}"):
                shared |= _keys(word)
    private: set[str] = set()
    for matter in matters:
        if matter.keep_off_printouts:
            for word in _content_words(f"{matter.statement} {matter.why} {matter.keywords}"):
                keys = _keys(word)
                if not keys & shared:
                    private |= keys
    return PaperFilter(frozenset(private))
