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


# ---- The qualification catalogue: courses, their schedules and funding milestones --------

# The funding milestones of a course, in order: the central service declares each to the
# funder when the candidate's engagement evidences it (the Department for Education's
# declaration types).
DeclarationType = Literal["started", "retained-1", "retained-2", "completed"]
DECLARATION_TYPES: tuple[str, ...] = ("started", "retained-1", "retained-2", "completed")
# A declaration's state: made and awaiting checks (submitted), checked (eligible), on the
# next payment statement (payable), paid, or withdrawn by the provider (voided).
DeclarationState = Literal["submitted", "eligible", "payable", "paid", "voided"]
DECLARATION_STATES: tuple[str, ...] = ("submitted", "eligible", "payable", "paid", "voided")
ProgrammeType = Literal["leadership", "specialist", "early_headship", "other"]


class Milestone(RecordData):
    """One funding milestone of a schedule: a declaration of this type may be made from
    ``start_date`` and must be made by ``milestone_date``."""

    declaration_type: DeclarationType
    start_date: str  # date
    milestone_date: str  # date: the last day a declaration for it counts


class CourseSchedule(RecordData):
    """A schedule one cohort of a course follows: when it starts, its milestones and the
    window in which its final assessment is taken."""

    identifier: str  # "npq-leadership-autumn"
    cohort: int  # the year the cohort starts: 2026
    start: Literal["autumn", "spring"]
    milestones: list[Milestone] = Field(default_factory=list)
    assessment_window_start: str | None = None  # date
    assessment_window_end: str | None = None  # date


class QualificationData(RecordData):
    code: str  # "NPQSL"
    title: str
    course_fee_pence: int
    coaching_included: bool
    assessment_months: list[int] = Field(default_factory=lambda: [12, 15, 18])
    # below this share of face-to-face hours a candidate is at risk (app.progress)
    participation_threshold_percent: fields.ThresholdPercent = fields.THRESHOLD_DEFAULT
    # the national course identifier: "npq-senior-leadership"; "" when the service has none
    course_identifier: str = ""
    programme_type: ProgrammeType = "leadership"
    duration_months: int = 18
    # the schedules of this course's cohorts (a group follows the one whose cohort and
    # start match its intake's year and term)
    schedules: list[CourseSchedule] = Field(default_factory=list)


class PartnerContact(RecordData):
    """One of the partner's published contacts."""

    name: Annotated[str, fields.PERSON_NAME]
    role: Annotated[str, fields.CONTACT_ROLE] = ""
    email: Annotated[str, fields.EMAIL] = ""
    phone: Annotated[str, fields.PHONE] = ""


class PartnerVenue(RecordData):
    """A venue the partner runs face-to-face events at."""

    name: Annotated[str, fields.VENUE_NAME]
    address: Annotated[str, fields.ADDRESS] = ""


class PartnerData(RecordData):
    name: str
    kind: Literal["teaching_school", "trust", "diocese", "school"]
    allocation_code: str
    region: str
    # the partner's national delivery-partner identifier for each cohort ("2026" -> id),
    # held for the central service's declarations; never printed on a register
    delivery_partner_ids: dict[str, str] = Field(default_factory=dict)
    # the profile published about the partner (issue 16): changed by the central service
    # when it accepts a ``partner_profile_request``
    overview: str = ""
    contacts: list[PartnerContact] = Field(default_factory=list)
    venues: list[PartnerVenue] = Field(default_factory=list)
    mou_signed_on: str | None = None  # date the memorandum of understanding was signed
    mou_renewal_due: str | None = None  # date


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
    # "closed": the group no longer runs (merged into another, or its candidates offered
    # the distance-learning pathway); its registers stay as they were (issue 16)
    status: Literal["open", "closed"] = "open"
    closed_reason: str = ""  # in words, for the people who see it
    merged_into: str | None = None  # the group its candidates moved to
    # the central team agreed the group runs below its minimum
    runs_below_minimum: bool = False


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


# Who pays for a place that is not funded (or the rest of one that is).
PaidBy = Literal["", "school", "trust", "self", "local_authority", "other"]


class FundingData(RecordData):
    """What the central service knows of a candidate's funding for their course."""

    eligible: bool | None = None  # None: not yet decided
    # why (or why not) eligible, in words: "School in category 5 or 6 (targeted funding)"
    eligibility_reason: str = ""
    funded_place: bool | None = None  # a funded place was allocated; None: not decided
    paid_by: PaidBy = ""  # who pays otherwise


