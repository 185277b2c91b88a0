"""``ImportRefused``: why a file or document cannot be imported (nothing was written)."""

from __future__ import annotations

from collections.abc import Sequence

from coachdesk.domain.refusal import Refusal

MAX_PROBLEMS = 20
"""An import refused lists at most this many problems (and says how many more there were)."""


class ImportRefused(Refusal):
    """A file or document that cannot be imported; nothing was written.

    ``problems`` are plain sentences, each starting with the place it concerns
    (``clients[3].sessions[12].start: …`` in a JSON document, ``row 7, email: …``
    in a spreadsheet, or the file itself).  At most ``MAX_PROBLEMS`` are kept;
    ``total`` counts them all.
    """

    def __init__(self, problems: Sequence[str], total: int | None = None) -> None:
        self.problems = tuple(problems[:MAX_PROBLEMS]) or ("the file cannot be imported",)
        self.total = max(total or len(problems), len(self.problems))
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The first problem, and how many more there are."""
        more = self.total - 1
        return self.problems[0] + (f" (and {more} more problem{'s' * (more > 1)})" if more else "")

    def describe(self) -> str:
        """Every kept problem on its own line, and how many more there were."""
        lines = list(self.problems)
        if self.total > len(self.problems):
            lines.append(f"… and {self.total - len(self.problems)} more")
        return "\n".join(lines)
