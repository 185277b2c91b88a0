"""The practice's full-text index: one SQLite FTS5 table inside the data file, kept in
step by triggers, and the search over it.

The index lives in the data file (so it is backed up, restored and encrypted with it; the
exports leave it out, being made from the records).  Each searchable record is one row
of ``search_index``: its ``words`` and its ``stems`` (``domain.search``) are indexed but
not kept (a contentless table: a hit is quoted from its record), and its ``digest`` of
the text it was made from is kept, to tell a row out of step.  Three SQL functions every
connection has work them out (``connections.open_sqlite`` registers them).  A
row's rowid is its kind's number times ``KIND_STRIDE``, plus ``KIND_STRIDE - 1`` less the
record's id (``Kind.rowid``): a kind is a rowid range, and in it the newest records come
first in rowid order, the order FTS5 reads a prefix query fastest in.

**In step, always**: triggers on the records' tables (``triggers``) rewrite a record's
row in the same statement that writes the record, so every write (a form, an undo, an
import, a restore's migration, an erasure's cascade) keeps the index exact, in the same
transaction.  Deletes are FTS5 "secure" ones: an erased client's words leave the index's
pages, not only its rows.  A migration that rebuilds a table drops its triggers, so
``install`` runs after every migration; ``rebuild`` writes the index afresh (the
migration that brought it, and ``coachdesk check --repair-index``); ``differences`` says
how far the index is from a fresh rebuild (``coachdesk check``).

Searches are never logged: ``search`` logs nothing, and nothing of a query is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Protocol

from coachdesk.domain.search import Snippet, Term, fts_query, parse_query, snippet
from coachdesk.storage.connections import DIGEST_FUNCTION, STEMS_FUNCTION, WORDS_FUNCTION
from coachdesk.storage.files import utc_from_text

TABLE = "search_index"
KIND_STRIDE = 1 << 40  # ids stay far below: a kind's rows are one rowid range


class Execute(Protocol):
    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Any: ...


class Kind(Enum):
    """A kind of record the index holds, in the order results are shown: the client's own
    words first.  A session's guests are rows of their own (``GUEST``), so adding one
    writes one row and rewrites nothing: they are found as the sessions they join."""

    MATTER = 1
    BREACH = 2
    FEEDBACK = 3
    PROMISE = 4
    SESSION = 5
    CLIENT = 6
    GUEST = 7

    @property
    def label(self) -> str:
        return _LABELS[self]

    def rowid(self, record_id: int | str) -> str:
        """The index rowid of record ``record_id`` (a number, or SQL for one), as SQL."""
        return f"({self.value * KIND_STRIDE + KIND_STRIDE - 1} - {record_id})"

    def record_id(self, rowid: int) -> int:
        return self.value * KIND_STRIDE + KIND_STRIDE - 1 - rowid

    @property
    def rowids(self) -> tuple[int, int]:
        """The first and last rowid of the kind's range."""
        return self.value * KIND_STRIDE, self.value * KIND_STRIDE + KIND_STRIDE - 1


_LABELS = {
    Kind.MATTER: "What matters",
    Kind.BREACH: "Breaches & repairs",
    Kind.FEEDBACK: "Feedback",
    Kind.PROMISE: "Promises",
    Kind.SESSION: "Sessions",
    Kind.CLIENT: "Clients",
    Kind.GUEST: "Guests",
}
SHOWN: tuple[Kind, ...] = tuple(kind for kind in Kind if kind is not Kind.GUEST)
"""The kinds results are grouped by (a guest's hit is its session's)."""


@dataclass(frozen=True)
class _Source:
    """How one kind's record reads as text: its table, the SQL of its text and language
    (over the table's row ``t``), and the tables whose writes change that text."""

    kind: Kind
    table: str
    text: str
    language: str = "''"
    columns: tuple[str, ...] = ()  # the table's own columns the text reads


def _joined(*columns: str) -> str:
    return " || ' ' || ".join(f"coalesce(t.{column}, '')" for column in columns)


