"""The practice page (the coach's private reliability view) on a real database.

A small practice is built through the storage API with every figure worked out by
hand (below, relative to today "T"); the tests read the figures back from the
widgets (the tree of figures and its bars, the records table's model) and
drive the period chooser and the records as the coach would.

    Breaches (matter, category, triggers; when; repair):
      b1 Ada "Start on time"        commitment   timekeeping             T-10  repaired T-6 (4 d)
      b2 Ada "Keep my manager out"  character    confidentiality, guests T-20  repaired T-10 (10 d)
      b3 Ben "Notes the same day"   communication follow-up              T-5   open
      b4 Ada "Start on time"        commitment   timekeeping             T-30  acknowledged
      b5 Ben "Notes the same day"   communication follow-up              T-120 repaired T-100 (20 d)
    The coach's promises: p1 Ada T-3 kept, p2 Ben T-40 missed, p3 Cara T-1 open, p4 Ada T-15
      kept, p5 Ben T-200 kept; not counted: p6 (the client's), p7 (due T+10).
    Feedback (predicted -> reported, two questions):
      Ada  T-60 (5,5)->(4,4)  T-45 (4,5)->(4,4)  T-30 (5,4)->(3,3)  T-14 skipped->(2,3)
           T-7 (4,4)->(2,2)
      Ben  T-50 (3,3)->(4,4)  T-20 (4,4)->(5,5)
      Cara T-10 (4,4), no answers yet

Last 90 days (T-89..T): 4 breaches (character 1, commitment 2, communication 1); triggers
timekeeping 2, confidentiality/follow-up/guests 1; repaired b1 b2: median 7 days, mean 7;
still open b3 b4; promises kept 2, missed 1, open 1: 67% kept.  Calibration over the 6
sessions with pairs: predicted 50/12 = 4.2, reported 44/12 = 3.7, gap -0.5.  Ada's
reports 4, 4, 3, 2.5, 2: before 4.0, recent 2.5, falling.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTranslator

from coachdesk.domain.clients import ClientData
from coachdesk.domain.feedback import FeedbackInput
from coachdesk.domain.practice import BreachData, MatterData, PromiseData, SessionData
from coachdesk.domain.vocab import (
    Category,
    PromiseOwner,
    PromiseStatus,
    RepairStatus,
    SessionStatus,
    Trigger,
)
from coachdesk.storage.breaches import log_breach
from coachdesk.storage.clients import create_client
from coachdesk.storage.feedback import save_prediction, save_report, skip_prediction
from coachdesk.storage.matters import create_matter
from coachdesk.storage.promises import create_promise
from coachdesk.storage.sessions import create_session, set_session_status
from coachdesk.ui.pages.practice import FIGURE_ROLE, PracticePage
from coachdesk.ui.pages.practice.figures import (
    Figure,
    FigureKind,
    drill,
    empty_words,
    summary,
)
from coachdesk.ui.pages.practice.tree import BAR_ROLE

pytestmark = pytest.mark.gui

T = date.today()
QUESTIONS = ("I felt understood today", "I trust my coach to keep their word")


def ago(days: int) -> date:
    return T - timedelta(days=days)


@pytest.fixture
def practice(db) -> dict[str, int]:
    ids: dict[str, int] = {}
    ids["ada"] = create_client(db, ClientData(name="Ada Brown"))
    ids["ben"] = create_client(db, ClientData(name="Ben Cole"))
    ids["cara"] = create_client(db, ClientData(name="Cara Diaz"))
    on_time = create_matter(
        db,
        MatterData(
            ids["ada"],
            "Start on time",
            category=Category.COMMITMENT,
            triggers=frozenset({Trigger.TIMEKEEPING}),
        ),
    )
    manager = create_matter(
        db,
        MatterData(
            ids["ada"],
            "Keep my manager out of it",
            category=Category.CHARACTER,
            triggers=frozenset({Trigger.CONFIDENTIALITY, Trigger.GUESTS}),
        ),
    )
    notes = create_matter(
        db,
        MatterData(
            ids["ben"],
            "Notes the same day",
            category=Category.COMMUNICATION,
            triggers=frozenset({Trigger.FOLLOW_UP}),
        ),
    )
    repaired = RepairStatus.REPAIRED
    for name, matter, days, status, repaired_days in (
        ("b1", on_time, 10, repaired, 6),
        ("b2", manager, 20, repaired, 10),
        ("b3", notes, 5, RepairStatus.OPEN, None),
        ("b4", on_time, 30, RepairStatus.ACKNOWLEDGED, None),
        ("b5", notes, 120, repaired, 100),
    ):
        ids[name] = log_breach(
            db,
            BreachData(
                matter,
                ago(days),
                what_happened=f"{name} happened",
                repair_status=status,
                repaired_on=ago(repaired_days) if repaired_days is not None else None,
            ),
        )[0]
    coach, client = PromiseOwner.COACH, PromiseOwner.CLIENT
    for name, who, owner, days, status in (
        ("p1", "ada", coach, 3, PromiseStatus.KEPT),
        ("p2", "ben", coach, 40, PromiseStatus.MISSED),
        ("p3", "cara", coach, 1, PromiseStatus.OPEN),
        ("p4", "ada", coach, 15, PromiseStatus.KEPT),
        ("p5", "ben", coach, 200, PromiseStatus.KEPT),
        ("p6", "ada", client, 2, PromiseStatus.KEPT),
        ("p7", "ada", coach, -10, PromiseStatus.OPEN),
    ):
        ids[name] = create_promise(
            db, PromiseData(ids[who], owner, f"{name} promised", ago(days), status=status)
        )
    for name, who, days, predicted, reported in (
        ("ada60", "ada", 60, (5, 5), (4, 4)),
        ("ada45", "ada", 45, (4, 5), (4, 4)),
        ("ada30", "ada", 30, (5, 4), (3, 3)),
        ("ada14", "ada", 14, None, (2, 3)),
        ("ada7", "ada", 7, (4, 4), (2, 2)),
        ("ben50", "ben", 50, (3, 3), (4, 4)),
        ("ben20", "ben", 20, (4, 4), (5, 5)),
        ("cara10", "cara", 10, (4, 4), None),
    ):
        start = datetime.combine(ago(days), time(10)).astimezone()
        session_id = create_session(db, SessionData(client_id=ids[who], start=start))
        set_session_status(db, session_id, SessionStatus.HELD)
        if predicted is None:
            skip_prediction(db, session_id, QUESTIONS)
        else:
            save_prediction(db, session_id, FeedbackInput(QUESTIONS, predicted))
        if reported is not None:
            save_report(db, session_id, FeedbackInput(QUESTIONS, reported, f"{name} said"))
        ids[name] = session_id
    return ids


def open_page(qtbot, db, settings: QSettings) -> PracticePage:
    page = PracticePage(db, settings)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    read(qtbot, page)
    return page


def read(qtbot, page: PracticePage) -> None:
    page.reload()
    settle(qtbot, page)


def settle(qtbot, page: PracticePage) -> None:
    qtbot.waitUntil(lambda: not page.reading and page.report is not None, timeout=10_000)


def number(page: PracticePage, kind: FigureKind, key: str = "") -> str:
    item = page.figure_item(Figure(kind, key))
    assert item is not None, (kind, key)
    return item.text(1)


def records(page: PracticePage, kind: FigureKind, key: str = "") -> list:
    page.select_figure(Figure(kind, key))
    return page.shown_records()


def shown_ids(page: PracticePage, kind: FigureKind, key: str = "") -> set[int]:
    return {row.id for row in records(page, kind, key)}


def column_text(page: PracticePage, header: str) -> list[str]:
    table = page.records_table()
    assert table is not None
    model = table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    column = headers.index(header)
    return [model.index(row, column).data() for row in range(model.rowCount())]


def categories(page: PracticePage) -> dict[str, str]:
    return {c.label: number(page, FigureKind.CATEGORY, c.value) for c in Category}


def bars(page: PracticePage) -> dict[str, float]:
    """Each category's bar, as a share of the longest."""
    return {
        c.label: page.figure_item(Figure(FigureKind.CATEGORY, c.value)).data(1, BAR_ROLE)
        for c in Category
    }


