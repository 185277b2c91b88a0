"""The statement reader: its precision and recall, and its speed on 500 statements.

Run as ``python benchmarks/wording.py [RUNS]``; prints a table and, last, one JSON object.

- Precision and recall, per language and overall, micro-averaged over the trigger labels
  of the table of test sentences in ``tests/domain/wording_cases.py``.
- Speed: ``read_statement`` and ``keyword_hits`` over 500 realistic statements (the
  table's sentences, varied), cold (caches cleared) and warm (as the prep engine calls
  them on every prep).  Target: 500 warm in ≤ 5 ms.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coachdesk.domain import words
from coachdesk.domain.wording import _read, read_statement
from coachdesk.domain.words import keyword_hits
from tests.domain.test_wording import scores
from tests.domain.wording_cases import CASES

KEYWORDS = ("fee", "delegate", "360", "budget", "board meeting")


def print_scores(table: dict[str, dict]) -> None:
    print(
        f"{'language':<10}{'sentences':>10}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}"
        f"{'recall':>8}"
    )
    for key, row in table.items():
        print(
            f"{key:<10}{row['sentences']:>10}{row['tp']:>5}{row['fp']:>5}{row['fn']:>5}"
            f"{row['precision']:>11.3f}{row['recall']:>8.3f}"
        )


def statements(count: int = 500) -> list[tuple[str, str]]:
    """``count`` distinct statements in the four languages, from the table's sentences."""
    return [
        (f"{CASES[n % len(CASES)][0]} (item {n})", CASES[n % len(CASES)][1]) for n in range(count)
    ]


def _clear() -> None:
    for cached in (_read, words.words_with_spans, words.stems, words.text_index, words._hits):
        cached.cache_clear()
    words.stem.cache_clear()
    words.fold.cache_clear()


def read_all(items: list[tuple[str, str]]) -> float:
    started = time.perf_counter()
    for text, language in items:
        read_statement(text, language)
        keyword_hits(KEYWORDS, text, language)
    return (time.perf_counter() - started) * 1000


def bench(runs: int) -> dict[str, float]:
    items = statements()
    cold, warm = [], []
    for _ in range(runs):
        _clear()
        cold.append(read_all(items))
        warm.append(read_all(items))
    return {
        "statements": len(items),
        "runs": runs,
        "cold_ms": statistics.median(cold),
        "warm_ms": statistics.median(warm),
        "warm_worst_ms": max(warm),
        "target_warm_ms": 5.0,
    }


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    table = scores(CASES)
    print_scores(table)
    speed = bench(runs)
    print(
        f"500 statements, read_statement + keyword_hits, median of {runs}: "
        f"cold {speed['cold_ms']:.1f} ms, warm {speed['warm_ms']:.2f} ms "
        f"(worst {speed['warm_worst_ms']:.2f}; target warm ≤ 5 ms)"
    )
    print(json.dumps({"scores": table, "speed": speed}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
