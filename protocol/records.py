"""Record payloads of the sync protocol: the ``data`` of each record type.

Both sides validate with these models: the server before it applies a pushed mutation, the
client before it stores a pulled change. Money is in pence, dates are ISO ``YYYY-MM-DD``,
times of day ``HH:MM``, instants ISO 8601 UTC. Ids are UUID strings.

Every text field of a client-writable record carries its rule from ``protocol.fields``
(length, line breaks, characters, shape): a push breaking one is rejected as ``invalid``.
What is read back (a pull) is validated with ``context=fields.READING``, which checks types
but not those rules, so records stored before a rule existed still arrive.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from protocol import fields

# Namespace for ids derived from natural keys (attendance: one mark per event+candidate).
NPQ_NAMESPACE = uuid.UUID("6f1c4f2e-9b1d-5c3e-8a47-2f0d9c1e7a53")

# "unmarked": the person is not marked (a mark taken back, by Undo); it is not attendance.
# Attendance is never deleted on the central service, so "not marked" is a mark of its own.
AttendanceStatus = Literal["present", "late", "left_early", "absent", "apologies",
                           "not_applicable", "unmarked"]
UNMARKED = "unmarked"
ATTENDED_STATUSES: frozenset[str] = frozenset({"present", "late", "left_early"})


def attendance_id(event_id: str, candidate_id: str) -> str:
    """The id of the one current mark for (event, candidate): the same on every laptop."""
    return str(uuid.uuid5(NPQ_NAMESPACE, f"attendance:{event_id}:{candidate_id}"))


# Field types of what a client pushes: each carries its rule from ``protocol.fields``.
Id = Annotated[str, fields.ID]
Instant = Annotated[str, fields.INSTANT]
StampText = Annotated[str, fields.STAMP]
DeviceId = Annotated[str, fields.DEVICE_ID]
TimeOfDay = Annotated[str, fields.TIME]
Day = Annotated[str, fields.DATE]
Reason = Annotated[str, fields.REASON]
MarkNote = Annotated[str, fields.MARK_NOTE]


class RecordData(BaseModel):
    # Unknown fields are ignored so that a newer server can add fields to old clients.
    model_config = ConfigDict(extra="ignore")


class QualificationData(RecordData):
    code: str  # "NPQSL"
    title: str
    course_fee_pence: int
    coaching_included: bool
    assessment_months: list[int] = Field(default_factory=lambda: [12, 15, 18])
    # below this share of face-to-face hours a candidate is at risk (app.progress)
    participation_threshold_percent: fields.ThresholdPercent = fields.THRESHOLD_DEFAULT


class PartnerData(RecordData):
    name: str
    kind: Literal["teaching_school", "trust", "diocese", "school"]
    allocation_code: str
    region: str


class IntakeData(RecordData):
    term: Literal["autumn", "spring"]
    year: int
    registration_deadline: str  # date
    label: str  # "Autumn 2026"


class UserData(RecordData):
    """Public information about a colleague (a co-facilitator, a partner lead)."""

    name: str
    roles: list[str]
    partner_id: str | None = None


class GroupData(RecordData):
    code: str  # "NPQSL-AUT26-LEEDS-1"
    qualification_code: str
    partner_id: str
    intake_id: str
    venue_name: str
    venue_address: str = ""
    min_size: int = 12
    facilitator_ids: list[str] = Field(default_factory=list)


class EventData(RecordData):
    group_id: str
    number: int
    title: str
    window_start: str  # date
    window_end: str  # date
    chosen_date: str | None = None  # date, inside the window
    arrival_time: str = "08:30"
    start_time: str = "09:00"
    end_time: str = "16:00"
    venue_name: str
    venue_address: str = ""
    briefing_at: str | None = None  # instant of the one-hour online facilitator briefing
    # The local authority the venue is in ("Calderdale"): whose school term dates
    # (``term_dates`` records) the event's date is checked against. "" when not known.
    local_authority: str = ""


class CandidateData(RecordData):
    given_name: str
    family_name: str
    school: str
    role: str = ""
    email: str = ""
    special_requirements: str | None = None  # special category data: never printed or logged
    scholarship: bool = False


class EnrolmentData(RecordData):
    group_id: str
    candidate_id: str
    status: Literal["active", "withdrawn"] = "active"
    enrolled_on: str  # date
    register_order: int = 0  # position on the paper register


class AssignmentData(RecordData):
    user_id: str
    group_id: str
    role: Literal["facilitator", "partner_lead", "qa_lead"]


class AttendanceObservation(RecordData):
    """One mark pushed for an attendance record, as the server lists it (winning or not)."""

    status: AttendanceStatus
    arrival_time: TimeOfDay | None = None
    departure_time: TimeOfDay | None = None
    note: MarkNote | None = ""
    marked_by: Id
    device_id: DeviceId = ""
    hlc: StampText
    amendment_reason: Reason | None = None


class AttendanceData(RecordData):
    event_id: Id
    candidate_id: Id
    status: AttendanceStatus
    arrival_time: TimeOfDay | None = None  # HH:MM
    departure_time: TimeOfDay | None = None  # HH:MM
    note: MarkNote = ""
    marked_by: Id  # user id
    device_id: DeviceId = ""
    hlc: StampText = ""  # the stamp of the observation this mark records
    amendment_reason: Reason | None = None
    # Set by the server on pulled records: every mark pushed for this record (the latest
    # 20, oldest first), so each laptop learns where two devices disagreed. Not pushed.
    observations: list[AttendanceObservation] | None = None


class RegisterSubmissionData(RecordData):
    event_id: Id
    submitted_by: Id
    submitted_at: Instant
    amendment_reason: Reason | None = None
    invitations_sent: int | None = None  # set by the server


class WalkInData(RecordData):
    event_id: Id
    name: Annotated[str, fields.PERSON_NAME]
    school: Annotated[str, fields.SCHOOL] = ""
    email: Annotated[str, fields.EMAIL] = ""
    qualification_code: Annotated[str, fields.CODE] = ""
    status: AttendanceStatus = "present"
    recorded_by: Id
    # Needed to add or remove a walk-in once the register is submitted (as for a mark).
    amendment_reason: Reason | None = None


class NoteData(RecordData):
    event_id: Id
    candidate_id: Id | None = None
    body: Annotated[str, fields.NOTE]
    visibility: Literal["private", "shared"] = "private"
    author_id: Id
    updated_at: Instant  # for display only


# ---- QA forms: templates, visits, coaching conversations, self-assessments ----------------

FormKind = Literal["qa_visit", "coaching_conversation", "self_assessment"]
FORM_TYPES: frozenset[str] = frozenset({"qa_visit", "coaching_conversation", "self_assessment"})
QuestionKind = Literal["rating", "text", "yes_no", "date"]
FormStatus = Literal["draft", "submitted"]
# What an answer may hold, by question kind: rating -> int (a level's value), text -> str,
# yes_no -> bool, date -> "YYYY-MM-DD". An unanswered question is absent (or None).
Answer = int | str | bool | None


def form_template_id(key: str, version: int) -> str:
    """The id of one version of a template family: the same on every server and client."""
    return str(uuid.uuid5(NPQ_NAMESPACE, f"form_template:{key}:{version}"))


class RatingLevel(RecordData):
    value: int  # 1 = lowest
    label: str  # "Secure"
    descriptor: str  # what practice at this level looks like


class TemplateQuestion(RecordData):
    """One question. ``id`` is stable across a family's versions while its meaning is the
    same: a draft's answers move to a newer version where ids (and kinds) match."""

    id: str = Field(min_length=1, max_length=80)
    kind: QuestionKind
    label: str
    help: str = ""
    required: bool = False
    levels: list[RatingLevel] = Field(default_factory=list)  # rating questions only
    competency: str | None = None  # the framework competency it rates or evidences


