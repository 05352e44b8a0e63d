"""The sync protocol v1 on the wire: request and response envelopes.

One module used by both the client (`sync/`) and the reference server (`server/`), so the
two cannot drift. Record payloads (the ``data`` of a change or a mutation) are in
``protocol.records``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from protocol import fields

PROTOCOL_VERSION = 1
API_PREFIX = "/api/v1"
MAX_MUTATIONS_PER_PUSH = 500
MAX_PUSH_BYTES = 1024 * 1024
MAX_PULL_LIMIT = 1000
DEFAULT_PULL_LIMIT = 500
CLOCK_SKEW_WARNING_SECONDS = 300

RecordType = Literal[
    "qualification",
    "partner",
    "intake",
    "user",
    "group",
    "event",
    "candidate",
    "enrolment",
    "assignment",
    "qa_assignment",
    "form_template",
    "attendance",
    "register_submission",
    "walk_in",
    "note",
    "qa_visit",
    "coaching_conversation",
    "self_assessment",
    "event_date_choice",
    "evaluation_summary",
    "term_dates",
    "training_status_reasons",
    "training_status_request",
    "training_status",
    "participant_progress",
    "declaration",
    "impact_report",
    "application",
    "registration_window",
    "recruitment_rules",
    "viability_decision_request",
    "viability_decision",
    "partner_profile_request",
]
Role = Literal["facilitator", "partner_lead", "qa_lead", "admin"]
MutationStatus = Literal["applied", "duplicate", "rejected"]


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---- meta and errors -------------------------------------------------------------------


class SyncMeta(WireModel):
    protocol_min: int
    protocol_max: int
    server_time: str  # ISO 8601 UTC, e.g. "2026-11-23T08:45:00.123Z"


class Problem(BaseModel):
    """RFC 9457 problem details, with a stable machine-readable ``code``."""

    model_config = ConfigDict(extra="allow")
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    code: str


# ---- authentication --------------------------------------------------------------------


# What a client sends in the envelopes follows the field rules too (protocol.fields): a NUL
# in a username reached PostgreSQL, which cannot hold one.
DeviceId = Annotated[str, fields.DEVICE_ID, Field(min_length=1)]


class TokenRequest(WireModel):
    username: Annotated[str, fields.USERNAME]
    password: Annotated[str, fields.PASSWORD]
    device_id: DeviceId
    device_name: Annotated[str, fields.DEVICE_NAME] = ""


class UserInfo(WireModel):
    id: str
    name: str
    roles: list[Role]


class TokenResponse(WireModel):
    access_token: str
    refresh_token: str
    expires_in: int
    user: UserInfo


class RefreshRequest(WireModel):
    refresh_token: Annotated[str, fields.SECRET]


class LogoutRequest(WireModel):
    refresh_token: Annotated[str, fields.SECRET] | None = None


# ---- pull ------------------------------------------------------------------------------


class Change(WireModel):
    seq: int
    type: RecordType
    id: str
    deleted: bool = False
    data: dict[str, Any] | None = None  # None when deleted


class PullResponse(WireModel):
    changes: list[Change]
    cursor: str
    more: bool


# ---- push ------------------------------------------------------------------------------


class Mutation(WireModel):
    mutation_id: str  # UUID made on the client
    type: RecordType
    id: str  # record UUID made on the client (or derived, for attendance)
    op: Literal["upsert", "delete"] = "upsert"
    data: dict[str, Any] = Field(default_factory=dict)
    hlc: str


class PushRequest(WireModel):
    device_id: DeviceId
    mutations: list[Mutation] = Field(max_length=MAX_MUTATIONS_PER_PUSH)


class MutationError(WireModel):
    code: str
    message: str


class MutationResult(WireModel):
    mutation_id: str
    status: MutationStatus
    seq: int | None = None
    error: MutationError | None = None


class PushResponse(WireModel):
    results: list[MutationResult]


# ---- wait ------------------------------------------------------------------------------

# How long a wait may stay open (seconds): under the idle timeouts of common proxies and
# load balancers (60 s), so that none of them cuts it. The app asks for DEFAULT_WAIT_SECONDS.
MAX_WAIT_SECONDS = 55
DEFAULT_WAIT_SECONDS = 40
WaitStatus = Literal["moved", "nothing"]


class WaitResponse(WireModel):
    """``moved``: a pull from the cursor would now return something; ``nothing``: the wait
    timed out (or the service let it go: a shutdown, an access token about to expire)."""

    status: WaitStatus
