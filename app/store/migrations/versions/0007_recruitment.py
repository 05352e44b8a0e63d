"""groups closed, merged or run below the minimum; the partner's published profile

The central service now says whether a group still runs (a viability decision may close
it, merged into another group or its candidates offered the distance-learning pathway, or
let it run below the minimum), and sends the partner's published profile (overview,
contacts, venues) and its memorandum of understanding. Records pulled before this version
have none of these; the sync cursor is cleared, so the next sync pulls everything again
(unsent changes are kept, as on any full pull) and every record arrives with its own.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("group", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(10), nullable=False,
                                      server_default="open"))
        batch_op.add_column(sa.Column("closed_reason", sa.Text(), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("merged_into", sa.String(36), nullable=True))
        batch_op.add_column(sa.Column("runs_below_minimum", sa.Boolean(), nullable=False,
                                      server_default="0"))
    with op.batch_alter_table("partner", schema=None) as batch_op:
        batch_op.add_column(sa.Column("overview", sa.Text(), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("contacts", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("venues", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("mou_signed_on", sa.String(10), nullable=True))
        batch_op.add_column(sa.Column("mou_renewal_due", sa.String(10), nullable=True))
    sync_state = sa.table("sync_state", sa.column("cursor"))
    op.execute(sa.update(sync_state).values(cursor=None))


def downgrade() -> None:
    with op.batch_alter_table("partner", schema=None) as batch_op:
        for column in ("mou_renewal_due", "mou_signed_on", "venues", "contacts", "overview"):
            batch_op.drop_column(column)
    with op.batch_alter_table("group", schema=None) as batch_op:
        for column in ("runs_below_minimum", "merged_into", "closed_reason", "status"):
            batch_op.drop_column(column)
