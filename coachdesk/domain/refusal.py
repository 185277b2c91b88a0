"""The one base of every refusal: something the coach asked for that cannot be done as
asked (a rule broken, a file that cannot be imported, a demo over real clients), with
nothing written.  ``message`` says why, in plain words; callers catch ``Refusal`` once
instead of a tuple of kinds.  Problems with the data file itself are
``storage.errors.StorageError``; anything else is a bug and reaches the crash dialog."""

from __future__ import annotations


class Refusal(ValueError):
    """A request refused with a message for the coach."""

    @property
    def message(self) -> str:
        return str(self)
