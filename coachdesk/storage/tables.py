"""The practice's tables in the one order every bulk writer needs (parents before the
rows that point at them, read from the models' foreign keys), the next free id of each,
and the one bulk writer: the demo, the JSON and CSV imports and the client's record all
go by this module, so a new table is placed once."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from coachdesk.storage.models import Base

PARENT_FIRST: tuple[str, ...] = tuple(table.name for table in Base.metadata.sorted_tables)
"""Every table of the practice, each after the tables its foreign keys point to."""

WITH_IDS: tuple[str, ...] = tuple(
    name for name in PARENT_FIRST if "id" in Base.metadata.tables[name].columns
)
"""The tables whose rows have an id of their own (all but the item-trigger links)."""

CHUNK = 5_000  # rows per INSERT: SQLite binds each value, and big statements cost memory


def next_ids(session: Session) -> dict[str, int]:
    """The next id for each table: after any id ever handed out (AUTOINCREMENT never reuses
    one, so an undone delete can put rows back), inside the caller's write transaction."""
    used = dict.fromkeys(WITH_IDS, 0)
    for name, seq in session.execute(text("SELECT name, seq FROM sqlite_sequence")):
        if name in used:
            used[name] = int(seq or 0)
    for name in used:
        top = session.execute(text(f"SELECT max(id) FROM {name}")).scalar()
        used[name] = max(used[name], int(top or 0)) + 1
    return used


def insert_rows(
    session: Session,
    rows: Mapping[str, Sequence[dict[str, Any]]],
    written: Callable[[int], None] | None = None,
) -> None:
    """Insert prepared rows table by table, parents first, with Core bulk inserts of
    ``CHUNK`` rows; ``written(n)`` is told after each chunk of ``n`` rows."""
    for name in PARENT_FIRST:
        batch = rows.get(name, ())
        for start in range(0, len(batch), CHUNK):
            chunk = list(batch[start : start + CHUNK])
            session.execute(insert(Base.metadata.tables[name]), chunk)
            if written is not None:
                written(len(chunk))
