"""The prep engine alone, on a synthetic client with 500 items (used by run.py).

Run as ``python benchmarks/prep.py RUNS``; prints one JSON object with the
median and 95th percentile of ``build_prep`` in milliseconds, and ``first_ms``:
the first build of a fresh process, when every statement is read and stemmed for
the first time (the caches empty).  Target: ≤ 5 ms, word reading included.

The items' words are realistic wishes in four languages, each with its own number
(so no two texts share a cache entry), and a third of them have nothing ticked, so
the statement reader runs on them at every prep.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta

from coachdesk.domain.practice import BreachRow, GuestRow, MatterRow, PromiseRow, SessionRow
from coachdesk.domain.prep import PrepInput, build_prep
from coachdesk.domain.vocab import (
    Category,
    Medium,
    PromiseOwner,
    PromiseStatus,
    RepairStatus,
    SessionStatus,
    Trigger,
)

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)
TODAY = NOW.date()
TRIGGERS = list(Trigger)
CATEGORIES = list(Category)
WISHES = (
    ("en", "Warn me before anybody else sits in on our sessions"),
    ("en", "Ask me before you record anything, it matters"),
    ("en", "Please don't move our sessions at the last minute"),
    ("en", "I'd rather see your face than hear you on the phone"),
    ("en", "Send me your notes the same day so I can act on them"),
    ("en", "Start and finish on time, my calendar is packed"),
    ("en", "Keep what I say about my boss between us"),
    ("de", "Bitte frag mich, bevor du etwas aufnimmst"),
    ("de", "Sag mir vorher Bescheid, wenn jemand dazukommt"),
    ("fr", "Demande-moi avant d'enregistrer quoi que ce soit"),
    ("fr", "Préviens-moi si quelqu'un d'autre vient à la séance"),
    ("es", "Avísame antes si alguien más se une a la sesión"),
    ("es", "No me gusta hablar de dinero en la sesión"),
)


def session(number: int, days: int, **fields: object) -> SessionRow:
    values: dict[str, object] = {
        "id": number,
        "client_id": 1,
        "client_name": "Dan",
        "start": NOW + timedelta(days=days),
        "duration_minutes": 60,
        "medium": Medium.IN_PERSON,
        "location": "Office",
        "status": SessionStatus.HELD if days < 0 else SessionStatus.PLANNED,
    }
    values.update(fields)
    return SessionRow(**values)  # type: ignore[arg-type]


def heavy_client(items: int = 500) -> PrepInput:
    matters = tuple(
        MatterRow(
            id=n,
            client_id=1,
            statement=f"{WISHES[n % len(WISHES)][1]} ({n})",
            why="",
            category=CATEGORIES[n % 5],
            importance=1 + n % 3,
            triggers=frozenset()
            if n % 3 == 0
            else frozenset({TRIGGERS[n % 10], TRIGGERS[(n * 3) % 10]}),
            keywords="board, budget" if n % 7 == 0 else "travel",
            source_session_id=None,
            captured_on=TODAY - timedelta(days=n),
            last_confirmed_on=None if n % 5 else TODAY - timedelta(days=n),
            keep_off_printouts=n % 11 == 0,
            active=n % 13 != 0,
            language=WISHES[n % len(WISHES)][0] if n % 2 else "",
        )
        for n in range(1, items + 1)
    )
    breaches = tuple(
        BreachRow(
            id=1000 + n,
            client_id=1,
            matter_id=1 + (n * 13) % items,
            matter_statement="",
            category=Category.COMMUNICATION,
            occurred_on=TODAY - timedelta(days=10 + n),
            session_id=None,
            commitment_id=None,
            what_happened="Missed it",
            how_it_landed="",
            severity=2,
            repair_status=list(RepairStatus)[n % 3],
            repair_notes="",
            repaired_on=TODAY - timedelta(days=n % 9) if n % 3 == 2 else None,
        )
        for n in range(100)
    )
    promises = tuple(
        PromiseRow(
            id=3000 + n,
            client_id=1,
            client_name="Dan",
            owner=list(PromiseOwner)[n % 2],
            text=f"Promise {n}",
            due_on=TODAY - timedelta(days=n - 10),
            session_id=None,
            status=PromiseStatus.OPEN,
            made_on=date(2026, 1, 1),
        )
        for n in range(50)
    )
    today_session = session(
        1,
        1,
        guests=(GuestRow(1, 1, "Maria Lopez", "BUILT TO LEAD"),),
        agenda="Board budget, the 360 feedback and the contract renewal",
        original_start=NOW,
        recorded=True,
    )
    history = tuple(session(100 + n, -7 * (n + 1)) for n in range(100))
    return PrepInput(today_session, history, matters, breaches, promises, "Dan", NOW)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    data = heavy_client()
    started = time.perf_counter()
    build_prep(data)
    first = (time.perf_counter() - started) * 1000
    for _ in range(20):
        build_prep(data)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        build_prep(data)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(
        json.dumps(
            {
                "items": 500,
                "first_ms": first,
                "median_ms": statistics.median(times),
                "p95_ms": times[int(len(times) * 0.95) - 1],
            }
        )
    )


if __name__ == "__main__":
    main()
