"""SQLAlchemy models for the whole domain model (docs/data-format.md names its records).

Times are timezone-aware in Python and stored as UTC; every table has an
integer id, ``created_at`` and ``updated_at``.  Tables use AUTOINCREMENT so an
id is never reused: an undone delete puts rows back under their old ids.

Changing anything here needs an Alembic migration in ``storage/migrations``;
``tests/storage/test_migrations.py`` fails when the two disagree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from coachdesk.domain.vocab import (
    Category,
    ClientStatus,
    GuestSource,
    HonourOutcome,
    Medium,
    PromiseOwner,
    PromiseStatus,
    RepairStatus,
    SessionStatus,
    Trigger,
)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as naive UTC text.

    Naive datetimes are refused: a time without a zone is a bug waiting to
    happen when the coach travels.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware one is required")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def _choices(column: str, values: type) -> str:
    listed = ", ".join(f"'{member.value}'" for member in values)
    return f"{column} IN ({listed})"


NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Timestamped:
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Client(Timestamped, Base):
    __tablename__ = "clients"
    __table_args__ = (
        CheckConstraint(_choices("status", ClientStatus), name="status"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        {"sqlite_autoincrement": True},
    )

    name: Mapped[str] = mapped_column(String(200))
    preferred_name: Mapped[str] = mapped_column(String(200), default="")
    pronouns: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default=ClientStatus.ACTIVE.value)
    started_on: Mapped[date | None] = mapped_column(Date)
    private_notes: Mapped[str] = mapped_column(Text, default="")
    usual_medium: Mapped[str | None] = mapped_column(
        String(16), doc="Set by the coach; when empty it is derived from recent sessions."
    )
    usual_location: Mapped[str] = mapped_column(String(500), default="")
    print_private_notes: Mapped[bool] = mapped_column(
        default=False,
        server_default=false(),
        doc="The coach chose to print last time's private notes on this client's prep sheet.",
    )
    time_zone: Mapped[str] = mapped_column(
        String(64),
        default="",
        server_default="",
        doc="Where the client lives by the clock (an IANA name); empty: the coach's own.",
    )

    sessions: Mapped[list[CoachingSession]] = relationship(
        back_populates="client", cascade="all, delete-orphan", passive_deletes=True
    )
    matters: Mapped[list[Matter]] = relationship(
        back_populates="client", cascade="all, delete-orphan", passive_deletes=True
    )
    commitments: Mapped[list[Promise]] = relationship(
        back_populates="client", cascade="all, delete-orphan", passive_deletes=True
    )


class CoachingSession(Timestamped, Base):
    __tablename__ = "coaching_sessions"
    __table_args__ = (
        CheckConstraint(_choices("status", SessionStatus), name="status"),
        CheckConstraint(_choices("medium", Medium), name="medium"),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
        Index("ix_coaching_sessions_client_start", "client_id", "start"),
        Index("ix_coaching_sessions_start", "start"),
        Index("ix_coaching_sessions_status_start", "status", "start"),
        {"sqlite_autoincrement": True},
    )

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    medium: Mapped[str] = mapped_column(String(16), default=Medium.VIDEO.value)
    location: Mapped[str] = mapped_column(String(500), default="", doc="Place or link.")
    status: Mapped[str] = mapped_column(String(16), default=SessionStatus.PLANNED.value)
    original_start: Mapped[datetime | None] = mapped_column(
        UTCDateTime, doc="The first planned start, kept when the session is rescheduled."
    )
    agenda: Mapped[str] = mapped_column(Text, default="")
    private_notes: Mapped[str] = mapped_column(Text, default="")
    recorded: Mapped[bool] = mapped_column(default=False)
    reschedule_confirmed_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, doc="When the coach confirmed the new time with the client after a move."
    )
    place_confirmed_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime,
        doc="When the coach confirmed how and where they meet, when it differs from the usual.",
    )
    recording_consent_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, doc="When the client agreed to the session being recorded; empty: not yet."
    )
    clocks_confirmed_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime,
        doc="When the coach confirmed the time with a client whose clocks change before it.",
    )

    client: Mapped[Client] = relationship(back_populates="sessions")
    guests: Mapped[list[Guest]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True
    )
    moves: Mapped[list[SessionMove]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SessionMove.id",
    )


class SessionMove(Timestamped, Base):
    """One move of a session's start: every move is kept, oldest first."""

    __tablename__ = "session_moves"
    __table_args__ = ({"sqlite_autoincrement": True},)

    session_id: Mapped[int] = mapped_column(
        ForeignKey("coaching_sessions.id", ondelete="CASCADE"), index=True
    )
    from_start: Mapped[datetime] = mapped_column(UTCDateTime)
    to_start: Mapped[datetime] = mapped_column(UTCDateTime)
    moved_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, doc="When the client confirmed the new time; empty: not yet."
    )

    session: Mapped[CoachingSession] = relationship(back_populates="moves")


