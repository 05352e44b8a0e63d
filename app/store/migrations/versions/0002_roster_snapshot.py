"""roster snapshot: who is on each event's register, fixed when it is first opened

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 17:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roster_snapshot",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("candidate_id", sa.String(length=36), nullable=False),
        sa.Column("given_name", sa.String(length=200), nullable=False),
        sa.Column("family_name", sa.String(length=200), nullable=False),
        sa.Column("school", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("enrolled_on", sa.String(length=10), nullable=False),
        sa.Column("register_order", sa.Integer(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("taken_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "candidate_id"),
    )


def downgrade() -> None:
    op.drop_table("roster_snapshot")
