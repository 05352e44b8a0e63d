"""Every client-writable record type, registered once: how the service writes it.

A type's ``Writer`` holds, in one place, everything a push needs to know about it:

- ``model``: the payload model a mutation's data is validated with;
- ``tables``: the tables a write of the type may add rows to (every applied mutation also
  adds one to ``applied_mutations``, whatever its type);
- ``admit``: may the caller write such a record at the place the payload names (its event,
  or the facilitator a QA form is about)? It returns that place: the event, or None;
- ``apply``: the type's own rules, then the write; it returns the record's sequence number;
- ``home`` and ``authored``: what the one rule on the record a mutation's id names
  (``server.services.push.check_claim``) compares: where a record of the type lives, and
  whether only its author may change it.

``REGISTRY`` maps each type to its writer; ``tests/server/test_registry.py`` checks that its
keys are exactly the protocol's ``CLIENT_WRITABLE_TYPES``. Handlers are typed by their
payload model: a ``Writer[AttendanceData, Row]`` only ever receives ``AttendanceData``,
because the writer validates the payload itself (``read``) and hands back a ``Pushed``
that carries the two together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from protocol.records import (
    AttendanceData,
    CoachingConversationData,
    EventDateChoiceData,
    NoteData,
    PartnerProfileRequestData,
    QaVisitData,
    RecordData,
    RegisterSubmissionData,
    SelfAssessmentData,
    TrainingStatusRequestData,
    ViabilityDecisionRequestData,
    WalkInData,
)
from protocol.wire import Mutation
from server.services import (
    event_dates,
    forms,
    partner_profiles,
    training_status,
    viability_decisions,
    writes,
)
from server.services.writes import (
    ABOUT_FACILITATOR,
    AT_EVENT,
    IN_GROUP,
    Context,
    Home,
    Rejected,
    Row,
    facilitated_event,
)

T = TypeVar("T", bound=RecordData)
# The place ``admit`` finds and ``apply`` writes at: the event, or None (a QA form).
P = TypeVar("P", bound=Row | None)

RECORDS, HISTORY, INVITATIONS = "records", "attendance_history", "invitations"
SCOPE_EXITS = "scope_exits"  # a merge moves candidates out of who sees them


def validation_message(exc: ValidationError) -> str:
    """The first few problems of a payload, each with the field it is about."""
    parts = [f"{'.'.join(str(p) for p in err['loc']) or 'data'}: {err['msg']}"
             for err in exc.errors()[:5]]
    return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Writer(Generic[T, P]):
    """How one client-writable type is pushed (see the module's docstring)."""

    model: type[T]
    admit: Callable[[Context, Mutation, T], P]
    apply: Callable[[Context, Mutation, T, P], int]
    home: Home
    tables: frozenset[str]
    authored: bool = False

    def read(self, m: Mutation) -> Pushed[T, P]:
        """The mutation with its data as this type's payload model, or ``Rejected``."""
        try:
            data = self.model.model_validate(m.data)
        except ValidationError as exc:
            raise Rejected("invalid", validation_message(exc)) from exc
        return Pushed(self, m, data)


@dataclass(frozen=True, slots=True)
class Pushed(Generic[T, P]):
    """A mutation whose data its type's writer has validated: the two travel together, so
    the writer's handlers get the payload model they are written for."""

    writer: Writer[T, P]
    mutation: Mutation
    data: T

    def admit(self, ctx: Context) -> P:
        return self.writer.admit(ctx, self.mutation, self.data)

    def apply(self, ctx: Context, place: P) -> int:
        return self.writer.apply(ctx, self.mutation, self.data, place)

    def home_of_payload(self) -> str | None:
        """Where the payload says the record lives (the value of the writer's home)."""
        value: str | None = getattr(self.data, self.writer.home.field)
        return value


# Each writer is a constant of its own, so that the type checker matches its handlers to
# its payload model (inside the registry's mapping it would only see ``Writer[Any, Any]``).
# Register types are written at an event by the facilitators of its group (the words say
# what they may do, for the message to anyone else who sees the event).
ATTENDANCE = Writer(
    AttendanceData, facilitated_event("mark attendance"), writes.apply_attendance,
    AT_EVENT, frozenset({RECORDS, HISTORY, INVITATIONS}))
REGISTER_SUBMISSION = Writer(
    RegisterSubmissionData, facilitated_event("submit the register"),
    writes.apply_register_submission, AT_EVENT, frozenset({RECORDS, INVITATIONS}))
WALK_IN = Writer(
    WalkInData, facilitated_event("record walk-ins"), writes.apply_walk_in, AT_EVENT,
    frozenset({RECORDS}))
NOTE = Writer(
    NoteData, facilitated_event("keep facilitator notes"), writes.apply_note, AT_EVENT,
    frozenset({RECORDS}), authored=True)
# QA forms: about a facilitator, changed only by their author
QA_VISIT = Writer(
    QaVisitData, forms.QA_VISIT.admit, forms.QA_VISIT.apply, ABOUT_FACILITATOR,
    frozenset({RECORDS}), authored=True)
COACHING_CONVERSATION = Writer(
    CoachingConversationData, forms.COACHING_CONVERSATION.admit,
    forms.COACHING_CONVERSATION.apply, ABOUT_FACILITATOR, frozenset({RECORDS}),
    authored=True)
SELF_ASSESSMENT = Writer(
    SelfAssessmentData, forms.SELF_ASSESSMENT.admit, forms.SELF_ASSESSMENT.apply,
    ABOUT_FACILITATOR, frozenset({RECORDS}), authored=True)
# The partner lead's choice of an event's date, which also rewrites the event's record.
EVENT_DATE_CHOICE = Writer(
    EventDateChoiceData, event_dates.admit_chooser, event_dates.apply_date_choice,
    AT_EVENT, frozenset({RECORDS}))

# A deferral or withdrawal request: in the candidate's group, by a facilitator of the group
# or a partner lead of its partner; an accepted one also writes the training status.
TRAINING_STATUS_REQUEST = Writer(
    TrainingStatusRequestData, training_status.admit_requester,
    training_status.apply_request, IN_GROUP, frozenset({RECORDS}))

# A partner lead's decision for a group below its minimum (issue 16): in the group; an
# accepted one is carried out (candidates moved, the group closed, moved or re-dated).
VIABILITY_DECISION_REQUEST = Writer(
    ViabilityDecisionRequestData, viability_decisions.admit_lead,
    viability_decisions.apply_decision, IN_GROUP, frozenset({RECORDS, SCOPE_EXITS}))
# A partner lead's proposed profile (issue 16): placed by its partner (``ref_id``); an
# accepted one rewrites the ``partner`` record's published profile.
FOR_PARTNER = Home("partner_id", "ref_id")
PARTNER_PROFILE_REQUEST = Writer(
    PartnerProfileRequestData, partner_profiles.admit_lead, partner_profiles.apply_request,
    FOR_PARTNER, frozenset({RECORDS}))

REGISTRY: Mapping[str, Writer[Any, Any]] = {
    "attendance": ATTENDANCE,
    "register_submission": REGISTER_SUBMISSION,
    "walk_in": WALK_IN,
    "note": NOTE,
    "qa_visit": QA_VISIT,
    "coaching_conversation": COACHING_CONVERSATION,
    "self_assessment": SELF_ASSESSMENT,
    "event_date_choice": EVENT_DATE_CHOICE,
    "training_status_request": TRAINING_STATUS_REQUEST,
    "viability_decision_request": VIABILITY_DECISION_REQUEST,
    "partner_profile_request": PARTNER_PROFILE_REQUEST,
}


def writer_for(type_: str) -> Writer[Any, Any] | None:
    """The writer of a client-writable type; None for any other type."""
    return REGISTRY.get(type_)
