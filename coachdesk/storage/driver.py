"""The SQLite driver, imported here and nowhere else: SQLCipher's build of the standard
library's ``sqlite3`` (``sqlcipher3``), for plain and encrypted files alike, so its
exceptions (``dbapi.Error`` and the rest) are the only ones a failure can raise.  One
driver also keeps SQLite's file locks coherent: two SQLite libraries in one process do
not see each other's locks.  Connections are made by ``connections.open_sqlite``."""

from sqlcipher3 import dbapi2 as dbapi

__all__ = ["dbapi"]
