"""Record when the coach confirmed a moved session's new time with the client.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 05:34:37.188839
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coaching_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reschedule_confirmed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("coaching_sessions", schema=None) as batch_op:
        batch_op.drop_column("reschedule_confirmed_at")
