"""Writes that can be undone.

Deletes: every row a delete removes is kept to be put back.  Tables use AUTOINCREMENT,
so an id is never handed out again and the rows can return under their old ids (and
every reference to them still holds).

Changes (a tick that sets a time, say): each column written keeps its value before and
after; ``revert`` puts the old values back and ``reapply`` the new ones, each only while
the row still holds what the other left there, so neither overwrites a later edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, ColumnElement, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from coachdesk.storage.database import Database
from coachdesk.storage.errors import ChangedMeanwhile, RecordNotFound
from coachdesk.storage.models import Base


@dataclass(frozen=True)
class Relink:
    """Rows whose ``column`` pointed at a deleted row and was set to NULL by the delete."""

    table: str
    column: str
    ids: tuple[int, ...]
    value: int


@dataclass(frozen=True)
class DeletedRows:
    """What one delete removed, table by table in insertion (parent first) order."""

    label: str
    rows: tuple[tuple[str, tuple[dict[str, Any], ...]], ...]
    relinks: tuple[Relink, ...] = ()

    def count(self, table: str) -> int:
        return sum(len(rows) for name, rows in self.rows if name == table)


def snapshot_and_delete(
    session: Session,
    label: str,
    plan: list[tuple[Table, ColumnElement[bool]]],
    set_null: list[tuple[Column[Any], int]] = (),  # type: ignore[assignment]
) -> DeletedRows:
    """Read every row ``plan`` selects (parents first), then delete the first table's rows.

    The first entry is the record being deleted; the others are what the
    database's ON DELETE CASCADE rules take with it.  ``set_null`` lists the
    (column, deleted id) pairs an ON DELETE SET NULL rule will clear, so undo
    can link those rows again.
    """
    relinks = tuple(
        Relink(
            table=column.table.name,
            column=column.name,
            ids=tuple(session.scalars(select(column.table.c.id).where(column == value))),
            value=value,
        )
        for column, value in set_null
    )
    rows = tuple(
        (
            table.name,
            tuple(dict(row._mapping) for row in session.execute(select(table).where(where))),
        )
        for table, where in plan
    )
    table, where = plan[0]
    session.execute(delete(table).where(where))
    return DeletedRows(label=label, rows=rows, relinks=relinks)


def restore(db: Database, deleted: DeletedRows) -> None:
    """Put back everything a delete removed, under the same ids."""
    tables = Base.metadata.tables
    with db.session() as session:
        for table_name, rows in deleted.rows:
            if rows:
                session.execute(insert(tables[table_name]), list(rows))
        for relink in deleted.relinks:
            table = tables[relink.table]
            if relink.ids:
                session.execute(
                    update(table)
                    .where(table.c.id.in_(relink.ids))
                    .values({relink.column: relink.value})
                )


@dataclass(frozen=True)
class Change:
    """One column of one row: what it held before a write and what the write put there."""

    table: str
    row_id: int
    column: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ChangedRows:
    """What one write changed, in the order it changed it."""

    label: str
    changes: tuple[Change, ...]


def change(item: Base, column: str, value: Any) -> Change:
    """Set ``column`` of the mapped ``item`` to ``value`` and say what it held before."""
    before = getattr(item, column)
    setattr(item, column, value)
    return Change(item.__tablename__, item.id, column, before, value)  # type: ignore[attr-defined]


def revert(db: Database, changed: ChangedRows) -> None:
    """Put back what ``changed`` replaced.  Raises ``ChangedMeanwhile`` (nothing written)
    when a row no longer holds what the write left, ``RecordNotFound`` when one is gone."""
    _put(db, changed, forward=False)


def reapply(db: Database, changed: ChangedRows) -> None:
    """Write ``changed`` again after a ``revert``; refused like ``revert``."""
    _put(db, changed, forward=True)


def _put(db: Database, changed: ChangedRows, *, forward: bool) -> None:
    tables = Base.metadata.tables
    with db.session() as session:
        for one in changed.changes if forward else reversed(changed.changes):
            table = tables[one.table]
            expected, value = (one.before, one.after) if forward else (one.after, one.before)
            found = session.execute(
                select(table.c[one.column]).where(table.c.id == one.row_id)
            ).first()
            if found is None:
                raise RecordNotFound(one.row_id)
            if found[0] != expected:
                raise ChangedMeanwhile(one.row_id)
            session.execute(
                update(table).where(table.c.id == one.row_id).values({one.column: value})
            )
