"""Tables of the local store.

Synced tables mirror the record payloads of ``protocol.records`` (one column per field, dates as
ISO strings, as on the wire). They carry no foreign-key constraints between them: the server
may send related records in any order and across page boundaries, and it is the authority
on their integrity. Local-only tables (history, outbox, sync state, identity) are ours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import JSON, Boolean, Index, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Every model here maps one ``Table`` (never a join or a subquery), so that is the type
    its ``__table__`` has for the type checker."""

    if TYPE_CHECKING:
        __table__: ClassVar[Table]


# ---- reference and roster data (pulled) -----------------------------------------------


class Qualification(Base):
    __tablename__ = "qualification"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    course_fee_pence: Mapped[int]
    coaching_included: Mapped[bool] = mapped_column(Boolean)
    assessment_months: Mapped[list[str]] = mapped_column(JSON, default=list)
    participation_threshold_percent: Mapped[int] = mapped_column(Integer, default=90,
                                                                 server_default="90")
    course_identifier: Mapped[str] = mapped_column(String(100), default="", server_default="")
    programme_type: Mapped[str] = mapped_column(String(30), default="leadership",
                                                server_default="leadership")
    duration_months: Mapped[int] = mapped_column(Integer, default=18, server_default="18")
    schedules: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class Partner(Base):
    __tablename__ = "partner"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30))
    allocation_code: Mapped[str] = mapped_column(String(50))
    region: Mapped[str] = mapped_column(String(100))
    delivery_partner_ids: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    overview: Mapped[str] = mapped_column(Text, default="", server_default="")
    contacts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    venues: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    mou_signed_on: Mapped[str | None] = mapped_column(String(10), nullable=True)
    mou_renewal_due: Mapped[str | None] = mapped_column(String(10), nullable=True)


class Intake(Base):
    __tablename__ = "intake"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    term: Mapped[str] = mapped_column(String(10))
    year: Mapped[int]
    registration_deadline: Mapped[str] = mapped_column(String(10))
    label: Mapped[str] = mapped_column(String(50))


class Colleague(Base):
    """A user the signed-in user works with (``user`` records)."""

    __tablename__ = "user"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    partner_id: Mapped[str | None] = mapped_column(String(36))


class Group(Base):
    __tablename__ = "group"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(100))
    qualification_code: Mapped[str] = mapped_column(String(20))
    partner_id: Mapped[str] = mapped_column(String(36))
    intake_id: Mapped[str] = mapped_column(String(36))
    venue_name: Mapped[str] = mapped_column(String(300))
    venue_address: Mapped[str] = mapped_column(Text, default="")
    min_size: Mapped[int] = mapped_column(Integer, default=12)
    facilitator_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(10), default="open", server_default="open")
    closed_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    merged_into: Mapped[str | None] = mapped_column(String(36), nullable=True)
    runs_below_minimum: Mapped[bool] = mapped_column(Boolean, default=False,
                                                     server_default="0")


class Event(Base):
    __tablename__ = "event"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    group_id: Mapped[str] = mapped_column(String(36), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    window_start: Mapped[str] = mapped_column(String(10))
    window_end: Mapped[str] = mapped_column(String(10))
    chosen_date: Mapped[str | None] = mapped_column(String(10))
    arrival_time: Mapped[str] = mapped_column(String(5), default="08:30")
    start_time: Mapped[str] = mapped_column(String(5), default="09:00")
    end_time: Mapped[str] = mapped_column(String(5), default="16:00")
    venue_name: Mapped[str] = mapped_column(String(300))
    venue_address: Mapped[str] = mapped_column(Text, default="")
    briefing_at: Mapped[str | None] = mapped_column(String(40))
    local_authority: Mapped[str] = mapped_column(String(1000), default="")  # the venue's


class Candidate(Base):
    __tablename__ = "candidate"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    given_name: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    school: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(300), default="")
    special_requirements: Mapped[str | None] = mapped_column(Text)  # special category data
    scholarship: Mapped[bool] = mapped_column(Boolean, default=False)
    participant_id: Mapped[str] = mapped_column(String(64), default="", server_default="")
    school_urn: Mapped[str] = mapped_column(String(20), default="", server_default="")
    funding: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class Enrolment(Base):
    __tablename__ = "enrolment"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    group_id: Mapped[str] = mapped_column(String(36), index=True)
    candidate_id: Mapped[str] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(20), default="active")
    enrolled_on: Mapped[str] = mapped_column(String(10))
    register_order: Mapped[int] = mapped_column(Integer, default=0)


class Assignment(Base):
    __tablename__ = "assignment"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36))
    group_id: Mapped[str] = mapped_column(String(36), index=True)
    role: Mapped[str] = mapped_column(String(20))


# ---- records the client writes too ----------------------------------------------------


class Attendance(Base):
    """The one current mark per (event, candidate); id = ``records.attendance_id``."""

    __tablename__ = "attendance"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), index=True)
    candidate_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(20))
    arrival_time: Mapped[str | None] = mapped_column(String(5))
    departure_time: Mapped[str | None] = mapped_column(String(5))
    note: Mapped[str] = mapped_column(Text, default="")
    marked_by: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(100), default="")
    hlc: Mapped[str] = mapped_column(String(160), default="")
    amendment_reason: Mapped[str | None] = mapped_column(Text)