def test_the_page_says_it_is_private(qtbot, db, settings):
    page = PracticePage(db, settings)
    qtbot.addWidget(page)
    assert page.title_label.text() == "Your practice"
    text = page.private_label.text()
    assert "for you, the coach, only" in text
    assert "never printed with client material" in text


def test_the_figures_match_the_hand_computed_practice(qtbot, db, settings, practice):
    page = open_page(qtbot, db, settings)
    assert page.period_combo.currentText() == "Last 90 days"
    assert page.from_edit.date().toPython() == ago(89)
    assert page.to_edit.date().toPython() == T

    assert number(page, FigureKind.BREACHES) == "4"
    assert categories(page) == {
        "Character": "1",
        "Commitment": "2",
        "Competence": "0",
        "Connection": "0",
        "Communication": "1",
    }
    # Counted once, in the tree; each count's bar in proportion to the largest.
    assert bars(page) == {
        "Character": 0.5,
        "Commitment": 1.0,
        "Competence": 0.0,
        "Connection": 0.0,
        "Communication": 0.5,
    }
    triggers = page.figure_item(Figure(FigureKind.TRIGGERS))
    assert [(triggers.child(n).text(0), triggers.child(n).text(1)) for n in range(4)] == [
        ("Starting and ending on time", "2"),
        ("Third parties, sponsors or reports", "1"),
        ("Promised material or follow-up", "1"),
        ("Someone else joins", "1"),
    ]
    assert number(page, FigureKind.REPAIRS) == "7 days"  # median of 4 and 10
    assert number(page, FigureKind.REPAIRED, "mean") == "7 days"
    assert number(page, FigureKind.REPAIRED) == "2"
    assert number(page, FigureKind.STILL_OPEN) == "2"
    assert number(page, FigureKind.PROMISES) == "67% kept"
    assert (number(page, FigureKind.KEPT), number(page, FigureKind.MISSED)) == ("2", "1")
    assert number(page, FigureKind.OPEN_PROMISES) == "1"
    assert number(page, FigureKind.CALIBRATION) == "gap −0.5"
    assert number(page, FigureKind.CALIBRATION, "expected") == "4.2"
    assert number(page, FigureKind.CALIBRATION, "reported") == "3.7"
    assert number(page, FigureKind.FALLING) == "1"
    assert number(page, FigureKind.FALLING_CLIENT, str(practice["ada"])) == "4.0 → 2.5"

    sentence = (
        "On average you expected 4.2 and clients reported 3.7 (gap −0.5) over 6 sessions' "
        "feedback. You expect more than your clients feel."
    )
    assert page.summary_label.text() == sentence + "\n⚠ Scores falling: Ada Brown."
    page.select_figure(Figure(FigureKind.REPAIRS))
    assert page.records_sentence.text() == (
        "2 breaches repaired: 7 days from breach to repair at the median, 7 days on average; "
        "2 still open."
    )
    page.select_figure(Figure(FigureKind.PROMISES))
    assert page.records_sentence.text() == (
        "You kept 2 of the 3 promises that came due and were settled (67%); 1 missed, 1 still open."
    )
    page.select_figure(Figure(FigureKind.CALIBRATION))
    assert page.records_sentence.text() == sentence


