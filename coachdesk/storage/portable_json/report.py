"""What a CoachDesk import wrote, and what it left out and why: ``ImportReport``
(with its ``ImportCounts``), shared by the JSON and the CSV import."""

from __future__ import annotations

from dataclasses import dataclass

NOTES_SHOWN = 20


@dataclass(frozen=True)
class ImportCounts:
    clients: int = 0
    sessions: int = 0
    guests: int = 0
    matters: int = 0
    breaches: int = 0
    promises: int = 0
    feedback: int = 0

    def describe(self) -> str:
        """ "3 clients, 1 session, 12 things that matter" (what is not zero), or "nothing"."""
        parts = [
            f"{count:,} {one if count == 1 else many}"
            for count, one, many in (
                (self.clients, "client", "clients"),
                (self.sessions, "session", "sessions"),
                (self.guests, "guest", "guests"),
                (self.matters, "thing that matters", "things that matter"),
                (self.breaches, "breach", "breaches"),
                (self.promises, "promise", "promises"),
                (self.feedback, "feedback record", "feedback records"),
            )
            if count
        ]
        return ", ".join(parts) or "nothing"


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote, and what it left out and why."""

    added: ImportCounts
    skipped: tuple[str, ...] = ()  # duplicate clients left out (no merge)
    merged: tuple[str, ...] = ()  # duplicate clients whose records were added to the existing one
    already_there: int = 0  # records a merge found already present
    notes: tuple[str, ...] = ()
    mergeable: bool = True  # the import offers to merge duplicates (JSON does, CSV does not)

    def summary(self) -> str:
        """What happened, in a few lines for the coach."""
        lines = [f"Imported {self.added.describe()}."]
        if self.skipped:
            lines.append(
                f"Skipped {_clients(len(self.skipped))} already in CoachDesk (same name and "
                f"email): {_names(self.skipped)}."
                + (" Import with merge to add their records to them." if self.mergeable else "")
            )
        if self.merged:
            lines.append(
                f"Merged into the existing clients: {_names(self.merged)} "
                f"({_records_there(self.already_there)})."
            )
        lines += self.notes[:NOTES_SHOWN]
        if len(self.notes) > NOTES_SHOWN:
            lines.append(f"… and {len(self.notes) - NOTES_SHOWN:,} more notes")
        return "\n".join(lines)


def _clients(count: int) -> str:
    return "1 client" if count == 1 else f"{count:,} clients"


def _records_there(count: int) -> str:
    return "1 record was already there" if count == 1 else f"{count:,} records were already there"


def _names(names: tuple[str, ...], shown: int = 10) -> str:
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more:,} more" if more > 0 else "")
