"""The demo practice's entry point: ``generate_demo``, its public records (``SIZES``,
``DemoCounts``, ``DemoRefused``) and ``_Builder``, the builder assembled from its parts."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coachdesk.demo.breaches import _Breaches
from coachdesk.demo.calendar import _Calendar
from coachdesk.demo.feedback import _Feedback
from coachdesk.demo.honour import _Honour
from coachdesk.demo.items import _Items
from coachdesk.demo.model import _PLANS
from coachdesk.demo.people import _People
from coachdesk.domain.refusal import Refusal
from coachdesk.storage.database import Database
from coachdesk.storage.models import Client
from coachdesk.storage.tables import insert_rows, next_ids

logger = logging.getLogger(__name__)

SIZES = ("demo", "career", "stress")


class DemoRefused(Refusal):
    """The data folder already holds clients."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "This data file already has clients, so no demo practice was added. "
            "Open an empty data folder to try the demo; your clients stay as they are."
        )


@dataclass(frozen=True)
class DemoCounts:
    """How many rows the demo practice added (promises are commitments, feedback pulse checks)."""

    clients: int
    sessions: int
    guests: int
    matters: int
    breaches: int
    promises: int
    feedback: int


# ---------------------------------------------------------------------------
# The builder
# ---------------------------------------------------------------------------


class _Builder(_People, _Calendar, _Items, _Breaches, _Feedback, _Honour):
    """The demo practice's rows, built by its parts in ``build``'s order (which is part of
    the output: the parts draw from the same random generators)."""

    # -- output ------------------------------------------------------------

    def session_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "id": s.id,
                "client_id": s.client.id,
                "start": s.start,
                "duration_minutes": s.duration,
                "medium": s.medium.value,
                "location": s.location,
                "status": s.status.value,
                "original_start": s.original_start,
                "agenda": s.agenda,
                "private_notes": s.notes,
                "recorded": s.recorded,
                "created_at": s.created_at,
                "updated_at": max(s.created_at, s.updated_at),
            }
            for s in self.sessions
        ]

    def build(self) -> None:
        steps: list[Callable[[], None]] = [
            self.build_clients,
            self.build_sessions,
            self.build_guests,
            self.build_matters,
            self.build_commitments,
            self.build_breaches,
            self.build_feedback,
            self.build_moves,
            self.build_honour,
            self.words_only,
        ]
        for index, step in enumerate(steps, start=1):
            step()
            self.report(0.3 * index / len(steps))
        self.rows["clients"] = [p.row for p in self.profiles]
        self.rows["coaching_sessions"] = self.session_rows()
        for table in ("matters", "breaches"):
            for row in self.rows[table]:
                row.pop("_statement", None)
                row.pop("_name", None)


# ---------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------


def _client_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Client.__table__)) or 0


def generate_demo(
    db: Database,
    size: str = "demo",
    *,
    seed: int = 1,
    today: date | None = None,
    progress: Callable[[float], None] | None = None,
) -> DemoCounts:
    """Write a demo practice of ``size`` into ``db``, which must have no clients yet.

    Raises ``ValueError`` for a size not in ``SIZES`` and ``DemoRefused`` when the
    file already holds clients (nothing is written then).  ``progress`` is called
    with a fraction from 0 to 1 as the work goes on.
    """
    if size not in _PLANS:
        raise ValueError(f"unknown demo size {size!r}; expected one of {', '.join(SIZES)}")
    today = today or date.today()
    with db.session() as session:
        if _client_count(session):
            raise DemoRefused()
        bases = {name: following - 1 for name, following in next_ids(session).items()}
    if progress is not None:
        progress(0.0)
    more = random.Random(f"coachdesk-demo-{seed}")
    builder = _Builder(_PLANS[size], random.Random(seed), today, bases, progress, more)
    builder.build()
    total = sum(len(rows) for rows in builder.rows.values()) or 1
    done = 0

    def written(count: int) -> None:
        nonlocal done
        done += count
        builder.report(0.3 + 0.7 * done / total)

    with db.session() as session:
        if _client_count(session):
            raise DemoRefused()
        insert_rows(session, builder.rows, written)
    rows = builder.rows
    counts = DemoCounts(
        clients=len(rows["clients"]),
        sessions=len(rows["coaching_sessions"]),
        guests=len(rows["guests"]),
        matters=len(rows["matters"]),
        breaches=len(rows["breaches"]),
        promises=len(rows["commitments"]),
        feedback=len(rows["pulse_checks"]),
    )
    logger.info("demo practice %r written: %s", size, counts)
    builder.report(1.0)
    return counts
