"""Initial server schema.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(64)
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "counters",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "server_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", ID, primary_key=True),
        sa.Column("username", sa.String(200), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("partner_id", ID, nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", WHEN, nullable=True),
    )
    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("user_id", ID, sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("family_id", ID, nullable=False, index=True),
        sa.Column("device_id", sa.String(100), nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("used_at", WHEN, nullable=True),
        sa.Column("revoked_at", WHEN, nullable=True),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(200), nullable=False, index=True),
        sa.Column("failed_at", WHEN, nullable=False),
    )
    op.create_table(
        "records",
        sa.Column("type", sa.String(32), primary_key=True),
        sa.Column("id", ID, primary_key=True),
        sa.Column("data", sa.JSON, nullable=True),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False, unique=True),
        sa.Column("group_id", ID, nullable=True, index=True),
        sa.Column("event_id", ID, nullable=True, index=True),
        sa.Column("owner_id", ID, nullable=True),
        sa.Column("ref_id", ID, nullable=True, index=True),
        sa.Column("private", sa.Boolean, nullable=False),
        sa.Column("updated_at", WHEN, nullable=True),
    )
    op.create_table(
        "attendance_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("attendance_id", ID, nullable=False, index=True),
        sa.Column("event_id", ID, nullable=False),
        sa.Column("candidate_id", ID, nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("hlc", sa.String(200), nullable=False),
        sa.Column("marked_by", ID, nullable=False),
        sa.Column("device_id", sa.String(100), nullable=False),
        sa.Column("mutation_id", sa.String(64), nullable=True),
        sa.Column("won", sa.Boolean, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("received_at", WHEN, nullable=True),
    )
    op.create_table(
        "applied_mutations",
        sa.Column("mutation_id", sa.String(64), primary_key=True),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("record_type", sa.String(32), nullable=False),
        sa.Column("record_id", ID, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=True),
        sa.Column("applied_at", WHEN, nullable=True),
    )
    op.create_table(
        "qa_assignments",
        sa.Column("facilitator_id", ID, primary_key=True),
        sa.Column("qa_lead_id", ID, primary_key=True, index=True),
    )
    op.create_table(
        "invitations",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("event_id", ID, nullable=False, index=True),
        sa.Column("candidate_id", ID, nullable=False),
        sa.Column("sent_at", WHEN, nullable=True),
        sa.Column("responded_at", WHEN, nullable=True),
    )
    op.create_index("ux_invitation_event_candidate", "invitations",
                    ["event_id", "candidate_id"], unique=True)
    op.create_table(
        "evaluation_responses",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("invitation_token", sa.String(64), sa.ForeignKey("invitations.token"),
                  unique=True),
        sa.Column("event_id", ID, nullable=False, index=True),
        sa.Column("ratings", sa.JSON, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("submitted_at", WHEN, nullable=True),
    )
    op.bulk_insert(sa.table("counters", sa.column("name", sa.String),
                            sa.column("value", sa.BigInteger)), [{"name": "seq", "value": 0}])


def downgrade() -> None:
    for table in ("evaluation_responses", "invitations", "qa_assignments", "applied_mutations",
                  "attendance_history", "records", "login_failures", "tokens", "users",
                  "server_meta", "counters"):
        op.drop_table(table)
