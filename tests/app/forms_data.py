"""Small QA form templates and a store holding them, for the app/forms tests.

The templates are built here (not read from resources/forms) so these tests pin the
client's rules, whatever the published content says."""

from __future__ import annotations

from typing import Any

from app.clock import shared_clock
from app.store import Store
from app.store.apply import PulledChange, apply_page
from protocol.records import FormTemplateData, form_template_id
from tests.app.conftest import ME

QA_LEAD = "33333333-3333-4333-8333-333333333333"
ASSIGNMENT = "44444444-4444-4444-8444-444444444444"

LEVELS = [{"value": v, "label": label, "descriptor": f"{label} practice."}
          for v, label in ((1, "Emerging"), (2, "Developing"), (3, "Secure"), (4, "Exemplary"))]


def visit_template(version: int = 1, **changes: Any) -> dict[str, Any]:
    """A QA visit template: a competency section, then the overall section."""
    listening = {"id": "listening_rating", "kind": "rating", "label": "Listening",
                 "required": True, "levels": LEVELS}
    evidence = {"id": "listening_evidence", "kind": "text", "label": "Evidence"}
    overall = [
        {"id": "strengths", "kind": "text", "label": "Strengths", "required": True},
        {"id": "discussed", "kind": "yes_no", "label": "Discussed with the facilitator?"},
        {"id": "follow_up_on", "kind": "date", "label": "Follow-up date"},
        {"id": "overall_judgement", "kind": "rating", "label": "Overall judgement",
         "required": True, "levels": LEVELS},
    ]
    data = {"key": "qa_visit", "kind": "qa_visit", "version": version, "title": "QA visit",
            "published_at": "2026-09-01T08:00:00Z",
            "sections": [
                {"id": "competencies", "title": "Competencies",
                 "questions": [listening, evidence]},
                {"id": "overall", "title": "Overall", "questions": overall}]}
    data.update(changes)
    return FormTemplateData.model_validate(data).model_dump()


def conversation_template() -> dict[str, Any]:
    return FormTemplateData.model_validate({
        "key": "coaching_conversation", "kind": "coaching_conversation", "version": 1,
        "title": "Coaching conversation", "published_at": "2026-09-01T08:00:00Z",
        "sections": [{"id": "notes", "title": "Conversation", "questions": [
            {"id": "notes", "kind": "text", "label": "Notes", "required": True},
            {"id": "agreed_actions", "kind": "text", "label": "Agreed actions",
             "required": True}]}]}).model_dump()


def self_assessment_template() -> dict[str, Any]:
    return FormTemplateData.model_validate({
        "key": "self_assessment", "kind": "self_assessment", "version": 1,
        "title": "Self-assessment", "published_at": "2026-09-01T08:00:00Z",
        "sections": [{"id": "me", "title": "Competencies", "questions": [
            {"id": "listening_rating", "kind": "rating", "label": "Listening",
             "required": True, "levels": LEVELS}]}]}).model_dump()


def template_change(data: dict[str, Any]) -> PulledChange:
    return PulledChange("form_template", form_template_id(data["key"], data["version"]),
                        False, data)


def seed_forms(store: Store, facilitator_id: str = ME, qa_lead_id: str = QA_LEAD,
               cursor: str = "forms-1") -> None:
    """Templates (version 1 of each) and the QA assignment of ``facilitator_id``."""
    apply_page(store, [
        template_change(visit_template()), template_change(conversation_template()),
        template_change(self_assessment_template()),
        PulledChange("user", QA_LEAD, False, {"name": "Ciarán Ó Briain",
                                              "roles": ["qa_lead"]}),
        PulledChange("user", ME, False, {"name": "Siân Hughes", "roles": ["facilitator"]}),
        PulledChange("qa_assignment", ASSIGNMENT, False,
                     {"qa_lead_id": qa_lead_id, "facilitator_id": facilitator_id}),
    ], cursor, shared_clock(store))