class AttendanceHistory(Base):
    """Append-only: every mark observed on this laptop, made here or pulled."""

    __tablename__ = "attendance_history"
    __table_args__ = (UniqueConstraint("attendance_id", "hlc", "device_id"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    attendance_id: Mapped[str] = mapped_column(String(36), index=True)
    event_id: Mapped[str] = mapped_column(String(36), index=True)
    candidate_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(20))
    arrival_time: Mapped[str | None] = mapped_column(String(5))
    departure_time: Mapped[str | None] = mapped_column(String(5))
    note: Mapped[str] = mapped_column(Text, default="")
    marked_by: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(100))
    hlc: Mapped[str] = mapped_column(String(160))
    amendment_reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(10))  # "local" or "pulled"
    recorded_at: Mapped[str] = mapped_column(String(40))  # instant this laptop saw it


class WalkIn(Base):
    __tablename__ = "walk_in"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(200))
    school: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(300), default="")
    qualification_code: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(20), default="present")
    recorded_by: Mapped[str] = mapped_column(String(36))


class Note(Base):
    __tablename__ = "note"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), index=True)
    candidate_id: Mapped[str | None] = mapped_column(String(36))
    body: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(10), default="private")
    author_id: Mapped[str] = mapped_column(String(36))
    updated_at: Mapped[str] = mapped_column(String(40))


class RegisterSubmission(Base):
    __tablename__ = "register_submission"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), index=True)
    submitted_by: Mapped[str] = mapped_column(String(36))
    submitted_at: Mapped[str] = mapped_column(String(40))
    amendment_reason: Mapped[str | None] = mapped_column(Text)
    invitations_sent: Mapped[int | None]


class RosterSnapshot(Base):
    """Who is on an event's register, fixed when the register is first opened (local only).

    Names and school are kept as they were, so a past register reads the same after a
    candidate moves group; the rows go with the group's other per-event data."""

    __tablename__ = "roster_snapshot"
    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    candidate_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    given_name: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    school: Mapped[str] = mapped_column(String(300), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    enrolled_on: Mapped[str] = mapped_column(String(10))
    register_order: Mapped[int] = mapped_column(Integer, default=0)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    taken_at: Mapped[str] = mapped_column(String(40))


# ---- QA forms (pulled, and the forms the client writes) ------------------------------


class FormTemplate(Base):
    """One published version of a form template; ``data`` is the whole FormTemplateData."""

    __tablename__ = "form_template"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class Form(Base):
    """A QA visit, coaching conversation or self-assessment (``kind`` is its record type).

    The columns are what lists and look-ups need; ``data`` is the whole payload as pushed
    and pulled, so a field added to the payload later needs no migration."""

    __tablename__ = "form"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    template_id: Mapped[str] = mapped_column(String(36))
    facilitator_id: Mapped[str] = mapped_column(String(36), index=True)
    author_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(20))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    supersedes: Mapped[str | None] = mapped_column(String(36), index=True)
    event_id: Mapped[str | None] = mapped_column(String(36))
    updated_at: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class QaAssignment(Base):
    """A facilitator assigned to a QA lead."""

    __tablename__ = "qa_assignment"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    qa_lead_id: Mapped[str] = mapped_column(String(36), index=True)
    facilitator_id: Mapped[str] = mapped_column(String(36))


class TermDates(Base):
    """One local authority's school holidays in one school year (reference data)."""

    __tablename__ = "term_dates"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    authority: Mapped[str] = mapped_column(String(1000))
    academic_year: Mapped[str] = mapped_column(String(7))
    first_day: Mapped[str] = mapped_column(String(10))
    last_day: Mapped[str] = mapped_column(String(10))
    holidays: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class OtherRecord(Base):
    """Pulled records of types this version has no table for (event date choices, reports)."""

    __tablename__ = "other_record"
    type: Mapped[str] = mapped_column(String(40), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


# ---- local-only bookkeeping -----------------------------------------------------------


class OutboxEntry(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_record", "type", "record_id"),)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation_id: Mapped[str] = mapped_column(String(36), unique=True)
    type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(10), default="upsert")
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    hlc: Mapped[str] = mapped_column(String(160))
    created_at: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    error_code: Mapped[str | None] = mapped_column(String(100))
    error_message: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class SyncState(Base):
    __tablename__ = "sync_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    cursor: Mapped[str | None] = mapped_column(Text)
    last_success: Mapped[str | None] = mapped_column(String(40))
    last_attempt: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    server_reachable: Mapped[bool | None] = mapped_column(Boolean)


class IdentityRow(Base):
    __tablename__ = "identity"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    user_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    username: Mapped[str] = mapped_column(String(200))
    server_url: Mapped[str] = mapped_column(String(500))
    device_id: Mapped[str] = mapped_column(String(100))


class LocalMeta(Base):
    """Small facts about this database: its device id, a pending group purge."""

    __tablename__ = "local_meta"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
