"""Every refusal shares one base with one ``message``, so a caller catches it once."""

from __future__ import annotations

import pytest

from coachdesk.demo import DemoRefused
from coachdesk.domain.clients import FieldError, ValidationError
from coachdesk.domain.data_format import ImportRefused
from coachdesk.domain.refusal import Refusal
from coachdesk.storage.calendar import CalendarError
from coachdesk.storage.feedback import FeedbackRefused


@pytest.mark.parametrize(
    ("refusal", "message"),
    [
        (
            ValidationError((FieldError("name", "The client needs a name."),)),
            "The client needs a name.",
        ),
        (
            ImportRefused(["row 2, email: not an address"], 3),
            "row 2, email: not an address (and 2 more problems)",
        ),
        (CalendarError("The file is not a calendar."), "The file is not a calendar."),
        (DemoRefused("Not over real clients."), "Not over real clients."),
        (FeedbackRefused("Answer every question."), "Answer every question."),
    ],
)
def test_every_refusal_is_caught_as_one_kind_and_says_why(refusal, message):
    with pytest.raises(Refusal) as caught:
        raise refusal
    assert caught.value.message == message
