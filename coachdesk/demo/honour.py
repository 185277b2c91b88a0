"""The demo's review answers: for most held sessions, the items the session's circumstances
made relevant, honoured, or missed where a breach was logged in that session (the demo
draws each breach for a session whose circumstances fire it)."""

from __future__ import annotations

from typing import Any

from coachdesk.demo.model import _State
from coachdesk.domain.vocab import HonourOutcome, Trigger

_REVIEWED_RATE = 0.7
"""The share of held sessions the coach reviewed."""


class _Honour(_State):
    """Builds the ``honour_checks`` rows (drawing from ``more``, after every other part)."""

    def build_honour(self) -> None:
        more, rows = self.more, self.rows["honour_checks"]
        next_id = self.id_base["honour_checks"]
        triggers: dict[int, set[str]] = {}
        for t in self.rows["matter_triggers"]:
            triggers.setdefault(t["matter_id"], set()).add(t["trigger"])
        by_client: dict[int, list[dict[str, Any]]] = {}
        for m in self.rows["matters"]:
            if m["active"] and m["id"] in triggers:
                by_client.setdefault(m["client_id"], []).append(m)
        missed: dict[int, set[int]] = {}
        for b in self.rows["breaches"]:
            if b["session_id"] is not None:
                missed.setdefault(b["session_id"], set()).add(b["matter_id"])
        for p in self.profiles:
            items = by_client.get(p.id, [])
            for position, s in enumerate(p.held):
                breached = missed.get(s.id, set())
                if not breached and more.random() >= _REVIEWED_RATE:
                    continue
                now = self._circumstances(s, first=position == 0)
                fired = {
                    m["id"]
                    for m in items
                    if m["captured_on"] <= s.start.date() and triggers[m["id"]] & now
                }
                for matter_id in sorted(fired | breached):
                    if matter_id in breached:
                        outcome = HonourOutcome.MISSED
                    elif more.random() < 0.08:
                        outcome = HonourOutcome.NOT_RELEVANT
                    else:
                        outcome = HonourOutcome.HONOURED
                    next_id += 1
                    rows.append(
                        {
                            "id": next_id,
                            "session_id": s.id,
                            "matter_id": matter_id,
                            "outcome": outcome.value,
                            # The demo's breaches are drawn for sessions that fire them.
                            "fired": matter_id in fired or matter_id in breached,
                            "created_at": s.end,
                            "updated_at": s.end,
                        }
                    )

    @staticmethod
    def _circumstances(s: Any, *, first: bool) -> set[str]:
        found = {Trigger.TIMEKEEPING.value}
        if s.guests:
            found.add(Trigger.GUESTS.value)
        if s.original_start is not None:
            found.add(Trigger.SCHEDULE_CHANGE.value)
        if s.recorded:
            found.add(Trigger.RECORDING.value)
        if first:
            found.add(Trigger.FIRST_SESSION.value)
        return found
