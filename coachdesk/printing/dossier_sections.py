"""A client's own record as rich text, section by section, for ``printing.dossier``.

Written *to the client* ("you"): your details; what you told us matters to you; times
we fell short and what we did about it; promises; your feedback on our sessions; our
sessions (with guests and the coach's notes).  Nothing in the record is left out.
"""

from __future__ import annotations

import html
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QLocale

from coachdesk.display.timefmt import format_clock, to_qdatetime
from coachdesk.display.translate import translator
from coachdesk.domain.dates import ends_at
from coachdesk.domain.vocab import (
    IMPORTANCE_WORDS,
    SEVERITY_WORDS,
    Category,
    ClientStatus,
    Medium,
    PromiseOwner,
    PromiseStatus,
    RepairStatus,
    SessionStatus,
    Trigger,
)
from coachdesk.printing.page import (
    BODY_PT,
    HEADING_PT,
    NAME_PT,
    RESOLUTION_DPI,
    SMALL_PT,
    WORDS_PT,
    css_px,
    paper_day,
)

SECTION_PT = 12.0


_tr = translator("dossier")


# --- text helpers ------------------------------------------------------------------------------


def _e(text: str) -> str:
    """Escaped, with line breaks kept (notes are often several lines)."""
    return html.escape(text.strip(), quote=False).replace("\n", "<br/>")


def _device_px(points: float) -> int:
    """An indent in the PDF's pixels: the layout runs at the writer's resolution, and an
    indent in CSS pixels would shrink to a hairline there."""
    return round(points * RESOLUTION_DPI / 72)


def _words(text: str) -> str:
    """The client's own words: quoted, bold, larger."""
    return f'<span style="font-size:{WORDS_PT}pt; font-weight:700;">“{_e(text)}”</span>'


def _p(text: str, indent: float = 0.0, top: float = 3.0, small: bool = False) -> str:
    size = f" font-size:{SMALL_PT}pt;" if small else ""
    return (
        f'<p style="margin-top:{css_px(top)}px; margin-bottom:0;'
        f' margin-left:{_device_px(indent)}px;{size}">{text}</p>'
    )


def _section(title: str, intro: str = "") -> str:
    parts = (
        f'<h2 style="margin-top:{css_px(16)}px; margin-bottom:{css_px(2)}px;'
        f' font-size:{SECTION_PT}pt; font-weight:700;">{_e(title)}</h2>'
    )
    if intro:
        parts += _p(_e(intro), top=0, small=True)
    return parts


def _sub(title: str) -> str:
    return (
        f'<p style="margin-top:{css_px(9)}px; margin-bottom:0; font-size:{HEADING_PT}pt;'
        f' font-weight:700;">{_e(title.upper())}</p>'
    )


def _field(label: str, value: str, indent: float = 12.0) -> str:
    """One labelled detail line: "Label: value" (empty values are left out)."""
    if not value.strip():
        return ""
    return _p(f"<b>{_e(label)}:</b> {_e(value)}", indent=indent, top=1)


def _day(value: str | None) -> str:
    return paper_day(date.fromisoformat(value)) if value else ""


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _when(value: str | None) -> str:
    moment = _moment(value)
    if moment is None:
        return ""
    local = to_qdatetime(moment)
    day = QLocale().toString(local.date(), "dddd d MMMM yyyy")
    return f"{day}, {format_clock(local.time())}"


def day_of(value: str | None) -> str:
    """The local day of an ISO moment from the record ("" for none)."""
    moment = _moment(value)
    if moment is None:
        return ""
    return paper_day(to_qdatetime(moment).date())


def _none(text: str) -> str:
    return _p(f"<i>{_e(text)}</i>", top=4)


# --- the sections ------------------------------------------------------------------------------


def _title(record: dict[str, Any]) -> list[str]:
    client = record["client"]
    name = client["name"]
    exported = day_of(record["exported_at"])
    return [
        f'<p style="margin:0; font-size:{NAME_PT}pt; font-weight:700;">'
        + _e(_tr("What CoachDesk holds about {name}").format(name=name))
        + "</p>",
        _p(
            _e(
                _tr(
                    "This is everything your coach keeps about you in CoachDesk, the program "
                    "they use to prepare your sessions, as it stood on {day}. Nothing has been "
                    "left out, including the coach's own notes. Where we quote you, it is in "
                    "your own words, as the coach wrote them down."
                ).format(day=exported)
            ),
            top=6,
        ),
        _p(
            _e(
                _tr(
                    "If anything here is wrong, tell your coach and they will correct it. You "
                    "can also ask them to erase all of it."
                )
            ),
            top=4,
        ),
    ]