class TemplateSection(RecordData):
    id: str
    title: str
    intro: str = ""
    questions: list[TemplateQuestion]


class FormTemplateData(RecordData):
    """One published version of a form; never changed once published (a change is a new
    version: a new record with the same ``key`` and the next ``version``)."""

    key: str  # the family: "qa_visit", "coaching_conversation", "self_assessment"
    kind: FormKind
    version: int = Field(ge=1)
    title: str
    published_at: str  # instant
    sections: list[TemplateSection]


class FormData(RecordData):
    """What every QA form record holds. Drafts are private to their author; a submitted
    form is read-only (a later change is a new form with ``supersedes`` and the next
    ``revision``). ``author_id`` is the user who fills it; ``facilitator_id`` whom it is
    about (the author, for a self-assessment)."""

    template_id: Id
    template_version: int
    facilitator_id: Id
    author_id: Id
    status: FormStatus = "draft"
    # question id -> Answer; a text answer follows fields.ANSWER (other kinds pass here
    # and are checked against the question by the service)
    answers: Annotated[dict[str, Any], fields.ANSWERS] = Field(default_factory=dict)
    revision: int = Field(default=1, ge=1)
    supersedes: Id | None = None  # the submitted form this one revises
    created_at: Instant
    updated_at: Instant
    submitted_at: Instant | None = None  # for a QA visit, the QA lead's sign-off
    hlc: StampText = ""  # the stamp of the save this state records (later stamp wins)


