"""The yardstick for start-up: a bare PySide6 QMainWindow with a QTableView.

Prints the wall-clock time of its first paint to stderr, in the same format as
CoachDesk's ``COACHDESK_TRACE_STARTUP`` output, then quits.
"""

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print(f"coachdesk-trace first_paint {time.time():.6f}", file=sys.stderr, flush=True)
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


app = QApplication(sys.argv[:1])
window = QMainWindow()
model = QStandardItemModel(3, 3)
for row in range(3):
    for column in range(3):
        model.setItem(row, column, QStandardItem(f"{row},{column}"))
table = QTableView()
table.setModel(model)
window.setCentralWidget(table)
watcher = FirstPaint()
window.installEventFilter(watcher)
window.resize(1000, 700)
window.show()
sys.exit(app.exec())
