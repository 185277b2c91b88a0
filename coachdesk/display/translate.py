"""Qt's translation for modules that are not QObjects (paper, module-level dialog code):
``_tr = translator("dossier")`` gives that module its ``_tr(text)``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication


def translator(context: str) -> Callable[[str], str]:
    """A function translating a text in ``context`` (the text itself without a translation)."""

    def tr(text: str) -> str:
        return QCoreApplication.translate(context, text)

    return tr
