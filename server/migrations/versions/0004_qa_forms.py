"""QA forms (issue 5): version 1 of the form templates, and a ``qa_assignment`` record for
every facilitator already in a QA lead's care, so that a database made before QA forms
serves them too. Nothing changes in the schema.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from alembic import op

from server.forms_catalogue import SHIPPED_AT, shipped_templates
from server.services import qa_care

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

records = sa.table(
    "records", sa.column("type", sa.String), sa.column("id", sa.String),
    sa.column("data", sa.JSON), sa.column("deleted", sa.Boolean),
    sa.column("seq", sa.BigInteger), sa.column("group_id", sa.String),
    sa.column("event_id", sa.String), sa.column("owner_id", sa.String),
    sa.column("ref_id", sa.String), sa.column("private", sa.Boolean),
    sa.column("updated_at", sa.DateTime(timezone=True)))
counters = sa.table("counters", sa.column("name", sa.String),
                    sa.column("value", sa.BigInteger))
links = sa.table("qa_assignments", sa.column("facilitator_id", sa.String),
                 sa.column("qa_lead_id", sa.String))


def _row(type_: str, id_: str, data: dict[str, Any], owner: str | None = None,
         ref: str | None = None) -> dict[str, Any]:
    return {"type": type_, "id": id_, "data": data, "deleted": False, "group_id": None,
            "event_id": None, "owner_id": owner, "ref_id": ref, "private": False,
            "updated_at": dt.datetime.now(dt.UTC)}


def upgrade() -> None:
    bind = op.get_bind()
    held = {(r.type, r.id) for r in bind.execute(sa.select(records.c.type, records.c.id).where(
        records.c.type.in_(("form_template", "qa_assignment"))))}
    rows = [_row("form_template", id_, t.model_dump())
            for id_, t in shipped_templates(SHIPPED_AT) if ("form_template", id_) not in held]
    for link in bind.execute(sa.select(links.c.facilitator_id, links.c.qa_lead_id)
                             .order_by(links.c.qa_lead_id, links.c.facilitator_id)):
        id_ = qa_care.record_id(link.qa_lead_id, link.facilitator_id)
        if ("qa_assignment", id_) not in held:
            rows.append(_row("qa_assignment", id_,
                             qa_care.data(link.qa_lead_id, link.facilitator_id).model_dump(),
                             owner=link.qa_lead_id, ref=link.facilitator_id))
    if not rows:
        return
    top = bind.execute(sa.update(counters).where(counters.c.name == "seq")
                       .values(value=counters.c.value + len(rows))
                       .returning(counters.c.value)).scalar_one()
    for seq, row in enumerate(rows, top - len(rows) + 1):
        row["seq"] = seq
    bind.execute(sa.insert(records), rows)


def downgrade() -> None:
    pass  # the records stay: older servers ignore types they do not serve