def _details(record: dict[str, Any]) -> list[str]:
    c = record["client"]
    medium = c.get("usual_medium")
    usual = ""
    if medium:
        usual = Medium(medium).label + (
            f", {c['usual_location']}" if c.get("usual_location") else ""
        )
    elif c.get("usual_location"):
        usual = c["usual_location"]
    parts = [_section(_tr("Your details"))]
    for label, value in (
        (_tr("Name"), c["name"]),
        (_tr("You like to be called"), c.get("preferred_name") or ""),
        (_tr("Pronouns"), c.get("pronouns") or ""),
        (_tr("Email"), c.get("email") or ""),
        (_tr("Phone"), c.get("phone") or ""),
        (_tr("Organisation"), c.get("organisation") or ""),
        (_tr("Role"), c.get("role") or ""),
        (_tr("Status"), ClientStatus(c["status"]).label),
        (_tr("Coaching since"), _day(c.get("started_on"))),
        (_tr("Where and how you usually meet"), usual),
        (_tr("Record created"), day_of(c.get("created_at"))),
    ):
        parts.append(_field(label, value, indent=0))
    if (c.get("private_notes") or "").strip():
        parts.append(_sub(_tr("The coach's notes about you")))
        parts.append(_p(_e(c["private_notes"]), top=2))
    return parts


def _matters(record: dict[str, Any]) -> list[str]:
    parts = [
        _section(
            _tr("What you told us matters to you"),
            _tr("In your words, with the coach's note on why, and when it was noted."),
        )
    ]
    if not record["matters"]:
        parts.append(_none(_tr("Nothing recorded.")))
    for matter in record["matters"]:
        parts.append(_p(_words(matter["statement"]), top=8))
        facts = [
            _tr("About: {category}").format(category=Category(matter["category"]).label.lower()),
            _tr("importance: {how}").format(
                how=_tr(IMPORTANCE_WORDS.get(matter["importance"], ""))
            ),
            _tr("noted on {day}").format(day=_day(matter["captured_on"])),
        ]
        if matter.get("last_confirmed_on"):
            facts.append(
                _tr("last checked with you on {day}").format(day=_day(matter["last_confirmed_on"]))
            )
        parts.append(_p(_e(" · ".join(facts)), indent=12, top=1, small=True))
        parts.append(_field(_tr("Why, in the coach's words"), matter.get("why") or ""))
        if matter["triggers"]:
            when = "; ".join(Trigger(t).label for t in matter["triggers"])
            parts.append(_field(_tr("It comes up when"), when))
        parts.append(_field(_tr("Words that bring it to mind"), matter.get("keywords") or ""))
        notes = []
        if not matter["active"]:
            notes.append(_tr("no longer in use"))
        if matter["keep_off_printouts"]:
            notes.append(_tr("kept off the coach's printed sheets"))
        if notes:
            parts.append(_p(_e("(" + "; ".join(notes) + ")"), indent=12, top=1, small=True))
    return parts


def _breaches(record: dict[str, Any]) -> list[str]:
    parts = [
        _section(
            _tr("Times we fell short and what we did about it"),
            _tr("When the coach missed something that matters to you, and the repair."),
        )
    ]
    if not record["breaches"]:
        parts.append(_none(_tr("None recorded.")))
    for breach in record["breaches"]:
        parts.append(_p(f"<b>{_e(_day(breach['occurred_on']))}</b>", top=8))
        if breach.get("matter_statement"):
            parts.append(
                _p(
                    "<b>"
                    + _e(_tr("What mattered:"))
                    + "</b> "
                    + _words(breach["matter_statement"]),
                    indent=12,
                )
            )
        parts.append(_field(_tr("What happened"), breach.get("what_happened") or ""))
        if (breach.get("how_it_landed") or "").strip():
            parts.append(
                _p(
                    "<b>"
                    + _e(_tr("How it landed for you:"))
                    + "</b> "
                    + _words(breach["how_it_landed"]),
                    12,
                )
            )
        parts.append(_field(_tr("How serious"), _tr(SEVERITY_WORDS.get(breach["severity"], ""))))
        status = RepairStatus(breach["repair_status"])
        repair = {
            RepairStatus.OPEN: _tr("not repaired yet"),
            RepairStatus.ACKNOWLEDGED: _tr("acknowledged, repair under way"),
            RepairStatus.REPAIRED: _tr("repaired"),
        }[status]
        if status is RepairStatus.REPAIRED and breach.get("repaired_on"):
            repair += " " + _tr("on {day}").format(day=_day(breach["repaired_on"]))
        parts.append(_field(_tr("Repair"), repair))
        parts.append(_field(_tr("What we did"), breach.get("repair_notes") or ""))
    return parts