def test_each_figure_lists_exactly_the_records_behind_it(qtbot, db, settings, practice):
    page = open_page(qtbot, db, settings)
    p = practice
    assert page.figures.currentItem() is page.figure_item(Figure(FigureKind.BREACHES))
    assert {r.id for r in page.shown_records()} == {p["b1"], p["b2"], p["b3"], p["b4"]}

    assert shown_ids(page, FigureKind.CATEGORY, "commitment") == {p["b1"], p["b4"]}
    assert [r.id for r in page.shown_records()] == [p["b1"], p["b4"]]  # newest first
    assert column_text(page, "Client") == ["Ada Brown", "Ada Brown"]
    assert column_text(page, "What mattered") == ["“Start on time”", "“Start on time”"]
    assert column_text(page, "Category") == ["Commitment", "Commitment"]
    assert column_text(page, "Repair") == ["Repaired in 4 days", "Acknowledged"]
    assert shown_ids(page, FigureKind.CATEGORY, "competence") == set()
    assert page.records_table() is None
    assert page.records_empty.text() == "No breaches of competence in this period."

    assert shown_ids(page, FigureKind.TRIGGER, "timekeeping") == {p["b1"], p["b4"]}
    assert shown_ids(page, FigureKind.TRIGGER, "guests") == {p["b2"]}
    assert page.records_sentence.text() == (
        "1 breach of matters with the trigger “someone else joins”."
    )
    assert shown_ids(page, FigureKind.TRIGGERS) == {p["b1"], p["b2"], p["b3"], p["b4"]}
    assert shown_ids(page, FigureKind.REPAIRS) == {p["b1"], p["b2"]}
    assert sorted(column_text(page, "Repair")) == ["Repaired in 10 days", "Repaired in 4 days"]
    assert shown_ids(page, FigureKind.STILL_OPEN) == {p["b3"], p["b4"]}

    assert shown_ids(page, FigureKind.PROMISES) == {p["p1"], p["p2"], p["p3"], p["p4"]}
    assert shown_ids(page, FigureKind.KEPT) == {p["p1"], p["p4"]}
    assert column_text(page, "Promise") == ["p1 promised", "p4 promised"]
    assert column_text(page, "Status") == ["Kept", "Kept"]
    assert shown_ids(page, FigureKind.MISSED) == {p["p2"]}
    assert column_text(page, "Client") == ["Ben Cole"]
    assert shown_ids(page, FigureKind.OPEN_PROMISES) == {p["p3"]}

    calibrated = records(page, FigureKind.CALIBRATION)
    assert [row.session_id for row in calibrated] == [
        p["ada7"],
        p["ben20"],
        p["ada30"],
        p["ada45"],
        p["ben50"],
        p["ada60"],
    ]
    assert column_text(page, "You expected")[:2] == ["4 · 4", "4 · 4"]
    assert column_text(page, "They reported")[:2] == ["2 · 2", "5 · 5"]
    assert column_text(page, "Gap")[:2] == ["−2.0", "+1.0"]
    assert column_text(page, "Their words")[:2] == ["“ada7 said”", "“ben20 said”"]

    falling = records(page, FigureKind.FALLING)
    assert [row.client_id for row in falling] == [p["ada"]]
    assert column_text(page, "Before") == ["4.0"]
    assert column_text(page, "Recent") == ["2.5"]
    assert column_text(page, "Change") == ["−1.5"]
    ada = records(page, FigureKind.FALLING_CLIENT, str(p["ada"]))
    assert {row.session_id for row in ada} == {
        p["ada60"],
        p["ada45"],
        p["ada30"],
        p["ada14"],
        p["ada7"],
    }


