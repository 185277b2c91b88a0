"""Initial schema: the whole domain model (docs/data-format.md names its records).

Revision ID: 0001
Revises:
Create Date: 2026-11-26 05:05:11.448521
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clients",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("preferred_name", sa.String(length=200), nullable=False),
        sa.Column("pronouns", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("phone", sa.String(length=64), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("private_notes", sa.Text(), nullable=False),
        sa.Column("usual_medium", sa.String(length=16), nullable=True),
        sa.Column("usual_location", sa.String(length=500), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('prospect', 'active', 'paused', 'ended')", name=op.f("ck_clients_status")
        ),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_clients_name_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "coaching_sessions",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("medium", sa.String(length=16), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("original_start", sa.DateTime(), nullable=True),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("private_notes", sa.Text(), nullable=False),
        sa.Column("recorded", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "medium IN ('in_person', 'video', 'phone')", name=op.f("ck_coaching_sessions_medium")
        ),
        sa.CheckConstraint(
            "status IN ('planned', 'held', 'cancelled', 'no_show')",
            name=op.f("ck_coaching_sessions_status"),
        ),
        sa.CheckConstraint(
            "duration_minutes > 0", name=op.f("ck_coaching_sessions_duration_positive")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_coaching_sessions_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coaching_sessions")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("coaching_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_coaching_sessions_client_start", ["client_id", "start"], unique=False
        )
        batch_op.create_index("ix_coaching_sessions_start", ["start"], unique=False)

    op.create_table(
        "commitments",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("owner", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("owner IN ('coach', 'client')", name=op.f("ck_commitments_owner")),
        sa.CheckConstraint(
            "status IN ('open', 'kept', 'missed')", name=op.f("ck_commitments_status")
        ),
        sa.CheckConstraint("length(trim(text)) > 0", name=op.f("ck_commitments_text_not_blank")),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_commitments_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["coaching_sessions.id"],
            name=op.f("fk_commitments_session_id_coaching_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitments_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_commitments_session_id"), ["session_id"], unique=False)

    op.create_table(
        "guests",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("client_informed_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_guests_name_not_blank")),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["coaching_sessions.id"],
            name=op.f("fk_guests_session_id_coaching_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guests")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("guests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guests_session_id"), ["session_id"], unique=False)

    op.create_table(
        "matters",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("importance", sa.Integer(), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("source_session_id", sa.Integer(), nullable=True),
        sa.Column("captured_on", sa.Date(), nullable=False),
        sa.Column("last_confirmed_on", sa.Date(), nullable=True),
        sa.Column("keep_off_printouts", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "category IN ('character', 'commitment', 'competence', 'connection', 'communication')",
            name=op.f("ck_matters_category"),
        ),
        sa.CheckConstraint("importance BETWEEN 1 AND 3", name=op.f("ck_matters_importance_range")),
        sa.CheckConstraint(
            "length(trim(statement)) > 0", name=op.f("ck_matters_statement_not_blank")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_matters_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_session_id"],
            ["coaching_sessions.id"],
            name=op.f("fk_matters_source_session_id_coaching_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matters")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("matters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_matters_client_id"), ["client_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_matters_source_session_id"), ["source_session_id"], unique=False
        )

    op.create_table(
        "pulse_checks",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("predicted_at", sa.DateTime(), nullable=True),
        sa.Column("prediction_skipped", sa.Boolean(), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["coaching_sessions.id"],
            name=op.f("fk_pulse_checks_session_id_coaching_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulse_checks")),
        sa.UniqueConstraint("session_id", name=op.f("uq_pulse_checks_session_id")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "breaches",
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("what_happened", sa.Text(), nullable=False),
        sa.Column("how_it_landed", sa.Text(), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("repair_status", sa.String(length=16), nullable=False),
        sa.Column("repair_notes", sa.Text(), nullable=False),
        sa.Column("repaired_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "repair_status IN ('open', 'acknowledged', 'repaired')",
            name=op.f("ck_breaches_repair_status"),
        ),
        sa.CheckConstraint("severity BETWEEN 1 AND 3", name=op.f("ck_breaches_severity_range")),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_breaches_commitment_id_commitments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["matters.id"],
            name=op.f("fk_breaches_matter_id_matters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["coaching_sessions.id"],
            name=op.f("fk_breaches_session_id_coaching_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breaches")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("breaches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_breaches_commitment_id"), ["commitment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_breaches_matter_id"), ["matter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_breaches_session_id"), ["session_id"], unique=False)

    op.create_table(
        "matter_triggers",
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "trigger IN ('guests', 'schedule_change', 'place_change', 'recording', 'first_session', 'feedback', 'confidentiality', 'timekeeping', 'follow_up', 'fees')",
            name=op.f("ck_matter_triggers_trigger"),
        ),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["matters.id"],
            name=op.f("fk_matter_triggers_matter_id_matters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("matter_id", "trigger", name=op.f("pk_matter_triggers")),
    )
    with op.batch_alter_table("matter_triggers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_matter_triggers_trigger"), ["trigger"], unique=False)

    op.create_table(
        "pulse_answers",
        sa.Column("pulse_check_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("predicted", sa.Integer(), nullable=True),
        sa.Column("reported", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "predicted IS NULL OR predicted BETWEEN 1 AND 5",
            name=op.f("ck_pulse_answers_predicted_range"),
        ),
        sa.CheckConstraint(
            "reported IS NULL OR reported BETWEEN 1 AND 5",
            name=op.f("ck_pulse_answers_reported_range"),
        ),
        sa.ForeignKeyConstraint(
            ["pulse_check_id"],
            ["pulse_checks.id"],
            name=op.f("fk_pulse_answers_pulse_check_id_pulse_checks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulse_answers")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("pulse_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pulse_answers_pulse_check_id"), ["pulse_check_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("pulse_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pulse_answers_pulse_check_id"))

    op.drop_table("pulse_answers")
    with op.batch_alter_table("matter_triggers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_matter_triggers_trigger"))

    op.drop_table("matter_triggers")
    with op.batch_alter_table("breaches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_breaches_session_id"))
        batch_op.drop_index(batch_op.f("ix_breaches_matter_id"))
        batch_op.drop_index(batch_op.f("ix_breaches_commitment_id"))

    op.drop_table("breaches")
    op.drop_table("pulse_checks")
    with op.batch_alter_table("matters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_matters_source_session_id"))
        batch_op.drop_index(batch_op.f("ix_matters_client_id"))

    op.drop_table("matters")
    with op.batch_alter_table("guests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guests_session_id"))

    op.drop_table("guests")
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitments_session_id"))
        batch_op.drop_index(batch_op.f("ix_commitments_client_id"))

    op.drop_table("commitments")
    with op.batch_alter_table("coaching_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_coaching_sessions_start")
        batch_op.drop_index("ix_coaching_sessions_client_start")

    op.drop_table("coaching_sessions")
    op.drop_table("clients")