class Guest(Timestamped, Base):
    __tablename__ = "guests"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint(_choices("brought_by", GuestSource), name="brought_by"),
        {"sqlite_autoincrement": True},
    )

    session_id: Mapped[int] = mapped_column(
        ForeignKey("coaching_sessions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="", doc="Role or organisation.")
    client_informed_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, doc="When the coach told the client this guest will join; empty: not yet."
    )
    brought_by: Mapped[str] = mapped_column(
        String(16),
        default=GuestSource.COACH.value,
        server_default=GuestSource.COACH.value,
        doc="Who brought the guest: the coach, the client or a sponsor.",
    )

    session: Mapped[CoachingSession] = relationship(back_populates="guests")


class Matter(Timestamped, Base):
    """Something the client said matters to them, in their own words."""

    __tablename__ = "matters"
    __table_args__ = (
        CheckConstraint(_choices("category", Category), name="category"),
        CheckConstraint("importance BETWEEN 1 AND 3", name="importance_range"),
        CheckConstraint("length(trim(statement)) > 0", name="statement_not_blank"),
        # The notices items ask for, for the reminders' reach (few items have one).
        Index("ix_matters_notice", "notice", sqlite_where=text("notice != ''")),
        {"sqlite_autoincrement": True},
    )

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    statement: Mapped[str] = mapped_column(Text, doc="In the client's own words.")
    why: Mapped[str] = mapped_column(Text, default="", doc="The coach's note on why.")
    category: Mapped[str] = mapped_column(String(16), default=Category.CONNECTION.value)
    importance: Mapped[int] = mapped_column(Integer, default=2)
    keywords: Mapped[str] = mapped_column(Text, default="", doc="Comma-separated free keywords.")
    source_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("coaching_sessions.id", ondelete="SET NULL"), index=True
    )
    captured_on: Mapped[date] = mapped_column(Date)
    last_confirmed_on: Mapped[date | None] = mapped_column(Date)
    keep_off_printouts: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str] = mapped_column(
        String(8),
        default="",
        server_default="",
        doc="The language of the client's words (en, de, fr, es); empty: guessed from them.",
    )
    notice: Mapped[str] = mapped_column(
        String(64),
        default="",
        server_default="",
        doc='How much notice the client needs ("2 working days"); empty: the default.',
    )

    client: Mapped[Client] = relationship(back_populates="matters")
    triggers: Mapped[list[MatterTrigger]] = relationship(
        back_populates="matter", cascade="all, delete-orphan", passive_deletes=True
    )
    breaches: Mapped[list[Breach]] = relationship(
        back_populates="matter", cascade="all, delete-orphan", passive_deletes=True
    )


class MatterTrigger(Base):
    """One trigger of a Matter, from the fixed vocabulary in ``domain.vocab.Trigger``."""

    __tablename__ = "matter_triggers"
    __table_args__ = (CheckConstraint(_choices("trigger", Trigger), name="trigger"),)

    matter_id: Mapped[int] = mapped_column(
        ForeignKey("matters.id", ondelete="CASCADE"), primary_key=True
    )
    trigger: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)

    matter: Mapped[Matter] = relationship(back_populates="triggers")


