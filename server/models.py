"""The server's tables (SQLAlchemy 2.0 declarative). Never returned raw from a route.

Every synced record of every type lives in one generic ``records`` table; the columns next to
``data`` (group, owner, reference) exist so that scoping is one indexed SQL filter.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

ID = String(64)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC instant on every backend (SQLite drops the offset otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(dt.UTC) if value is not None else None

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    """Every model here maps one ``Table`` (never a join or a subquery), so that is the type
    its ``__table__`` has for the type checker."""

    if TYPE_CHECKING:
        __table__: ClassVar[Table]


class Counter(Base):
    """Named counters; ``seq`` is the change sequence every write takes its number from."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


class ServerMeta(Base):
    """Key/value facts about this database (its instance id, which cursors embed)."""

    __tablename__ = "server_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), nullable=False)


class User(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    username: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    roles: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    partner_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Token(Base):
    """Access and refresh tokens, stored as SHA-256 hashes; one family per login."""

    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # "access" | "refresh"
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    family_id: Mapped[str] = mapped_column(ID, nullable=False, index=True)
    device_id: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # The refresh token whose rotation issued this one (None: issued at sign-in).
    parent_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)


class LoginFailure(Base):
    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    failed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)


class Record(Base):
    """The current state of one synced record; ``seq`` is the number of its latest change."""

    __tablename__ = "records"
    type: Mapped[str] = mapped_column(String(32), primary_key=True)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    deleted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    seq: Mapped[int] = mapped_column(BigInteger, nullable=False, unique=True)
    group_id: Mapped[str | None] = mapped_column(ID, nullable=True, index=True)
    event_id: Mapped[str | None] = mapped_column(ID, nullable=True, index=True)
    owner_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    ref_id: Mapped[str | None] = mapped_column(ID, nullable=True, index=True)
    private: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AttendanceHistory(Base):
    """Every attendance mark ever pushed, winning or not. Append-only."""

    __tablename__ = "attendance_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    attendance_id: Mapped[str] = mapped_column(ID, nullable=False, index=True)
    event_id: Mapped[str] = mapped_column(ID, nullable=False)
    candidate_id: Mapped[str] = mapped_column(ID, nullable=False)
    status: Mapped[str] = mapped_column(String(32), nullable=False)
    hlc: Mapped[str] = mapped_column(String(200), nullable=False)
    marked_by: Mapped[str] = mapped_column(ID, nullable=False)
    device_id: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    mutation_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The stamp as the client sent it, before any clamp (``hlc`` is the stamp that counts).
    client_hlc: Mapped[str | None] = mapped_column(String(200), nullable=True)
    won: Mapped[bool] = mapped_column(Boolean, nullable=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AppliedMutation(Base):
    """Mutation ids already applied, with their result, for exactly-once pushes; keyed by
    who sent them, so another user's mutation id is never taken for a replay (migration
    0005)."""

    __tablename__ = "applied_mutations"
    user_id: Mapped[str] = mapped_column(ID, primary_key=True)
    mutation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_type: Mapped[str] = mapped_column(String(32), nullable=False)
    record_id: Mapped[str] = mapped_column(ID, nullable=False)
    seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    applied_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ScopeExit(Base):
    """A record that left one user's scope: a tombstone in that user's pull feed only.

    ``seq`` comes from the change sequence (taken in the transaction that removed the
    access), so the tombstone sits in commit order among the records of the feed.
    """

    __tablename__ = "scope_exits"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[str] = mapped_column(ID, nullable=False)
    type: Mapped[str] = mapped_column(String(32), nullable=False)
    record_id: Mapped[str] = mapped_column(ID, nullable=False)

    __table_args__ = (Index("ix_scope_exits_user_seq", "user_id", "seq"),)


class QaAssignment(Base):
    """A facilitator assigned to a QA lead (server-side only; drives the QA lead's scope)."""

    __tablename__ = "qa_assignments"
    facilitator_id: Mapped[str] = mapped_column(ID, primary_key=True)
    qa_lead_id: Mapped[str] = mapped_column(ID, primary_key=True, index=True)


class Invitation(Base):
    """An evaluation invitation sent to a candidate who attended an event.

    Its token is the candidate's only credential, so like access and refresh tokens only
    its SHA-256 hash is kept (``server.security.token_hash``); the token itself exists in
    the invitation as sent alone (migration 0006)."""

    __tablename__ = "invitations"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[str] = mapped_column(ID, nullable=False, index=True)
    candidate_id: Mapped[str] = mapped_column(ID, nullable=False)
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    responded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ux_invitation_event_candidate", "event_id", "candidate_id",
                            unique=True),)


class EvaluationResponse(Base):
    __tablename__ = "evaluation_responses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    invitation_token_hash: Mapped[str] = mapped_column(ForeignKey("invitations.token_hash"),
                                                       unique=True)
    event_id: Mapped[str] = mapped_column(ID, nullable=False, index=True)
    ratings: Mapped[dict[str, int]] = mapped_column(JSON, nullable=False)
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