SOURCES: tuple[_Source, ...] = (
    _Source(
        Kind.MATTER,
        "matters",
        _joined("statement", "why", "keywords"),
        "t.language",
        ("statement", "why", "keywords", "language"),
    ),
    _Source(
        Kind.BREACH,
        "breaches",
        _joined("what_happened", "how_it_landed", "repair_notes"),
        "(SELECT m.language FROM matters AS m WHERE m.id = t.matter_id)",
        ("what_happened", "how_it_landed", "repair_notes", "matter_id"),
    ),
    _Source(Kind.FEEDBACK, "pulse_checks", _joined("comment"), columns=("comment",)),
    _Source(Kind.PROMISE, "commitments", _joined("text"), columns=("text",)),
    _Source(
        Kind.SESSION,
        "coaching_sessions",
        _joined("agenda", "location", "private_notes"),
        columns=("agenda", "location", "private_notes"),
    ),
    _Source(Kind.GUEST, "guests", _joined("name", "role"), columns=("name", "role")),
    _Source(
        Kind.CLIENT,
        "clients",
        _joined("name", "preferred_name", "email", "organisation", "role", "private_notes"),
        columns=("name", "preferred_name", "email", "organisation", "role", "private_notes"),
    ),
)
_BY_KIND = {source.kind: source for source in SOURCES}


def _rows_sql(source: _Source, where: str) -> str:
    """A SELECT of the index rows of ``source``'s records that satisfy ``where``."""
    inner = (
        f"SELECT {source.kind.rowid('t.id')} AS id, {source.text} AS body, "
        f"{source.language} AS language FROM {source.table} AS t WHERE {where}"
    )
    return (
        f"SELECT id, {WORDS_FUNCTION}(body) AS words, {STEMS_FUNCTION}(body, language) AS stems,"
        f" {DIGEST_FUNCTION}(body, language) AS digest FROM ({inner}) WHERE trim(body) <> ''"
    )


def _index(source: _Source, record: str) -> str:
    """The statement of a trigger body that writes the row of the new record ``record``.
    No delete first: a new record has no row (ids are never reused), and a delete makes
    FTS5 write out what it holds in memory, so an import would write the index in pieces
    of one record each (REPLACE deletes only a row that is there)."""
    return (
        f"INSERT OR REPLACE INTO {TABLE}(rowid, words, stems, digest) "
        f"{_rows_sql(source, f't.id = {record}')};"
    )


def _trigger_bodies() -> dict[str, str]:
    """Every trigger of the index by name: its whole CREATE TRIGGER statement."""
    made: dict[str, str] = {}
    for source in SOURCES:
        name, table = f"{TABLE}_{source.table}", source.table
        made[f"{name}_insert"] = f"AFTER INSERT ON {table} BEGIN {_index(source, 'NEW.id')} END"
        made[f"{name}_update"] = (
            f"AFTER UPDATE OF {', '.join(source.columns)} ON {table} "
            f"BEGIN DELETE FROM {TABLE} WHERE rowid = {source.kind.rowid('OLD.id')}; "
            f"{_index(source, 'NEW.id')} END"
        )
        made[f"{name}_delete"] = (
            f"AFTER DELETE ON {table} BEGIN DELETE FROM {TABLE} "
            f"WHERE rowid = {source.kind.rowid('OLD.id')}; END"
        )
    breach = _BY_KIND[Kind.BREACH]
    made[f"{TABLE}_matters_language"] = (
        f"AFTER UPDATE OF language ON matters BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid IN (SELECT {Kind.BREACH.rowid('b.id')}"
        f" FROM breaches AS b WHERE b.matter_id = NEW.id); "
        f"INSERT INTO {TABLE}(rowid, words, stems, digest) "
        f"{_rows_sql(breach, 't.matter_id = NEW.id')}; END"
    )
    return {name: f"CREATE TRIGGER {name} {body}" for name, body in made.items()}


TRIGGERS = _trigger_bodies()

CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(words, stems, digest UNINDEXED, "
    "content = '', contentless_delete = 1, contentless_unindexed = 1, "
    "tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')"
)
"""Contentless: the index keeps no copy of the words (a hit is quoted from its record),
only each row's ``digest`` of the text it was made from, which tells a row out of step."""


def is_index_table(name: str) -> bool:
    """Whether ``name`` is the index's table or one of the tables FTS5 keeps it in (not
    among the models: migrations and schema comparisons pass over them)."""
    return name == TABLE or is_shadow_table(name)


def is_shadow_table(name: str) -> bool:
    """Whether ``name`` is one of the tables FTS5 keeps the index in: its pages, derived
    from the index's rows (a comparison of two files' data reads ``TABLE`` instead)."""
    return name.startswith(f"{TABLE}_")


def install(connection: Execute) -> None:
    """Create the index's table if it is not there, and its triggers anew (a rebuilt
    table loses its triggers); rows are not written (``rebuild``)."""
    exists = connection.execute(
        "SELECT count(*) FROM sqlite_master WHERE name = ?", (TABLE,)
    ).fetchone()[0]
    if not exists:
        _create(connection)
    for name, statement in TRIGGERS.items():
        connection.execute(f"DROP TRIGGER IF EXISTS {name}")
        connection.execute(statement)


_SHADOWS = ("data", "idx", "content", "docsize", "config")  # FTS5's tables of an index


def drop(connection: Execute) -> None:
    """Remove the index: its triggers, its table and every table FTS5 kept it in
    (dropping a contentless table with unindexed columns leaves its _content table
    behind, SQLite 3.53)."""
    for name in TRIGGERS:
        connection.execute(f"DROP TRIGGER IF EXISTS {name}")
    connection.execute(f"DROP TABLE IF EXISTS {TABLE}")
    for shadow in _SHADOWS:
        connection.execute(f"DROP TABLE IF EXISTS {TABLE}_{shadow}")


def _create(connection: Execute) -> None:
    for shadow in _SHADOWS:  # what a drop left of an earlier index
        connection.execute(f"DROP TABLE IF EXISTS {TABLE}_{shadow}")
    connection.execute(CREATE_TABLE)
    # Deletes take a record's words out of the index's pages, not only mark them gone.
    connection.execute(f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('secure-delete', 1)")


def rebuild(connection: Execute) -> int:
    """Write the index afresh from the records (inside the caller's transaction); the
    number of rows written."""
    drop(connection)
    _create(connection)
    for source in SOURCES:
        connection.execute(
            f"INSERT INTO {TABLE}(rowid, words, stems, digest) {_rows_sql(source, '1')}"
        )
    install(connection)
    return connection.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]


def expected_rows_sql() -> str:
    """A SELECT of every row a fresh rebuild would write: (id, words, stems, digest)."""
    return " UNION ALL ".join(_rows_sql(source, "1") for source in SOURCES)


def _unfit(connection: Execute) -> str | None:
    """What keeps the index from being compared with its records, in plain words: it is
    missing, of another form than this version's, or its triggers are gone or other
    than this version's (so it is not kept in step); None when it is as it should be."""
    kept = dict(
        connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')"
        ).fetchall()
    )
    if TABLE not in kept:
        return "The search index is missing."
    if kept[TABLE] != CREATE_TABLE:
        return "The search index is of another form than this CoachDesk's."
    off = sum(1 for name, statement in TRIGGERS.items() if kept.get(name) != statement)
    if off:
        return f"The search index is not kept in step ({off} of its triggers gone or changed)."
    return None


def differences(connection: Execute) -> int | None:
    """How many rows of the index differ from a fresh rebuild (missing, extra or made
    from another text); None when it cannot be compared (``_unfit``)."""
    if _unfit(connection) is not None:
        return None
    # One operand of EXCEPT, not six; its words and stems, not asked for, are not worked out.
    expected = f"SELECT id, digest FROM ({expected_rows_sql()})"
    kept = f"SELECT rowid, digest FROM {TABLE}"
    missing = connection.execute(f"SELECT count(*) FROM ({expected} EXCEPT {kept})").fetchone()[0]
    extra = connection.execute(f"SELECT count(*) FROM ({kept} EXCEPT {expected})").fetchone()[0]
    return missing + extra


