"""The ``sessions`` and ``prep`` subcommands: the sessions with their ids, and what to do
and what matters before one session (as text, ``--json``, or the printed sheet)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachdesk.cli.common import DEFAULT_DAYS, fail, print_json, with_database
from coachdesk.domain.dates import local_or_utc
from coachdesk.domain.notice import zone_named
from coachdesk.domain.their_time import their_time

if TYPE_CHECKING:
    from coachdesk.domain.practice import BreachRow, PromiseRow, SessionRow
    from coachdesk.domain.prep import Prep
    from coachdesk.paths import AppPaths
    from coachdesk.printing.locked import PdfLock
    from coachdesk.storage.database import Database

COMMANDS = ("sessions", "prep")
_PER_CLIENT_READS = 20  # above this many matching clients, read once and filter


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    """Run one of ``COMMANDS``; ``StorageError`` is left to ``main`` to explain."""
    if args.command == "sessions":
        return with_database(paths, _run_sessions, args.upcoming, args.client, args.json)
    if args.command == "prep":
        lock, warn_plain = None, False
        if args.pdf:
            from coachdesk.cli import secrets

            try:
                lock, warn_plain = secrets.file_lock(args, paths.database)
            except secrets.NoSecret as exc:
                return fail(exc.message)
        return with_database(
            paths, _run_prep, args.session_id, args.json, args.pdf, lock, warn_plain
        )
    raise AssertionError(f"not a command of this module: {args.command}")


def _mark() -> str:
    """The warning mark, or "!" where the terminal cannot show it."""
    from coachdesk.domain.vocab import WARNING_MARK

    try:
        WARNING_MARK.encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return "!"
    return WARNING_MARK


def _iso(value: datetime | None) -> str | None:
    return None if value is None else local_or_utc(value).isoformat(timespec="seconds")


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def session_json(session: SessionRow) -> dict[str, Any]:
    """A session as ``sessions --json`` and ``prep --json`` print it."""
    return {
        "id": session.id,
        "client": session.client_name,
        "start": _iso(session.start),
        "duration_minutes": session.duration_minutes,
        "medium": session.medium.value,
        "location": session.location,
        "status": session.status.value,
        "guests": [
            {
                "name": guest.name,
                "role": guest.role,
                "brought_by": guest.brought_by.value,
                "client_informed_at": _iso(guest.client_informed_at),
            }
            for guest in session.guests
        ],
        "agenda": session.agenda,
        "recorded": session.recorded,
        "recording_consent_at": _iso(session.recording_consent_at),
        "moves": [
            {
                "from": _iso(move.from_start),
                "to": _iso(move.to_start),
                "moved_at": _iso(move.moved_at),
                "confirmed_at": _iso(move.confirmed_at),
            }
            for move in session.moves
        ],
        "to_do": session.to_do_before(),
        "client_time_zone": session.client_time_zone or None,
        "client_start": _client_start(session),
        "clocks_confirmed_at": _iso(session.clocks_confirmed_at),
    }


def _client_start(session: SessionRow) -> str | None:
    """The start in the client's own zone, when they have one."""
    try:
        zone = zone_named(session.client_time_zone)
    except ValueError:
        return None
    return None if zone is None else session.start.astimezone(zone).isoformat(timespec="seconds")


def _session_line(session: SessionRow, mark: str) -> str:
    when = local_or_utc(session.start).strftime("%Y-%m-%d %H:%M")
    line = (
        f"{session.id:>7}  {when}  {session.client_name}  "
        f"{session.medium.label}  {session.status.label}"
    )
    notes = [f"guest not told: {guest.name}" for guest in session.unannounced_guests]
    if session.reschedule_unconfirmed:
        notes.append("new time not confirmed")
    if notes:
        line += "  " + "  ".join(f"{mark} {note}" for note in notes)
    return line


def _run_sessions(db: Database, upcoming: bool, client: str | None, as_json: bool) -> int:
    from coachdesk.domain.vocab import SessionStatus
    from coachdesk.storage.client_list import client_choices
    from coachdesk.storage.sessions import list_sessions

    now = datetime.now(UTC)
    start_from: datetime | None = None
    start_to: datetime | None = None
    statuses = None
    if upcoming:
        start_from, statuses = now, (SessionStatus.PLANNED,)
    elif client is None:
        start_from, start_to = now, now + timedelta(days=DEFAULT_DAYS)
    if client is None:
        found = list_sessions(db, start_from=start_from, start_to=start_to, statuses=statuses)
    else:
        wanted = client.casefold()
        ids = [
            row.id
            for row in client_choices(db)
            if wanted in row.name.casefold() or wanted in row.preferred_name.casefold()
        ]
        if not ids:
            return fail(f"no client's name contains {client!r}; see the clients in the app")
        if len(ids) > _PER_CLIENT_READS:
            # Each read opens a connection: for a broad match one read and a filter is faster.
            wanted_ids = set(ids)
            found = [
                s
                for s in list_sessions(db, start_from=start_from, statuses=statuses)
                if s.client_id in wanted_ids
            ]
        else:
            found = []
            for client_id in ids:
                found += list_sessions(
                    db, client_id=client_id, start_from=start_from, statuses=statuses
                )
            found.sort(key=lambda s: (s.start, s.id))
    if as_json:
        print_json([session_json(s) for s in found])
        return 0
    if not found:
        print("No sessions.")
        return 0
    mark = _mark()
    for session in found:
        print(_session_line(session, mark))
    return 0