class QaVisitData(FormData):
    event_id: Id | None = None  # the session visited (the facilitator's first, usually)
    mode: Literal["co_facilitated", "observed"] | None = None


class CoachingConversationData(FormData):
    stage: Literal["pre_visit", "post_visit"]
    visit_id: Id | None = None  # the QA visit it prepares or follows up
    held_on: Day | None = None
    duration_minutes: int = Field(default=30, ge=5, le=240)


class SelfAssessmentData(FormData):
    academic_year: Annotated[str, fields.ACADEMIC_YEAR]  # "2026/27": September to August


class QaAssignmentData(RecordData):
    """A facilitator assigned to a QA lead (visible to both)."""

    qa_lead_id: str
    facilitator_id: str


# An event's evaluation results are shown only once this many candidates have answered (and
# a question's only once this many have rated it): fewer could identify who said what.
MIN_EVALUATION_RESPONSES = 3


class QuestionSummary(RecordData):
    """One evaluation question's results: counts of each rating "1".."5" and their mean,
    both None while too few candidates have rated it."""

    id: str
    label: str = Field(default="", validation_alias=AliasChoices("label", "text"))
    distribution: dict[str, int] | None = None
    mean: float | None = None


class EvaluationSummaryData(RecordData):
    """What candidates said about one event, kept up to date by the server as responses
    arrive. While ``hidden`` (fewer than ``MIN_EVALUATION_RESPONSES`` responses) the server
    sends no distribution, mean or comment at all; the client hides them too."""

    event_id: str
    group_id: str | None = None
    attended: int = 0
    invitations: int = 0
    responses: int = 0
    questions: list[QuestionSummary] = Field(default_factory=list)
    comments: list[str] = Field(default_factory=list)
    hidden: bool = True
    updated_at: str = ""  # instant of the latest response (or invitation)


# ---- Event dates: the partner lead's choice of a date inside the event's window ----------


def event_date_choice_id(event_id: str) -> str:
    """The id of an event's one date choice: the same on every laptop, so a later choice
    replaces the earlier one (the later stamp wins), as for attendance marks."""
    return str(uuid.uuid5(NPQ_NAMESPACE, f"event_date_choice:{event_id}"))


class EventDateChoiceData(RecordData):
    """A partner lead's choice of an event's date. The server checks it against the rules
    of ``protocol.event_dates`` and, when it accepts it, sets the event's ``chosen_date``."""

    event_id: Id
    date: Day  # inside the event's window
    chosen_by: Id  # user id (the server sets the caller)
    chosen_at: Instant
    hlc: StampText = ""  # the stamp of the choice (of two choices the later stamp wins)
    # Set by the server: the warnings the date carries (a clash at the venue, an event of
    # the group close by), in words for the user. Not pushed (a pushed list is replaced).
    warnings: list[Annotated[str, fields.SERVER_TEXT]] = Field(default_factory=list)