def test_changing_the_period_changes_the_figures(qtbot, db, settings, practice):
    page = open_page(qtbot, db, settings)
    p = practice

    page.period_combo.setCurrentIndex(page.period_combo.findText("Last 30 days"))
    settle(qtbot, page)
    assert page.report.period.start == ago(29)
    assert bars(page) == {
        "Character": 1.0,
        "Commitment": 1.0,
        "Competence": 0.0,
        "Connection": 0.0,
        "Communication": 1.0,
    }
    assert number(page, FigureKind.BREACHES) == "3"  # b4 (T-30) is a day too old
    assert number(page, FigureKind.STILL_OPEN) == "1"
    assert number(page, FigureKind.PROMISES) == "100% kept"
    assert (number(page, FigureKind.KEPT), number(page, FigureKind.OPEN_PROMISES)) == ("2", "1")
    assert number(page, FigureKind.CALIBRATION, "expected") == "4.0"
    assert number(page, FigureKind.CALIBRATION, "reported") == "3.5"
    assert len(records(page, FigureKind.CALIBRATION)) == 2

    page.period_combo.setCurrentIndex(page.period_combo.findText("Last 12 months"))
    settle(qtbot, page)
    assert number(page, FigureKind.BREACHES) == "5"
    assert categories(page)["Communication"] == "2" and bars(page)["Communication"] == 1.0
    assert number(page, FigureKind.TRIGGER, "follow_up") == "2"
    assert number(page, FigureKind.REPAIRS) == "10 days"  # 4, 10, 20
    assert number(page, FigureKind.REPAIRED, "mean") == "11.3 days"
    assert number(page, FigureKind.PROMISES) == "75% kept"  # 3 kept, 1 missed

    # Chosen dates, both ends included: b4 on the first day, b1 on the last.
    page.from_edit.setDate(ago(30))
    page.to_edit.setDate(ago(10))
    assert page.period_combo.currentText() == "Chosen dates"
    settle(qtbot, page)
    qtbot.waitUntil(lambda: page.report.period.end == ago(10))
    assert (page.report.period.start, page.report.period.end) == (ago(30), ago(10))
    assert shown_ids(page, FigureKind.BREACHES) == {p["b1"], p["b2"], p["b4"]}
    assert shown_ids(page, FigureKind.PROMISES) == {p["p4"]}

    # The chosen period is remembered.
    page.save_state()
    again = open_page(qtbot, db, settings)
    assert again.period_combo.currentText() == "Chosen dates"
    assert (again.report.period.start, again.report.period.end) == (ago(30), ago(10))


