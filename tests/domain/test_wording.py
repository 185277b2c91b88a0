"""The statement reader: the issue's examples, the table of test sentences per language,
and its precision and recall (printed with ``-s``; ``benchmarks/wording.py`` prints them
too)."""

from __future__ import annotations

import pytest

from coachdesk.domain.vocab import Trigger
from coachdesk.domain.wording import PHRASES, Reading, read_statement
from coachdesk.domain.words import LANGUAGES, guess_language
from tests.domain.wording_cases import CASES, KNOWN_MISSES

MIN_PRECISION = 0.95
MIN_RECALL = 0.9


def scores(cases: tuple[tuple[str, str, frozenset[Trigger]], ...]) -> dict[str, dict]:
    """True and false positives and false negatives, precision and recall, per language
    and overall ("all")."""
    counts = {language: [0, 0, 0] for language in (*LANGUAGES, "all")}
    for sentence, language, expected in cases:
        found = {reading.trigger for reading in read_statement(sentence, language)}
        for key in (language, "all"):
            counts[key][0] += len(found & expected)
            counts[key][1] += len(found - expected)
            counts[key][2] += len(expected - found)
    return {
        key: {
            "sentences": sum(1 for case in cases if key in (case[1], "all")),
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / (tp + fn) if tp + fn else 1.0,
        }
        for key, (tp, fp, fn) in counts.items()
    }


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [case for case in CASES if case[0] not in KNOWN_MISSES],
    ids=[f"{case[1]}:{case[0][:40]}" for case in CASES if case[0] not in KNOWN_MISSES],
)
def test_each_sentence_of_the_table(sentence, language, expected):
    assert {reading.trigger for reading in read_statement(sentence, language)} == expected


def test_the_table_has_enough_sentences_per_language_with_near_misses():
    for language in LANGUAGES:
        rows = [case for case in CASES if case[1] == language]
        assert len(rows) >= 25
        assert sum(1 for case in rows if not case[2]) >= 8


def test_precision_and_recall_over_the_table():
    table = scores(CASES)
    for key, row in table.items():
        print(f"{key}: precision {row['precision']:.3f}, recall {row['recall']:.3f}")
    assert table["all"]["precision"] >= MIN_PRECISION
    assert table["all"]["recall"] >= MIN_RECALL


def test_the_language_is_guessed_when_not_given():
    for sentence, language, expected in CASES:
        if guess_language(sentence) == language:
            assert {reading.trigger for reading in read_statement(sentence)} == expected


def test_a_reading_explains_itself_and_quotes_the_words_as_written():
    assert read_statement("Warn me before anybody else sits in on our sessions") == (
        Reading(
            Trigger.GUESTS, "your words mention someone else joining", "anybody else sits in on"
        ),
    )
    (reading,) = read_statement("Demande-moi avant d'ENREGISTRER quoi que ce soit")
    assert reading.evidence == "ENREGISTRER"
    assert reading.reason == "your words mention recording"
    assert set(PHRASES) == set(Trigger)


def test_readings_come_in_trigger_order_one_per_trigger():
    readings = read_statement(
        "Send me the notes, and the invoice; my boss must not see the notes or the invoice"
    )
    assert [reading.trigger for reading in readings] == [
        Trigger.CONFIDENTIALITY,
        Trigger.FOLLOW_UP,
        Trigger.FEES,
    ]
    assert readings[1].evidence == "Send me"


def test_a_dismissal_silences_its_trigger_in_its_clause_only():
    assert read_statement("It doesn't matter to me whether we meet by phone or video") == ()
    (reading,) = read_statement("Recording is fine. But ask me before recording the next one")
    assert reading.trigger is Trigger.RECORDING


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language"):
        read_statement("anything", "nl")
