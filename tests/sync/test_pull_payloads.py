"""Pulled payloads are stored as their model says: ``_validated`` gives exactly what
``model_validate(data).model_dump()`` gives, for every record type."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from app.store.apply import PulledChange, _validated
from protocol.fields import READING
from protocol.records import RECORD_MODELS

_FORM: dict[str, Any] = {
    "template_id": "t", "template_version": 1, "facilitator_id": "f", "author_id": "a",
    "answers": {"r": 3, "text": "Ŵ", "yes": True, "d": "2026-11-23"}, "created_at": "t",
    "updated_at": "t"}
SAMPLES: dict[str, dict[str, Any]] = {
    "qualification": {"code": "NPQSL", "title": "T", "course_fee_pence": 1, "coaching_included":
                      True, "unknown": "dropped"},
    "partner": {"name": "P", "kind": "trust", "allocation_code": "A", "region": "R"},
    "intake": {"term": "autumn", "year": 2026, "registration_deadline": "2026-09-01",
               "label": "Autumn 2026"},
    "user": {"name": "U", "roles": ["facilitator"]},
    "group": {"code": "G", "qualification_code": "Q", "partner_id": "p", "intake_id": "i",
              "venue_name": "V", "facilitator_ids": ["a", "b"]},
    "event": {"group_id": "g", "number": 1, "title": "T", "window_start": "2026-01-01",
              "window_end": "2026-01-02", "venue_name": "V"},
    "candidate": {"given_name": "A", "family_name": "B", "school": "S"},
    "enrolment": {"group_id": "g", "candidate_id": "c", "enrolled_on": "2026-01-01"},
    "assignment": {"user_id": "u", "group_id": "g", "role": "facilitator"},
    "attendance": {"event_id": "e", "candidate_id": "c", "status": "late", "marked_by": "u",
                   "hlc": "000000000000001-000000-d", "observations": [
                       {"status": "present", "marked_by": "u", "hlc": "1-0-d", "x": 1},
                       {"status": "late", "marked_by": "v", "hlc": "2-0-d", "note": None}]},
    "register_submission": {"event_id": "e", "submitted_by": "u", "submitted_at": "t"},
    "walk_in": {"event_id": "e", "name": "N", "recorded_by": "u"},
    "note": {"event_id": "e", "body": "b", "author_id": "u", "updated_at": "t"},
    "form_template": {"key": "qa_visit", "kind": "qa_visit", "version": 2, "title": "T",
                      "published_at": "t", "sections": [
                          {"id": "s", "title": "S", "questions": [
                              {"id": "r", "kind": "rating", "label": "R", "required": True,
                               "levels": [{"value": 1, "label": "L", "descriptor": "D"}]},
                              {"id": "d", "kind": "date", "label": "When", "extra": 1}]}]},
    "qa_visit": {**_FORM, "event_id": "e", "mode": "observed"},
    "coaching_conversation": {**_FORM, "stage": "pre_visit", "held_on": "2026-11-20"},
    "self_assessment": {**_FORM, "academic_year": "2026/27"},
    "qa_assignment": {"qa_lead_id": "q", "facilitator_id": "f"},
    "event_date_choice": {"event_id": "e", "date": "2027-01-14", "chosen_by": "u",
                          "chosen_at": "t", "warnings": ["Another event at the venue"]},
    "evaluation_summary": {"event_id": "e", "attended": 5, "invitations": 5, "responses": 0},
    "term_dates": {"authority": "Calderdale", "academic_year": "2026/27",
                   "first_day": "2026-09-01", "last_day": "2027-08-31", "holidays": [
                       {"name": "Easter holiday", "first_day": "2027-03-26",
                        "last_day": "2027-04-09", "extra": 1}], "unknown": "dropped"},
    "training_status_reasons": {
        "deferral": [{"code": "bereavement", "label": "Bereavement", "extra": 1}],
        "withdrawal": [{"code": "moved-school", "label": "Moved school"}],
        "max_days_ahead": 30, "unknown": "dropped"},
    "training_status_request": {
        "candidate_id": "c", "group_id": "g", "kind": "deferred", "reason": "bereavement",
        "effective_date": "2027-01-14", "note": "Agreed by phone", "requested_by": "u",
        "requested_at": "2027-01-10T09:00:00Z"},
    "training_status": {"candidate_id": "c", "group_id": "g", "status": "withdrawn",
                        "reason": "moved-school", "effective_date": "2027-01-14",
                        "decided_at": "2027-01-10T09:00:05Z", "request_id": "r"},
    "participant_progress": {"candidate_id": "c", "group_id": "g",
                             "online_sessions_attended": 2, "online_sessions_held": 3,
                             "online_course_percent": 40, "diagnostic_360": "invited",
                             "coaching_sessions": None, "unknown": "dropped"},
    "declaration": {"candidate_id": "c", "group_id": "g", "declaration_type": "retained-1",
                    "state": "payable", "declaration_date": "2027-01-14",
                    "course_identifier": "npq-senior-leadership", "extra": 1},
    "impact_report": {"group_id": "g", "candidates": 20, "diagnostic_invited": 20,
                      "diagnostic_completed": 2, "diagnostic_domains": [],
                      "destination_responses": 9, "destinations": [
                          {"label": "Promoted", "count": 3, "extra": 1}],
                      "simulated": True},
    "application": {"given_name": "Siân", "family_name": "Ó Briain", "school": "S",
                    "role": "Head of maths", "qualification_code": "NPQSL", "intake_id": "i",
                    "partner_id": "p", "group_id": None, "source": "allocation_code",
                    "status": "applied", "applied_on": "2026-11-02", "extra": 1},
    "registration_window": {"intake_id": "i", "opens_on": "2026-09-13",
                            "closes_on": "2027-01-16"},
    "recruitment_rules": {"min_group_size": 12, "required_each_year": ["NPQML", "NPQSL"],
                          "application_url": "https://apply.example/npq", "unknown": 1},
    "viability_decision_request": {"group_id": "g", "kind": "merge",
                                   "merge_into_group_id": "h", "note": "Agreed",
                                   "requested_by": "u",
                                   "requested_at": "2027-01-10T09:00:00Z"},
    "viability_decision": {"group_id": "g", "kind": "merge", "merge_into_group_id": "h",
                           "outcome": "9 candidates moved to G-2",
                           "decided_at": "2027-01-10T09:00:05Z", "request_id": "r"},
    "partner_profile_request": {"partner_id": "p", "overview": "We are…",
                                "contacts": [{"name": "A B", "role": "Lead",
                                              "email": "a@example.org", "extra": 1}],
                                "venues": [{"name": "Hub", "address": "1 Road"}],
                                "requested_by": "u", "requested_at": "2027-01-10T09:00:00Z"},
}


def test_every_record_type_has_a_sample() -> None:
    assert set(SAMPLES) == set(RECORD_MODELS)


@pytest.mark.parametrize("type_", sorted(SAMPLES))
def test_validated_equals_the_models_dump(type_: str) -> None:
    data = SAMPLES[type_]
    expected = RECORD_MODELS[type_].model_validate(data, context=READING).model_dump()
    assert _validated(PulledChange(type_, "id-1", False, data)) == expected


def test_attendance_without_observations_and_types_without_a_model() -> None:
    data = dict(SAMPLES["attendance"], observations=None)
    assert _validated(PulledChange("attendance", "a", False, data))["observations"] is None
    assert _validated(PulledChange("future_type", "q", False, {"any": [1]})) == {"any": [1]}


def test_a_malformed_payload_is_refused() -> None:
    with pytest.raises(ValidationError):
        _validated(PulledChange("attendance", "a", False, dict(SAMPLES["attendance"],
                                                               status="maybe")))
