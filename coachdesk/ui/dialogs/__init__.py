"""Every dialog of the app.  Editing dialogs build on ``forms`` (validation as you type)
and share their fields through ``record_fields``."""
