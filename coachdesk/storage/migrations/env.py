"""Alembic environment: always batch mode (SQLite), on the connection we are given."""

from alembic import context
from sqlalchemy import create_engine

from coachdesk.storage.models import Base

config = context.config
connection = config.attributes.get("connection")


def _configure(conn) -> None:
    context.configure(
        connection=conn,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )


if connection is not None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()
else:
    # Developer use from the alembic command line (autogenerate against a scratch file).
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        _configure(conn)
        context.run_migrations()