def _breach_json(breach: BreachRow) -> dict[str, Any]:
    return {
        "id": breach.id,
        "statement": breach.matter_statement,
        "category": breach.category.value,
        "occurred_on": _day(breach.occurred_on),
        "what_happened": breach.what_happened,
        "how_it_landed": breach.how_it_landed,
        "severity": breach.severity,
        "repair_status": breach.repair_status.value,
        "repair_notes": breach.repair_notes,
    }


def _promise_json(promise: PromiseRow) -> dict[str, Any]:
    return {
        "id": promise.id,
        "owner": promise.owner.value,
        "text": promise.text,
        "due_on": _day(promise.due_on),
        "made_on": _day(promise.made_on),
    }


def prep_json(prep: Prep, session: SessionRow) -> dict[str, Any]:
    """The prep of one session as ``prep --json`` prints it."""
    last = prep.last_time
    return {
        "session": session_json(session),
        "circumstances": [
            {"trigger": c.trigger.value if c.trigger else None, "reason": c.reason}
            for c in prep.circumstances
        ],
        "checklist": [
            {
                "kind": item.kind,
                "text": item.text,
                "reasons": list(item.reasons),
                "priority": item.priority,
                "stated_wish": item.stated_wish,
                "quote": item.quote,
                "ref_id": item.ref_id,
                "wish_ids": list(item.wish_ids),
                "deadline": _iso(item.deadline),
                "by": item.due_text,
                "notice": item.notice.text if item.notice else None,
                "notice_words": item.notice_words or None,
                "state": item.state.value,
            }
            for item in prep.checklist
        ],
        "items": [
            {
                "id": ranked.matter.id,
                "statement": ranked.matter.statement,
                "why": ranked.matter.why,
                "category": ranked.matter.category.value,
                "importance": ranked.matter.importance,
                "rank": ranked.rank,
                "reasons": list(ranked.reasons),
                "keep_off_printouts": ranked.matter.keep_off_printouts,
            }
            for ranked in prep.items
        ],
        "repairs": [_breach_json(b) for b in prep.repairs],
        "promises_due": [_promise_json(p) for p in prep.promises_due],
        "last_time": None
        if last is None
        else {
            "id": last.id,
            "start": _iso(last.start),
            "medium": last.medium.value,
            "location": last.location,
            "agenda": last.agenda,
            "notes": last.private_notes,
        },
        "trust_trend": _trust_json(prep),
        "discovery_prompts": list(prep.discovery_prompts),
    }


def _trust_json(prep: Prep) -> dict[str, Any] | None:
    trend = prep.trust_trend
    if trend is None:
        return None
    cal = trend.calibration
    return {
        "last_scores": [{"question": q, "reported": score} for q, score in trend.last_scores],
        "last_comment": trend.last_comment,
        "direction": trend.direction.value if trend.direction else None,
        "calibration": None
        if cal is None
        else {"sessions": cal.sessions, "expected": cal.expected, "reported": cal.reported},
        "raised": trend.raised,
    }


def _indented(text: str, indent: str) -> list[str]:
    return [indent + line for line in text.strip().splitlines()]


