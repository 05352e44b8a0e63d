"""How QA form records map onto their tables: a few columns to look them up by, and the
whole payload in ``data`` (so the services read one validated shape, and a field the
server adds later is kept without a migration)."""

from __future__ import annotations

from typing import Any

from app.store.models import Base, Form, FormTemplate, QaAssignment
from protocol.records import FORM_TYPES

FORM_TABLES: dict[str, type[Base]] = {
    "form_template": FormTemplate,
    "qa_assignment": QaAssignment,
    **{type_: Form for type_ in sorted(FORM_TYPES)},
}


def row_values(type_: str, data: dict[str, Any]) -> dict[str, Any]:
    """The column values of a validated payload of one of ``FORM_TABLES``' types."""
    if type_ == "form_template":
        return {"key": data["key"], "kind": data["kind"], "version": data["version"],
                "title": data["title"], "data": data}
    if type_ == "qa_assignment":
        return {"qa_lead_id": data["qa_lead_id"], "facilitator_id": data["facilitator_id"]}
    return {"kind": type_, "template_id": data["template_id"],
            "facilitator_id": data["facilitator_id"], "author_id": data["author_id"],
            "status": data["status"], "revision": data["revision"],
            "supersedes": data.get("supersedes"), "event_id": data.get("event_id"),
            "updated_at": data["updated_at"], "data": data}
