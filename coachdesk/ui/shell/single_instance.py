"""Bringing the open CoachDesk window forward when the coach starts a second one.

The data folder's lock (``storage.lock``) decides who may write; this is only
the courtesy on top: the first instance listens on a local socket named after
its data folder, and a second instance that finds the lock taken asks it to
raise its window, then exits.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"
CONNECT_TIMEOUT_MS = 1000


def server_name(data_dir: Path) -> str:
    """A name unique to this user and data folder (local socket names are per machine)."""
    key = f"{getpass.getuser()}:{data_dir.resolve()}".encode()
    return "coachdesk-" + hashlib.sha256(key).hexdigest()[:20]


class InstanceServer(QObject):
    """Listens for a second instance; ``activate`` asks the window to come forward."""

    activate = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_connection)

    def listen(self) -> bool:
        # Only the lock holder calls this, so a leftover socket is a crashed instance's.
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            self.activate.emit()
        socket.disconnectFromServer()


def bring_forward(data_dir: Path) -> bool:
    """Ask the CoachDesk open on ``data_dir`` to raise its window; True when it heard."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(RAISE)
    delivered = socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return delivered
