"""Building QA form mutations for the server tests (shared by test_qa_forms and the
authorisation walk)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from protocol.hlc import Stamp
from protocol.records import FormTemplateData, form_template_id
from server.db import Database
from server.forms_catalogue import shipped_templates
from server.models import QaAssignment, Record, User
from tests.server import lookups
from tests.server.api import mutation
from tests.server.conftest import TODAY

TEMPLATES: dict[str, FormTemplateData] = {
    t.key: t for _, t in shipped_templates(published_at="2026-08-01T09:00:00Z")}
INSTANT = "2026-11-23T10:00:00Z"


# one fixed point for the whole run: were it read from the clock at each call, a second
# passing between two calls would make step 0 as late as step 1 (seen once in CI)
BASE_MS = (int(time.time()) - 3600) * 1000


def stamp(step: int, device: str = "laptopA") -> str:
    """A stamp ``step`` seconds after a fixed point an hour before the run (never clamped)."""
    return str(Stamp(BASE_MS + step * 1000, 0, device))


def complete_answers(kind: str) -> dict[str, Any]:
    """An answer to every question of the shipped template that fits it."""
    answers: dict[str, Any] = {}
    for section in TEMPLATES[kind].sections:
        for q in section.questions:
            answers[q.id] = {"rating": q.levels[-1].value if q.levels else 1,
                             "yes_no": True, "date": "2026-12-01"}.get(q.kind, f"About {q.id}")
    return answers


def form(kind: str, *, facilitator_id: str, author_id: str, status: str = "draft",
         answers: dict[str, Any] | None = None, version: int = 1, **header: Any
         ) -> dict[str, Any]:
    body: dict[str, Any] = {
        "template_id": form_template_id(kind, version), "template_version": version,
        "facilitator_id": facilitator_id, "author_id": author_id, "status": status,
        "answers": answers if answers is not None else {}, "created_at": INSTANT,
        "updated_at": INSTANT}
    if kind == "coaching_conversation":
        body |= {"stage": "pre_visit"}
    if kind == "self_assessment":
        body |= {"academic_year": "2026/27"}
    return body | header


def push_form(kind: str, data: dict[str, Any], step: int, *, record_id: str | None = None,
              op: str = "upsert", device: str = "laptopA") -> dict[str, Any]:
    return mutation(kind, record_id or str(uuid.uuid4()), data, stamp(step, device), op=op)


@dataclass(frozen=True)
class People:
    """The personas and their QA relations in the seeded demo."""

    siân: str  # facilitator, in qa's care
    colleague: str  # cofacilitator (Oluwaseun), in qa's care
    qa: str
    qa2: str
    partner: str
    stranger: str  # a facilitator in qa2's care
    stranger_username: str
    siân_event: str  # a session of one of Siân's groups (today's)
    stranger_event: str  # a past session of the stranger's groups


def people(database: Database) -> People:
    ids = {name: lookups.user_id(database, name)
           for name in ("facilitator", "cofacilitator", "qa", "qa2", "partner")}
    with database.read() as session:
        in_qa2_care = set(session.scalars(select(QaAssignment.facilitator_id).where(
            QaAssignment.qa_lead_id == ids["qa2"])))
        assignments = session.scalars(select(Record).where(
            Record.type == "assignment", Record.ref_id.in_(sorted(in_qa2_care)))
            .order_by(Record.id)).all()
        first = next(a for a in assignments if a.data and a.data["role"] == "facilitator")
        username = str(session.scalar(select(User.username).where(User.id == first.ref_id)))
    today = lookups.event_on(database, lookups.assigned_groups(database, "facilitator"), TODAY)
    theirs = lookups.event_on(database, {str(first.group_id)}, TODAY, before=True)
    return People(siân=ids["facilitator"], colleague=ids["cofacilitator"], qa=ids["qa"],
                  qa2=ids["qa2"], partner=ids["partner"], stranger=str(first.ref_id),
                  stranger_username=username, siân_event=today.event_id,
                  stranger_event=theirs.event_id)