class Breach(Timestamped, Base):
    """A time a Matter was missed, and how it was repaired."""

    __tablename__ = "breaches"
    __table_args__ = (
        CheckConstraint(_choices("repair_status", RepairStatus), name="repair_status"),
        CheckConstraint("severity BETWEEN 1 AND 3", name="severity_range"),
        Index("ix_breaches_repair_status_occurred_on", "repair_status", "occurred_on"),
        {"sqlite_autoincrement": True},
    )

    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("coaching_sessions.id", ondelete="SET NULL"), index=True
    )
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitments.id", ondelete="SET NULL"), index=True
    )
    occurred_on: Mapped[date] = mapped_column(Date)
    what_happened: Mapped[str] = mapped_column(Text, default="")
    how_it_landed: Mapped[str] = mapped_column(Text, default="", doc="In the client's words.")
    severity: Mapped[int] = mapped_column(Integer, default=2)
    repair_status: Mapped[str] = mapped_column(String(16), default=RepairStatus.OPEN.value)
    repair_notes: Mapped[str] = mapped_column(Text, default="")
    repaired_on: Mapped[date | None] = mapped_column(Date)

    matter: Mapped[Matter] = relationship(back_populates="breaches")


class HonourCheck(Timestamped, Base):
    """The after-session review's answer for one item in one session: honoured, missed or
    not relevant, and whether the item was one the session's circumstances fired."""

    __tablename__ = "honour_checks"
    __table_args__ = (
        CheckConstraint(_choices("outcome", HonourOutcome), name="outcome"),
        UniqueConstraint("session_id", "matter_id"),
        {"sqlite_autoincrement": True},
    )

    session_id: Mapped[int] = mapped_column(ForeignKey("coaching_sessions.id", ondelete="CASCADE"))
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    fired: Mapped[bool] = mapped_column(default=False)


class Promise(Timestamped, Base):
    """A promise, made by the coach or by the client."""

    __tablename__ = "commitments"
    __table_args__ = (
        CheckConstraint(_choices("owner", PromiseOwner), name="owner"),
        CheckConstraint(_choices("status", PromiseStatus), name="status"),
        CheckConstraint("length(trim(text)) > 0", name="text_not_blank"),
        Index("ix_commitments_status_due_on", "status", "due_on"),
        {"sqlite_autoincrement": True},
    )

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("coaching_sessions.id", ondelete="SET NULL"),
        index=True,
        doc="The session where the promise was made.",
    )
    owner: Mapped[str] = mapped_column(String(8), default=PromiseOwner.COACH.value)
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), default=PromiseStatus.OPEN.value)

    client: Mapped[Client] = relationship(back_populates="commitments")


class Feedback(Timestamped, Base):
    """The client's feedback on one session, and the coach's prediction of it."""

    __tablename__ = "pulse_checks"
    __table_args__ = ({"sqlite_autoincrement": True},)

    session_id: Mapped[int] = mapped_column(
        ForeignKey("coaching_sessions.id", ondelete="CASCADE"), unique=True
    )
    predicted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    prediction_skipped: Mapped[bool] = mapped_column(default=False)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    comment: Mapped[str] = mapped_column(Text, default="", doc="In the client's own words.")

    answers: Mapped[list[FeedbackAnswer]] = relationship(
        back_populates="pulse_check",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="FeedbackAnswer.position",
    )


class FeedbackAnswer(Timestamped, Base):
    """One question of a feedback, with the text it was asked under."""

    __tablename__ = "pulse_answers"
    __table_args__ = (
        CheckConstraint("predicted IS NULL OR predicted BETWEEN 1 AND 5", name="predicted_range"),
        CheckConstraint("reported IS NULL OR reported BETWEEN 1 AND 5", name="reported_range"),
        {"sqlite_autoincrement": True},
    )

    pulse_check_id: Mapped[int] = mapped_column(
        ForeignKey("pulse_checks.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    question: Mapped[str] = mapped_column(Text)
    predicted: Mapped[int | None] = mapped_column(Integer)
    reported: Mapped[int | None] = mapped_column(Integer)

    pulse_check: Mapped[Feedback] = relationship(back_populates="answers")
