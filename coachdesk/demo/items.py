"""The demo's items (the things that matter to each client, some in the client's words
only) and the promises made in sessions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from coachdesk.demo.curated import SEED_MATTER_STATEMENT
from coachdesk.demo.model import (
    _CLIENT_PROMISE_RATE,
    _COACH_PROMISE_RATE,
    _allocate,
    _at,
    _Profile,
    _State,
)
from coachdesk.demo.texts import (
    _CLIENT_PROMISES,
    _COACH_PROMISES,
    _STATEMENTS,
    _WORDS_ONLY,
    _Statement,
)
from coachdesk.domain.vocab import (
    Category,
    ClientStatus,
    Language,
    PromiseOwner,
    PromiseStatus,
    SessionStatus,
    Trigger,
)


class _Items(_State):
    """Builds the ``matters``, ``matter_triggers`` and ``commitments`` rows."""

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
