"""Every move of a session, recording consent, who brought a guest, an item's language, and
whether a client's private notes may be printed.

The first move each moved session already has (``original_start``) is carried over as
one row of ``session_moves``: from the first planned start to the current one, moved
when the session was last changed, confirmed when the new time was confirmed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 23:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_moves",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("from_start", sa.DateTime(), nullable=False),
        sa.Column("to_start", sa.DateTime(), nullable=False),
        sa.Column("moved_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["coaching_sessions.id"],
            name=op.f("fk_session_moves_session_id_coaching_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_moves")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("session_moves", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_moves_session_id"), ["session_id"], unique=False
        )
    op.execute(
        "INSERT INTO session_moves"
        " (session_id, from_start, to_start, moved_at, confirmed_at, created_at, updated_at)"
        " SELECT id, original_start, start, updated_at, reschedule_confirmed_at,"
        " updated_at, updated_at"
        " FROM coaching_sessions WHERE original_start IS NOT NULL ORDER BY id"
    )

    with op.batch_alter_table("coaching_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recording_consent_at", sa.DateTime(), nullable=True))
    # A new CHECK rebuilds the table: keep AUTOINCREMENT, and the highest id ever handed out.
    highest = (
        op.get_bind()
        .exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = 'guests'")
        .scalar()
    )
    with op.batch_alter_table(
        "guests", schema=None, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.add_column(
            sa.Column("brought_by", sa.String(length=16), server_default="coach", nullable=False)
        )
        batch_op.create_check_constraint(
            "brought_by", "brought_by IN ('coach', 'client', 'sponsor')"
        )
    if highest is not None:
        op.execute(
            f"UPDATE sqlite_sequence SET seq = max(seq, {int(highest)}) WHERE name = 'guests'"
        )
    with op.batch_alter_table("matters", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=8), server_default="", nullable=False)
        )
    with op.batch_alter_table("clients", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column(
                "print_private_notes", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("print_private_notes")
    with op.batch_alter_table("matters", schema=None) as batch_op:
        batch_op.drop_column("language")
    with op.batch_alter_table("guests", schema=None) as batch_op:
        batch_op.drop_constraint("ck_guests_brought_by", type_="check")
        batch_op.drop_column("brought_by")
    with op.batch_alter_table("coaching_sessions", schema=None) as batch_op:
        batch_op.drop_column("recording_consent_at")
    with op.batch_alter_table("session_moves", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_moves_session_id"))
    op.drop_table("session_moves")