class CandidateData(RecordData):
    given_name: str
    family_name: str
    school: str
    role: str = ""
    email: str = ""
    special_requirements: str | None = None  # special category data: never printed or logged
    scholarship: bool = False
    # the national participant identifier and the school's unique reference number: held
    # for the central service's use, shown where useful, never on a sign-in register
    participant_id: str = ""
    school_urn: str = ""
    funding: FundingData | None = None


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


# ---- What the central service reports of each candidate's year (issue 15) ---------------


def participant_progress_id(group_id: str, candidate_id: str) -> str:
    """The id of a candidate's one progress report in a group."""
    return str(uuid.uuid5(NPQ_NAMESPACE, f"participant_progress:{group_id}:{candidate_id}"))


def declaration_id(group_id: str, candidate_id: str, declaration_type: str) -> str:
    """The id of a candidate's one declaration of a type in a group (a voided one is
    replaced by a new state of the same record)."""
    return str(uuid.uuid5(NPQ_NAMESPACE,
                          f"declaration:{group_id}:{candidate_id}:{declaration_type}"))


def impact_report_id(group_id: str) -> str:
    """The id of a group's one impact report."""
    return str(uuid.uuid5(NPQ_NAMESPACE, f"impact_report:{group_id}"))


Diagnostic360 = Literal["not_invited", "invited", "completed"]


class ParticipantProgressData(RecordData):
    """What the central service knows of a candidate's engagement beyond the registers:
    online sessions, the online course, the 360° diagnostic and coaching (never pushed)."""

    candidate_id: str
    group_id: str
    online_sessions_attended: int = 0
    online_sessions_held: int = 0  # so far
    online_course_percent: int = Field(default=0, ge=0, le=100)
    diagnostic_360: Diagnostic360 = "not_invited"
    coaching_sessions: int | None = None  # None: coaching is not part of the course
    coaching_sessions_planned: int | None = None
    updated_at: str = ""  # instant


class DeclarationData(RecordData):
    """A funding declaration the central service has made for a candidate (never pushed).
    Milestones not yet declared have no record: their dates are in the course schedule."""

    candidate_id: str
    group_id: str
    declaration_type: DeclarationType
    state: DeclarationState
    declaration_date: str  # date the engagement was declared
    course_identifier: str = ""
    schedule_identifier: str = ""
    state_changed_at: str = ""  # instant
    voided_reason: str = ""  # in words, when voided


class DomainScore(RecordData):
    """The 360° diagnostic's mean rating of one leadership domain, at the start and at the
    end of the course (1 to 5); None where too few answered."""

    label: str
    start_mean: float | None = None
    end_mean: float | None = None


class ImpactCount(RecordData):
    label: str  # "Promoted within their school"
    count: int


class ImpactReportData(RecordData):
    """What the central service reports of a group's impact (never pushed): the 360°
    diagnostic, destinations after the qualification and school-improvement outcomes.
    Each part with fewer than ``MIN_EVALUATION_RESPONSES`` responses is hidden: its
    figures are absent (empty lists), only the number of responses is sent."""

    group_id: str
    intake_id: str = ""
    candidates: int = 0
    diagnostic_invited: int = 0
    diagnostic_completed: int = 0
    diagnostic_domains: list[DomainScore] = Field(default_factory=list)
    destination_responses: int = 0
    destinations: list[ImpactCount] = Field(default_factory=list)
    improvement_responses: int = 0
    improvements: list[ImpactCount] = Field(default_factory=list)
    simulated: bool = False  # made up by the reference service for the demo
    updated_at: str = ""  # instant


# ---- Recruitment: applications, registration windows, viability decisions (issue 16) ----

ApplicationStatus = Literal["applied", "accepted", "rejected", "withdrawn"]
APPLICATION_STATUSES: tuple[str, ...] = ("applied", "accepted", "rejected", "withdrawn")
# How an application came to the partner: the applicant entered its allocation code, or
# chose it as their preferred partner (its own recruits), or the central team allocated
# them to one of its groups.
ApplicationSource = Literal["allocation_code", "preferred_partner", "allocated"]