def prep_text(prep: Prep, session: SessionRow, client: str) -> str:
    """The prep of one session as readable text, in the panel's order."""
    from coachdesk.domain.vocab import GuestSource

    mark = _mark()
    when = local_or_utc(session.start).strftime("%Y-%m-%d %H:%M")
    who = session.client_name
    if client != session.client_name:
        who = f"{client} ({session.client_name})"
    theirs = their_time(session.start, session.client_time_zone)
    if theirs is not None:
        when += f" ({theirs.wall:%Y-%m-%d %H:%M} in {theirs.place})"
    lines = [
        f"Prep for {who}, session {session.id}",
        f"{when}, {session.duration_minutes} min, {session.medium.label}"
        + (f", {session.location}" if session.location else "")
        + f" ({session.status.label.lower()})",
    ]
    for guest in session.guests:
        label = f"{guest.name} ({guest.role})" if guest.role else guest.name
        if guest.brought_by is GuestSource.CLIENT:
            told = "brought by the client"
        else:
            told = "told" if guest.announced else f"{mark} {client} not told yet"
        lines.append(f"Guest: {label}, {told}")
    if session.agenda.strip():
        lines.append("Agenda:")
        lines += _indented(session.agenda, "  ")
    if prep.circumstances:
        lines.append("This session: " + "; ".join(c.reason for c in prep.circumstances))

    lines += ["", "BEFORE THE SESSION"]
    if not prep.checklist:
        lines.append("  Nothing to do first.")
    for number, item in enumerate(prep.checklist, start=1):
        late = {"near": ", soon", "overdue": ", overdue"}.get(item.state.value, "")
        lines.append(f"  {number}. {mark} {item.text} ({item.due_text}{late})")
        if item.quote:
            lines.append(f"     {client} said: “{item.quote}”")
        lines.append(f"     Why: {'; '.join(item.reasons)}")

    lines += ["", "WHAT MATTERS FOR THIS SESSION"]
    if not prep.items:
        lines.append("  Nothing recorded yet.")
    for ranked in prep.items:
        matter = ranked.matter
        extra = ", keep off printouts" if matter.keep_off_printouts else ""
        lines.append(
            f"  {ranked.rank}. “{matter.statement}”"
            f"  ({matter.category.label}, importance {matter.importance}{extra})"
        )
        if ranked.reasons:
            lines.append(f"     Why: {'; '.join(ranked.reasons)}")

    if prep.repairs:
        lines += ["", "REPAIRS IN PROGRESS"]
        for breach in prep.repairs:
            lines.append(
                f"  - {breach.occurred_on.isoformat()}: “{breach.matter_statement}”"
                f" (repair {breach.repair_status.label.lower()})"
            )
            if breach.what_happened.strip():
                lines += _indented(breach.what_happened, "    ")

    if prep.promises_due:
        lines += ["", "PROMISES DUE"]
        for promise in prep.promises_due:
            due = promise.due_on.isoformat() if promise.due_on else ""
            lines.append(f"  - {promise.owner.label}, due {due}: {promise.text}")

    if prep.last_time is not None:
        last = prep.last_time
        lines += ["", "LAST TIME"]
        lines.append(
            f"  {local_or_utc(last.start).strftime('%Y-%m-%d %H:%M')}, {last.medium.label}"
            + (f", {last.location}" if last.location else "")
        )
        if last.agenda.strip():
            lines.append("  Agenda:")
            lines += _indented(last.agenda, "    ")
        if last.private_notes.strip():
            lines.append("  Notes:")
            lines += _indented(last.private_notes, "    ")

    if prep.trust_trend is not None:
        title = "TRUST TREND" + (f"  {_mark()} raised" if prep.trust_trend.raised else "")
        lines += ["", title]
        lines += [f"  {line}" for line in prep.trust_trend.lines(client)]
        if prep.trust_trend.last_comment:
            lines.append(f"  Last comment: “{prep.trust_trend.last_comment}”")

    if prep.discovery_prompts:
        lines += ["", "DISCOVERY PROMPTS"]
        lines += [f"  - {prompt}" for prompt in prep.discovery_prompts]
    return "\n".join(lines)


def _write_sheet(
    data: Any, prep: Any, target: str, lock: PdfLock | None = None, warn_plain: bool = False
) -> int:
    """The printed sheet needs Qt's text layout (QtGui): offscreen when there is no screen."""
    from coachdesk.app import create_gui_application

    create_gui_application()
    from coachdesk.cli.secrets import PLAIN_WARNING
    from coachdesk.printing.prep_sheet import render_prep_sheet

    try:
        result = render_prep_sheet(data, Path(target), prep=prep, lock=lock)
    except OSError as exc:
        return fail(f"cannot write {target}: {exc.strerror or exc}")
    from coachdesk.printing.locked import opens_with

    opens = f" {opens_with(lock)}" if lock else ""
    print(f"Prep sheet written to {result.path}.{opens}", file=sys.stderr)
    if warn_plain:
        print(PLAIN_WARNING.format(path=result.path), file=sys.stderr)
    return 0


def _run_prep(
    db: Database,
    session_id: int,
    as_json: bool,
    pdf: str | None = None,
    lock: PdfLock | None = None,
    warn_plain: bool = False,
) -> int:
    from coachdesk.domain.prep import build_prep
    from coachdesk.storage.errors import RecordNotFound
    from coachdesk.storage.prep import load_prep_input

    try:
        data = load_prep_input(db, session_id)
    except RecordNotFound:
        return fail(f"no session with id {session_id}")
    prep = build_prep(data)
    if as_json:
        print_json(prep_json(prep, data.session))
    else:
        print(prep_text(prep, data.session, data.client_name))
    if pdf:
        return _write_sheet(data, prep, pdf, lock, warn_plain)
    return 0
