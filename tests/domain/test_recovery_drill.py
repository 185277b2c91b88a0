"""When CoachDesk asks the coach to prove the recovery sheet."""

from datetime import UTC, datetime, timedelta

from coachdesk.domain.recovery_drill import DRILL_EVERY, drill_due

MADE = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def test_a_month_after_the_sheet_was_made_or_last_proven():
    assert not drill_due(None, MADE, MADE + DRILL_EVERY - timedelta(minutes=1))
    assert drill_due(None, MADE, MADE + DRILL_EVERY)
    proven = MADE + timedelta(days=20)
    assert not drill_due(proven, MADE, MADE + DRILL_EVERY + timedelta(days=5))
    assert drill_due(proven, MADE, proven + DRILL_EVERY)


def test_a_new_sheet_is_not_proven_by_the_old_one_s_drill():
    proven = MADE + timedelta(days=5)
    new_sheet = MADE + timedelta(days=40)
    assert not drill_due(proven, new_sheet, new_sheet + timedelta(days=3))
    assert drill_due(proven, new_sheet, new_sheet + DRILL_EVERY)
