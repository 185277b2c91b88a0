"""The demo builder's working records and helpers: the plans per size, the rates, a
client's profile and a session as they are being built, the working-day and
allocation helpers, and ``_State``, the state the builder's parts share."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from coachdesk.domain.vocab import ClientStatus, Medium, SessionStatus
from coachdesk.storage.tables import PARENT_FIRST


@dataclass(frozen=True)
class _Plan:
    clients: int
    sessions: int
    matters: int
    breaches: int
    history_days: int


_PLANS: dict[str, _Plan] = {
    "demo": _Plan(clients=12, sessions=150, matters=60, breaches=10, history_days=540),
    "career": _Plan(
        clients=300, sessions=15_000, matters=10_000, breaches=1_000, history_days=4_380
    ),
    "stress": _Plan(
        clients=3_000, sessions=150_000, matters=100_000, breaches=10_000, history_days=9_125
    ),
}

# Rates that make promises and feedback proportionate to the sessions held.
_GUEST_RATE = 0.09
_RESCHEDULE_RATE = 0.06
_COACH_PROMISE_RATE = 0.22
_CLIENT_PROMISE_RATE = 0.30
_FEEDBACK_RATE = 0.55
_UPCOMING_DAYS = 35

_DAY_START = 8 * 60  # 08:00 UTC
_DAY_END = 18 * 60  # 18:00 UTC


# ---------------------------------------------------------------------------
# Working records
# ---------------------------------------------------------------------------


@dataclass(eq=False)
class _Profile:
    id: int
    name: str
    first: str
    status: ClientStatus
    medium: Medium
    location: str
    link: str
    phone: str
    duration: int
    slot: int
    cadence: int
    weight: float
    manager: tuple[str, str]
    hr: tuple[str, str]
    anchor_offset: int | None
    bias: int
    base_understood: float
    base_trust: float
    row: dict[str, Any]
    curated: bool = False
    n_sessions: int = 0
    n_matters: int = 0
    sessions: list[_Sess] = field(default_factory=list)
    held: list[_Sess] = field(default_factory=list)
    missed_coach: list[dict[str, Any]] = field(default_factory=list)
    matters: list[dict[str, Any]] = field(default_factory=list)


class _Sess:
    __slots__ = (
        "agenda",
        "client",
        "created_at",
        "duration",
        "guests",
        "id",
        "location",
        "medium",
        "moved_at",
        "notes",
        "original_start",
        "recorded",
        "start",
        "status",
        "updated_at",
    )

    def __init__(self, client: _Profile, start: datetime, duration: int) -> None:
        self.client = client
        self.start = start
        self.duration = duration
        self.id = 0
        self.medium = client.medium
        self.location = client.location
        self.status = SessionStatus.PLANNED
        self.original_start: datetime | None = None
        self.moved_at = start
        self.agenda = ""
        self.notes = ""
        self.recorded = False
        self.guests: list[tuple[str, str, datetime | None]] = []
        self.created_at = start
        self.updated_at = start

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration)

    @property
    def day(self) -> date:
        return self.start.date()


_CLOSED = ((12, 24), (12, 25), (12, 26), (12, 31), (1, 1))


def _weekday(day: date, forward: bool = False) -> date:
    """A working day near ``day``: Saturday becomes Friday (or Monday), Sunday Monday, and
    the days around Christmas and New Year move to the next working day."""
    weekday = day.weekday()
    if weekday == 5:
        day = day + timedelta(days=2) if forward else day - timedelta(days=1)
    elif weekday == 6:
        day = day + timedelta(days=1)
    while (day.month, day.day) in _CLOSED or day.weekday() > 4:
        day += timedelta(days=1)
    return day


def _at(day: date, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=UTC)


def _ascii(name: str) -> str:
    special = str.maketrans(
        {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ı": "i", "æ": "ae", "ß": "ss"}
    )
    folded = unicodedata.normalize("NFKD", name.translate(special))
    return "".join(ch for ch in folded if ch.isascii() and ch.isalpha()).lower()


def _allocate(total: int, weights: list[float], caps: list[int] | None = None) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder), never above ``caps``."""
    count = len(weights)
    result = [0] * count
    caps = caps if caps is not None else [total] * count
    remaining = min(total, sum(caps))
    open_ = [i for i in range(count) if weights[i] > 0 and caps[i] > 0]
    while remaining > 0 and open_:
        weight_sum = sum(weights[i] for i in open_)
        shares = {i: remaining * weights[i] / weight_sum for i in open_}
        over = [i for i in open_ if result[i] + shares[i] >= caps[i]]
        if over:
            for i in over:
                remaining -= caps[i] - result[i]
                result[i] = caps[i]
            open_ = [i for i in open_ if i not in over]
            continue
        floors = {i: int(shares[i]) for i in open_}
        for i in open_:
            result[i] += floors[i]
        left = remaining - sum(floors.values())
        by_remainder = sorted(open_, key=lambda i: (-(shares[i] - floors[i]), i))
        for i in by_remainder[:left]:
            result[i] += 1
        remaining = 0
    return result


# ---------------------------------------------------------------------------
# The builder's shared state
# ---------------------------------------------------------------------------


class _State:
    """What every part of the builder reads and writes: the plan, the two random
    generators, today, the ids to start after, the working records and the rows."""

    def __init__(
        self,
        plan: _Plan,
        rng: random.Random,
        today: date,
        id_base: dict[str, int],
        progress: Callable[[float], None] | None,
        more: random.Random,
    ) -> None:
        self.plan = plan
        self.rng = rng
        self.more = more  # who brought a guest, second moves, items in the client's words
        self.today = today
        self.stamp = datetime.combine(today, time(0, 0), UTC)
        self.id_base = id_base
        self.progress = progress
        self.profiles: list[_Profile] = []
        self.sessions: list[_Sess] = []
        self.busy: set[int] = set()
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in PARENT_FIRST}
        self.breach_severity: dict[int, int] = {}
        self.seed: _Profile | None = None
        self.seed_breach_session: _Sess | None = None
        self.seed_upcoming: _Sess | None = None
        self.seed_matter: dict[str, Any] | None = None

    # -- helpers -----------------------------------------------------------

    def cap(self, moment: datetime) -> datetime:
        return min(moment, self.stamp)

    def later(self, created: datetime, moment: datetime) -> datetime:
        return max(created, self.cap(moment))

    def report(self, fraction: float) -> None:
        if self.progress is not None:
            self.progress(min(1.0, max(0.0, fraction)))
