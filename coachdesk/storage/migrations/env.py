"""Alembic environment: always batch mode (SQLite), on the connection we are given."""

from alembic import context
from sqlalchemy import create_engine

from coachdesk.storage.models import Base, UTCDateTime
from coachdesk.storage.search import is_index_table

config = context.config
connection = config.attributes.get("connection")


def _render_item(type_, obj, _autogen_context):
    # Migrations must not import our models: write our column types as what they store.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def _include_name(name, type_, _parents):
    # The search index's tables are SQLite's FTS5 ones, made by its own code, not models.
    return not (type_ == "table" and is_index_table(name))


def _configure(conn) -> None:
    context.configure(
        connection=conn,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
        include_name=_include_name,
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
