"""The demo's calendar: each client's sessions (with the seed case's and the guaranteed
rescheduled one), the guests who joined them and the moves of moved sessions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from coachdesk.demo.curated import SEED_GUEST_NAME, SEED_GUEST_ROLE
from coachdesk.demo.model import (
    _DAY_END,
    _DAY_START,
    _GUEST_RATE,
    _RESCHEDULE_RATE,
    _UPCOMING_DAYS,
    _allocate,
    _at,
    _Profile,
    _Sess,
    _State,
    _weekday,
)
from coachdesk.demo.texts import (
    _AGENDAS,
    _CANCEL_NOTES,
    _EXTERNAL_GUESTS,
    _FIRST_AGENDAS,
    _LAST_AGENDAS,
    _MEETING_PLACES,
    _SESSION_NOTES,
    _THREE_WAY_AGENDAS,
)
from coachdesk.domain.vocab import ClientStatus, GuestSource, Medium, SessionStatus


class _Calendar(_State):
    """Builds ``sessions``, the ``guests`` rows and the ``session_moves`` rows."""

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
