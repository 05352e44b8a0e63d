"""a qualification's participation threshold

The central service now sends each qualification's participation threshold (percent of
face-to-face hours; ``app.progress`` judges who is at risk by it). Qualifications pulled
before this version have the default, 90; the sync cursor is cleared, so the next sync
pulls everything again (unsent changes are kept, as on any full pull) and every
qualification arrives with its own.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 22:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("qualification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("participation_threshold_percent", sa.Integer(),
                                      nullable=False, server_default="90"))
    sync_state = sa.table("sync_state", sa.column("cursor"))
    op.execute(sa.update(sync_state).values(cursor=None))


def downgrade() -> None:
    with op.batch_alter_table("qualification", schema=None) as batch_op:
        batch_op.drop_column("participation_threshold_percent")
