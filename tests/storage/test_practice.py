"""Sessions, guests, matters, breaches, promises and overviews through the storage API (no Qt)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from coachdesk.domain.clients import ClientData, ValidationError
from coachdesk.domain.practice import (
    BreachData,
    MatterData,
    PromiseData,
    SessionData,
    build_timeline,
)
from coachdesk.domain.vocab import (
    Category,
    GuestSource,
    Medium,
    PromiseOwner,
    PromiseStatus,
    RepairStatus,
    SessionStatus,
    Trigger,
)
from coachdesk.storage.breaches import (
    delete_breach,
    get_breach,
    list_breaches,
    log_breach,
    update_breach,
)
from coachdesk.storage.clients import create_client, get_client, update_client
from coachdesk.storage.errors import RecordNotFound
from coachdesk.storage.matters import (
    confirm_matter,
    create_matter,
    get_matter,
    list_matters,
    set_matter_active,
    update_matter,
)
from coachdesk.storage.overview import client_overview, today_overview
from coachdesk.storage.promises import (
    create_promise,
    delete_promise,
    get_promise,
    list_promises,
    set_promise_status,
)
from coachdesk.storage.reads import session_rows
from coachdesk.storage.sessions import (
    add_guest,
    confirm_place,
    confirm_reschedule,
    create_session,
    delete_session,
    get_session,
    list_sessions,
    record_recording_consent,
    remove_guest,
    set_guest_brought_by,
    set_guest_informed,
    set_session_status,
    update_session,
)
from coachdesk.storage.undo import restore

NOW = datetime.now(UTC).replace(microsecond=0)
TODAY = date.today()


@pytest.fixture
def client_id(db) -> int:
    return create_client(db, ClientData(name="Dan Okafor", preferred_name="Dan"))


def schedule(db, client_id: int, days: float, **fields) -> int:
    return create_session(
        db, SessionData(client_id=client_id, start=NOW + timedelta(days=days), **fields)
    )


def test_schedule_edit_and_list_sessions_in_order(db, client_id):
    later = schedule(db, client_id, 3, medium=Medium.PHONE, agenda="Board prep")
    sooner = schedule(db, client_id, 1, location="Café Nero")
    rows = list_sessions(db, client_id=client_id)
    assert [row.id for row in rows] == [sooner, later]
    assert rows[1].medium is Medium.PHONE and rows[1].agenda == "Board prep"
    assert rows[0].status is SessionStatus.PLANNED and rows[0].client_name == "Dan Okafor"
    window = list_sessions(db, start_from=NOW + timedelta(days=2), start_to=NOW + timedelta(5))
    assert [row.id for row in window] == [later]
    assert list_sessions(db, statuses=[SessionStatus.HELD]) == []


def test_reschedule_keeps_the_first_planned_start(db, client_id):
    first = NOW + timedelta(days=2)
    session_id = schedule(db, client_id, 2)
    update_session(db, session_id, SessionData(client_id, first + timedelta(hours=3)))
    update_session(db, session_id, SessionData(client_id, first + timedelta(days=1)))
    row = get_session(db, session_id)
    assert row.original_start == first
    assert row.start == first + timedelta(days=1)
    assert row.rescheduled and row.reschedule_unconfirmed
    assert row.to_do_before() == [f"Confirm the new time with {row.client_name}"]
    assert row.to_do_before("Dan") == ["Confirm the new time with Dan"]
    confirm_reschedule(db, session_id)
    assert not get_session(db, session_id).reschedule_unconfirmed
    update_session(db, session_id, SessionData(client_id, first + timedelta(days=2)))
    assert get_session(db, session_id).reschedule_unconfirmed, "a new move needs a new word"


def test_moving_back_to_the_original_time_is_no_longer_a_reschedule(db, client_id):
    first = NOW + timedelta(days=2)
    session_id = schedule(db, client_id, 2)
    update_session(db, session_id, SessionData(client_id, first + timedelta(hours=1)))
    update_session(db, session_id, SessionData(client_id, first))
    assert not get_session(db, session_id).rescheduled


def test_guest_informed_is_recorded_with_its_time(db, client_id):
    session_id = schedule(db, client_id, 1)
    guest_id = add_guest(db, session_id, " Maria Lopez ", "BUILT TO LEAD")
    row = get_session(db, session_id)
    assert [g.name for g in row.unannounced_guests] == ["Maria Lopez"]
    assert row.needs_attention(NOW)
    told = NOW - timedelta(minutes=5)
    set_guest_informed(db, guest_id, True, when=told)
    row = get_session(db, session_id)
    assert row.guests[0].client_informed_at == told and not row.needs_attention(NOW)
    set_guest_informed(db, guest_id, False)
    assert get_session(db, session_id).guests[0].client_informed_at is None
    deleted = remove_guest(db, guest_id)
    assert get_session(db, session_id).guests == ()
    restore(db, deleted)
    assert get_session(db, session_id).guests[0].name == "Maria Lopez"


def test_invalid_sessions_and_guests_are_refused(db, client_id):
    with pytest.raises(ValidationError):
        create_session(db, SessionData(client_id, NOW, duration_minutes=0))
    with pytest.raises(ValidationError):
        create_session(db, SessionData(client_id, NOW, location="x" * 600))
    session_id = schedule(db, client_id, 1)
    with pytest.raises(ValidationError, match="needs a name"):
        add_guest(db, session_id, "   ")
    with pytest.raises(RecordNotFound):
        create_session(db, SessionData(999, NOW))
    assert len(list_sessions(db)) == 1


def test_deleting_a_session_and_undoing_it_relinks_what_was_made_there(db, client_id):
    session_id = schedule(db, client_id, -7)
    add_guest(db, session_id, "Maria Lopez")
    matter_id = create_matter(
        db, MatterData(client_id, "Tell me first", source_session_id=session_id)
    )
    breach_id, _ = log_breach(
        db, BreachData(matter_id, TODAY, session_id=session_id, what_happened="Guest unannounced")
    )
    promise_id = create_promise(
        db, PromiseData(client_id, PromiseOwner.COACH, "Send notes", session_id=session_id)
    )
    deleted = delete_session(db, session_id)
    assert get_matter(db, matter_id).source_session_id is None
    assert get_breach(db, breach_id).session_id is None
    assert get_promise(db, promise_id).session_id is None
    restore(db, deleted)
    assert get_session(db, session_id).guests[0].name == "Maria Lopez"
    assert get_matter(db, matter_id).source_session_id == session_id
    assert get_breach(db, breach_id).session_id == session_id
    assert get_promise(db, promise_id).session_id == session_id


def test_matter_capture_edit_confirm_retire(db, client_id):
    data = MatterData(
        client_id,
        "Let me know ahead of time if someone else will join",
        category=Category.COMMUNICATION,
        importance=3,
        triggers=frozenset({Trigger.GUESTS, Trigger.CONFIDENTIALITY}),
        keywords="guest; HR, guest , sponsor",
        keep_off_printouts=True,
    )
    matter_id = create_matter(db, data)
    row = get_matter(db, matter_id)
    assert row.triggers == {Trigger.GUESTS, Trigger.CONFIDENTIALITY}
    assert row.keywords == "guest, HR, sponsor"
    assert row.captured_on == TODAY and row.keep_off_printouts
    update_matter(db, matter_id, MatterData(client_id, row.statement, triggers=frozenset()))
    assert get_matter(db, matter_id).triggers == frozenset()
    confirm_matter(db, matter_id, on=date(2026, 11, 2))
    assert get_matter(db, matter_id).last_confirmed_on == date(2026, 11, 2)
    set_matter_active(db, matter_id, False)
    assert list_matters(db, client_id, include_retired=False) == []
    assert len(list_matters(db, client_id)) == 1
    with pytest.raises(ValidationError):
        create_matter(db, MatterData(client_id, "  "))
    with pytest.raises(ValidationError):
        create_matter(db, MatterData(client_id, "x", importance=4))


def test_a_breach_can_create_its_matter_in_the_same_step(db, client_id):
    breach_id, matter_id = log_breach(
        db,
        BreachData(None, TODAY, what_happened="Brought a colleague unannounced", severity=3),
        new_matter=MatterData(client_id, "Tell me before anyone else joins"),
    )
    (row,) = list_breaches(db, client_id)
    assert (row.id, row.matter_id, row.matter_statement) == (
        breach_id,
        matter_id,
        "Tell me before anyone else joins",
    )
    assert row.open and get_matter(db, matter_id).open_breaches == 1


def test_an_invalid_breach_writes_neither_breach_nor_matter(db, client_id):
    with pytest.raises(ValidationError):
        log_breach(
            db,
            BreachData(None, TODAY + timedelta(days=1), what_happened="x"),
            new_matter=MatterData(client_id, "New"),
        )
    with pytest.raises(ValidationError):
        log_breach(
            db, BreachData(None, TODAY, what_happened="x"), new_matter=MatterData(client_id, "")
        )
    assert list_matters(db, client_id) == [] and list_breaches(db) == []


def test_repair_moves_from_open_to_repaired(db, client_id):
    matter_id = create_matter(db, MatterData(client_id, "Start on time"))
    breach_id, _ = log_breach(db, BreachData(matter_id, TODAY, what_happened="20 minutes late"))
    data = BreachData(matter_id, TODAY, what_happened="20 minutes late")
    update_breach(
        db, breach_id, BreachData(**{**data.__dict__, "repair_status": RepairStatus.ACKNOWLEDGED})
    )
    assert get_breach(db, breach_id).repair_status is RepairStatus.ACKNOWLEDGED
    with pytest.raises(ValidationError, match="date it was repaired"):
        update_breach(
            db, breach_id, BreachData(**{**data.__dict__, "repair_status": RepairStatus.REPAIRED})
        )
    update_breach(
        db,
        breach_id,
        BreachData(
            **{
                **data.__dict__,
                "repair_status": RepairStatus.REPAIRED,
                "repaired_on": TODAY,
                "repair_notes": "Apologised",
            }
        ),
    )
    row = get_breach(db, breach_id)
    assert not row.open and row.repair_notes == "Apologised"
    assert list_breaches(db, open_only=True) == []
    deleted = delete_breach(db, breach_id)
    assert list_breaches(db) == []
    restore(db, deleted)
    assert get_breach(db, breach_id).repaired_on == TODAY


def test_missed_promise_becomes_a_breach_in_one_step(db, client_id):
    promise_id = create_promise(
        db,
        PromiseData(
            client_id, PromiseOwner.COACH, "Send the article", due_on=TODAY - timedelta(days=2)
        ),
    )
    assert get_promise(db, promise_id).overdue(TODAY)
    breach_id, _ = log_breach(
        db,
        BreachData(
            None, TODAY, commitment_id=promise_id, what_happened="Missed promise: Send the article"
        ),
        new_matter=MatterData(client_id, "If you say you'll send something, send it"),
    )
    assert get_promise(db, promise_id).status is PromiseStatus.MISSED
    assert get_breach(db, breach_id).commitment_id == promise_id
    deleted = delete_promise(db, promise_id)
    assert get_breach(db, breach_id).commitment_id is None
    restore(db, deleted)
    assert get_breach(db, breach_id).commitment_id == promise_id


def test_promises_list_coach_first_then_by_due_date(db, client_id):
    a = create_promise(
        db, PromiseData(client_id, PromiseOwner.CLIENT, "Talk to boss", due_on=TODAY)
    )
    b = create_promise(db, PromiseData(client_id, PromiseOwner.COACH, "Send notes"))
    c = create_promise(db, PromiseData(client_id, PromiseOwner.COACH, "Book room", due_on=TODAY))
    assert [row.id for row in list_promises(db, client_id)] == [c, b, a]
    set_promise_status(db, c, PromiseStatus.KEPT)
    assert [row.id for row in list_promises(db, status=PromiseStatus.OPEN)] == [b, a]
    with pytest.raises(ValidationError):
        create_promise(db, PromiseData(client_id, PromiseOwner.COACH, " "))


def test_client_overview_and_timeline(db, client_id):
    held = schedule(db, client_id, -14, agenda="Goals")
    set_session_status(db, held, SessionStatus.HELD)
    schedule(db, client_id, 7)
    matter_id = create_matter(db, MatterData(client_id, "Start on time", source_session_id=held))
    log_breach(db, BreachData(matter_id, TODAY - timedelta(days=1), what_happened="Late"))
    create_promise(db, PromiseData(client_id, PromiseOwner.CLIENT, "Draft the plan"))
    overview = client_overview(db, client_id)
    assert (len(overview.sessions), len(overview.matters), len(overview.breaches)) == (2, 1, 1)
    assert overview.sessions[0].start > overview.sessions[1].start, "newest first"
    assert len(overview.open_repairs) == 1
    timeline = build_timeline(overview)
    assert [entry.when for entry in timeline] == sorted((e.when for e in timeline), reverse=True)
    assert {entry.kind for entry in timeline} == {"session", "matter", "breach", "promise"}
    with pytest.raises(RecordNotFound):
        client_overview(db, 999)


def test_today_shows_the_coming_week_overdue_promises_coach_first_and_open_repairs(db, client_id):
    soon = schedule(db, client_id, 1)
    schedule(db, client_id, 12)
    cancelled = schedule(db, client_id, 2)
    set_session_status(db, cancelled, SessionStatus.CANCELLED)
    old = TODAY - timedelta(days=3)
    client_promise = create_promise(
        db, PromiseData(client_id, PromiseOwner.CLIENT, "Call HR", due_on=old - timedelta(days=5))
    )
    coach_promise = create_promise(
        db, PromiseData(client_id, PromiseOwner.COACH, "Send deck", due_on=old)
    )
    create_promise(
        db,
        PromiseData(client_id, PromiseOwner.COACH, "Not yet due", due_on=TODAY + timedelta(days=3)),
    )
    matter_id = create_matter(db, MatterData(client_id, "Start on time"))
    log_breach(db, BreachData(matter_id, TODAY, what_happened="Late"))
    today = today_overview(db, NOW)
    assert [row.id for row in today.sessions] == [soon]
    assert [row.id for row in today.overdue_promises] == [coach_promise, client_promise]
    assert len(today.open_repairs) == 1


def test_today_lists_are_capped_with_totals(db, client_id):
    old = TODAY - timedelta(days=3)
    first = create_promise(db, PromiseData(client_id, PromiseOwner.COACH, "A", due_on=old))
    create_promise(db, PromiseData(client_id, PromiseOwner.COACH, "B", due_on=old + timedelta(1)))
    matter_id = create_matter(db, MatterData(client_id, "Start on time"))
    oldest, _ = log_breach(db, BreachData(matter_id, TODAY - timedelta(days=5), what_happened="x"))
    log_breach(db, BreachData(matter_id, TODAY, what_happened="y"))
    today = today_overview(db, NOW, limit=1)
    assert [row.id for row in today.overdue_promises] == [first]
    assert [row.id for row in today.open_repairs] == [oldest]
    assert (today.overdue_total, today.repairs_total) == (2, 2)
    assert today.open_repairs[0].client_name == "Dan Okafor"


def test_a_new_session_and_its_guests_are_written_together_or_not_at_all(db, client_id):
    told = NOW - timedelta(hours=1)
    session_id = create_session(
        db,
        SessionData(client_id, NOW + timedelta(days=1)),
        guests=[("Maria Lopez", "BUILT TO LEAD", None), ("Tom Becker", "HR", told)],
    )
    guests = get_session(db, session_id).guests
    assert [(g.name, g.role, g.client_informed_at) for g in guests] == [
        ("Maria Lopez", "BUILT TO LEAD", None),
        ("Tom Becker", "HR", told),
    ]
    with pytest.raises(ValidationError):
        create_session(db, SessionData(client_id, NOW), guests=[("  ", "", None)])
    assert len(list_sessions(db)) == 1


def test_links_to_records_deleted_meanwhile_are_refused_plainly(db, client_id):
    gone = schedule(db, client_id, -1)
    delete_session(db, gone)
    matter_id = create_matter(db, MatterData(client_id, "Start on time"))
    with pytest.raises(RecordNotFound):
        log_breach(db, BreachData(matter_id, TODAY, session_id=gone, what_happened="Late"))
    with pytest.raises(RecordNotFound):
        create_promise(db, PromiseData(client_id, PromiseOwner.COACH, "Notes", session_id=gone))
    with pytest.raises(RecordNotFound):
        create_matter(db, MatterData(client_id, "Tell me first", source_session_id=gone))
    assert list_breaches(db) == [] and list_promises(db) == []


def test_a_confirmed_place_is_recorded_and_a_new_place_needs_a_new_word(db, client_id):
    session_id = schedule(db, client_id, 2, medium=Medium.PHONE)
    assert get_session(db, session_id).place_confirmed_at is None
    confirm_place(db, session_id, when=NOW)
    assert get_session(db, session_id).place_confirmed_at == NOW
    row = get_session(db, session_id)
    update_session(db, session_id, SessionData(client_id, row.start, medium=Medium.PHONE))
    assert get_session(db, session_id).place_confirmed_at == NOW
    update_session(db, session_id, SessionData(client_id, row.start, medium=Medium.VIDEO))
    assert get_session(db, session_id).place_confirmed_at is None


def test_every_move_is_kept_and_confirming_the_new_time_confirms_the_newest(db, client_id):
    first = NOW + timedelta(days=2)
    session_id = schedule(db, client_id, 2)
    update_session(db, session_id, SessionData(client_id, first + timedelta(hours=3)))
    confirmed = NOW - timedelta(minutes=1)
    confirm_reschedule(db, session_id, when=confirmed)
    update_session(db, session_id, SessionData(client_id, first + timedelta(days=1)))
    row = get_session(db, session_id)
    assert [(m.from_start, m.to_start) for m in row.moves] == [
        (first, first + timedelta(hours=3)),
        (first + timedelta(hours=3), first + timedelta(days=1)),
    ]
    assert row.moves[0].confirmed_at == confirmed and row.moves[1].confirmed_at is None
    assert all(m.moved_at.tzinfo is not None and m.moved_at >= NOW for m in row.moves)
    assert row.original_start == row.moves[0].from_start
    confirm_reschedule(db, session_id, when=NOW)
    assert get_session(db, session_id).moves[1].confirmed_at == NOW
    update_session(db, session_id, SessionData(client_id, first, agenda="same time as planned"))
    row = get_session(db, session_id)
    assert not row.rescheduled and len(row.moves) == 3, "moving back is kept in the history"
    update_session(db, session_id, SessionData(client_id, first, agenda="no new start"))
    assert len(get_session(db, session_id).moves) == 3
    deleted = delete_session(db, session_id)
    restore(db, deleted)
    assert len(get_session(db, session_id).moves) == 3


def test_moves_of_many_sessions_are_read_with_one_query_per_batch(db, client_id):
    ids = [schedule(db, client_id, day) for day in range(1, 8)]
    for session_id in ids:
        row = get_session(db, session_id)
        update_session(db, session_id, SessionData(client_id, row.start + timedelta(hours=1)))
    queries: list[str] = []
    with db.read() as conn:
        conn.set_trace_callback(queries.append)
        rows = session_rows(conn)
        conn.set_trace_callback(None)
    assert all(len(row.moves) == 1 for row in rows)
    assert sum("session_moves" in query for query in queries) == 1


def test_recording_consent_is_recorded_and_cleared(db, client_id):
    session_id = schedule(db, client_id, 1, recorded=True)
    assert get_session(db, session_id).recording_consent_at is None
    record_recording_consent(db, session_id, NOW)
    assert get_session(db, session_id).recording_consent_at == NOW
    record_recording_consent(db, session_id, None)
    assert get_session(db, session_id).recording_consent_at is None
    with pytest.raises(RecordNotFound):
        record_recording_consent(db, session_id + 99, NOW)


def test_a_guest_the_client_brings_needs_no_word_to_the_client(db, client_id):
    session_id = create_session(
        db,
        SessionData(client_id=client_id, start=NOW + timedelta(days=1)),
        guests=[
            ("Maria Lopez", "sponsor", None, GuestSource.SPONSOR),
            ("Tom Okafor", "partner", None, GuestSource.CLIENT),
            ("Ann Bell", "", None),
        ],
    )
    row = get_session(db, session_id)
    assert [g.brought_by for g in row.guests] == [
        GuestSource.SPONSOR,
        GuestSource.CLIENT,
        GuestSource.COACH,
    ]
    assert [g.name for g in row.unannounced_guests] == ["Maria Lopez", "Ann Bell"]
    assert row.to_do_before("Dan") == [
        "Tell Dan ahead of time that Maria Lopez will join",
        "Tell Dan ahead of time that Ann Bell will join",
    ]
    for guest in row.guests:
        if guest.brought_by is not GuestSource.CLIENT:
            set_guest_informed(db, guest.id, True)
    assert not get_session(db, session_id).needs_attention(NOW)
    added = add_guest(db, session_id, "Raj", brought_by=GuestSource.CLIENT)
    assert not get_session(db, session_id).needs_attention(NOW)
    set_guest_brought_by(db, added, GuestSource.COACH)
    assert get_session(db, session_id).to_do_before("Dan") == [
        "Tell Dan ahead of time that Raj will join"
    ]


def test_an_items_language_is_kept_and_checked(db, client_id):
    matter_id = create_matter(db, MatterData(client_id, "Bitte keine Aufnahme", language="de"))
    assert get_matter(db, matter_id).language == "de"
    update_matter(db, matter_id, MatterData(client_id, "Pas d'enregistrement", language="fr"))
    assert get_matter(db, matter_id).language == "fr"
    assert create_matter(db, MatterData(client_id, "Untagged words")) and (
        {m.language for m in list_matters(db, client_id)} == {"fr", ""}
    )
    with pytest.raises(ValidationError):
        create_matter(db, MatterData(client_id, "Words", language="it"))


def test_the_choice_to_print_private_notes_is_kept_per_client(db, client_id):
    assert get_client(db, client_id).print_private_notes is False
    other = create_client(db, ClientData(name="Ana Li", print_private_notes=True))
    assert get_client(db, other).print_private_notes is True
    update_client(db, other, ClientData(name="Ana Li"))
    assert get_client(db, other).print_private_notes is False
