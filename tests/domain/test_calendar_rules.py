"""Which client a calendar event is for, and what its location and description say."""

from __future__ import annotations

import pytest

from coachdesk.domain.calendar import (
    ClientRef,
    agenda_from_description,
    event_description,
    location_text,
    match_client,
    place_from_location,
)
from coachdesk.domain.vocab import Medium

pytestmark = pytest.mark.usefixtures("local_zone")

DAN = ClientRef(1, "Dan Okafor", "", "dan@okafor.example")
DANIEL = ClientRef(2, "Daniel Park", "Danny", "")
ANA_LI = ClientRef(3, "Ana Li")
ANA_LIMA = ClientRef(4, "Ana Lima", "", "ana@lima.example")
CLIENTS = [DAN, DANIEL, ANA_LI, ANA_LIMA]


def test_an_attendee_email_wins_over_the_title_and_ignores_case():
    match = match_client(["coach@me.example", "DAN@Okafor.EXAMPLE"], "Ana Lima", CLIENTS)
    assert (match.client, match.by) == (DAN, "email")


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("Coaching: dan okafor", DAN),
        ("Danny Park – check-in", DANIEL),  # preferred name with the family name
        ("ANA LIMA coaching", ANA_LIMA),  # not also Ana Li: her name is inside Ana Lima's
        ("Ana Li, follow-up", ANA_LI),
    ],
)
def test_a_name_in_the_title_matches_as_whole_words(summary, expected):
    match = match_client([], summary, CLIENTS)
    assert (match.client, match.by) == (expected, "name")


@pytest.mark.parametrize(
    ("emails", "summary", "reason"),
    [
        ([], "Dentist", "no client is named in the title (and it has no attendees)"),
        ([], "Dan Okaforth", "no client is named"),  # part of a word is not a name
        (["x@y.example"], "Lunch", "no client has an attendee's email address"),
        ([], "Dan Okafor and Ana Li", "the title names several clients: Ana Li, Dan Okafor"),
        (["dan@okafor.example", "ana@lima.example"], "", "belong to several clients"),
    ],
)
def test_no_match_or_several_is_explained_not_guessed(emails, summary, reason):
    match = match_client(emails, summary, CLIENTS)
    assert match.client is None
    assert reason in match.reason


def test_two_clients_with_one_name_are_ambiguous():
    twins = [ClientRef(7, "Sam Taylor"), ClientRef(8, "Sam Taylor")]
    assert match_client([], "Sam Taylor", twins).reason == (
        "the title names 2 clients called Sam Taylor"
    )


@pytest.mark.parametrize(
    ("location", "medium", "place"),
    [
        ("Video · https://meet.example/x", Medium.VIDEO, "https://meet.example/x"),
        ("In person · Room 4, Main St", Medium.IN_PERSON, "Room 4, Main St"),
        ("Phone", Medium.PHONE, ""),
        ("https://zoom.us/j/123", Medium.VIDEO, "https://zoom.us/j/123"),
        ("+44 20 7946 0958", Medium.PHONE, "+44 20 7946 0958"),
        ("Café Central, Vienna", Medium.IN_PERSON, "Café Central, Vienna"),
        ("", Medium.VIDEO, ""),
    ],
)
def test_the_location_gives_the_medium_and_place(location, medium, place):
    assert place_from_location(location) == (medium, place)


def test_our_location_and_description_come_back_as_they_went_out():
    for medium in Medium:
        assert place_from_location(location_text(medium, "Room 4")) == (medium, "Room 4")
    text = event_description("Board\nmeeting", [("Maria Lopez", "BUILT TO LEAD"), ("Jo", "")])
    assert text == "Agenda:\nBoard\nmeeting\n\nGuests:\n- Maria Lopez (BUILT TO LEAD)\n- Jo"
    assert agenda_from_description(text) == "Board\nmeeting"
    assert agenda_from_description(event_description("", [("Jo", "")])) == ""
    assert agenda_from_description("Someone else's notes") == "Someone else's notes"
