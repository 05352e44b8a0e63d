"""Remembered mutation ids are keyed by who sent them (user id + mutation id), so that a
mutation id sent by another user is not answered ``duplicate`` with their sequence number.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLE = "applied_mutations"
PRIMARY_KEY = "applied_mutations_pkey"  # PostgreSQL's own name for 0001's key
BY_ID = ["mutation_id"]
BY_SENDER = ["user_id", "mutation_id"]


def _shape(key: list[str]) -> sa.Table:
    """The table as 0001 made it, with ``key`` as its primary key."""
    return sa.Table(
        TABLE, sa.MetaData(),
        sa.Column("mutation_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("record_type", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint(*key, name=PRIMARY_KEY))


def _primary_key(old: list[str], new: list[str]) -> None:
    """Replace the table's primary key, keeping its rows (SQLite: by copying the table)."""
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(TABLE, recreate="always", copy_from=_shape(old)) as batch:
            batch.drop_constraint(PRIMARY_KEY, type_="primary")
            batch.create_primary_key(PRIMARY_KEY, new)
        return
    op.drop_constraint(PRIMARY_KEY, TABLE, type_="primary")
    op.create_primary_key(PRIMARY_KEY, TABLE, new)


def upgrade() -> None:
    _primary_key(BY_ID, BY_SENDER)


def downgrade() -> None:
    # One row per mutation id again: of ids two senders share, the first applied stays.
    rows = sa.table(TABLE, sa.column("user_id", sa.String), sa.column("mutation_id", sa.String),
                    sa.column("seq", sa.BigInteger))
    bind = op.get_bind()
    seen: set[str] = set()
    for user_id, mutation_id in bind.execute(sa.select(rows.c.user_id, rows.c.mutation_id)
                                             .order_by(rows.c.seq, rows.c.user_id)).all():
        if mutation_id in seen:
            bind.execute(sa.delete(rows).where(rows.c.user_id == user_id,
                                               rows.c.mutation_id == mutation_id))
        seen.add(mutation_id)
    _primary_key(BY_SENDER, BY_ID)
