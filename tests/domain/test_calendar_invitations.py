"""What a calendar invitation says, read as a coach means it: the medium from the words
calendars write, the meeting's link, and the agenda without the invitation's boilerplate or
any link carrying a token (``domain.calendar``)."""

from __future__ import annotations

import pytest

from coachdesk.domain.calendar import (
    agenda_from_description,
    conference_link,
    meeting_place,
    place_from_location,
)
from coachdesk.domain.vocab import Medium

RULER = "-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::-"
GOOGLE = (
    "Agenda: the 360 results.\n\n"
    f"{RULER}\n"
    "Join with Google Meet: https://meet.google.com/abc-defg-hij\n"
    "Join by phone\n(US) +1 470-555-0134 PIN: 123 456 789#\n\n"
    "Learn more about Meet at: https://support.google.com/a/users/answer/9282720\n\n"
    "Please do not edit this section.\n"
    f"{RULER}\n\n"
    "Invitation from Google Calendar: https://calendar.google.com/calendar/event?action=VIEW"
    "&eid=XYZ&tok=MTkjZ2FuQGV4YW1wbGUuY29t&ctz=Europe%2FBerlin&hl=en&es=0\n\n"
    "You are receiving this email because you are an attendee of the event.\n"
)
TEAMS = (
    "Let's look at the plan for Q1.\n\n"
    + "_" * 80
    + "\nMicrosoft Teams meeting\nJoin on your computer, mobile app or room device\n"
    "Click here to join the meeting<https://teams.microsoft.com/l/meetup-join/19%3ameeting_"
    "NDk%40thread.v2/0?context=%7b%22Tid%22%3a%22a%22%7d>\nMeeting ID: 312 555 120 41\n"
    "Passcode: 7xAbCd\n" + "_" * 80 + "\n"
)


@pytest.mark.parametrize(
    ("location", "medium"),
    [
        ("Microsoft Teams Meeting", Medium.VIDEO),
        ("Microsoft Teams-Besprechung", Medium.VIDEO),
        ("Zoom", Medium.VIDEO),
        ("Google Meet", Medium.VIDEO),
        ("Webex", Medium.VIDEO),
        ("Online", Medium.VIDEO),
        ("Visioconférence", Medium.VIDEO),
        ("Telefonkonferenz", Medium.PHONE),
        ("Phone call", Medium.PHONE),
        ("Llamada", Medium.PHONE),
        ("+49 151 2345 6789", Medium.PHONE),
        ("Room 4, Main St", Medium.IN_PERSON),
        ("Café Zoomer, Hauptstraße 3", Medium.IN_PERSON),
    ],
)
def test_the_medium_is_read_from_the_words_calendars_write(location, medium):
    assert place_from_location(location)[0] is medium


def test_googles_invitation_leaves_the_agenda_and_its_meeting_link():
    assert agenda_from_description(GOOGLE) == "Agenda: the 360 results."
    assert conference_link(GOOGLE) == "https://meet.google.com/abc-defg-hij"
    assert meeting_place("", "", GOOGLE) == (Medium.VIDEO, "https://meet.google.com/abc-defg-hij")


def test_teams_invitation_leaves_the_agenda_and_its_meeting_link():
    assert agenda_from_description(TEAMS) == "Let's look at the plan for Q1."
    medium, place = meeting_place("Microsoft Teams Meeting", "", TEAMS)
    assert medium is Medium.VIDEO
    assert place.startswith("https://teams.microsoft.com/l/meetup-join/")


def test_outlooks_ruler_goes_and_the_original_words_stay():
    text = "Moved to Thursday.\n*~*~*~*~*~*~*~*~*~*\nBring the draft plan."
    assert agenda_from_description(text) == "Moved to Thursday.\n\nBring the draft plan."


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("https://zoom.us/j/8812345?pwd=Q2F0YTE", "https://zoom.us/j/8812345"),
        ("see https://x.example/doc?a=1&access_token=zz now", "see https://x.example/doc now"),
        ("https://x.example/s?sig=abc&id=2", "https://x.example/s"),
        ("https://example.com/doc?id=3", "https://example.com/doc?id=3"),
        ("https://s.example/?stock=3", "https://s.example/?stock=3"),
    ],
)
def test_a_link_carrying_a_key_keeps_only_its_address(text, kept):
    assert agenda_from_description(text) == kept


def test_a_place_to_meet_stays_one_even_with_a_link_in_the_description():
    assert meeting_place("Room 4, Main St", "", TEAMS) == (Medium.IN_PERSON, "Room 4, Main St")
    assert meeting_place("", "https://meet.example/abc?pwd=1", "") == (
        Medium.VIDEO,
        "https://meet.example/abc",
    )
