"""The prep engine: circumstances, courtesy checklist, ranking rules and the other sections."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from coachdesk.domain.practice import (
    BreachRow,
    GuestRow,
    MatterRow,
    MoveRow,
    PromiseRow,
    SessionRow,
)
from coachdesk.domain.prep import (
    ASK_RECORDING,
    CONFIRM_PLACE,
    CONFIRM_TIME,
    DISCOVERY_PROMPTS,
    TELL_GUEST,
    Circumstance,
    PrepInput,
    build_prep,
)
from coachdesk.domain.relevance import Nearby
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

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
TODAY = date(2026, 11, 20)
START = datetime(2026, 11, 27, 12, tzinfo=UTC)
MARIA = GuestRow(5, 1, "Maria Lopez", "BUILT TO LEAD")
SEED_WORDS = "Let me know ahead of time if someone else will join"


def session(number: int = 1, days: int = 0, **fields) -> SessionRow:
    values = {
        "id": number,
        "client_id": 1,
        "client_name": "Dan",
        "start": START + timedelta(days=days),
        "duration_minutes": 60,
        "medium": Medium.IN_PERSON,
        "location": "",
        "status": SessionStatus.PLANNED,
    }
    values.update(fields)
    return SessionRow(**values)


HISTORY = tuple(session(10 + n, days=-7 * (n + 1), status=SessionStatus.HELD) for n in range(4))


def matter(
    number: int,
    triggers=(),
    keywords: str = "",
    importance: int = 2,
    active: bool = True,
    captured_on: date = date(2025, 1, 1),
    last_confirmed_on: date | None = date(2026, 10, 1),
    statement: str | None = None,
) -> MatterRow:
    return MatterRow(
        id=number,
        client_id=1,
        statement=statement or f"matter {number}",
        why="",
        category=Category.CONNECTION,
        importance=importance,
        triggers=frozenset(triggers),
        keywords=keywords,
        source_session_id=None,
        captured_on=captured_on,
        last_confirmed_on=last_confirmed_on,
        keep_off_printouts=False,
        active=active,
    )


def breach(
    number: int,
    matter_id: int,
    occurred_on: date = date(2026, 3, 3),
    status: RepairStatus = RepairStatus.OPEN,
    repaired_on: date | None = None,
) -> BreachRow:
    return BreachRow(
        id=number,
        client_id=1,
        matter_id=matter_id,
        matter_statement="",
        category=Category.CONNECTION,
        occurred_on=occurred_on,
        session_id=None,
        commitment_id=None,
        what_happened="missed",
        how_it_landed="",
        severity=2,
        repair_status=status,
        repair_notes="",
        repaired_on=repaired_on,
    )


def promise(
    number: int,
    owner: PromiseOwner,
    due_on: date | None,
    status: PromiseStatus = PromiseStatus.OPEN,
) -> PromiseRow:
    return PromiseRow(
        id=number,
        client_id=1,
        client_name="Dan",
        owner=owner,
        text=f"promise {number}",
        due_on=due_on,
        session_id=None,
        status=status,
        made_on=date(2026, 1, 1),
    )


def prep_input(
    the_session: SessionRow | None = None,
    matters=(),
    breaches=(),
    promises=(),
    history=HISTORY,
) -> PrepInput:
    return PrepInput(
        session=the_session or session(),
        history=tuple(history),
        matters=tuple(matters),
        breaches=tuple(breaches),
        promises=tuple(promises),
        client_name="Dan",
        now=NOW,
    )


def ranked_ids(data: PrepInput) -> list[int]:
    return [item.matter.id for item in build_prep(data).items]


def item_of(data: PrepInput, matter_id: int):
    return next(item for item in build_prep(data).items if item.matter.id == matter_id)


# --- ranking, rule by rule --------------------------------------------------------------------


def test_fired_trigger_beats_agenda_keyword():
    data = prep_input(
        session(guests=(MARIA,), agenda="the board review"),
        [matter(1, keywords="board", importance=3), matter(2, triggers=[Trigger.GUESTS])],
    )
    assert ranked_ids(data) == [2, 1]
    assert item_of(data, 2).reasons == ("a guest is joining: Maria Lopez (BUILT TO LEAD)",)
    assert item_of(data, 1).reasons == ("the agenda mentions “board”",)


def test_agenda_keyword_beats_breach():
    data = prep_input(
        session(agenda="Board review"),
        [matter(1, importance=3), matter(2, keywords="board", importance=1)],
        [breach(7, 1)],
    )
    assert ranked_ids(data) == [2, 1]
    assert item_of(data, 1).reasons == ("missed on 3 March, repair still open",)


def test_breach_beats_importance():
    matters = [matter(1, importance=3), matter(2, importance=1)]
    data = prep_input(matters=matters, breaches=[breach(7, 2)])
    assert ranked_ids(data) == [2, 1]


def test_importance_beats_recent_capture_and_old_confirmation():
    recent = matter(2, importance=2, captured_on=TODAY - timedelta(days=12))
    stale = matter(3, importance=2, last_confirmed_on=date(2025, 3, 3))
    data = prep_input(matters=[recent, stale, matter(1, importance=3)])
    assert ranked_ids(data)[0] == 1
    assert item_of(data, 2).reasons == ("captured 12 days ago",)
    assert item_of(data, 3).reasons == ("not confirmed with the client since 3 March 2025",)
    assert item_of(data, 1).reasons == ()


def test_timeliness_beats_id_and_ties_break_by_id():
    never = matter(5, last_confirmed_on=None)
    data = prep_input(matters=[matter(3), matter(1), never])
    assert ranked_ids(data) == [5, 1, 3]
    assert item_of(data, 5).reasons == ("never confirmed with the client",)
    assert [item.rank for item in build_prep(data).items] == [1, 2, 3]


def test_more_fired_triggers_and_keywords_rank_higher():
    moved = session(guests=(MARIA,), original_start=START - timedelta(days=1), agenda="board fees")
    data = prep_input(
        moved,
        [
            matter(1, triggers=[Trigger.GUESTS]),
            matter(2, triggers=[Trigger.GUESTS, Trigger.SCHEDULE_CHANGE]),
            matter(3, keywords="board"),
            matter(4, keywords="board, fees"),
        ],
    )
    assert ranked_ids(data) == [2, 1, 4, 3]


def test_open_breach_beats_repaired_beats_none_and_repairs_fade():
    data = prep_input(
        matters=[matter(1), matter(2), matter(3), matter(4)],
        breaches=[
            breach(7, 3, date(2026, 10, 1), RepairStatus.REPAIRED, date(2026, 11, 1)),
            breach(8, 2, date(2026, 10, 1), RepairStatus.ACKNOWLEDGED),
            breach(9, 4, date(2025, 1, 1), RepairStatus.REPAIRED, date(2025, 2, 1)),
        ],
    )
    assert ranked_ids(data) == [2, 3, 1, 4]
    assert item_of(data, 2).reasons == ("missed on 1 October, acknowledged, repair not finished",)
    assert item_of(data, 3).reasons == ("missed on 1 October, repaired on 1 November",)
    assert item_of(data, 4).reasons == ()  # repaired long ago: faded away


def test_retired_matters_never_appear_and_reasonless_ones_do():
    data = prep_input(
        session(guests=(MARIA,)),
        [matter(1, triggers=[Trigger.GUESTS], active=False), matter(2)],
    )
    prep = build_prep(data)
    assert [item.matter.id for item in prep.items] == [2]
    assert all(item.stated_wish is False for item in prep.checklist)


# --- courtesy rules ---------------------------------------------------------------------------


def test_unannounced_guest_without_matters_gives_a_tell_entry():
    prep = build_prep(prep_input(session(guests=(MARIA,))))
    (entry,) = prep.checklist
    assert entry.kind == TELL_GUEST
    assert entry.text == "Tell Dan ahead of time that Maria Lopez will join"
    assert entry.ref_id == MARIA.id
    assert entry.stated_wish is False and entry.quote is None
    assert entry.reasons


def test_guests_matter_quotes_the_client_and_goes_first():
    the_session = session(guests=(MARIA,), original_start=START - timedelta(days=2))
    matters = [
        matter(1, [Trigger.GUESTS], importance=1, statement="lesser words"),
        matter(2, [Trigger.GUESTS], importance=3, statement=SEED_WORDS),
    ]
    prep = build_prep(prep_input(the_session, matters))
    assert [entry.kind for entry in prep.checklist] == [TELL_GUEST, CONFIRM_TIME]
    first = prep.checklist[0]
    assert first.quote == SEED_WORDS and first.stated_wish is True
    assert first.priority > prep.checklist[1].priority


def test_stated_wish_outranks_a_plain_courtesy_listed_earlier():
    the_session = session(guests=(MARIA,), original_start=START - timedelta(days=2))
    prep = build_prep(prep_input(the_session, [matter(1, [Trigger.SCHEDULE_CHANGE])]))
    assert [entry.kind for entry in prep.checklist] == [CONFIRM_TIME, TELL_GUEST]
    assert prep.checklist[0].quote == "matter 1"


def test_announced_guests_give_no_entry():
    told = replace(MARIA, client_informed_at=NOW)
    prep = build_prep(prep_input(session(guests=(told,)), [matter(1, [Trigger.GUESTS])]))
    assert prep.checklist == ()
    assert prep.items[0].reasons == ("a guest is joining: Maria Lopez (BUILT TO LEAD)",)


def test_rescheduled_unconfirmed_asks_to_confirm_the_time_and_confirmed_does_not():
    moved = session(original_start=START - timedelta(days=1))
    (entry,) = build_prep(prep_input(moved)).checklist
    assert (entry.kind, entry.text, entry.ref_id) == (
        CONFIRM_TIME,
        "Confirm the new time with Dan",
        1,
    )
    confirmed = replace(moved, reschedule_confirmed_at=NOW)
    assert build_prep(prep_input(confirmed)).checklist == ()


def test_medium_change_asks_to_confirm_how_and_where():
    prep = build_prep(prep_input(session(medium=Medium.VIDEO)))
    (entry,) = prep.checklist
    assert entry.kind == CONFIRM_PLACE
    assert entry.text == "Confirm with Dan how and where you will meet"
    assert Circumstance(Trigger.PLACE_CHANGE, "video instead of the usual in person") in (
        prep.circumstances
    )


def test_place_change_for_in_person_sessions():
    history = [replace(s, location="Office") for s in HISTORY]
    prep = build_prep(prep_input(session(location="Café Central"), history=history))
    assert [entry.kind for entry in prep.checklist] == [CONFIRM_PLACE]
    assert prep.circumstances == (
        Circumstance(Trigger.PLACE_CHANGE, "at Café Central instead of Office"),
    )
    same = build_prep(prep_input(session(location="office"), history=history))
    assert same.checklist == ()


def test_no_checklist_for_a_held_session():
    held = session(guests=(MARIA,), status=SessionStatus.HELD)
    assert build_prep(prep_input(held)).checklist == ()


def test_seed_case_dan_and_maria_lopez():
    dan = matter(1, [Trigger.GUESTS], importance=3, statement=SEED_WORDS)
    others = [matter(2, keywords="budget"), matter(3, importance=1)]
    upcoming = session(guests=(MARIA,), agenda="budget")
    prep = build_prep(prep_input(upcoming, [*others, dan]))
    first = prep.checklist[0]
    assert first.text == "Tell Dan ahead of time that Maria Lopez will join"
    assert first.quote == SEED_WORDS and first.stated_wish
    assert prep.items[0].matter.id == 1
    assert Circumstance(Trigger.GUESTS, "a guest is joining: Maria Lopez (BUILT TO LEAD)") in (
        prep.circumstances
    )
    announced = replace(upcoming, guests=(replace(MARIA, client_informed_at=NOW),))
    after = build_prep(prep_input(announced, [*others, dan]))
    assert all(entry.kind != TELL_GUEST for entry in after.checklist)


# --- the other sections -----------------------------------------------------------------------


def test_promises_due_coach_first_then_client_by_due_date():
    promises = [
        promise(1, PromiseOwner.CLIENT, date(2026, 11, 1)),
        promise(2, PromiseOwner.COACH, date(2026, 11, 26)),
        promise(3, PromiseOwner.COACH, date(2026, 11, 10)),
        promise(4, PromiseOwner.COACH, date(2026, 11, 27)),  # the session's day: due
        promise(5, PromiseOwner.COACH, date(2026, 11, 28)),  # after the session
        promise(6, PromiseOwner.COACH, None),  # undated
        promise(7, PromiseOwner.COACH, date(2026, 11, 2), PromiseStatus.KEPT),
    ]
    due = build_prep(prep_input(promises=promises)).promises_due
    assert [p.id for p in due] == [3, 2, 4, 1]


def test_repairs_are_open_breaches_oldest_first():
    breaches = [
        breach(1, 1, date(2026, 6, 1)),
        breach(2, 1, date(2026, 2, 1), RepairStatus.ACKNOWLEDGED),
        breach(3, 1, date(2026, 1, 1), RepairStatus.REPAIRED, date(2026, 1, 5)),
        breach(4, 9, date(2026, 4, 1)),  # on a retired matter: still a repair in progress
    ]
    prep = build_prep(prep_input(matters=[matter(1), matter(9, active=False)], breaches=breaches))
    assert [b.id for b in prep.repairs] == [2, 4, 1]


def test_last_time_is_the_previous_held_session():
    later = session(50, days=7, status=SessionStatus.HELD)
    cancelled = session(51, days=-2, status=SessionStatus.CANCELLED)
    prep = build_prep(prep_input(history=[*HISTORY, later, cancelled]))
    assert prep.last_time is not None and prep.last_time.id == 10
    assert build_prep(prep_input(history=[])).last_time is None


def test_discovery_prompts_only_when_few_active_matters():
    assert build_prep(prep_input()).discovery_prompts == DISCOVERY_PROMPTS
    two = [matter(1), matter(2), matter(3, active=False)]
    assert build_prep(prep_input(matters=two)).discovery_prompts == DISCOVERY_PROMPTS[:2]
    three = [matter(1), matter(2), matter(3)]
    assert build_prep(prep_input(matters=three)).discovery_prompts == ()


def test_long_gap_is_a_circumstance_without_trigger():
    old = [session(20, days=-63, status=SessionStatus.HELD)]
    prep = build_prep(prep_input(history=old))
    assert prep.circumstances == (Circumstance(None, "first session in 9 weeks"),)
    assert build_prep(prep_input()).circumstances == ()  # weekly sessions


def test_first_session_and_trust_trend():
    prep = build_prep(prep_input(history=[]))
    assert prep.circumstances == (Circumstance(Trigger.FIRST_SESSION, "it is the first session"),)
    assert prep.trust_trend is None


# --- properties -------------------------------------------------------------------------------

KEYWORDS = ["board", "budget", "sponsor", "deadline", ""]
STATEMENTS = [
    None,
    "Warn me before anybody else sits in on our sessions",
    "Ask me before you record anything",
    "Please don't move our sessions at the last minute",
    "I'd rather see your face than hear you on the phone",
    "It's not about money for me",
    "Send me your notes the same day",
]


@st.composite
def matters_strategy(draw, min_size: int = 1):
    count = draw(st.integers(min_value=min_size, max_value=12))
    ids = draw(st.lists(st.integers(1, 500), min_size=count, max_size=count, unique=True))
    result = []
    for number in ids:
        confirmed = draw(st.none() | st.integers(0, 400).map(lambda d: TODAY - timedelta(days=d)))
        result.append(
            matter(
                number,
                triggers=draw(st.frozensets(st.sampled_from(list(Trigger)), max_size=3)),
                keywords=draw(st.sampled_from(KEYWORDS)),
                importance=draw(st.integers(1, 3)),
                active=draw(st.booleans()),
                captured_on=TODAY - timedelta(days=draw(st.integers(0, 400))),
                last_confirmed_on=confirmed,
                statement=draw(st.sampled_from(STATEMENTS)),
            )
        )
    return result


@st.composite
def scenario(draw):
    matters = draw(matters_strategy())
    ids = [m.id for m in matters]
    breaches = [
        breach(
            100 + n,
            draw(st.sampled_from(ids)),
            TODAY - timedelta(days=draw(st.integers(10, 400))),
            status,
            TODAY - timedelta(days=draw(st.integers(0, 9))),
        )
        for n, status in enumerate(draw(st.lists(st.sampled_from(list(RepairStatus)), max_size=6)))
    ]
    the_session = session(
        guests=(MARIA,) if draw(st.booleans()) else (),
        agenda=draw(st.sampled_from(["", "board", "budget and sponsor", "deadline"])),
        recorded=draw(st.booleans()),
        medium=draw(st.sampled_from(list(Medium))),
        original_start=draw(st.sampled_from([None, START - timedelta(days=1)])),
        duration_minutes=draw(st.sampled_from([60, 60, 90])),
    )
    history = HISTORY if draw(st.booleans()) else ()
    return prep_input(the_session, matters, breaches, history=history)


PROPERTY = settings(max_examples=100, deadline=None)


@PROPERTY
@given(scenario(), st.data())
def test_adding_a_fired_trigger_never_lowers_the_rank(data, draw):
    fired = [c.trigger for c in build_prep(data).circumstances if c.trigger is not None]
    active = [m for m in data.matters if m.active]
    if not fired or not active:
        return
    target = draw.draw(st.sampled_from(active))
    trigger = draw.draw(st.sampled_from(fired))
    before = item_of(data, target.id).rank
    changed = replace(target, triggers=target.triggers | {trigger})
    after_data = replace(
        data, matters=tuple(changed if m.id == target.id else m for m in data.matters)
    )
    assert item_of(after_data, target.id).rank <= before


@PROPERTY
@given(scenario(), st.data())
def test_words_that_fit_a_fired_circumstance_never_lower_the_rank(data, draw):
    untagged = [m for m in data.matters if m.active and not m.triggers]
    if not untagged:
        return
    target = draw.draw(st.sampled_from(untagged))
    before = item_of(data, target.id).rank
    words = draw.draw(st.sampled_from([s for s in STATEMENTS if s]))
    changed = replace(target, statement=f"{target.statement}. {words}")
    after_data = replace(
        data, matters=tuple(changed if m.id == target.id else m for m in data.matters)
    )
    assert item_of(after_data, target.id).rank <= before


@PROPERTY
@given(scenario())
def test_a_fired_ticked_trigger_outranks_words_alone(data):
    items = build_prep(data).items
    for ticked in (i for i in items if i.score[0]):
        for by_words in (i for i in items if not i.score[0] and i.score[1]):
            assert ticked.rank < by_words.rank


@PROPERTY
@given(scenario(), st.data())
def test_an_open_breach_ranks_at_least_as_high_as_the_same_breach_repaired(data, draw):
    active = [m for m in data.matters if m.active]
    if not active:
        return
    target = draw.draw(st.sampled_from(active))
    occurred = TODAY - timedelta(days=draw.draw(st.integers(0, 300)))
    repaired_on = occurred + timedelta(days=draw.draw(st.integers(0, (TODAY - occurred).days)))
    status = draw.draw(st.sampled_from([RepairStatus.OPEN, RepairStatus.ACKNOWLEDGED]))
    open_one = breach(999, target.id, occurred, status)
    repaired = replace(open_one, repair_status=RepairStatus.REPAIRED, repaired_on=repaired_on)
    with_open = replace(data, breaches=(*data.breaches, open_one))
    with_repaired = replace(data, breaches=(*data.breaches, repaired))
    assert item_of(with_open, target.id).rank <= item_of(with_repaired, target.id).rank


@PROPERTY
@given(scenario())
def test_retired_matters_never_appear(data):
    shown = {item.matter.id for item in build_prep(data).items}
    assert shown == {m.id for m in data.matters if m.active}
    for entry in build_prep(data).checklist:
        if entry.quote is not None:
            assert entry.quote in {m.statement for m in data.matters if m.active}


@PROPERTY
@given(scenario(), st.randoms(use_true_random=False))
def test_build_prep_is_deterministic_and_order_independent(data, rng):
    first = build_prep(data)
    assert build_prep(data) == first
    matters, breaches, history = list(data.matters), list(data.breaches), list(data.history)
    rng.shuffle(matters)
    rng.shuffle(breaches)
    rng.shuffle(history)
    shuffled = replace(
        data, matters=tuple(matters), breaches=tuple(breaches), history=tuple(history)
    )
    assert build_prep(shuffled) == first


# --- every trigger fires from the facts --------------------------------------------


def fired_triggers(data: PrepInput) -> dict[Trigger, str]:
    return {c.trigger: c.reason for c in build_prep(data).circumstances if c.trigger is not None}


def test_feedback_and_fees_fire_from_the_agenda_as_words():
    fired = fired_triggers(prep_input(session(agenda="Feedback from the 360°")))
    assert Trigger.FEEDBACK in fired and "360" in fired[Trigger.FEEDBACK]
    assert Trigger.FEES not in fired  # "fee" is not a word of "Feedback"
    fired = fired_triggers(prep_input(session(agenda="Contract renewal and the invoice")))
    assert Trigger.FEES in fired and Trigger.FEEDBACK not in fired


def test_confidentiality_fires_for_any_third_party_or_an_agenda_about_them():
    assert Trigger.CONFIDENTIALITY in fired_triggers(prep_input(session(guests=(MARIA,))))
    fired = fired_triggers(prep_input(session(agenda="What to tell my manager and HR")))
    assert "third parties" in fired[Trigger.CONFIDENTIALITY]
    assert Trigger.CONFIDENTIALITY not in fired_triggers(prep_input(session(agenda="Goals")))


def test_timekeeping_fires_for_an_unusual_length_or_back_to_back():
    fired = fired_triggers(prep_input(session(duration_minutes=90)))
    assert fired[Trigger.TIMEKEEPING] == "90 minutes instead of the usual 60"
    before = Nearby(START - timedelta(minutes=70), 60)  # ends 10 minutes before
    data = replace(prep_input(), nearby=(before,))
    assert "just before" in fired_triggers(data)[Trigger.TIMEKEEPING]
    far = replace(prep_input(), nearby=(Nearby(START - timedelta(hours=3), 60),))
    assert Trigger.TIMEKEEPING not in fired_triggers(far)


def test_follow_up_fires_for_a_coach_promise_due_or_made_last_time():
    due = promise(1, PromiseOwner.COACH, TODAY)
    assert Trigger.FOLLOW_UP in fired_triggers(prep_input(promises=[due]))
    clients = promise(2, PromiseOwner.CLIENT, TODAY)
    assert Trigger.FOLLOW_UP not in fired_triggers(prep_input(promises=[clients]))
    last_held = max(HISTORY, key=lambda s: s.start)
    made_last_time = replace(promise(3, PromiseOwner.COACH, None), session_id=last_held.id)
    fired = fired_triggers(prep_input(promises=[made_last_time]))
    assert fired[Trigger.FOLLOW_UP] == "you promised something last time"


def move(days_ago: int, hours: int = 1) -> MoveRow:
    moved_at = NOW - timedelta(days=days_ago)
    return MoveRow(START - timedelta(hours=hours), START, moved_at)


def test_every_move_counts_moved_again_and_twice_this_month():
    once = fired_triggers(prep_input(session(moves=(move(3),))))
    assert once[Trigger.SCHEDULE_CHANGE] == "the session was moved"
    twice = fired_triggers(prep_input(session(moves=(move(60, 2), move(3)))))
    assert twice[Trigger.SCHEDULE_CHANGE] == "the session was moved again (2 times)"
    recent = fired_triggers(prep_input(session(moves=(move(10, 2), move(3)))))
    assert "twice this month" in recent[Trigger.SCHEDULE_CHANGE]


def test_a_cancelled_or_moved_previous_session_within_two_weeks_is_a_circumstance():
    cancelled = session(20, days=-1, status=SessionStatus.CANCELLED)
    fired = fired_triggers(prep_input(history=(*HISTORY, cancelled)))
    assert "was cancelled" in fired[Trigger.SCHEDULE_CHANGE]
    moved = session(21, days=-5, status=SessionStatus.HELD, moves=(move(9),))
    assert (
        "was moved"
        in fired_triggers(prep_input(history=(*HISTORY, moved)))[Trigger.SCHEDULE_CHANGE]
    )
    long_ago = session(22, days=-20, status=SessionStatus.CANCELLED)
    history = (*(s for s in HISTORY if s.start < START - timedelta(days=20)), long_ago)
    assert Trigger.SCHEDULE_CHANGE not in fired_triggers(prep_input(history=history))


def test_no_trigger_is_left_that_nothing_fires():
    fired: set[Trigger] = set()
    guest = GuestRow(6, 1, "Tom", "HR")
    cases = [
        prep_input(session(guests=(guest,), recorded=True, agenda="360 feedback, fees")),
        prep_input(session(moves=(move(2),), medium=Medium.VIDEO, duration_minutes=30)),
        prep_input(promises=[promise(1, PromiseOwner.COACH, TODAY)], history=()),
    ]
    for data in cases:
        fired |= set(fired_triggers(data))
    assert fired == set(Trigger)


# --- the client's words, and the courtesy rules they raise -----------------------------------


def test_an_untagged_wish_in_the_clients_words_ranks_with_the_guest_and_is_quoted():
    words = matter(1, statement="Warn me before anybody else sits in on our sessions")
    loud = [matter(n, importance=3) for n in (2, 3, 4)]
    data = prep_input(session(guests=(MARIA,)), [*loud, words])
    assert ranked_ids(data)[0] == 1
    assert "their words speak of it" in " ".join(item_of(data, 1).reasons)
    [entry] = build_prep(data).checklist
    assert entry.quote == words.statement and entry.stated_wish


def test_a_ticked_trigger_outranks_words_alone_and_is_quoted_first():
    words = matter(1, statement="Warn me before anybody else sits in", importance=3)
    ticked = matter(2, triggers=[Trigger.GUESTS], importance=1)
    data = prep_input(session(guests=(MARIA,)), [words, ticked])
    assert ranked_ids(data) == [2, 1]
    [entry] = build_prep(data).checklist
    assert entry.wish_ids == (2, 1) and entry.quote == ticked.statement


def test_a_negated_or_unrelated_wish_does_not_count():
    money = matter(1, statement="It's not about money for me", importance=1)
    data = prep_input(session(agenda="Invoice and renewal"), [money, matter(2, importance=2)])
    assert ranked_ids(data) == [2, 1]


def test_a_recorded_session_asks_before_recording_quoting_their_words():
    wish = replace(matter(1, statement="Bitte frag mich, bevor du etwas aufnimmst"), language="de")
    data = prep_input(session(recorded=True), [wish])
    [entry] = build_prep(data).checklist
    assert entry.kind == ASK_RECORDING and entry.text == "Ask Dan before recording"
    assert entry.quote == wish.statement and entry.ref_id == 1
    agreed = prep_input(session(recorded=True, recording_consent_at=NOW), [wish])
    assert build_prep(agreed).checklist == ()


def test_a_guest_the_client_brings_needs_no_telling_but_still_fires():
    theirs = replace(MARIA, brought_by=GuestSource.CLIENT)
    data = prep_input(session(guests=(theirs,)))
    assert build_prep(data).checklist == ()
    fired = fired_triggers(data)
    assert {Trigger.GUESTS, Trigger.CONFIDENTIALITY} <= set(fired)
    assert "brought by the client" in fired[Trigger.GUESTS]
    sponsors = prep_input(session(guests=(replace(MARIA, brought_by=GuestSource.SPONSOR),)))
    assert [e.kind for e in build_prep(sponsors).checklist] == [TELL_GUEST]


def test_keywords_match_word_forms_in_the_items_language():
    delegate = matter(1, keywords="delegate")
    fee = matter(2, keywords="fee")
    data = prep_input(session(agenda="Delegation, then Feedback"), [fee, delegate])
    assert item_of(data, 1).reasons == ("the agenda mentions “delegate”",)
    assert item_of(data, 2).reasons == ()
    german = replace(matter(3, keywords="Vorstand", statement="Der Vorstand ist heikel"))
    data = prep_input(session(agenda="Treffen mit dem Vorstands-Team"), [german])
    assert item_of(data, 3).reasons == ("the agenda mentions “Vorstand”",)


def test_a_wish_that_names_the_joining_guest_ranks_with_the_agenda_words():
    named = matter(1, statement="Never put Marcus Thornbury in the same room as me")
    data = prep_input(
        session(guests=(GuestRow(8, 1, "Marcus Thornbury", "CFO"),)),
        [matter(2, importance=3), named],
    )
    assert ranked_ids(data)[0] == 1
    assert "their words name Marcus Thornbury, who is joining" in item_of(data, 1).reasons
