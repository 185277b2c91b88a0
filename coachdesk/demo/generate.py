"""The demo practice generator: its plans, text banks, hand-written clients, the builder
and ``generate_demo``.  What it writes is told in the package's docstring."""

from __future__ import annotations

import logging
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coachdesk.demo.curated import (
    _CURATED,
    SEED_CLIENT_NAME,
    SEED_GUEST_NAME,
    SEED_GUEST_ROLE,
    SEED_MATTER_STATEMENT,
    _Curated,
)
from coachdesk.demo.texts import (
    _ACKNOWLEDGED_NOTES,
    _AGENDAS,
    _CANCEL_NOTES,
    _CLIENT_NOTES,
    _CLIENT_PROMISES,
    _COACH_PROMISES,
    _COMMENTS_HIGH,
    _COMMENTS_LOW,
    _COMMENTS_MID,
    _EXTERNAL_GUESTS,
    _FIRST_AGENDAS,
    _FIRST_NAMES,
    _HR_ROLES,
    _LAST_AGENDAS,
    _LAST_NAMES,
    _MANAGER_ROLES,
    _MEETING_PLACES,
    _OFFICE_ROOMS,
    _ORGANISATIONS,
    _PHONE_FORMATS,
    _REPAIRED_NOTES,
    _ROLES,
    _SESSION_NOTES,
    _STATEMENTS,
    _THREE_WAY_AGENDAS,
    _WORDS_ONLY,
    _Statement,
)
from coachdesk.domain.refusal import Refusal
from coachdesk.domain.vocab import (
    DEFAULT_FEEDBACK_QUESTIONS,
    Category,
    ClientStatus,
    GuestSource,
    Language,
    Medium,
    PromiseOwner,
    PromiseStatus,
    RepairStatus,
    SessionStatus,
    Trigger,
)
from coachdesk.storage.database import Database
from coachdesk.storage.models import Client
from coachdesk.storage.tables import PARENT_FIRST, insert_rows, next_ids

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
# The builder
# ---------------------------------------------------------------------------