def test_dates_the_wrong_way_round_are_explained(qtbot, db, settings, practice):
    page = open_page(qtbot, db, settings)
    page.set_period(ago(5), ago(20))
    assert not page.reading
    assert page.problem_label.isVisible()
    assert "starts after it ends" in page.problem_label.text()
    assert page.report is None and page.figures.topLevelItemCount() == 0
    page.set_period(ago(20), ago(5))
    settle(qtbot, page)
    assert not page.problem_label.isVisible()
    assert number(page, FigureKind.BREACHES) == "3"  # b1, b2, b3


def test_activating_a_record_opens_its_client(qtbot, db, settings, practice):
    page = open_page(qtbot, db, settings)
    page.select_figure(Figure(FigureKind.MISSED))
    page.figures.setFocus()
    qtbot.keyClick(page.figures, Qt.Key.Key_Return)  # from the figure to its records
    table = page.records_table()
    assert table.currentIndex().row() == 0
    with qtbot.waitSignal(page.open_client) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened.args == [practice["ben"]]

    page.select_figure(Figure(FigureKind.FALLING))
    table = page.records_table()
    cell = table.visualRect(table.model().index(0, 1)).center()
    with qtbot.waitSignal(page.open_client) as opened:
        # A double-click as the platform sees it: a click, then the second press.
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert opened.args == [practice["ada"]]


def test_an_empty_practice_says_what_to_do_not_a_wall_of_zeros(qtbot, db, settings):
    page = open_page(qtbot, db, settings)
    assert page.showing_empty_state()
    assert page.empty_state.isVisible() and not page.figures.isVisible()
    assert page.empty_heading.text() == "Nothing to count in this period"
    words = page.empty_text.text()
    for step in ("Log breach…", "New promise…", "Record feedback…", "All time"):
        assert step in words
    assert not page.summary_label.isVisible()  # no "No feedback…" line above it either
    assert page.all_time_button.isVisible()
    page.all_time_button.click()
    settle(qtbot, page)
    assert page.preset() == "all" and page.showing_empty_state()
    assert page.empty_heading.text() == "Nothing to count yet"
    assert "All time" not in page.empty_text.text()
    assert not page.all_time_button.isVisible()