REPAIR_IT = "Run coachdesk check --repair-index to write it afresh from your records."
"""What the command line adds to ``problem``'s words (the window offers a button)."""


def problem(connection: Execute) -> str | None:
    """What is wrong with the index, in plain words: it cannot be compared, or a row of
    it differs from what its record says now (SQLite's integrity_check checks its
    pages); None when nothing is."""
    unfit = _unfit(connection)
    if unfit is not None:
        return unfit
    off = differences(connection)
    if off:
        return f"The search index is out of step with your records ({off:,} rows)."
    return None


@dataclass(frozen=True)
class Repair:
    """What ``repair`` did: the rows written, and how many were off before (None: the
    index or its triggers were not there)."""

    rows: int
    were_off: int | None

    def describe(self) -> str:
        written = f"The search index was written afresh: {self.rows:,} records."
        if self.were_off is None:
            return f"{written} It was missing or not kept in step before."
        if self.were_off == 0:
            return f"{written} It was already exact."
        return f"{written} {self.were_off:,} of its rows were out of step before."


def repair(db: Any) -> Repair:
    """Rebuild the index of the open ``Database`` ``db`` in one transaction."""
    with db.session() as session:
        raw = session.connection().connection.dbapi_connection
        were_off = differences(raw)
        rows = rebuild(raw)
    return Repair(rows, were_off)


# --- searching ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One record a search found, with what to show of it."""

    kind: Kind
    record_id: int
    client_id: int
    client_name: str
    when: date | datetime | None  # the record's date (a session's start)
    title: str  # a client's name, a breach's item, an item found by its why or keywords
    snippet: Snippet | None  # the matching words in context (None: nothing to quote)
    session_id: int | None = None  # the session a feedback or breach belongs to


@dataclass(frozen=True)
class Group:
    """The hits of one kind, newest first; ``more`` when there are others beyond them."""

    kind: Kind
    hits: tuple[Hit, ...]
    more: bool


@dataclass(frozen=True)
class Results:
    query: str
    groups: tuple[Group, ...]

    @property
    def hits(self) -> list[Hit]:
        return [hit for group in self.groups for hit in group.hits]


PER_KIND = 5

# Each kind's record read back for a hit: client id and name, date, session, title, and
# the texts to quote (in the order they are tried for the snippet).
_DETAILS: dict[Kind, str] = {
    Kind.MATTER: "SELECT c.id, c.name, t.captured_on, t.source_session_id, '', t.statement,"
    " t.why, t.keywords FROM matters AS t JOIN clients AS c ON c.id = t.client_id"
    " WHERE t.id = ?",
    Kind.BREACH: "SELECT c.id, c.name, t.occurred_on, t.session_id, m.statement,"
    " t.how_it_landed, t.what_happened, t.repair_notes FROM breaches AS t"
    " JOIN matters AS m ON m.id = t.matter_id JOIN clients AS c ON c.id = m.client_id"
    " WHERE t.id = ?",
    Kind.FEEDBACK: "SELECT c.id, c.name, s.start, s.id, '', t.comment FROM pulse_checks AS t"
    " JOIN coaching_sessions AS s ON s.id = t.session_id JOIN clients AS c"
    " ON c.id = s.client_id WHERE t.id = ?",
    Kind.PROMISE: "SELECT c.id, c.name, t.due_on, t.session_id, '', t.text"
    " FROM commitments AS t JOIN clients AS c ON c.id = t.client_id WHERE t.id = ?",
    Kind.SESSION: "SELECT c.id, c.name, t.start, t.id, '', t.agenda, t.location,"
    " t.private_notes, (SELECT group_concat(g.name || CASE WHEN g.role <> ''"
    " THEN ' (' || g.role || ')' ELSE '' END, ', ') FROM guests AS g"
    " WHERE g.session_id = t.id)"
    " FROM coaching_sessions AS t JOIN clients AS c ON c.id = t.client_id WHERE t.id = ?",
    Kind.CLIENT: "SELECT t.id, t.name, NULL, NULL, t.name, t.name, t.preferred_name,"
    " t.organisation, t.role, t.email, t.private_notes FROM clients AS t WHERE t.id = ?",
}


