"""How much notice an item needs, a client's time zone, and the confirmation of a session's
time with a client whose clocks change before it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (no table rebuilt): the search index's triggers stay as they are.
    with op.batch_alter_table("matters", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("notice", sa.String(length=64), server_default="", nullable=False)
        )
    op.create_index(
        "ix_matters_notice", "matters", ["notice"], sqlite_where=sa.text("notice != ''")
    )
    with op.batch_alter_table("clients", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("time_zone", sa.String(length=64), server_default="", nullable=False)
        )
    with op.batch_alter_table("coaching_sessions", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("clocks_confirmed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("coaching_sessions", schema=None) as batch_op:
        batch_op.drop_column("clocks_confirmed_at")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("time_zone")
    op.drop_index("ix_matters_notice", table_name="matters")
    with op.batch_alter_table("matters", schema=None) as batch_op:
        batch_op.drop_column("notice")
