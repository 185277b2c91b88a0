"""Indexes for the Today page: overdue promises and open repairs.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 06:40:00
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.create_index("ix_commitments_status_due_on", ["status", "due_on"], unique=False)
    with op.batch_alter_table("breaches", schema=None) as batch_op:
        batch_op.create_index(
            "ix_breaches_repair_status_occurred_on", ["repair_status", "occurred_on"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("breaches", schema=None) as batch_op:
        batch_op.drop_index("ix_breaches_repair_status_occurred_on")
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.drop_index("ix_commitments_status_due_on")