class _Builder:
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

    def phone(self) -> str:
        pattern, widths = self.rng.choice(_PHONE_FORMATS)
        return pattern.format(*(self.rng.randrange(10**width) for width in widths))

    def person(self, roles: tuple[str, ...]) -> tuple[str, str]:
        first, _ = self.rng.choice(_FIRST_NAMES)
        return f"{first} {self.rng.choice(_LAST_NAMES)}", self.rng.choice(roles)

    def told(self, s: _Sess) -> datetime:
        """When the coach told the client about a guest: a working hour some days ahead."""
        rng = self.rng
        day = _weekday(s.day - timedelta(days=rng.randint(1, 10)))
        moment = _at(day, _DAY_START + 30 * rng.randrange(20))
        latest = self.stamp - timedelta(hours=rng.randint(2, 48))
        return min(moment, latest, s.start - timedelta(hours=2))

    def place(self, day: date, preferred: int, duration: int) -> datetime:
        """A start on ``day`` between 08:00 and 18:00 UTC, avoiding the coach's other sessions."""
        rng = self.rng
        slots = (_DAY_END - duration - _DAY_START) // 30 + 1
        needed = (duration + 29) // 30
        base = day.toordinal() * 32
        choice = (preferred - _DAY_START) // 30
        for attempt in range(4):
            if attempt or rng.random() > 0.65:
                choice = rng.randrange(slots)
            if all(base + choice + k not in self.busy for k in range(needed)):
                break
        for k in range(needed):
            self.busy.add(base + choice + k)
        return _at(day, _DAY_START + choice * 30)

    # -- clients -----------------------------------------------------------

    def build_clients(self) -> None:
        rng = self.rng
        next_id = self.id_base["clients"]
        for curated in _CURATED[: self.plan.clients]:
            next_id += 1
            self.profiles.append(self.curated_profile(next_id, curated))
        extra = self.plan.clients - len(self.profiles)
        if extra > 0:
            taken = [c.name for c in _CURATED]
            combos = rng.sample(range(len(_FIRST_NAMES) * len(_LAST_NAMES)), extra + len(taken))
            names: list[tuple[str, str, str]] = []
            for combo in combos:
                first, pronouns = _FIRST_NAMES[combo // len(_LAST_NAMES)]
                full = f"{first} {_LAST_NAMES[combo % len(_LAST_NAMES)]}"
                if full not in taken:
                    names.append((full, first, pronouns))
            for full, first, pronouns in names[:extra]:
                next_id += 1
                self.profiles.append(self.generated_profile(next_id, full, first, pronouns))
        if self.plan.clients and self.profiles[0].name == SEED_CLIENT_NAME:
            self.seed = self.profiles[0]

    def curated_profile(self, client_id: int, c: _Curated) -> _Profile:
        rng = self.rng
        row = {
            "id": client_id,
            "name": c.name,
            "preferred_name": c.preferred,
            "pronouns": c.pronouns,
            "email": f"{c.email_local}@{c.domain}",
            "phone": c.phone,
            "organisation": c.organisation,
            "role": c.role,
            "status": c.status.value,
            "started_on": None,
            "private_notes": c.notes,
            "usual_medium": c.medium.value if c.usual_set else None,
            "usual_location": c.location if c.usual_set else "",
        }
        link = c.location if c.medium is Medium.VIDEO else f"https://meet.example/{c.email_local}"
        return _Profile(
            id=client_id,
            name=c.name,
            first=c.preferred or c.name.split()[0],
            status=c.status,
            medium=c.medium,
            location=c.location,
            link=link,
            phone=c.phone,
            duration=c.duration,
            slot=c.slot,
            cadence=c.cadence,
            weight=c.weight,
            manager=c.manager,
            hr=self.person(_HR_ROLES),
            anchor_offset=c.anchor_offset,
            bias=rng.choice((-1, 0, 0, 1, 1)),
            base_understood=rng.uniform(3.3, 4.3),
            base_trust=rng.uniform(3.4, 4.4),
            row=row,
            curated=True,
        )

    def generated_profile(self, client_id: int, name: str, first: str, pronouns: str) -> _Profile:
        rng = self.rng
        r = rng.random()
        if r < 0.14:
            status = ClientStatus.ACTIVE
        elif r < 0.18:
            status = ClientStatus.PAUSED
        elif r < 0.22:
            status = ClientStatus.PROSPECT
        else:
            status = ClientStatus.ENDED
        organisation, domain = rng.choice(_ORGANISATIONS)
        last = name[len(first) + 1 :]
        local = f"{_ascii(first)}.{_ascii(last)}"
        email = f"{local}@{domain}" if rng.random() < 0.85 else ""
        phone = self.phone() if rng.random() < 0.7 else ""
        medium = rng.choices((Medium.IN_PERSON, Medium.VIDEO, Medium.PHONE), (40, 45, 15))[0]
        link = f"https://meet.example/{local.replace('.', '-')}"
        if medium is Medium.IN_PERSON:
            if organisation and rng.random() < 0.6:
                location = f"{organisation} office, {rng.choice(_OFFICE_ROOMS)}"
            else:
                location = rng.choice(_MEETING_PLACES)
        elif medium is Medium.VIDEO:
            location = link
        else:
            location = f"Coach calls {phone}" if phone else "Client calls the coach's line"
        usual_set = rng.random() < 0.35
        duration = rng.choices((45, 60, 90), (2, 6, 2))[0]
        if not pronouns and rng.random() < 0.5:
            pronouns = "they/them"
        manager = self.person(_MANAGER_ROLES)
        row = {
            "id": client_id,
            "name": name,
            "preferred_name": "",
            "pronouns": pronouns if rng.random() < 0.3 else "",
            "email": email,
            "phone": phone,
            "organisation": organisation,
            "role": rng.choice(_ROLES),
            "status": status.value,
            "started_on": None,
            "private_notes": rng.choice(_CLIENT_NOTES) if rng.random() < 0.4 else "",
            "usual_medium": medium.value if usual_set else None,
            "usual_location": location if usual_set else "",
        }
        weight = {
            ClientStatus.ACTIVE: rng.uniform(0.6, 1.6),
            ClientStatus.PAUSED: rng.uniform(0.4, 1.0),
            ClientStatus.ENDED: rng.uniform(0.3, 1.7),
            ClientStatus.PROSPECT: 0.0,
        }[status]
        return _Profile(
            id=client_id,
            name=name,
            first=first,
            status=status,
            medium=medium,
            location=location,
            link=link,
            phone=phone,
            duration=duration,
            slot=_DAY_START + 30 * rng.randrange((_DAY_END - duration - _DAY_START) // 30 + 1),
            cadence=rng.choice((7, 14, 14, 14, 21, 28)),
            weight=weight,
            manager=manager,
            hr=self.person(_HR_ROLES),
            anchor_offset=None,
            bias=rng.choice((-1, 0, 0, 0, 1, 1, 2)),
            base_understood=rng.uniform(3.0, 4.4),
            base_trust=rng.uniform(3.2, 4.5),
            row=row,
        )

    # -- sessions ----------------------------------------------------------

    def session_dates(self, p: _Profile) -> list[date]:
        rng, today, n = self.rng, self.today, p.n_sessions
        if n == 0:
            return []
        history = self.plan.history_days
        if p.status is ClientStatus.PROSPECT:
            return [_weekday(today + timedelta(days=rng.randint(1, 14)), forward=True)]
        cadence = p.cadence
        if p.status is ClientStatus.ACTIVE:
            if p is self.seed:
                anchor = _weekday(today + timedelta(days=1), forward=True)
            else:
                offset = p.anchor_offset
                if offset is None:
                    offset = rng.randrange(cadence)
                anchor = _weekday(today + timedelta(days=offset), forward=True)
            lead = (anchor - today).days
            future = min(n, 1 + max(0, _UPCOMING_DAYS - lead) // cadence)
            past = n - future
            back = cadence if past * cadence <= history else max(2, history // past)
            days = [anchor - timedelta(days=back * k) for k in range(past, 0, -1)]
            days += [anchor + timedelta(days=cadence * k) for k in range(future)]
            fixed = {past}
        else:
            if p.status is ClientStatus.PAUSED:
                end = today - timedelta(days=rng.randint(21, 150))
            else:
                end = today - timedelta(days=rng.randint(30, max(31, history // 3)))
            room = (end - (today - timedelta(days=history))).days
            if (n - 1) * cadence > room:
                cadence = max(2, room // max(1, n - 1))
            if p.status is ClientStatus.ENDED and (n - 1) * cadence < room:
                end -= timedelta(days=rng.randint(0, room - (n - 1) * cadence))
            days = [end - timedelta(days=cadence * k) for k in range(n - 1, -1, -1)]
            fixed = set()
        result = []
        for index, day in enumerate(days):
            if index not in fixed:
                day += timedelta(days=rng.choice((-1, 0, 0, 0, 1)))
            result.append(_weekday(day))
        return result

    def build_sessions(self) -> None:
        rng, today = self.rng, self.today
        plan = self.plan
        prospect_sessions = 0
        for p in self.profiles:
            if p.status is ClientStatus.PROSPECT:
                p.n_sessions = (
                    1
                    if (p is self.profiles[9] if len(self.profiles) > 9 else False)
                    or (rng.random() < 0.6)
                    else 0
                )
                prospect_sessions += p.n_sessions
        shares = _allocate(
            max(0, plan.sessions - prospect_sessions), [p.weight for p in self.profiles]
        )
        for p, share in zip(self.profiles, shares, strict=True):
            if p.status is not ClientStatus.PROSPECT:
                p.n_sessions = share
        for p in self.profiles:
            days = self.session_dates(p)
            for index, day in enumerate(days):
                duration = p.duration if rng.random() < 0.9 else rng.choice((45, 60, 90))
                s = _Sess(p, self.place(day, p.slot, duration), duration)
                self.describe(s, index, len(days))
                p.sessions.append(s)
            if days and p.row["started_on"] is None and p.status is not ClientStatus.PROSPECT:
                p.row["started_on"] = days[0] - timedelta(days=rng.randint(0, 14))
        if self.seed is not None:
            self.seed_story()
        self.layla_story()
        self.sessions = sorted(
            (s for p in self.profiles for s in p.sessions), key=lambda s: (s.start, s.client.id)
        )
        next_id = self.id_base["coaching_sessions"]
        for s in self.sessions:
            next_id += 1
            s.id = next_id
            if s.status is SessionStatus.HELD:
                s.client.held.append(s)
        for p in self.profiles:
            p.row["created_at"] = self.cap(
                _at(p.row["started_on"] or today - timedelta(days=rng.randint(2, 20)), 9 * 60)
                - timedelta(days=rng.randint(1, 10))
            )
            first = p.sessions[0].created_at if p.sessions else p.row["created_at"]
            p.row["created_at"] = min(p.row["created_at"], first)
            p.row["updated_at"] = p.row["created_at"]
            if p.status in (ClientStatus.ENDED, ClientStatus.PAUSED) and p.sessions:
                p.row["updated_at"] = self.later(
                    p.row["created_at"], p.sessions[-1].end + timedelta(days=2)
                )

    def describe(self, s: _Sess, index: int, count: int) -> None:
        """Fill in a session's medium, place, status, agenda and notes."""
        rng, p = self.rng, s.client
        if rng.random() < 0.12:
            s.medium = rng.choice([m for m in Medium if m is not p.medium])
        if s.medium is Medium.IN_PERSON:
            usual = p.medium is Medium.IN_PERSON and rng.random() < 0.9
            s.location = p.location if usual else rng.choice(_MEETING_PLACES)
        elif s.medium is Medium.VIDEO:
            s.location = p.link
        else:
            s.location = f"Coach calls {p.phone}" if p.phone else "Client calls the coach's line"
        future = s.day >= self.today
        if index == 0:
            s.agenda = rng.choice(_FIRST_AGENDAS)
        elif index == count - 1 and p.status is ClientStatus.ENDED:
            s.agenda = rng.choice(_LAST_AGENDAS)
        elif rng.random() < (0.15 if future else 0.05):
            s.agenda = ""
        else:
            s.agenda = rng.choice(_AGENDAS)
        s.recorded = rng.random() < 0.03
        s.created_at = self.cap(
            s.start - timedelta(days=rng.randint(3, 30), hours=rng.randint(0, 6))
        )
        if future:
            s.status = SessionStatus.PLANNED
        else:
            r = rng.random()
            last = index == count - 1
            if r < 0.065 and index and not last:
                s.status = SessionStatus.CANCELLED
            elif r < 0.095 and index and not last:
                s.status = SessionStatus.NO_SHOW
            else:
                s.status = SessionStatus.HELD
        if s.status is not SessionStatus.CANCELLED and rng.random() < _RESCHEDULE_RATE:
            self.reschedule(s, rng.choice((-7, -3, -2, -1, 0, 1, 2, 3, 7)))
        if s.status is SessionStatus.HELD:
            if rng.random() < 0.7:
                s.notes = rng.choice(_SESSION_NOTES).format(name=p.first)
            s.updated_at = self.later(s.created_at, s.end + timedelta(minutes=rng.randint(20, 180)))
        elif s.status is SessionStatus.CANCELLED:
            s.recorded = False
            s.notes = rng.choice(_CANCEL_NOTES).format(name=p.first)
            s.updated_at = self.later(s.created_at, s.start - timedelta(hours=rng.randint(3, 72)))
        elif s.status is SessionStatus.NO_SHOW:
            s.updated_at = self.later(s.created_at, s.start + timedelta(minutes=30))
        else:
            s.updated_at = s.created_at if s.original_start is None else s.updated_at

    def reschedule(self, s: _Sess, shift_days: int) -> None:
        """Record that ``s`` was first planned ``shift_days`` away at another time."""
        rng = self.rng
        day = _weekday(s.day + timedelta(days=shift_days))
        minute = _DAY_START + 30 * rng.randrange((_DAY_END - s.duration - _DAY_START) // 30 + 1)
        original = _at(day, minute)
        if original == s.start:
            original = _at(
                day, minute + 60 if minute + 60 + s.duration <= _DAY_END else minute - 60
            )
        s.original_start = original
        s.created_at = self.cap(min(s.created_at, original - timedelta(days=rng.randint(3, 20))))
        moved = min(s.start, original) - timedelta(days=rng.randint(1, 4))
        s.updated_at = self.later(s.created_at, moved)
        s.moved_at = s.updated_at

    def seed_story(self) -> None:
        """The case that started the product, on the first client's sessions."""
        p = self.seed
        assert p is not None
        today = self.today
        upcoming = [s for s in p.sessions if s.day > today]
        past = [s for s in p.sessions if s.day < today]
        if not upcoming or not past:
            return
        target = today - timedelta(days=112)
        early = [s for s in past if s.day <= today - timedelta(days=42)] or past
        breach_session = min(early, key=lambda s: (abs((s.day - target).days), s.start))
        if breach_session.status is not SessionStatus.HELD:
            breach_session.status = SessionStatus.HELD
            breach_session.original_start = None
        breach_session.agenda = "Mid-point review of the leadership goals"
        breach_session.notes = (
            "Tom Becker from HR sat in at Priya's request. I didn't tell Dan beforehand. "
            "Dan was polite and closed for the whole hour."
        )
        breach_session.guests = [("Tom Becker", "HR business partner, Harbourline", None)]
        self.seed_breach_session = breach_session
        session = upcoming[0]
        session.status = SessionStatus.PLANNED
        session.original_start = None
        session.medium = p.medium
        session.location = p.location
        session.duration = 60
        session.agenda = (
            f"Leadership programme check-in: {SEED_GUEST_NAME} ({SEED_GUEST_ROLE}) joins "
            "for the last 20 minutes"
        )
        session.guests = [(SEED_GUEST_NAME, SEED_GUEST_ROLE, None)]
        session.updated_at = self.cap(session.start - timedelta(days=1))
        session.created_at = min(session.created_at, session.updated_at)
        self.seed_upcoming = session

    def layla_story(self) -> None:
        """Guarantee an upcoming rescheduled session: the third client's next one."""
        if len(self.profiles) < 3:
            return
        upcoming = [s for s in self.profiles[2].sessions if s.day >= self.today]
        if upcoming:
            s = upcoming[0]
            self.reschedule(s, 2)
            s.created_at = min(s.created_at, self.stamp - timedelta(days=10))
            s.updated_at = self.later(s.created_at, self.stamp - timedelta(days=3))

    # -- guests ------------------------------------------------------------

    def build_guests(self) -> None:
        rng, rows = self.rng, self.rows["guests"]
        breach_day = self.seed_breach_session.day if self.seed_breach_session else None
        next_id = self.id_base["guests"]
        for s in self.sessions:
            p = s.client
            curated = s is self.seed_breach_session or s is self.seed_upcoming
            if not curated and rng.random() < _GUEST_RATE and s is not p.sessions[0]:
                if p is self.seed and (breach_day is None or s.day <= breach_day):
                    continue
                r = rng.random()
                first = p.manager if r < 0.6 else p.hr if r < 0.75 else rng.choice(_EXTERNAL_GUESTS)
                names = [first]
                if rng.random() < 0.15:
                    extra = p.hr if first is p.manager else p.manager
                    names.append(extra)
                informed_rate = 1.0 if p is self.seed else (0.5 if s.day >= self.today else 0.85)
                for name, role in names:
                    informed = self.told(s) if rng.random() < informed_rate else None
                    s.guests.append((name, role, informed))
                if rng.random() < 0.6:
                    s.agenda = rng.choice(_THREE_WAY_AGENDAS).format(guest=names[0][0])
            for name, role, informed in s.guests:
                next_id += 1
                created = min(s.created_at, informed) if informed else s.created_at
                rows.append(
                    {
                        "id": next_id,
                        "session_id": s.id,
                        "name": name,
                        "role": role,
                        "client_informed_at": informed,
                        "brought_by": self.brought_by(s, curated).value,
                        "created_at": created,
                        "updated_at": informed or created,
                    }
                )

    def brought_by(self, s: _Sess, curated: bool) -> GuestSource:
        """HR sat in on the seed breach at the sponsor's request; the seed's upcoming guest is
        the coach's; of the others, some come with the client and some with a sponsor."""
        if curated:
            return GuestSource.SPONSOR if s is self.seed_breach_session else GuestSource.COACH
        r = self.more.random()
        return (
            GuestSource.CLIENT
            if r < 0.2
            else GuestSource.SPONSOR
            if r < 0.35
            else (GuestSource.COACH)
        )

    # -- moves -------------------------------------------------------------

    def build_moves(self) -> None:
        """Each moved session's moves, oldest first: one from its first planned start, or for
        about one in four (at least two in all) two, the first of them confirmed."""
        more, rows = self.more, self.rows["session_moves"]
        moved = [s for s in self.sessions if s.original_start is not None]
        twice = {id(s) for s in moved if more.random() < 0.25}
        upcoming = [s for s in moved if s.day >= self.today]
        for s in (upcoming + moved)[:2]:
            twice.add(id(s))
        next_id = self.id_base["session_moves"]
        for s in moved:
            assert s.original_start is not None
            steps = [(s.original_start, s.start, s.moved_at, None)]
            if id(s) in twice:
                between = _at(
                    _weekday(s.original_start.date() + timedelta(days=1), forward=True),
                    s.original_start.hour * 60 + s.original_start.minute,
                )
                if between in (s.start, s.original_start):
                    between += timedelta(hours=1 if between.hour < 12 else -1)
                first_move = max(s.created_at, s.moved_at - timedelta(days=more.randint(2, 6)))
                confirmed = min(s.moved_at, first_move + timedelta(hours=more.randint(1, 20)))
                steps = [
                    (s.original_start, between, first_move, confirmed),
                    (between, s.start, s.moved_at, None),
                ]
            for from_start, to_start, moved_at, confirmed_at in steps:
                next_id += 1
                rows.append(
                    {
                        "id": next_id,
                        "session_id": s.id,
                        "from_start": from_start,
                        "to_start": to_start,
                        "moved_at": moved_at,
                        "confirmed_at": confirmed_at,
                        "created_at": moved_at,
                        "updated_at": confirmed_at or moved_at,
                    }
                )

    # -- items in the client's own words ------------------------------------

    def words_only(self) -> None:
        """Turn some items into wishes captured in a hurry: the client's words, in their
        language, with no trigger ticked and no keyword typed.  Only items no breach refers
        to are changed, so every breach still fits its item; the counts stay the same."""
        more = self.more
        used = {row["matter_id"] for row in self.rows["breaches"]}
        candidates = [
            row
            for row in self.rows["matters"]
            if row["id"] not in used
            and row is not self.seed_matter
            and row["active"]
            and not row["keep_off_printouts"]
        ]
        more.shuffle(candidates)
        wanted = max(len(_WORDS_ONLY), len(self.rows["matters"]) // 12)
        said: set[tuple[int, str]] = {
            (row["client_id"], row["statement"]) for row in self.rows["matters"]
        }
        changed: set[int] = set()
        for number, row in enumerate(candidates[:wanted]):
            language, category, importance, words = _WORDS_ONLY[number % len(_WORDS_ONLY)]
            if (row["client_id"], words) in said:
                continue
            said.add((row["client_id"], words))
            row.update(
                statement=words,
                why="",
                category=category.value,
                importance=importance,
                keywords="",
                language=language.value,
            )
            changed.add(row["id"])
        self.rows["matter_triggers"] = [
            t for t in self.rows["matter_triggers"] if t["matter_id"] not in changed
        ]

    # -- matters -----------------------------------------------------------

    def build_matters(self) -> None:
        rng, today = self.rng, self.today
        bank = len(_STATEMENTS)
        weights, caps = [], []
        for p in self.profiles:
            weights.append(
                1.0 + len(p.held) ** 0.5 if p.status is not ClientStatus.PROSPECT else 0.6
            )
            caps.append(bank if p.status is not ClientStatus.PROSPECT else 2)
        counts = _allocate(self.plan.matters, weights, caps)
        drafts: list[tuple[dict[str, Any], _Statement | None]] = []
        for p, count in zip(self.profiles, counts, strict=True):
            p.n_matters = count
            if count == 0:
                continue
            lo = p.row["started_on"] or today - timedelta(days=21)
            hi = p.held[-1].day if p.held else today - timedelta(days=1)
            hi = max(lo, min(hi, today - timedelta(days=1)))
            chosen: list[_Statement | None] = []
            if p is self.seed:
                chosen.append(None)
                chosen += [_STATEMENTS[i] for i in rng.sample(range(1, bank), count - 1)]
            else:
                chosen += [_STATEMENTS[i] for i in rng.sample(range(bank), count)]
            for statement in chosen:
                if statement is None:
                    drafts.append(self.seed_matter_row(p))
                    continue
                if p.held and rng.random() < 0.8:
                    source = rng.choice(p.held)
                    captured, source_id = source.day, source.id
                else:
                    captured = lo + timedelta(days=rng.randint(0, (hi - lo).days))
                    source_id = None
                confirmed = None
                if rng.random() < 0.4 and hi > captured + timedelta(days=7):
                    confirmed = captured + timedelta(days=rng.randint(7, (hi - captured).days))
                importance = statement.importance if rng.random() < 0.7 else rng.randint(1, 3)
                keep_off = rng.random() < (0.6 if statement.sensitive else 0.01)
                created = self.cap(_at(captured, 18 * 60))
                row = {
                    "client_id": p.id,
                    "statement": statement.text,
                    "why": statement.why if rng.random() < 0.8 else "",
                    "category": statement.category.value,
                    "importance": importance,
                    "keywords": statement.keywords if rng.random() < 0.85 else "",
                    "source_session_id": source_id,
                    "captured_on": captured,
                    "last_confirmed_on": confirmed,
                    "keep_off_printouts": keep_off,
                    "active": rng.random() >= 0.07,
                    "language": Language.NOT_SET.value,
                    "created_at": created,
                    "updated_at": self.later(created, _at(confirmed, 18 * 60))
                    if confirmed
                    else created,
                }
                drafts.append((row, statement))
        drafts.sort(key=lambda d: (d[0]["captured_on"], d[0]["client_id"]))
        next_id = self.id_base["matters"]
        profiles = {p.id: p for p in self.profiles}
        trigger_rows = self.rows["matter_triggers"]
        for row, statement in drafts:
            next_id += 1
            row["id"] = next_id
            row["_statement"] = statement
            triggers = statement.triggers if statement else (Trigger.GUESTS,)
            profiles[row["client_id"]].matters.append(row)
            for trigger in triggers:
                trigger_rows.append({"matter_id": next_id, "trigger": trigger.value})
            self.rows["matters"].append(row)
        # However few matters there are, show a kept-off-printouts one and a retired one.
        generated = [row for row, statement in drafts if statement is not None]
        if generated and not any(row["keep_off_printouts"] for row in generated):
            sensitive = [row for row, st in drafts if st is not None and st.sensitive]
            (sensitive or generated)[0]["keep_off_printouts"] = True
        if generated and all(row["active"] for row in generated):
            generated[0]["active"] = False

    def seed_matter_row(self, p: _Profile) -> tuple[dict[str, Any], None]:
        s = self.seed_breach_session
        captured = s.day if s else self.today - timedelta(days=90)
        confirmed = p.held[-1].day if p.held and p.held[-1].day > captured else None
        created = self.cap(_at(captured, 18 * 60))
        row = {
            "client_id": p.id,
            "statement": SEED_MATTER_STATEMENT,
            "why": "Learned it by missing it: HR sat in without warning and Dan felt ambushed. "
            "He prepares for who is in the room; a surprise guest shuts him down.",
            "category": Category.COMMUNICATION.value,
            "importance": 3,
            "keywords": "guest, three-way, HR, sponsor",
            "source_session_id": s.id if s else None,
            "captured_on": captured,
            "last_confirmed_on": confirmed,
            "keep_off_printouts": False,
            "active": True,
            "language": Language.NOT_SET.value,
            "created_at": created,
            "updated_at": self.later(created, _at(confirmed, 18 * 60)) if confirmed else created,
        }
        self.seed_matter = row
        return row, None

    # -- promises ----------------------------------------------------------

    def build_commitments(self) -> None:
        rng, today, rows = self.rng, self.today, self.rows["commitments"]
        next_id = self.id_base["commitments"]
        seed_last = self.seed.held[-1] if self.seed and self.seed.held else None
        for s in self.sessions:
            if s.status is not SessionStatus.HELD:
                continue
            p = s.client
            promises: list[tuple[PromiseOwner, str, date | None, PromiseStatus | None]] = []
            if s is seed_last:
                due = min(s.day + timedelta(days=3), today - timedelta(days=1))
                promises.append(
                    (
                        PromiseOwner.COACH,
                        "Send Dan the stakeholder map template we sketched",
                        due,
                        PromiseStatus.OPEN,
                    )
                )
                promises.append(
                    (
                        PromiseOwner.CLIENT,
                        "Map who needs to hear about the reorg before the announcement",
                        max(s.day + timedelta(days=21), today + timedelta(days=7)),
                        PromiseStatus.OPEN,
                    )
                )
            if rng.random() < _COACH_PROMISE_RATE:
                text_ = rng.choice(_COACH_PROMISES).format(name=p.first)
                due = s.day + timedelta(days=rng.choice((3, 7, 7, 10, 14)))
                promises.append((PromiseOwner.COACH, text_, due, None))
            if rng.random() < _CLIENT_PROMISE_RATE:
                text_ = rng.choice(_CLIENT_PROMISES)
                due = None
                if rng.random() < 0.85:
                    due = s.day + timedelta(days=rng.choice((7, 7, 14, 14, 21, 28)))
                promises.append((PromiseOwner.CLIENT, text_, due, None))
            for owner, text_, due, status in promises:
                if status is None:
                    status = self.promise_status(owner, s.day, due)
                next_id += 1
                created = self.cap(s.end + timedelta(minutes=rng.randint(5, 90)))
                if status is PromiseStatus.OPEN:
                    updated = created
                else:
                    settled = due or s.day + timedelta(days=30)
                    updated = self.later(created, _at(settled, 17 * 60))
                row = {
                    "id": next_id,
                    "client_id": p.id,
                    "session_id": s.id if rng.random() >= 0.05 else None,
                    "owner": owner.value,
                    "text": text_,
                    "due_on": due,
                    "status": status.value,
                    "created_at": created,
                    "updated_at": updated,
                }
                rows.append(row)
                if owner is PromiseOwner.COACH and status is PromiseStatus.MISSED:
                    p.missed_coach.append(row)

    def promise_status(self, owner: PromiseOwner, made: date, due: date | None) -> PromiseStatus:
        r = self.rng.random()
        if due is None:
            if (self.today - made).days < 60:
                return PromiseStatus.OPEN
            return PromiseStatus.KEPT if r < 0.7 else PromiseStatus.MISSED
        if due >= self.today:
            return PromiseStatus.OPEN
        if (self.today - due).days > 60:  # long overdue: almost always settled by now
            kept, missed = (0.85, 0.99) if owner is PromiseOwner.COACH else (0.65, 0.98)
        else:
            kept, missed = (0.80, 0.92) if owner is PromiseOwner.COACH else (0.60, 0.82)
        if r < kept:
            return PromiseStatus.KEPT
        if r < missed:
            return PromiseStatus.MISSED
        return PromiseStatus.OPEN

    # -- breaches ----------------------------------------------------------

    def build_breaches(self) -> None:
        rng, rows = self.rng, self.rows["breaches"]
        next_id = self.id_base["breaches"]
        profiles = {p.id: p for p in self.profiles}
        if self.seed_matter is not None and self.seed_breach_session is not None:
            next_id += 1
            rows.append(self.seed_breach_row(next_id))
        candidates = [
            m
            for m in self.rows["matters"]
            if m["_statement"] is not None and profiles[m["client_id"]].held
        ]
        if candidates:
            cumulative, total = [], 0.0
            for m in candidates:
                total += m["importance"] + (1.5 if m["_statement"].triggers else 0.0)
                cumulative.append(total)
            picks = rng.choices(candidates, cum_weights=cumulative, k=2 * self.plan.breaches)
            seen: set[tuple[int, date]] = set()
            for m in picks:
                if len(rows) >= self.plan.breaches:
                    break
                row = self.breach_row(next_id + 1, m, profiles[m["client_id"]])
                if (m["id"], row["occurred_on"]) in seen:
                    continue
                seen.add((m["id"], row["occurred_on"]))
                next_id += 1
                rows.append(row)
        self.cover_repair_states()
        for row in rows:
            if row["session_id"] is not None:
                previous = self.breach_severity.get(row["session_id"], 0)
                self.breach_severity[row["session_id"]] = max(previous, row["severity"])

    def seed_breach_row(self, breach_id: int) -> dict[str, Any]:
        s = self.seed_breach_session
        p = self.seed
        assert s is not None and p is not None and self.seed_matter is not None
        later_held = [h for h in p.held if h.day > s.day]
        repaired_on = later_held[0].day if later_held else s.day + timedelta(days=1)
        created = self.cap(s.end + timedelta(hours=2))
        return {
            "id": breach_id,
            "matter_id": self.seed_matter["id"],
            "session_id": s.id,
            "commitment_id": None,
            "occurred_on": s.day,
            "what_happened": "Tom Becker (HR) sat in on the session at the sponsor's request. "
            "I hadn't told Dan beforehand.",
            "how_it_landed": "I walked in and there was someone from HR. I spent the hour "
            "guarded instead of thinking.",
            "severity": 3,
            "repair_status": RepairStatus.REPAIRED.value,
            "repair_notes": "Apologised at the start of the next session, without excuses. "
            "Agreed: I tell Dan by email at least two days before anyone else joins, and he "
            "can say no.",
            "repaired_on": repaired_on,
            "created_at": created,
            "updated_at": self.later(created, _at(repaired_on, 17 * 60)),
        }

    def breach_sessions(self, p: _Profile, trigger: Trigger | None, since: date) -> list[_Sess]:
        """The client's past sessions where a breach of this kind plausibly happened."""
        past = [s for s in p.sessions if s.day < self.today and s is not self.seed_breach_session]
        if trigger is Trigger.FIRST_SESSION:
            return [s for s in past[:1] if s.status is SessionStatus.HELD]
        held = [s for s in past if s.status is SessionStatus.HELD]
        if trigger is Trigger.GUESTS:
            with_guests = [s for s in held if s.guests]
            unannounced = [s for s in with_guests if any(g[2] is None for g in s.guests)]
            pool = unannounced or with_guests
        elif trigger is Trigger.SCHEDULE_CHANGE:
            pool = [s for s in past if s.original_start or s.status is SessionStatus.CANCELLED]
        elif trigger is Trigger.PLACE_CHANGE:
            pool = [s for s in held if s.medium is not p.medium or s.location != p.location]
        else:
            pool = []
        pool = [s for s in pool if s.day >= since] or pool
        return pool or [s for s in held if s.day >= since]

    def breach_row(self, breach_id: int, m: dict[str, Any], p: _Profile) -> dict[str, Any]:
        rng, today = self.rng, self.today
        statement: _Statement = m["_statement"]
        trigger = statement.triggers[0] if statement.triggers else None
        captured: date = m["captured_on"]
        session: _Sess | None = None
        commitment_id = None
        guest = p.manager[0]
        minutes = rng.choice((7, 10, 12, 15))
        what, landed = statement.what_happened, statement.how_it_landed
        if trigger is Trigger.FOLLOW_UP and p.missed_coach and rng.random() < 0.6:
            promise = rng.choice(p.missed_coach)
            due: date = promise["due_on"] or captured
            occurred = min(due + timedelta(days=1), today - timedelta(days=1))
            commitment_id = promise["id"]
            text_ = promise["text"]
            what = f"Promised to {text_[0].lower()}{text_[1:]} by {due.day} {due:%B}; didn't."
        else:
            pool = self.breach_sessions(p, trigger, captured)
            source = m["source_session_id"]
            if pool and (rng.random() >= 0.25 or not source):
                session = rng.choice(pool)
                occurred = session.day
            else:
                session = next((s for s in p.held if s.id == source), None) if source else None
                occurred = captured
            if session is not None and session.guests:
                guest = session.guests[0][0]
            if trigger in (Trigger.FEES, Trigger.CONFIDENTIALITY) and rng.random() < 0.5:
                session = None  # it happened between sessions: an invoice, a report, a call
        values = {"name": p.first, "guest": guest, "minutes": minutes}
        age = (today - occurred).days
        r = rng.random()
        if age < 14:
            status = (
                RepairStatus.OPEN
                if r < 0.6
                else RepairStatus.ACKNOWLEDGED
                if r < 0.9
                else RepairStatus.REPAIRED
            )
        elif age < 60:
            status = (
                RepairStatus.OPEN
                if r < 0.25
                else RepairStatus.ACKNOWLEDGED
                if r < 0.6
                else RepairStatus.REPAIRED
            )
        else:
            status = (
                RepairStatus.OPEN
                if r < 0.05
                else RepairStatus.ACKNOWLEDGED
                if r < 0.2
                else RepairStatus.REPAIRED
            )
        created = self.cap(
            session.end + timedelta(hours=rng.randint(1, 30)) if session else _at(occurred, 17 * 60)
        )
        row = {
            "id": breach_id,
            "matter_id": m["id"],
            "session_id": session.id if session else None,
            "commitment_id": commitment_id,
            "occurred_on": occurred,
            "what_happened": what.format(**values),
            "how_it_landed": landed.format(**values) if rng.random() < 0.85 else "",
            "severity": max(1, min(3, m["importance"] + rng.choice((-1, 0, 0, 1)))),
            "repair_status": status.value,
            "repair_notes": "",
            "repaired_on": None,
            "created_at": created,
            "updated_at": created,
            "_name": p.first,
        }
        self.set_repair(row, status)
        return row

    def set_repair(self, row: dict[str, Any], status: RepairStatus) -> None:
        rng = self.rng
        name = row.get("_name", "the client")
        row["repair_status"] = status.value
        row["repair_notes"] = ""
        row["repaired_on"] = None
        row["updated_at"] = row["created_at"]
        occurred: date = row["occurred_on"]
        if status is RepairStatus.ACKNOWLEDGED:
            row["repair_notes"] = rng.choice(_ACKNOWLEDGED_NOTES).format(name=name)
            moment = _at(occurred + timedelta(days=rng.randint(0, 3)), 17 * 60)
            row["updated_at"] = self.later(row["created_at"], moment)
        elif status is RepairStatus.REPAIRED:
            room = max(0, (self.today - occurred).days - 1)
            repaired = occurred + timedelta(days=rng.randint(min(1, room), min(30, room)))
            row["repair_notes"] = rng.choice(_REPAIRED_NOTES).format(name=name)
            row["repaired_on"] = repaired
            row["updated_at"] = self.later(row["created_at"], _at(repaired, 17 * 60))

    def cover_repair_states(self) -> None:
        """Make sure every repair state appears, however few breaches there are."""
        generated = [row for row in self.rows["breaches"] if "_name" in row]
        if len(generated) < 3:
            return
        ordered = sorted(generated, key=lambda row: (row["occurred_on"], row["id"]))
        wanted = (
            (RepairStatus.REPAIRED, ordered),
            (RepairStatus.OPEN, ordered[::-1]),
            (RepairStatus.ACKNOWLEDGED, ordered[::-1]),
        )
        for status, pool in wanted:
            states = [row["repair_status"] for row in ordered]
            if status.value in states:
                continue
            for row in pool:
                if states.count(row["repair_status"]) > 1:
                    self.set_repair(row, status)
                    break

    # -- feedback ----------------------------------------------------------

    def build_feedback(self) -> None:
        rng = self.rng
        checks, answers = self.rows["pulse_checks"], self.rows["pulse_answers"]
        check_id, answer_id = self.id_base["pulse_checks"], self.id_base["pulse_answers"]
        for p in self.profiles:
            held = p.held
            for position, s in enumerate(held):
                seed_case = s is self.seed_breach_session
                if not seed_case and rng.random() >= _FEEDBACK_RATE:
                    continue
                grown = position / max(1, len(held) - 1)
                understood = p.base_understood + 0.6 * grown + rng.gauss(0, 0.6)
                trust = p.base_trust + 0.5 * grown + rng.gauss(0, 0.5)
                severity = self.breach_severity.get(s.id, 0)
                understood -= 0.5 * severity
                trust -= 0.8 * severity
                reported = [max(1, min(5, round(understood))), max(1, min(5, round(trust)))]
                predicted: list[int | None] = [
                    max(1, min(5, value + p.bias + rng.choice((-1, 0, 0, 0, 1))))
                    for value in reported
                ]
                skipped = rng.random() < 0.08
                predicted_at: datetime | None = s.end + timedelta(minutes=rng.randint(2, 30))
                reported_at = s.end + timedelta(hours=rng.randint(2, 60))
                answered = rng.random() >= 0.06 and reported_at <= self.stamp
                if skipped and answered:
                    predicted, predicted_at = [None, None], None
                comment = ""
                if seed_case:
                    predicted, reported = [4, 4], [2, 2]
                    predicted_at = s.end + timedelta(minutes=10)
                    answered = True
                    comment = (
                        "I didn't expect someone from HR to be there. I didn't say anything "
                        "real for the whole hour."
                    )
                elif answered and rng.random() < 0.35:
                    low = min(reported)
                    band = (
                        _COMMENTS_LOW
                        if low <= 2 or severity
                        else _COMMENTS_MID
                        if low == 3
                        else _COMMENTS_HIGH
                    )
                    comment = rng.choice(band)
                check_id += 1
                created = self.cap(predicted_at or s.end)
                reported_on = reported_at if answered else None
                checks.append(
                    {
                        "id": check_id,
                        "session_id": s.id,
                        "predicted_at": predicted_at,
                        "prediction_skipped": predicted_at is None,
                        "reported_at": reported_on,
                        "comment": comment,
                        "created_at": created,
                        "updated_at": self.later(created, reported_on or created),
                    }
                )
                for index, question in enumerate(DEFAULT_FEEDBACK_QUESTIONS[:2]):
                    answer_id += 1
                    answers.append(
                        {
                            "id": answer_id,
                            "pulse_check_id": check_id,
                            "position": index,
                            "question": question,
                            "predicted": predicted[index],
                            "reported": reported[index] if answered else None,
                            "created_at": created,
                            "updated_at": self.later(created, reported_on or created),
                        }
                    )

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