class ApplicationData(RecordData):
    """An application to a course as the central service holds it (never pushed). A
    partner lead sees the applications that chose their partner or were allocated to one
    of its groups, with no more about the applicant than name, school and role."""

    given_name: str
    family_name: str
    school: str
    role: str = ""
    qualification_code: str
    intake_id: str
    partner_id: str  # the partner it came to (chosen or allocated)
    group_id: str | None = None  # the group it is placed in, once placed
    source: ApplicationSource
    status: ApplicationStatus = "applied"
    applied_on: str  # date
    decided_on: str | None = None  # date accepted, rejected or withdrawn
    candidate_id: str | None = None  # the candidate it became, once enrolled


def registration_window_id(intake_id: str) -> str:
    """The id of an intake's one registration window."""
    return str(uuid.uuid5(NPQ_NAMESPACE, f"registration_window:{intake_id}"))


class RegistrationWindowData(RecordData):
    """When applications for an intake are taken (reference data): from ``opens_on``
    through ``closes_on`` (the intake's registration deadline). An intake's window opens
    when the previous one's closes."""

    intake_id: str
    opens_on: str  # date
    closes_on: str  # date, inclusive


def recruitment_rules_id() -> str:
    """The id of the one record of recruitment rules."""
    return str(uuid.uuid5(NPQ_NAMESPACE, "recruitment_rules"))


class RecruitmentRulesData(RecordData):
    """The central service's recruitment rules (reference data, one record)."""

    min_group_size: int = 12
    # each partner runs at least one group of each of these a year (academic year)
    required_each_year: list[str] = Field(default_factory=lambda: ["NPQML", "NPQSL"])
    application_url: str = ""  # where candidates apply (the flyer's QR code)


ViabilityDecisionKind = Literal["run_below_minimum", "merge", "distance_learning",
                                "next_intake"]
VIABILITY_DECISION_KINDS: tuple[str, ...] = ("run_below_minimum", "merge",
                                             "distance_learning", "next_intake")


def viability_decision_id(group_id: str) -> str:
    """The id of a group's one viability decision."""
    return str(uuid.uuid5(NPQ_NAMESPACE, f"viability_decision:{group_id}"))


class ViabilityDecisionRequestData(RecordData):
    """A partner lead's decision for a group at risk or not viable: run it below the
    minimum (with the central team's agreement), merge it into a named local group of the
    same qualification and intake, offer its candidates the distance-learning pathway, or
    move it to the next intake. The central service accepts it (and carries it out) or
    refuses it with a reason."""

    group_id: Id
    kind: ViabilityDecisionKind
    merge_into_group_id: Id | None = None  # for "merge"
    note: Annotated[str, fields.STATUS_NOTE] = ""
    requested_by: Id  # user id (the server sets the caller)
    requested_at: Instant


class ViabilityDecisionData(RecordData):
    """A group's viability decision as the central service accepted and carried it out
    (never pushed)."""

    group_id: str
    kind: ViabilityDecisionKind
    merge_into_group_id: str | None = None
    target_intake_id: str | None = None  # for "next_intake": the intake it moved to
    note: str = ""
    outcome: str = ""  # in words: "12 candidates moved to NPQSL-AUT26-LEEDS-2"
    decided_at: str = ""  # instant
    request_id: str | None = None


class PartnerProfileRequestData(RecordData):
    """A partner lead's proposed change to the partner's published profile. Pending until
    the central service accepts it (and updates the ``partner`` record) or refuses it."""

    partner_id: Id
    overview: Annotated[str, fields.PROFILE_OVERVIEW] = ""
    contacts: list[PartnerContact] = Field(default_factory=list, max_length=20)
    venues: list[PartnerVenue] = Field(default_factory=list, max_length=50)
    requested_by: Id  # user id (the server sets the caller)
    requested_at: Instant


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
    "participant_progress": ParticipantProgressData,
    "declaration": DeclarationData,
    "impact_report": ImpactReportData,
    "application": ApplicationData,
    "registration_window": RegistrationWindowData,
    "recruitment_rules": RecruitmentRulesData,
    "viability_decision_request": ViabilityDecisionRequestData,
    "viability_decision": ViabilityDecisionData,
    "partner_profile_request": PartnerProfileRequestData,
}

# Types a client may push (everything else is reference or roster data owned by the server).
CLIENT_WRITABLE_TYPES: frozenset[str] = frozenset(
    {"attendance", "register_submission", "walk_in", "note", "qa_visit",
     "coaching_conversation", "self_assessment", "event_date_choice",
     "training_status_request", "viability_decision_request", "partner_profile_request"}
)
