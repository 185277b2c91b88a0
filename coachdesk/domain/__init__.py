"""Pure rules and plain data: vocabularies, validation and (later) the prep engine.

Nothing here imports Qt or SQLAlchemy, so the rules can be tested and reused by
the GUI and the command line alike.
"""
