"""Every record type as this laptop keeps it, declared in one place: its payload model (from
``protocol.records``), where it is kept, and how a pulled change of it lands (the kinds of
``app.store.landing``). Looked up by type name with ``record_type``.

A type the protocol adds must be declared here too (a test checks that every type of
``RECORD_MODELS`` has exactly one declaration, with the same model).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from app.store.landing import (
    ClientRecordType,
    FormType,
    GroupType,
    MarkType,
    RowType,
    StampedFormType,
    UnknownType,
    WholeType,
)
from app.store.models import (
    Assignment,
    Base,
    Candidate,
    Colleague,
    Enrolment,
    Event,
    Form,
    FormTemplate,
    Group,
    Intake,
    Note,
    Partner,
    QaAssignment,
    Qualification,
    RegisterSubmission,
    TermDates,
    WalkIn,
)
from protocol.records import (
    ApplicationData,
    AssignmentData,
    AttendanceData,
    CandidateData,
    CoachingConversationData,
    DeclarationData,
    EnrolmentData,
    EvaluationSummaryData,
    EventData,
    EventDateChoiceData,
    FormData,
    FormTemplateData,
    GroupData,
    ImpactReportData,
    IntakeData,
    NoteData,
    ParticipantProgressData,
    PartnerData,
    PartnerProfileRequestData,
    QaAssignmentData,
    QaVisitData,
    QualificationData,
    RecordData,
    RecruitmentRulesData,
    RegisterSubmissionData,
    RegistrationWindowData,
    SelfAssessmentData,
    TermDatesData,
    TrainingStatusData,
    TrainingStatusReasonsData,
    TrainingStatusRequestData,
    UserData,
    ViabilityDecisionData,
    ViabilityDecisionRequestData,
    WalkInData,
)


def _template_columns(template: FormTemplateData, data: dict[str, Any]) -> dict[str, Any]:
    return {"key": template.key, "kind": template.kind, "version": template.version,
            "title": template.title, "data": data}


def _qa_link_columns(link: QaAssignmentData, _data: dict[str, Any]) -> dict[str, Any]:
    return {"qa_lead_id": link.qa_lead_id, "facilitator_id": link.facilitator_id}


def _form_columns(kind: str, form: FormData, data: dict[str, Any],
                  event_id: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "template_id": form.template_id,
            "facilitator_id": form.facilitator_id, "author_id": form.author_id,
            "status": form.status, "revision": form.revision, "supersedes": form.supersedes,
            "event_id": event_id, "updated_at": form.updated_at, "data": data}


def _visit_columns(visit: QaVisitData, data: dict[str, Any]) -> dict[str, Any]:
    return _form_columns("qa_visit", visit, data, visit.event_id)


def _conversation_columns(conversation: CoachingConversationData,
                          data: dict[str, Any]) -> dict[str, Any]:
    return _form_columns("coaching_conversation", conversation, data)


def _self_assessment_columns(assessment: SelfAssessmentData,
                             data: dict[str, Any]) -> dict[str, Any]:
    return _form_columns("self_assessment", assessment, data)


def declare(types: Iterable[ClientRecordType[Any]]) -> dict[str, ClientRecordType[Any]]:
    """The declarations by type name; a type declared twice is a mistake (ValueError)."""
    found: dict[str, ClientRecordType[Any]] = {}
    for record_type_ in types:
        if record_type_.name in found:
            raise ValueError(f"record type {record_type_.name!r} declared twice")
        found[record_type_.name] = record_type_
    return found


# One declaration a type, next to each other.
CLIENT_RECORD_TYPES: dict[str, ClientRecordType[Any]] = declare([
    RowType("qualification", QualificationData, Qualification, reconciled=True),
    RowType("partner", PartnerData, Partner, reconciled=True),
    RowType("intake", IntakeData, Intake, reconciled=True),
    RowType("user", UserData, Colleague, reconciled=True),
    GroupType("group", GroupData, Group),
    RowType("event", EventData, Event, reconciled=True),
    RowType("candidate", CandidateData, Candidate, reconciled=True),
    RowType("enrolment", EnrolmentData, Enrolment, reconciled=True),
    RowType("assignment", AssignmentData, Assignment, reconciled=True),
    MarkType("attendance", AttendanceData),
    RowType("register_submission", RegisterSubmissionData, RegisterSubmission),
    RowType("walk_in", WalkInData, WalkIn),
    RowType("note", NoteData, Note),
    RowType("term_dates", TermDatesData, TermDates, reconciled=True),
    FormType("form_template", FormTemplateData, FormTemplate, _template_columns),
    FormType("qa_assignment", QaAssignmentData, QaAssignment, _qa_link_columns),
    StampedFormType("qa_visit", QaVisitData, Form, _visit_columns, kind_column="kind"),
    StampedFormType("coaching_conversation", CoachingConversationData, Form,
                    _conversation_columns, kind_column="kind"),
    StampedFormType("self_assessment", SelfAssessmentData, Form, _self_assessment_columns,
                    kind_column="kind"),
    WholeType("evaluation_summary", EvaluationSummaryData),
    WholeType("event_date_choice", EventDateChoiceData),
    # deferrals and withdrawals (app.training_status): the national reasons, an accepted
    # request, and a candidate's status in a group as the central service decided it
    WholeType("training_status_reasons", TrainingStatusReasonsData),
    WholeType("training_status_request", TrainingStatusRequestData),
    WholeType("training_status", TrainingStatusData),
    # what the central service reports of each candidate's year and each group's impact
    WholeType("participant_progress", ParticipantProgressData),
    WholeType("declaration", DeclarationData),
    WholeType("impact_report", ImpactReportData),
    # recruitment (issue 16): applications and the rules and windows they come in, a
    # partner lead's decisions and profile changes, and the decisions as carried out
    WholeType("application", ApplicationData),
    WholeType("registration_window", RegistrationWindowData),
    WholeType("recruitment_rules", RecruitmentRulesData),
    WholeType("viability_decision_request", ViabilityDecisionRequestData),
    WholeType("viability_decision", ViabilityDecisionData),
    WholeType("partner_profile_request", PartnerProfileRequestData),
])


def record_type(name: str) -> ClientRecordType[Any]:
    """The declaration of a type; a type this version does not know is kept whole."""
    return CLIENT_RECORD_TYPES.get(name) or UnknownType(name)


def registration_problems(models: Mapping[str, type[RecordData]],
                          declared: Mapping[str, ClientRecordType[Any]] = CLIENT_RECORD_TYPES
                          ) -> list[str]:
    """What is wrong between the protocol's record models and the declarations here: a
    type without a declaration, a declaration of no protocol type, another model."""
    problems = [f"{name}: no client declaration" for name in models if name not in declared]
    problems += [f"{name}: declared here but not a protocol record type"
                 for name in declared if name not in models]
    problems += [f"{name}: declared with {declared[name].model.__name__}, the protocol says "
                 f"{model.__name__}" for name, model in models.items()
                 if name in declared and declared[name].model is not model]
    return problems


def _row_types(*, forms: bool) -> dict[str, type[Base]]:
    return {name: declared.table for name, declared in CLIENT_RECORD_TYPES.items()
            if isinstance(declared, RowType) and isinstance(declared, FormType) == forms}


# Types kept in a table of their own, with the payload's fields as columns.
TABLES: dict[str, type[Base]] = _row_types(forms=False)
# Types kept in a table of their own with a few look-up columns and the payload in ``data``.
FORM_TABLES: dict[str, type[Base]] = _row_types(forms=True)
# Types a full re-pull is authoritative for: anything not seen again has left the scope.
RECONCILED_TYPES: tuple[str, ...] = tuple(
    name for name, declared in CLIENT_RECORD_TYPES.items()
    if isinstance(declared, RowType) and declared.reconciled)
FORM_RECORD_TYPES: tuple[FormType[Any], ...] = tuple(
    declared for declared in CLIENT_RECORD_TYPES.values() if isinstance(declared, FormType))
