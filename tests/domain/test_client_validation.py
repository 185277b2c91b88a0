"""The rules a client record must satisfy (shared by the dialog and storage)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachdesk.domain.clients import NAME_MAX, ClientData, validate_client


def fields_in_error(data: ClientData) -> list[str]:
    return [error.field for error in validate_client(data).errors]


def test_a_name_is_all_a_client_needs():
    assert validate_client(ClientData(name="Dan")).ok


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_blank_name_is_refused(name):
    validation = validate_client(ClientData(name=name))
    assert fields_in_error(ClientData(name=name)) == ["name"]
    assert validation.message() == "The client needs a name."


def test_overlong_name_is_refused():
    assert fields_in_error(ClientData(name="x" * (NAME_MAX + 1))) == ["name"]


@pytest.mark.parametrize(
    "name", ["דנה לוי", "عمر الفاروق", "Zoë Ågren-Núñez", "😀 Sunny", "李小龙"]
)
def test_names_in_any_script_are_fine(name):
    assert validate_client(ClientData(name=name)).ok


@pytest.mark.parametrize("email", ["dan@example.com", "d.o+coach@mail.example.co.uk"])
def test_good_emails_pass(email):
    assert validate_client(ClientData(name="Dan", email=email)).ok


@pytest.mark.parametrize("email", ["dan", "dan@", "@example.com", "dan@example", "d an@x.com"])
def test_bad_emails_are_explained(email):
    assert fields_in_error(ClientData(name="Dan", email=email)) == ["email"]


@pytest.mark.parametrize(
    "phone", ["+44 20 7946 0958", "(555) 123-4567", "030/1234567", "555.123.4567 ext. 12"]
)
def test_good_phones_pass(phone):
    assert validate_client(ClientData(name="Dan", phone=phone)).ok


@pytest.mark.parametrize("phone", ["12345", "call me", "+44 20 7946 0958 or 0777", "1" * 21])
def test_bad_phones_are_explained(phone):
    assert fields_in_error(ClientData(name="Dan", phone=phone)) == ["phone"]


def test_every_problem_is_listed_in_field_order():
    data = ClientData(name="", email="nope", phone="x")
    assert fields_in_error(data) == ["name", "email", "phone"]


@given(
    name=st.text(max_size=300),
    email=st.text(max_size=60),
    phone=st.text(max_size=40),
)
def test_validation_never_raises_and_always_explains(name, email, phone):
    validation = validate_client(ClientData(name=name, email=email, phone=phone))
    assert validation.ok == (validation.message() == "")
    if not name.strip():
        assert not validation.ok