def test_a_quiet_period_of_a_busy_practice_offers_all_time(qtbot, db, settings, practice):
    page = open_page(qtbot, db, settings)
    assert not page.showing_empty_state()
    page.set_period(ago(300), ago(250))  # nothing recorded then
    settle(qtbot, page)
    assert page.showing_empty_state() and page.all_time_button.isVisible()
    page.all_time_button.click()
    settle(qtbot, page)
    assert not page.showing_empty_state() and page.figures.isVisible()
    assert number(page, FigureKind.BREACHES) == "5"


def test_a_period_with_one_breach_says_what_each_empty_figure_needs(qtbot, db, settings, practice):
    page = open_page(qtbot, db, settings)
    page.set_period(ago(125), ago(110))  # b5 only: no promise due, no feedback
    settle(qtbot, page)
    assert not page.showing_empty_state()
    assert number(page, FigureKind.BREACHES) == "1"
    page.select_figure(Figure(FigureKind.CATEGORY, Category.CHARACTER.value))
    assert page.records_table() is None
    assert page.records_empty.text() == "No breaches of character in this period."
    page.select_figure(Figure(FigureKind.CALIBRATION))
    assert "Record feedback…" in page.records_empty.text()
    page.select_figure(Figure(FigureKind.PROMISES))
    assert "New promise…" in page.records_empty.text()
    assert number(page, FigureKind.PROMISES) == "–"
    assert bars(page)["Communication"] == 1.0 and bars(page)["Character"] == 0.0


def test_a_file_that_cannot_be_read_is_a_plain_message(qtbot, db, settings, practice):
    page = open_page(qtbot, db, settings)
    db.close()
    db.path.write_bytes(b"this is not a CoachDesk file" * 200)
    page.reload()
    qtbot.waitUntil(lambda: not page.reading)
    assert page.problem_label.isVisible()
    text = page.problem_label.text()
    assert text.startswith("⚠ Your figures could not be read.")
    assert "is not a database file" in text
    assert "Traceback" not in text and "DatabaseError" not in text
    assert page.report is None and page.figures.topLevelItemCount() == 0


def test_the_demo_practice_fills_every_figure(qtbot, db, settings):
    from coachdesk.demo import generate_demo

    generate_demo(db, "demo")
    page = open_page(qtbot, db, settings)
    report = page.report
    assert report.breaches and report.calibration is not None and report.falling
    assert sum(int(count) for count in categories(page).values()) == len(report.breaches)
    assert max(bars(page).values()) == 1.0
    assert not page.problem_label.isVisible()
    figures = []
    pending = [page.figures.topLevelItem(n) for n in range(page.figures.topLevelItemCount())]
    while pending:
        item = pending.pop()
        pending.extend(item.child(n) for n in range(item.childCount()))
        figure = item.data(0, FIGURE_ROLE)
        if figure is not None:
            figures.append(figure)
    assert len(figures) >= 20
    for figure in figures:
        page.select_figure(figure)
        expected = drill(report, figure).rows
        assert len(page.shown_records()) == len(expected), figure
        assert page.records_heading.text()


def test_a_period_chosen_while_reading_wins(qtbot, db, settings, practice):
    page = open_page(qtbot, db, settings)
    page.choose_preset("30d")
    assert page.reading and page.reading_label.isVisibleTo(page)
    page.choose_preset("12m")  # before the first read is back
    settle(qtbot, page)
    assert not page.reading_label.isVisibleTo(page)
    assert page.report.period.start < ago(300)
    assert number(page, FigureKind.BREACHES) == "5"


