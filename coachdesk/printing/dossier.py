"""A client's own record on paper: everything held about them, in plain language.

``render_dossier`` lays out a record from ``storage.dossier.client_record`` with
QTextDocument and writes a multi-page PDF with QPdfWriter, in the prep sheet's
house style (the client's own words quoted, bold and larger; small grey-free
detail lines; the same fonts, margins and page size).  Every page has a header
with the client's name and the export date, and "Page n of N" at the foot.

It is written *to the client* ("you"), section by section: your details; what
you told us matters to you; times we fell short and what we did about it;
promises; your feedback on our sessions; our sessions (with guests and the
coach's notes).  Nothing in the record is left out: private notes and items
kept off printouts are the client's to see here.  A ``QGuiApplication`` must
exist, for the fonts.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QDate,
    QIODevice,
    QLocale,
    QRectF,
    QSizeF,
    Qt,
)
from PySide6.QtGui import QFont, QGuiApplication, QPageSize, QPainter, QTextDocument

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
from coachdesk.printing.prep_sheet import (
    BODY_PT,
    HEADING_PT,
    NAME_PT,
    RESOLUTION_DPI,
    SMALL_PT,
    WORDS_PT,
    _writer,
    default_page_size,
)
from coachdesk.storage.private_files import write_private

HEADER_PT = 8.0
SECTION_PT = 12.0
BAND_MM = 9.0  # room for the running header and for the page number at the foot


_tr = translator("dossier")


@dataclass(frozen=True)
class DossierResult:
    path: Path | None
    pages: int


# --- text helpers ------------------------------------------------------------------------------


def _e(text: str) -> str:
    """Escaped, with line breaks kept (notes are often several lines)."""
    return html.escape(text.strip(), quote=False).replace("\n", "<br/>")


def _px(points: float) -> int:
    return round(points * 96 / 72)


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
        f'<p style="margin-top:{_px(top)}px; margin-bottom:0;'
        f' margin-left:{_device_px(indent)}px;{size}">{text}</p>'
    )


def _section(title: str, intro: str = "") -> str:
    parts = (
        f'<h2 style="margin-top:{_px(16)}px; margin-bottom:{_px(2)}px;'
        f' font-size:{SECTION_PT}pt; font-weight:700;">{_e(title)}</h2>'
    )
    if intro:
        parts += _p(_e(intro), top=0, small=True)
    return parts


def _sub(title: str) -> str:
    return (
        f'<p style="margin-top:{_px(9)}px; margin-bottom:0; font-size:{HEADING_PT}pt;'
        f' font-weight:700;">{_e(title.upper())}</p>'
    )


def _field(label: str, value: str, indent: float = 12.0) -> str:
    """One labelled detail line: "Label: value" (empty values are left out)."""
    if not value.strip():
        return ""
    return _p(f"<b>{_e(label)}:</b> {_e(value)}", indent=indent, top=1)


def _day(value: str | None) -> str:
    if not value:
        return ""
    return QLocale().toString(QDate(date.fromisoformat(value)), "d MMMM yyyy")


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _when(value: str | None) -> str:
    moment = _moment(value)
    if moment is None:
        return ""
    local = to_qdatetime(moment)
    day = QLocale().toString(local.date(), "dddd d MMMM yyyy")
    return f"{day}, {format_clock(local.time())}"


def _day_of(value: str | None) -> str:
    moment = _moment(value)
    if moment is None:
        return ""
    return QLocale().toString(to_qdatetime(moment).date(), "d MMMM yyyy")


def _none(text: str) -> str:
    return _p(f"<i>{_e(text)}</i>", top=4)


# --- the sections ------------------------------------------------------------------------------


def _title(record: dict[str, Any]) -> list[str]:
    client = record["client"]
    name = client["name"]
    exported = _day_of(record["exported_at"])
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
        (_tr("Record created"), _day_of(c.get("created_at"))),
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
            facts.append(_tr("made on {day}").format(day=_day_of(promise["created_at"])))
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
                + _e(_tr("Session of {day}").format(day=_day_of(check.get("session_start"))))
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
                _tr("you were told on {day}").format(day=_day_of(guest["client_informed_at"]))
                if guest.get("client_informed_at")
                else _tr("no record that you were told beforehand")
            )
            parts.append(_field(_tr("Guest"), f"{who}: {told}"))
        parts.append(_field(_tr("Agenda"), session.get("agenda") or ""))
        parts.append(_field(_tr("The coach's notes"), session.get("private_notes") or ""))
    return parts


def dossier_html(record: dict[str, Any]) -> str:
    parts = _title(record) + _details(record) + _matters(record) + _breaches(record)
    parts += _promises(record) + _feedback(record) + _sessions(record)
    return f'<body style="font-size:{BODY_PT}pt;">' + "".join(parts) + "</body>"


# --- layout and output -------------------------------------------------------------------------


def _draw_lines(painter: QPainter, doc: QTextDocument, top: float, bottom: float) -> None:
    """Draw the lines of ``doc`` that lie on the page from ``top`` to ``bottom``.

    Not ``drawContents`` with a clip: that draws every line of a paragraph that crosses
    the page edge, and the clipped lines' text stays in the PDF (found by search, copied,
    read aloud) on the wrong page.  The document has only paragraphs (no tables)."""
    layout = doc.documentLayout()
    block = doc.begin()
    while block.isValid():
        box = layout.blockBoundingRect(block)
        if box.bottom() >= top and box.top() <= bottom:
            text = block.layout()
            for number in range(text.lineCount()):
                line = text.lineAt(number)
                middle = box.top() + line.y() + line.height() / 2
                if top <= middle < bottom:
                    line.draw(painter, box.topLeft())
        block = block.next()


def render_dossier(
    record: dict[str, Any], path: Path, *, page_size: QPageSize | None = None
) -> DossierResult:
    """Write ``record`` as a readable multi-page PDF at ``path`` (owner-only, replaced as a
    whole).  Raises ``OSError`` when the file cannot be written."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("render_dossier needs a QGuiApplication")
    name = record["client"]["name"]
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(
        buffer,
        page_size or default_page_size(),
        _tr("What CoachDesk holds about {name}").format(name=name),
    )
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    band = BAND_MM / 25.4 * writer.resolution()
    body_height = area.height() - 2 * band

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    font = QFont(QGuiApplication.font().family())
    font.setPointSizeF(BODY_PT)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setPageSize(QSizeF(area.width(), body_height))
    doc.setHtml(dossier_html(record))
    pages = doc.pageCount()

    small = QFont(font)
    small.setPointSizeF(HEADER_PT)
    header_left = _tr("{name}: your record in CoachDesk").format(name=name)
    header_right = _tr("Exported {day}").format(day=_day_of(record["exported_at"]))
    painter = QPainter(writer)
    for page in range(pages):
        if page:
            writer.newPage()
        painter.setFont(small)
        top = QRectF(0, 0, area.width(), band * 0.7)
        painter.drawText(
            top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, header_left
        )
        painter.drawText(
            top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, header_right
        )
        line_y = band * 0.8
        painter.drawLine(0, round(line_y), round(area.width()), round(line_y))
        foot = QRectF(0, area.height() - band * 0.7, area.width(), band * 0.7)
        painter.drawText(
            foot,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
            _tr("Page {page} of {pages}").format(page=page + 1, pages=pages),
        )
        painter.save()
        painter.translate(0, band - page * body_height)
        _draw_lines(painter, doc, page * body_height, (page + 1) * body_height)
        painter.restore()
    painter.end()
    buffer.close()
    target = write_private(Path(path), buffer.data().data())
    return DossierResult(target, pages)
