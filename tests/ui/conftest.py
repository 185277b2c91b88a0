"""The window's tests never start another program: opening a file or a folder "with the
system" (``QDesktopServices.openUrl``) fails the test unless the test gave the result bar
an opener of its own."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


@pytest.fixture(autouse=True)
def _no_program_is_started(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(url: QUrl) -> bool:
        raise AssertionError(f"a test asked the system to open {url.toString()}")

    monkeypatch.setattr(QDesktopServices, "openUrl", refuse)
