"""The after-session review's answer per item and session (honoured, missed, not relevant),
and an index for the sessions that have passed without being closed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "honour_checks",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("fired", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('honoured', 'missed', 'not_relevant')",
            name=op.f("ck_honour_checks_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["matters.id"],
            name=op.f("fk_honour_checks_matter_id_matters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["coaching_sessions.id"],
            name=op.f("fk_honour_checks_session_id_coaching_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_honour_checks")),
        sa.UniqueConstraint(
            "session_id", "matter_id", name=op.f("uq_honour_checks_session_id_matter_id")
        ),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("honour_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_honour_checks_matter_id"), ["matter_id"], unique=False)
    with op.batch_alter_table("coaching_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_coaching_sessions_status_start", ["status", "start"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("coaching_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_coaching_sessions_status_start")
    with op.batch_alter_table("honour_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_honour_checks_matter_id"))
    op.drop_table("honour_checks")
