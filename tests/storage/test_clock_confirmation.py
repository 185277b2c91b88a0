"""A time confirmed across a clock change holds for that date, that client and their place
only: a move, another client or another time zone asks again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coachdesk.domain.clients import ClientData
from coachdesk.domain.practice import SessionData
from coachdesk.storage.clients import create_client, get_client, update_client
from coachdesk.storage.sessions import confirm_clocks, create_session, get_session, update_session

START = datetime(2027, 4, 5, 15, 0, tzinfo=UTC)


def _confirmed(db) -> tuple[int, int]:
    dan = create_client(db, ClientData(name="Dan Okafor", time_zone="America/New_York"))
    session = create_session(db, SessionData(dan, START))
    confirm_clocks(db, session, START - timedelta(days=20))
    assert get_session(db, session).clocks_confirmed_at is not None
    return dan, session


def test_a_move_asks_again(db):
    dan, session = _confirmed(db)
    update_session(db, session, SessionData(dan, START + timedelta(days=210)))
    assert get_session(db, session).clocks_confirmed_at is None


def test_another_client_asks_again(db):
    _dan, session = _confirmed(db)
    ana = create_client(db, ClientData(name="Ana Sørensen", time_zone="Europe/Oslo"))
    update_session(db, session, SessionData(ana, START))
    assert get_session(db, session).clocks_confirmed_at is None


def test_another_zone_asks_again_and_the_same_keeps_it(db):
    dan, session = _confirmed(db)
    update_client(db, dan, ClientData(name="Dan Okafor", time_zone="America/New_York", role="x"))
    assert get_session(db, session).clocks_confirmed_at is not None
    update_client(db, dan, ClientData(name="Dan Okafor", time_zone="America/Chicago"))
    assert get_session(db, session).clocks_confirmed_at is None
    assert get_client(db, dan).time_zone == "America/Chicago"


def test_a_late_notice_logged_in_the_coachs_own_words_is_not_offered_again(db):
    from coachdesk.domain.practice import BreachData, MatterData
    from coachdesk.domain.vocab import SessionStatus, Trigger
    from coachdesk.storage.breaches import log_breach
    from coachdesk.storage.matters import create_matter
    from coachdesk.storage.review import late_notices_to_log
    from coachdesk.storage.sessions import add_guest, set_session_status

    now = datetime.now(UTC)
    dan = create_client(db, ClientData(name="Dan Okafor"))
    item = create_matter(
        db, MatterData(dan, "Tell me before anyone joins", triggers=frozenset({Trigger.GUESTS}))
    )
    session = create_session(db, SessionData(dan, now - timedelta(hours=3)))
    add_guest(db, session, "Maria Lopez")
    set_session_status(db, session, SessionStatus.HELD)
    (late,) = late_notices_to_log(db, session, now)
    assert late.matter_id == item
    log_breach(
        db,
        BreachData(item, now.date(), session_id=session, what_happened="Forgot to mention Maria."),
    )
    assert late_notices_to_log(db, session, now) == ()
