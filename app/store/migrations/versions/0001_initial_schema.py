"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 16:38:08.736967
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("group_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_group_id"), ["group_id"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("candidate_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("arrival_time", sa.String(length=5), nullable=True),
        sa.Column("departure_time", sa.String(length=5), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("marked_by", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=100), nullable=False),
        sa.Column("hlc", sa.String(length=160), nullable=False),
        sa.Column("amendment_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_event_id"), ["event_id"], unique=False)

    op.create_table(
        "attendance_history",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("attendance_id", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("candidate_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("arrival_time", sa.String(length=5), nullable=True),
        sa.Column("departure_time", sa.String(length=5), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("marked_by", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=100), nullable=False),
        sa.Column("hlc", sa.String(length=160), nullable=False),
        sa.Column("amendment_reason", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("recorded_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("attendance_id", "hlc", "device_id"),
    )
    with op.batch_alter_table("attendance_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attendance_history_attendance_id"), ["attendance_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_attendance_history_event_id"), ["event_id"], unique=False
        )

    op.create_table(
        "candidate",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("given_name", sa.String(length=200), nullable=False),
        sa.Column("family_name", sa.String(length=200), nullable=False),
        sa.Column("school", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=300), nullable=False),
        sa.Column("special_requirements", sa.Text(), nullable=True),
        sa.Column("scholarship", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "enrolment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("group_id", sa.String(length=36), nullable=False),
        sa.Column("candidate_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("enrolled_on", sa.String(length=10), nullable=False),
        sa.Column("register_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enrolment_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_enrolment_group_id"), ["group_id"], unique=False)

    op.create_table(
        "event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("group_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("window_start", sa.String(length=10), nullable=False),
        sa.Column("window_end", sa.String(length=10), nullable=False),
        sa.Column("chosen_date", sa.String(length=10), nullable=True),
        sa.Column("arrival_time", sa.String(length=5), nullable=False),
        sa.Column("start_time", sa.String(length=5), nullable=False),
        sa.Column("end_time", sa.String(length=5), nullable=False),
        sa.Column("venue_name", sa.String(length=300), nullable=False),
        sa.Column("venue_address", sa.Text(), nullable=False),
        sa.Column("briefing_at", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_group_id"), ["group_id"], unique=False)

    op.create_table(
        "group",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("qualification_code", sa.String(length=20), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.Column("intake_id", sa.String(length=36), nullable=False),
        sa.Column("venue_name", sa.String(length=300), nullable=False),
        sa.Column("venue_address", sa.Text(), nullable=False),
        sa.Column("min_size", sa.Integer(), nullable=False),
        sa.Column("facilitator_ids", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("username", sa.String(length=200), nullable=False),
        sa.Column("server_url", sa.String(length=500), nullable=False),
        sa.Column("device_id", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "intake",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("term", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("registration_deadline", sa.String(length=10), nullable=False),
        sa.Column("label", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "local_meta",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "note",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("candidate_id", sa.String(length=36), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("visibility", sa.String(length=10), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=False),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_event_id"), ["event_id"], unique=False)

    op.create_table(
        "other_record",
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("type", "id"),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("mutation_id", sa.String(length=36), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("hlc", sa.String(length=160), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("error_code", sa.String(length=100), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("mutation_id"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_record", ["type", "record_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_state"), ["state"], unique=False)

    op.create_table(
        "partner",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("allocation_code", sa.String(length=50), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "qualification",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("course_fee_pence", sa.Integer(), nullable=False),
        sa.Column("coaching_included", sa.Boolean(), nullable=False),
        sa.Column("assessment_months", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "register_submission",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("submitted_by", sa.String(length=36), nullable=False),
        sa.Column("submitted_at", sa.String(length=40), nullable=False),
        sa.Column("amendment_reason", sa.Text(), nullable=True),
        sa.Column("invitations_sent", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("register_submission", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_register_submission_event_id"), ["event_id"], unique=False
        )

    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("last_success", sa.String(length=40), nullable=True),
        sa.Column("last_attempt", sa.String(length=40), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("server_reachable", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "walk_in",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("school", sa.String(length=300), nullable=False),
        sa.Column("email", sa.String(length=300), nullable=False),
        sa.Column("qualification_code", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("walk_in", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_walk_in_event_id"), ["event_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("walk_in", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_walk_in_event_id"))

    op.drop_table("walk_in")
    op.drop_table("user")
    op.drop_table("sync_state")
    with op.batch_alter_table("register_submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_register_submission_event_id"))

    op.drop_table("register_submission")
    op.drop_table("qualification")
    op.drop_table("partner")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_state"))
        batch_op.drop_index("ix_outbox_record")

    op.drop_table("outbox")
    op.drop_table("other_record")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_event_id"))

    op.drop_table("note")
    op.drop_table("local_meta")
    op.drop_table("intake")
    op.drop_table("identity")
    op.drop_table("group")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_group_id"))

    op.drop_table("event")
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolment_group_id"))
        batch_op.drop_index(batch_op.f("ix_enrolment_candidate_id"))

    op.drop_table("enrolment")
    op.drop_table("candidate")
    with op.batch_alter_table("attendance_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_history_event_id"))
        batch_op.drop_index(batch_op.f("ix_attendance_history_attendance_id"))

    op.drop_table("attendance_history")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_event_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_group_id"))

    op.drop_table("assignment")