class _Marking(QTranslator):
    """Marks every text of the "practice" context, to see which ones were translated."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return f"⟦{source}⟧" if context == "practice" else None


def test_every_sentence_of_the_figures_goes_through_translation(qtbot, db, settings):
    from coachdesk.demo import generate_demo

    generate_demo(db, "demo")
    page = open_page(qtbot, db, settings)
    figures = []
    pending = [page.figures.topLevelItem(n) for n in range(page.figures.topLevelItemCount())]
    while pending:
        item = pending.pop()
        pending.extend(item.child(n) for n in range(item.childCount()))
        if (figure := item.data(0, FIGURE_ROLE)) is not None:
            figures.append(figure)
    marking = _Marking()
    QCoreApplication.installTranslator(marking)
    try:
        texts = [summary(page.report)]
        for figure in figures:
            found = drill(page.report, figure)
            texts += [found.sentence, found.empty]
            if figure.kind is not FigureKind.FALLING_CLIENT:  # headed by the client's name
                texts.append(found.heading)
        for all_time in (True, False):
            texts += empty_words(all_time)
    finally:
        QCoreApplication.removeTranslator(marking)
    assert [text for text in texts if not text.startswith("⟦")] == []


def test_each_category_bar_is_drawn_beside_its_count(qtbot, db, settings, practice):
    from PySide6.QtGui import QPalette

    page = open_page(qtbot, db, settings)
    page.select_figure(Figure(FigureKind.TRIGGERS))  # no category row highlighted
    tree = page.figures
    image = tree.viewport().grab().toImage()
    highlight = tree.palette().color(QPalette.ColorRole.Highlight)

    def bar_pixels(category: Category) -> int:
        item = page.figure_item(Figure(FigureKind.CATEGORY, category.value))
        cell = tree.visualItemRect(item)
        cell.setLeft(tree.header().sectionPosition(1))
        return sum(
            1
            for x in range(cell.left(), cell.right())
            if image.pixelColor(x, cell.center().y()) == highlight
        )

    longest = bar_pixels(Category.COMMITMENT)  # 2 breaches
    assert longest > 20
    assert bar_pixels(Category.CHARACTER) == pytest.approx(longest / 2, abs=2)  # 1 breach
    assert bar_pixels(Category.COMPETENCE) == 0


def test_every_kind_of_figure_has_the_records_behind_it():
    from coachdesk.ui.pages.practice import figures

    assert set(figures._DRILLS) == set(FigureKind)


def test_the_share_of_items_honoured_when_they_came_up(qtbot, db, settings):
    from coachdesk.domain.vocab import HonourOutcome
    from coachdesk.storage.review import Answer, ReviewData, save_review

    client = create_client(db, ClientData(name="Ada Brown"))
    guests = create_matter(db, MatterData(client, "Tell me ahead if someone joins"))
    names = create_matter(db, MatterData(client, "Remember my children's names"))
    sessions = []
    for days, outcome in ((20, HonourOutcome.HONOURED), (10, HonourOutcome.HONOURED), (3, None)):
        start = datetime.combine(ago(days), time(10)).astimezone()
        session_id = create_session(db, SessionData(client, start))
        set_session_status(db, session_id, SessionStatus.HELD)
        answers = [Answer(names, HonourOutcome.NOT_RELEVANT, fired=True)]
        answers.append(Answer(guests, outcome or HonourOutcome.MISSED, fired=True))
        save_review(db, ReviewData(session_id, start.date(), answers=tuple(answers)))
        sessions.append(session_id)
    page = open_page(qtbot, db, settings)

    assert number(page, FigureKind.HONOUR) == "67% honoured"
    assert (number(page, FigureKind.HONOURED), number(page, FigureKind.NOT_HONOURED)) == (
        "2",
        "1",
    )
    page.select_figure(Figure(FigureKind.HONOUR))
    assert page.records_sentence.text() == (
        "Of the 3 times something that matters to a client came up in a session and your "
        "review answered for it, you honoured 2 (67%)."
    )
    assert column_text(page, "Your review") == ["Missed", "Honoured", "Honoured"]  # newest first
    assert column_text(page, "What matters to them") == ["“Tell me ahead if someone joins”"] * 3
    assert {row.session_id for row in records(page, FigureKind.NOT_HONOURED)} == {sessions[2]}
