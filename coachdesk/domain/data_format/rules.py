"""The app's rules every imported record must pass: the same ``validate_client``,
``validate_session`` … the dialogs apply, so an import cannot write what the app would refuse."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from coachdesk.domain.clients import ClientData, FieldError, validate_client
from coachdesk.domain.data_format.fields import Parsed
from coachdesk.domain.practice import (
    BreachData,
    MatterData,
    PromiseData,
    SessionData,
    validate_breach,
    validate_guest,
    validate_matter,
    validate_promise,
    validate_session,
)


def _client_rules(p: Parsed) -> list[FieldError]:
    return list(
        validate_client(
            ClientData(
                name=p["name"],
                preferred_name=p["preferred_name"],
                pronouns=p["pronouns"],
                email=p["email"],
                phone=p["phone"],
                organisation=p["organisation"],
                role=p["role"],
                status=p["status"],
                started_on=p["started_on"],
                private_notes=p["private_notes"],
                print_private_notes=p["print_private_notes"],
                time_zone=p["time_zone"],
            )
        ).errors
    )


def _session_rules(p: Parsed) -> list[FieldError]:
    return validate_session(
        SessionData(
            client_id=0,
            start=p["start"],
            duration_minutes=p["duration_minutes"],
            medium=p["medium"],
            location=p["location"],
            agenda=p["agenda"],
            private_notes=p["private_notes"],
            recorded=p["recorded"],
        )
    )


def _matter_rules(p: Parsed) -> list[FieldError]:
    return validate_matter(
        MatterData(
            client_id=0,
            statement=p["statement"],
            why=p["why"],
            category=p["category"],
            importance=p["importance"],
            triggers=frozenset(p["triggers"]),
            keywords=p["keywords"],
            captured_on=p["captured_on"],
            last_confirmed_on=p["last_confirmed_on"],
            keep_off_printouts=p["keep_off_printouts"],
            active=p["active"],
            language=p["language"],
            notice=p["notice"],
        )
    )


def _breach_rules(p: Parsed) -> list[FieldError]:
    # date.max: "not in the future" is a rule for typing a new breach, not for a record made
    # elsewhere (a file written where it is already tomorrow must still import).
    return validate_breach(
        BreachData(
            matter_id=None,
            occurred_on=p["occurred_on"],
            what_happened=p["what_happened"],
            how_it_landed=p["how_it_landed"],
            severity=p["severity"],
            repair_status=p["repair_status"],
            repair_notes=p["repair_notes"],
            repaired_on=p["repaired_on"],
        ),
        date.max,
    )


def _promise_rules(p: Parsed) -> list[FieldError]:
    return validate_promise(
        PromiseData(client_id=0, owner=p["owner"], text=p["text"], due_on=p["due_on"])
    )


def _guest_rules(p: Parsed) -> list[FieldError]:
    return validate_guest(p["name"], p["role"])


_RULES: dict[str, Callable[[Parsed], list[FieldError]]] = {
    "client": _client_rules,
    "session": _session_rules,
    "guest": _guest_rules,
    "matter": _matter_rules,
    "breach": _breach_rules,
    "promise": _promise_rules,
}


def record_rules(kind: str, parsed: Parsed) -> list[FieldError]:
    """What is wrong with the record ``parsed`` of ``kind`` ("client", "session" …) by the
    rules the app's dialogs apply; a kind without rules of its own passes."""
    rules = _RULES.get(kind)
    return [] if rules is None else rules(parsed)
