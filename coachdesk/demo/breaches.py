"""The demo's breaches of what mattered, and how far each was repaired."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from coachdesk.demo.model import _at, _Profile, _Sess, _State
from coachdesk.demo.texts import _ACKNOWLEDGED_NOTES, _REPAIRED_NOTES, _Statement
from coachdesk.domain.vocab import RepairStatus, SessionStatus, Trigger


class _Breaches(_State):
    """Builds the ``breaches`` rows (the seed case's first) and ``breach_severity``."""

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
