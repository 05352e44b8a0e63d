"""Evaluation invitations keep only the SHA-256 hash of their token, as access and refresh
tokens do: ``invitations.token`` becomes ``token_hash`` and
``evaluation_responses.invitation_token`` becomes ``invitation_token_hash``, every existing
token hashed in place (its link keeps working: the service looks up the hash of the token
presented).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from server.security import token_hash

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

FOREIGN_KEY = "evaluation_responses_invitation_token_hash_fkey"
invitations = sa.table("invitations", sa.column("token", sa.String))
responses = sa.table("evaluation_responses", sa.column("invitation_token", sa.String))


def _unlink_responses() -> None:
    """Let the invitations' keys change under their responses until the link is made
    again (SQLite: checked at commit instead; PostgreSQL: the foreign key is dropped)."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("PRAGMA defer_foreign_keys = ON")
        return
    for key in sa.inspect(bind).get_foreign_keys("evaluation_responses"):
        if key["referred_table"] == "invitations" and key["name"]:
            op.drop_constraint(key["name"], "evaluation_responses", type_="foreignkey")


def upgrade() -> None:
    bind = op.get_bind()
    _unlink_responses()
    pairs = [{"raw": token, "hashed": token_hash(token)}
             for token in bind.execute(sa.select(invitations.c.token)).scalars()]
    if pairs:
        bind.execute(sa.update(invitations).where(invitations.c.token == sa.bindparam("raw"))
                     .values(token=sa.bindparam("hashed")), pairs)
        bind.execute(sa.update(responses)
                     .where(responses.c.invitation_token == sa.bindparam("raw"))
                     .values(invitation_token=sa.bindparam("hashed")), pairs)
    op.alter_column("invitations", "token", new_column_name="token_hash")
    op.alter_column("evaluation_responses", "invitation_token",
                    new_column_name="invitation_token_hash")
    if bind.dialect.name != "sqlite":  # SQLite's rename carried its foreign key along
        op.create_foreign_key(FOREIGN_KEY, "evaluation_responses", "invitations",
                              ["invitation_token_hash"], ["token_hash"])


def downgrade() -> None:
    # The columns get their names back; the tokens cannot: links sent before no longer work.
    _unlink_responses()
    op.alter_column("evaluation_responses", "invitation_token_hash",
                    new_column_name="invitation_token")
    op.alter_column("invitations", "token_hash", new_column_name="token")
    if op.get_bind().dialect.name != "sqlite":
        op.create_foreign_key(None, "evaluation_responses", "invitations",
                              ["invitation_token"], ["token"])