def _promises(record: dict[str, Any]) -> list[str]:
    parts = [_section(_tr("Promises"), _tr("What the coach promised you, and what you promised."))]
    if not record["promises"]:
        parts.append(_none(_tr("None recorded.")))
    status_words = {
        PromiseStatus.OPEN: _tr("open"),
        PromiseStatus.KEPT: _tr("kept"),
        PromiseStatus.MISSED: _tr("missed"),
    }
    for owner, title in (
        (PromiseOwner.COACH, _tr("The coach promised")),
        (PromiseOwner.CLIENT, _tr("You promised")),
    ):
        mine = [p for p in record["promises"] if p["owner"] == owner.value]
        if not mine:
            continue
        parts.append(_sub(title))
        for promise in mine:
            facts = [status_words[PromiseStatus(promise["status"])]]
            if promise.get("due_on"):
                facts.append(_tr("due {day}").format(day=_day(promise["due_on"])))
            facts.append(_tr("made on {day}").format(day=day_of(promise["created_at"])))
            parts.append(_p(f"• {_e(promise['text'])}", top=4))
            parts.append(_p(_e(" · ".join(facts)), indent=12, top=0, small=True))
    return parts


def _feedback(record: dict[str, Any]) -> list[str]:
    parts = [
        _section(
            _tr("Your feedback on our sessions"),
            _tr(
                "Your scores from 1 to 5, and the score the coach expected you to give, "
                "written down before seeing yours."
            ),
        )
    ]
    if not record["feedback"]:
        parts.append(_none(_tr("None recorded.")))
    for check in record["feedback"]:
        parts.append(
            _p(
                "<b>"
                + _e(_tr("Session of {day}").format(day=day_of(check.get("session_start"))))
                + "</b>",
                top=8,
            )
        )
        for answer in check["answers"]:
            yours = (
                _tr("you gave {score}").format(score=answer["reported"])
                if answer["reported"] is not None
                else _tr("no score from you")
            )
            expected = (
                _tr("the coach expected {score}").format(score=answer["predicted"])
                if answer["predicted"] is not None
                else _tr("the coach made no guess")
            )
            line = f"{answer['question']}: {yours}; {expected}"
            parts.append(_p(_e(line), indent=12, top=1))
        if check.get("prediction_skipped"):
            parts.append(_p(_e(_tr("(the coach did not guess this time)")), 12, 1, small=True))
        if (check.get("comment") or "").strip():
            parts.append(
                _p(
                    "<b>" + _e(_tr("Your comment:")) + "</b> " + _words(check["comment"]),
                    indent=12,
                    top=2,
                )
            )
    return parts


def _sessions(record: dict[str, Any]) -> list[str]:
    parts = [
        _section(
            _tr("Our sessions"),
            _tr("Every session, with who else joined and the coach's notes."),
        )
    ]
    if not record["sessions"]:
        parts.append(_none(_tr("None recorded.")))
    for session in record["sessions"]:
        start = _moment(session["start"])
        end = ends_at(start, session["duration_minutes"]) if start else None
        title = _when(session["start"])
        if end is not None:
            title += "–" + format_clock(to_qdatetime(end).time())
        status = SessionStatus(session["status"]).label.lower()
        parts.append(_p(f"<b>{_e(title)}</b> · {_e(status)}", top=9))
        how = Medium(session["medium"]).label
        if session.get("location"):
            how += f", {session['location']}"
        parts.append(_field(_tr("How and where"), how))
        if session.get("original_start") and session["original_start"] != session["start"]:
            parts.append(_field(_tr("First planned for"), _when(session["original_start"])))
        if session.get("recorded"):
            parts.append(_field(_tr("Recorded"), _tr("yes")))
        for guest in session["guests"]:
            who = guest["name"] + (f" ({guest['role']})" if guest.get("role") else "")
            told = (
                _tr("you were told on {day}").format(day=day_of(guest["client_informed_at"]))
                if guest.get("client_informed_at")
                else _tr("no record that you were told beforehand")
            )
            parts.append(_field(_tr("Guest"), f"{who}: {told}"))
        parts.append(_field(_tr("Agenda"), session.get("agenda") or ""))
        parts.append(_field(_tr("The coach's notes"), session.get("private_notes") or ""))
    return parts


def dossier_html(record: dict[str, Any]) -> str:
    """The whole record as one rich-text document."""
    parts = _title(record) + _details(record) + _matters(record) + _breaches(record)
    parts += _promises(record) + _feedback(record) + _sessions(record)
    return f'<body style="font-size:{BODY_PT}pt;">' + "".join(parts) + "</body>"
