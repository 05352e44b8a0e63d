"""the qualification catalogue, delivery-partner and participant identifiers, funding

The central service now sends each qualification's course identifier, programme type,
duration and schedules (milestones and the assessment window); each partner's national
delivery-partner identifier per cohort; each candidate's participant identifier, school
URN and funding. Records pulled before this version have none of these; the sync cursor
is cleared, so the next sync pulls everything again (unsent changes are kept, as on any
full pull) and every record arrives with its own.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 23:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("qualification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("course_identifier", sa.String(100), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("programme_type", sa.String(30), nullable=False,
                                      server_default="leadership"))
        batch_op.add_column(sa.Column("duration_months", sa.Integer(), nullable=False,
                                      server_default="18"))
        batch_op.add_column(sa.Column("schedules", sa.JSON(), nullable=True))
    with op.batch_alter_table("partner", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivery_partner_ids", sa.JSON(), nullable=True))
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("participant_id", sa.String(64), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("school_urn", sa.String(20), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("funding", sa.JSON(), nullable=True))
    sync_state = sa.table("sync_state", sa.column("cursor"))
    op.execute(sa.update(sync_state).values(cursor=None))


def downgrade() -> None:
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.drop_column("funding")
        batch_op.drop_column("school_urn")
        batch_op.drop_column("participant_id")
    with op.batch_alter_table("partner", schema=None) as batch_op:
        batch_op.drop_column("delivery_partner_ids")
    with op.batch_alter_table("qualification", schema=None) as batch_op:
        batch_op.drop_column("schedules")
        batch_op.drop_column("duration_months")
        batch_op.drop_column("programme_type")
        batch_op.drop_column("course_identifier")