def _when(kind: Kind, value: Any) -> date | datetime | None:
    if value is None:
        return None
    if kind in (Kind.SESSION, Kind.FEEDBACK):
        return utc_from_text(value)
    return date.fromisoformat(value)


def _hit(connection: Execute, kind: Kind, record_id: int, terms: Sequence[Term]) -> Hit | None:
    row = connection.execute(_DETAILS[kind], (record_id,)).fetchone()
    if row is None:
        return None
    client_id, client_name, when, session_id, title, *texts = row
    found, where = next(
        (
            (piece, number)
            for number, text in enumerate(texts)
            if text and (piece := snippet(text, terms)) is not None
        ),
        (None, 0),
    )
    if kind is Kind.MATTER and where:  # found in the why or the keywords: name the item
        title = texts[0]
    return Hit(kind, record_id, client_id, client_name, _when(kind, when), title, found, session_id)


NAMED_AT_MOST = 16  # a prefix beginning more words than this is read as a prefix


def _vocabulary(connection: Execute) -> Callable[[str], Sequence[str] | None] | None:
    """The index's words a prefix begins, read from its vocabulary (``fts5vocab``, made
    on this connection once, in its temporary schema); None where that cannot be made
    (a connection that may not write even its temporary schema)."""
    try:
        connection.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{TABLE}_vocabulary"
            f" USING fts5vocab(main, {TABLE}, row)"
        )
    except Exception:  # the driver's OperationalError: query_only, a read-only file
        return None

    def beginning(prefix: str) -> Sequence[str] | None:
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        words = [
            row[0]
            for row in connection.execute(
                f"SELECT term FROM temp.{TABLE}_vocabulary WHERE term >= ? AND term < ? LIMIT ?",
                (prefix, after, NAMED_AT_MOST + 1),
            )
        ]
        return words if len(words) <= NAMED_AT_MOST else None

    return beginning


def _matching(connection: Execute, match: str, kind: Kind, limit: int) -> list[int]:
    """The ids of the newest ``limit`` records of ``kind`` that ``match`` matches."""
    rows = connection.execute(
        f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ? AND rowid BETWEEN ? AND ?"
        " ORDER BY rowid LIMIT ?",
        (match, *kind.rowids, limit),
    )
    return [kind.record_id(row[0]) for row in rows]


def _sessions_of(connection: Execute, guests: Sequence[int]) -> list[int]:
    if not guests:
        return []
    marks = ", ".join("?" * len(guests))
    rows = connection.execute(
        f"SELECT DISTINCT session_id FROM guests WHERE id IN ({marks})", tuple(guests)
    )
    return [row[0] for row in rows]


def search(
    connection: Execute, query: str, *, per_kind: int = PER_KIND, kinds: Sequence[Kind] = ()
) -> Results:
    """The records that match ``query`` (``domain.search`` says how), grouped by kind in
    ``Kind``'s order, at most ``per_kind`` of each, newest first.  Nothing is logged."""
    terms = parse_query(query)
    if not terms:
        return Results(query, ())
    match = fts_query(terms, _vocabulary(connection))
    groups: list[Group] = []
    for kind in kinds or SHOWN:
        found = _matching(connection, match, kind, per_kind + 1)
        if kind is Kind.SESSION:  # and the sessions a matching guest joins
            guests = _matching(connection, match, Kind.GUEST, per_kind + 1)
            joined = _sessions_of(connection, guests)
            found = sorted(set(found) | set(joined), reverse=True)[: per_kind + 1]
        hits = [
            hit
            for record_id in found[:per_kind]
            if (hit := _hit(connection, kind, record_id, terms)) is not None
        ]
        if hits:
            groups.append(Group(kind, tuple(hits), len(found) > per_kind))
    return Results(query, tuple(groups))