# ---- School term dates: reference data, one record per local authority and school year ----


def authority_key(name: str) -> str:
    """A local authority's name as records are matched on it: spaces collapsed, case
    folded ("Calderdale" and " calderdale" are one authority)."""
    return " ".join(name.split()).casefold()


def term_dates_id(authority: str, academic_year: str) -> str:
    """The id of an authority's term dates for one school year: loading them again
    replaces them."""
    return str(uuid.uuid5(NPQ_NAMESPACE,
                          f"term_dates:{authority_key(authority)}:{academic_year}"))


class SchoolHoliday(RecordData):
    """A stretch of days on which the authority's schools are closed (weekends inside it
    included): a half-term, the Christmas, Easter or summer holiday."""

    name: Annotated[str, fields.SERVER_TEXT]  # "Easter holiday"
    first_day: Day
    last_day: Day  # inclusive


class TermDatesData(RecordData):
    """One local authority's school holidays in one school year, as the central service
    holds them (``npq-server load-term-dates``). Every client gets every authority's:
    events are checked against the term dates of their venue's authority
    (``EventData.local_authority``)."""

    authority: Annotated[str, fields.SERVER_TEXT]  # "Calderdale"
    academic_year: Annotated[str, fields.ACADEMIC_YEAR]  # "2026/27"
    first_day: Day  # the first and last day these dates cover (1 September to 31 August)
    last_day: Day
    holidays: list[SchoolHoliday] = Field(default_factory=list)


# ---- Training status: deferral and withdrawal (issue 15) --------------------------------

TrainingStatusKind = Literal["deferred", "withdrawn"]
TrainingStatus = Literal["active", "deferred", "withdrawn"]
# How far ahead of the central service's today a deferral or withdrawal may be dated.
MAX_STATUS_DAYS_AHEAD = 30


def training_status_reasons_id() -> str:
    """The id of the one record of deferral and withdrawal reasons."""
    return str(uuid.uuid5(NPQ_NAMESPACE, "training_status_reasons"))


def training_status_id(group_id: str, candidate_id: str) -> str:
    """The id of a candidate's one training status in a group: the same everywhere."""
    return str(uuid.uuid5(NPQ_NAMESPACE, f"training_status:{group_id}:{candidate_id}"))


class StatusReason(RecordData):
    code: str  # "long-term-sickness": the national code
    label: str  # "Long-term sickness": in words, for the person choosing


class TrainingStatusReasonsData(RecordData):
    """The national lists of reasons (reference data, written by the central service
    only): a deferral's reasons and a withdrawal's coded reasons."""

    deferral: list[StatusReason] = Field(default_factory=list)
    withdrawal: list[StatusReason] = Field(default_factory=list)
    max_days_ahead: int = MAX_STATUS_DAYS_AHEAD

    def reasons(self, kind: str) -> list[StatusReason]:
        return self.deferral if kind == "deferred" else self.withdrawal


