"""Deletes that can be undone: every row a delete removes is kept to be put back.

Tables use AUTOINCREMENT, so an id is never handed out again and the rows can
return under their old ids (and every reference to them still holds).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, ColumnElement, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from coachdesk.storage.database import Database
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
