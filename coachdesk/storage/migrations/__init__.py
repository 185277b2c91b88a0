"""Alembic migrations for the CoachDesk database, shipped with the package.

Revision ids are the four-digit prefix of each file in ``versions/`` (``0001``,
``0002`` …), so start-up can tell a known schema from a newer one without
importing Alembic.  Create a new one with::

    uv run alembic -c coachdesk/storage/migrations/alembic.ini revision \
        --autogenerate --rev-id 0002 -m "what changed"
"""