# The national lists: the Department for Education's codes, as its NPQ registration service
# validates them (``Participants::Defer::DEFERRAL_REASONS`` and ``Participants::Withdraw::
# WITHDRAWAL_REASONS`` in DFE-Digital/npq-registration); the labels are ours. One code there
# ends in a full stop ("quality-of-programme-structure-not-suitable."), a slip we do not
# copy (docs/assumptions.md). The central service holds them as reference data
# (``training_status_reasons``); these are what it seeds, and what a laptop offers until
# the record has arrived.
DEFERRAL_REASONS: tuple[tuple[str, str], ...] = (
    ("bereavement", "Bereavement"),
    ("long-term-sickness", "Long-term sickness"),
    ("parental-leave", "Parental leave"),
    ("career-break", "Career break"),
    ("other", "Other"),
)
WITHDRAWAL_REASONS: tuple[tuple[str, str], ...] = (
    ("insufficient-capacity-to-undertake-programme",
     "Insufficient capacity to undertake the programme"),
    ("personal-reason-health-or-pregnancy-related", "Personal reason: health or pregnancy"),
    ("personal-reason-moving-school", "Personal reason: moving school"),
    ("personal-reason-other", "Personal reason: other"),
    ("insufficient-capacity", "Insufficient capacity"),
    ("change-in-developmental-or-personal-priorities",
     "Change in developmental or personal priorities"),
    ("change-in-school-circumstances", "Change in school circumstances"),
    ("change-in-school-leadership", "Change in school leadership"),
    ("quality-of-programme-structure-not-suitable", "Programme structure not suitable"),
    ("quality-of-programme-content-not-suitable", "Programme content not suitable"),
    ("quality-of-programme-facilitation-not-effective", "Facilitation not effective"),
    ("quality-of-programme-accessibility", "Programme accessibility"),
    ("quality-of-programme-other", "Programme quality: other"),
    ("programme-not-appropriate-for-role-and-cpd-needs",
     "Programme not appropriate for role and CPD needs"),
    ("started-in-error", "Started in error"),
    ("expected-commitment-unclear", "Expected commitment unclear"),
    ("assessment-requirements-not-met", "Assessment requirements not met"),
    ("change-in-career", "Change in career"),
    ("disengaged-and-unresponsive", "Disengaged and unresponsive"),
    ("non-payment-of-invoice", "Non-payment of invoice"),
    ("other", "Other"),
)


def national_reasons() -> TrainingStatusReasonsData:
    return TrainingStatusReasonsData(
        deferral=[StatusReason(code=c, label=label) for c, label in DEFERRAL_REASONS],
        withdrawal=[StatusReason(code=c, label=label) for c, label in WITHDRAWAL_REASONS],
        max_days_ahead=MAX_STATUS_DAYS_AHEAD)


class TrainingStatusRequestData(RecordData):
    """A partner lead's or facilitator's request to defer or withdraw a candidate from a
    group from a date. The central service accepts it (and writes the candidate's
    ``training_status``) or refuses it with a reason."""

    candidate_id: Id
    group_id: Id
    kind: TrainingStatusKind
    reason: Annotated[str, fields.REASON_CODE]
    effective_date: Day
    note: Annotated[str, fields.STATUS_NOTE] = ""
    requested_by: Id  # user id (the server sets the caller)
    requested_at: Instant


class TrainingStatusData(RecordData):
    """A candidate's training status in a group, as the central service decided it (never
    pushed). ``effective_date``: from when they are deferred or withdrawn."""

    candidate_id: str
    group_id: str
    status: TrainingStatus = "active"
    reason: str = ""
    effective_date: str | None = None  # date
    decided_at: str = ""  # instant
    request_id: str | None = None  # the accepted request


RECORD_MODELS: dict[str, type[RecordData]] = {
    "qualification": QualificationData,
    "partner": PartnerData,
    "intake": IntakeData,
    "user": UserData,
    "group": GroupData,
    "event": EventData,
    "candidate": CandidateData,
    "enrolment": EnrolmentData,
    "assignment": AssignmentData,
    "attendance": AttendanceData,
    "register_submission": RegisterSubmissionData,
    "walk_in": WalkInData,
    "note": NoteData,
    "form_template": FormTemplateData,
    "qa_visit": QaVisitData,
    "coaching_conversation": CoachingConversationData,
    "self_assessment": SelfAssessmentData,
    "qa_assignment": QaAssignmentData,
    "evaluation_summary": EvaluationSummaryData,
    "event_date_choice": EventDateChoiceData,
    "term_dates": TermDatesData,
    "training_status_reasons": TrainingStatusReasonsData,
    "training_status_request": TrainingStatusRequestData,
    "training_status": TrainingStatusData,
}

# Types a client may push (everything else is reference or roster data owned by the server).
CLIENT_WRITABLE_TYPES: frozenset[str] = frozenset(
    {"attendance", "register_submission", "walk_in", "note", "qa_visit",
     "coaching_conversation", "self_assessment", "event_date_choice",
     "training_status_request"}
)
