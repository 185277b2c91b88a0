"""Make the pictures in docs/screenshots/ from the demo practice, offscreen.

    .venv/bin/python docs/screenshots.py [OUTPUT FOLDER]

Each view (Today, a client's What matters and Breaches tabs, the prep panel, the feedback
dialog, Your practice) at 1024×640 and 1920×1080, in a light and a dark palette (Qt's Fusion
style, as a dark desktop theme gives it), and the printed prep sheet of the demo's seed
session.  Every theme runs in a process of its own, on a demo practice in a temporary data
folder: nothing of the coach's is read or written.  The images are the window as drawn; a
view whose words would be cut shows that here first.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = ((1024, 640), (1920, 1080))
THEMES = ("light", "dark")


def _palette(theme: str):
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    if theme == "light":
        return palette
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#2b2b2b"),
        (roles.WindowText, "#e6e6e6"),
        (roles.Base, "#1f1f1f"),
        (roles.AlternateBase, "#2a2a2a"),
        (roles.ToolTipBase, "#3a3a3a"),
        (roles.ToolTipText, "#e6e6e6"),
        (roles.Text, "#e6e6e6"),
        (roles.Button, "#353535"),
        (roles.ButtonText, "#e6e6e6"),
        (roles.BrightText, "#ff6b6b"),
        (roles.Highlight, "#3d7bd9"),
        (roles.HighlightedText, "#ffffff"),
        (roles.PlaceholderText, "#9a9a9a"),
        (roles.Link, "#8ab4f8"),
    ):
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.Text, QColor("#7a7a7a"))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.WindowText, QColor("#7a7a7a"))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.ButtonText, QColor("#7a7a7a"))
    return palette


def shoot(theme: str, output: Path) -> None:
    """Every view in ``theme``, at each size, into ``output`` (runs in its own process)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QEventLoop, QSize, Qt
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QApplication, QWidget

    from coachdesk.app import open_settings
    from coachdesk.demo import generate_demo
    from coachdesk.demo.curated import SEED_CLIENT_NAME, SEED_GUEST_NAME
    from coachdesk.domain.vocab import DEFAULT_FEEDBACK_QUESTIONS, SessionStatus
    from coachdesk.paths import AppPaths
    from coachdesk.storage.client_list import list_clients
    from coachdesk.storage.database import open_database
    from coachdesk.storage.sessions import list_sessions
    from coachdesk.ui.dialogs.feedback import FeedbackDialog
    from coachdesk.ui.dialogs.prep import PrepDialog
    from coachdesk.ui.dialogs.search.box import SearchBox
    from coachdesk.ui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    app.setStyle("Fusion")
    app.setPalette(_palette(theme))
    with tempfile.TemporaryDirectory() as folder:
        paths = AppPaths.under(Path(folder))
        paths.ensure()
        db = open_database(paths.database, paths.backup_dir)
        generate_demo(db, "demo")
        dan = next(c.id for c in list_clients(db) if c.name == SEED_CLIENT_NAME)
        sessions = list_sessions(db, client_id=dan)
        guest_session = next(
            s.id
            for s in sessions
            if s.status is SessionStatus.PLANNED
            and any(g.name == SEED_GUEST_NAME for g in s.guests)
        )
        held = max((s for s in sessions if s.status is SessionStatus.HELD), key=lambda s: s.start)

        def settle() -> None:
            for _ in range(5):
                app.processEvents()
                app.sendPostedEvents(None, QEvent.Type.DeferredDelete)

        def save(widget: QWidget, name: str, width: int, height: int) -> None:
            widget.resize(width, height)
            widget.show()
            settle()
            widget.grab().save(str(output / f"{name}-{width}x{height}-{theme}.png"))

        def save_over(
            dialog: QWidget, name: str, width: int, height: int, size: QSize | None = None
        ) -> None:
            """``dialog`` over the window, as on a screen of that size: at ``size`` or its
            own size, within the screen (the offscreen screen is smaller than both)."""
            dialog.show()
            settle()
            hint = size or dialog.size().expandedTo(dialog.minimumSizeHint())
            dialog.resize(min(hint.width(), width - 40), min(hint.height(), height - 40))
            settle()
            picture = window.grab()
            painter = QPainter(picture)
            painter.fillRect(picture.rect(), QColor(0, 0, 0, 90))
            face = dialog.grab()
            left, top = (width - face.width()) // 2, (height - face.height()) // 2
            painter.fillRect(left - 1, top - 1, face.width() + 2, face.height() + 2, Qt.black)
            painter.drawPixmap(left, top, face)
            painter.end()
            picture.save(str(output / f"{name}-{width}x{height}-{theme}.png"))
            dialog.close()

        window = MainWindow(paths, open_settings(paths), automatic_backups=False)
        window.attach_database(db)
        for width, height in SIZES:
            window.show_client(dan)
            page = window.client_page
            assert page is not None
            for tab, name in ((page.matters_tab, "what-matters"), (page.breaches_tab, "breaches")):
                page.tabs.setCurrentWidget(tab)
                save(window, name, width, height)
            window.go_practice()
            practice = window.practice_page
            while practice is not None and practice.reading:  # read off the GUI thread
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
            save(window, "practice", width, height)
            window.go_today()
            save(window, "today", width, height)
            box = SearchBox(db, window)
            box.edit.setText("board")
            box.run()
            save_over(box, "search", width, height, box.size())
            prep = PrepDialog(db, guest_session, window)
            save_over(prep, "prep-panel", width, height, QSize(1200, 900))  # it opens wide
            feedback = FeedbackDialog(db, held, "Dan", DEFAULT_FEEDBACK_QUESTIONS, window)
            save_over(feedback, "feedback", width, height)
        window.close()
        db.close()
        if theme == "light":
            _sheet(paths, guest_session, output)
        app.processEvents()


def _sheet(paths, session_id: int, output: Path) -> None:  # noqa: ANN001
    """The printed prep sheet, through the command line, rendered as the page looks."""
    pdf = output / "prep-sheet.pdf"
    command = [sys.executable, "-m", "coachdesk", "prep", str(session_id), "--pdf", str(pdf)]
    command += ["--plain", "--data-dir", str(paths.data_dir)]
    subprocess.run(command, check=True, capture_output=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(output / "prep-sheet")],
        check=True,
    )
    pdf.unlink()


def main() -> int:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    output.mkdir(parents=True, exist_ok=True)
    if len(sys.argv) > 2:  # the child: one theme
        shoot(sys.argv[2], output)
        return 0
    for theme in THEMES:
        subprocess.run([sys.executable, __file__, str(output), theme], check=True, cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
