"""CoachDesk: a desktop app for solo coaches.

This module is the one source of the application's name and version, read by
pyproject (hatch), the PyInstaller spec and the About box.
"""

APP_NAME = "CoachDesk"
__version__ = "0.1.0"
