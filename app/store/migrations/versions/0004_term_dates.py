"""school term dates: a table for them, and each event's local authority

Events pulled before this version do not carry their venue's local authority, and term
dates records pulled by an older version were parked in ``other_record``. The sync cursor
is cleared, so the next sync pulls everything again (unsent changes are kept, as on any
full pull) and every event arrives with its authority; parked term dates are dropped, since
that pull brings them again.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "term_dates",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("authority", sa.String(length=1000), nullable=False),
        sa.Column("academic_year", sa.String(length=7), nullable=False),
        sa.Column("first_day", sa.String(length=10), nullable=False),
        sa.Column("last_day", sa.String(length=10), nullable=False),
        sa.Column("holidays", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("local_authority", sa.String(length=1000),
                                      nullable=False, server_default=""))
    other = sa.table("other_record", sa.column("type"))
    op.execute(sa.delete(other).where(other.c.type == "term_dates"))
    sync_state = sa.table("sync_state", sa.column("cursor"))
    op.execute(sa.update(sync_state).values(cursor=None))


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("local_authority")
    op.drop_table("term_dates")
