"""The full-text search index (``storage.search``): its FTS5 table, its triggers, and its
rows written from the records already there.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 12:00:00
"""

from alembic import op

from coachdesk.storage import search

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    search.rebuild(op.get_bind().connection.dbapi_connection)


def downgrade() -> None:
    search.drop(op.get_bind().connection.dbapi_connection)
