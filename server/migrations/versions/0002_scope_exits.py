"""Per-user scope-exit tombstones; the client's own stamp of each attendance mark.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.String(64)


def upgrade() -> None:
    op.create_table(
        "scope_exits",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("record_id", ID, nullable=False),
    )
    op.create_index("ix_scope_exits_user_seq", "scope_exits", ["user_id", "seq"])
    with op.batch_alter_table("attendance_history") as batch:
        batch.add_column(sa.Column("client_hlc", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attendance_history") as batch:
        batch.drop_column("client_hlc")
    op.drop_index("ix_scope_exits_user_seq", table_name="scope_exits")
    op.drop_table("scope_exits")
