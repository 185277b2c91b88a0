"""Everything that touches files: SQLAlchemy models, the database file, migrations.

No Qt here.  Functions open a short database session for one unit of work and
return plain values (dataclasses from ``coachdesk.domain``), never live ORM
objects.
"""
