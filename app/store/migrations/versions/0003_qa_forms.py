"""QA forms: form templates, forms (visits, conversations, self-assessments), QA assignments

Older versions kept pulled records of these types in ``other_record`` (as they came off
the wire); they move into the new tables here, so nothing already pulled is lost and no
re-pull is needed. A row missing what the new table needs stays where it was (nothing reads
it; the next full pull brings the record again).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 19:30:00
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FORM_TYPES = ("qa_visit", "coaching_conversation", "self_assessment")


def upgrade() -> None:
    op.create_table(
        "form_template",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("form_template", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_template_key"), ["key"], unique=False)
    op.create_table(
        "form",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("template_id", sa.String(length=36), nullable=False),
        sa.Column("facilitator_id", sa.String(length=36), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("supersedes", sa.String(length=36), nullable=True),
        sa.Column("event_id", sa.String(length=36), nullable=True),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("form", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_facilitator_id"), ["facilitator_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_form_supersedes"), ["supersedes"], unique=False)
    op.create_table(
        "qa_assignment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("qa_lead_id", sa.String(length=36), nullable=False),
        sa.Column("facilitator_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("qa_assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_qa_assignment_qa_lead_id"), ["qa_lead_id"],
                              unique=False)
    _move_parked_records()


def _move_parked_records() -> None:
    connection = op.get_bind()
    other = sa.table("other_record", sa.column("type"), sa.column("id"), sa.column("data"))
    wanted = ("form_template", "qa_assignment", *FORM_TYPES)
    rows = connection.execute(
        sa.select(other.c.type, other.c.id, other.c.data).where(other.c.type.in_(wanted))
    ).all()
    for type_, record_id, raw in rows:
        data = json.loads(raw) if isinstance(raw, str) else dict(raw or {})
        moved = _row(type_, record_id, data)
        if moved is None:
            continue
        table, values = moved
        connection.execute(sa.text(
            f"INSERT OR REPLACE INTO {table} ({', '.join(values)}) "
            f"VALUES ({', '.join(':' + k for k in values)})"), values)
        connection.execute(sa.delete(other).where(other.c.type == type_,
                                                  other.c.id == record_id))


def _row(type_: str, record_id: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The new table and its row for a parked record; None when it lacks what it needs."""
    try:
        if type_ == "form_template":
            return "form_template", {
                "id": record_id, "key": data["key"], "kind": data["kind"],
                "version": int(data["version"]), "title": data["title"],
                "data": json.dumps(data)}
        if type_ == "qa_assignment":
            return "qa_assignment", {"id": record_id, "qa_lead_id": data["qa_lead_id"],
                                     "facilitator_id": data["facilitator_id"]}
        return "form", {
            "id": record_id, "kind": type_, "template_id": data["template_id"],
            "facilitator_id": data["facilitator_id"], "author_id": data["author_id"],
            "status": data.get("status") or "draft", "revision": int(data.get("revision") or 1),
            "supersedes": data.get("supersedes"), "event_id": data.get("event_id"),
            "updated_at": data.get("updated_at") or data.get("created_at") or "",
            "data": json.dumps(data)}
    except (KeyError, TypeError, ValueError):
        return None


def downgrade() -> None:
    op.drop_table("qa_assignment")
    op.drop_table("form")
    op.drop_table("form_template")
