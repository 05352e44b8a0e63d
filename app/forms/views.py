"""What the QA forms look like to the UI and to the PDF export: plain frozen dataclasses.

A form (QA visit, coaching conversation, self-assessment) is shown from its template, the
version it was started on, and its answers. The services in ``app.forms`` build these; the
UI never sees store rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from protocol.records import Answer, FormKind, TemplateSection


class DueState(StrEnum):
    """Where one item of a facilitator's QA cycle stands."""

    DONE = "done"  # submitted
    IN_PROGRESS = "in_progress"  # a draft exists
    DUE = "due"  # not started; its date is today or later
    OVERDUE = "overdue"  # not started or still a draft, and its date has passed
    NOT_YET = "not_yet"  # nothing to do yet (e.g. no first session scheduled)


@dataclass(frozen=True)
class TemplateView:
    id: str
    key: str
    kind: FormKind
    version: int
    title: str
    sections: tuple[TemplateSection, ...]


@dataclass(frozen=True)
class FieldProblem:
    """A required question left empty, or an answer that does not fit its question."""

    question_id: str  # a template question id, or a header field: "event_id", "mode",
    # "held_on", "duration_minutes"
    section_title: str
    label: str
    message: str  # "Overall judgement is required."


@dataclass(frozen=True)
class FormSummary:
    """One form in a list (the QA workspace, "My development")."""

    id: str
    kind: FormKind
    title: str  # "QA visit", "Pre-visit coaching conversation", "Self-assessment 2026/27"
    facilitator_id: str
    facilitator_name: str
    author_name: str
    status: str  # "draft" | "submitted"
    revision: int
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    superseded: bool  # a later revision of it exists
    sync_state: str  # app.domain.RecordSyncState value


@dataclass(frozen=True)
class FormView:
    """A whole form: header fields, its template version's questions, the answers."""

    id: str
    kind: FormKind
    template: TemplateView
    facilitator_id: str
    facilitator_name: str
    author_id: str
    author_name: str
    status: str  # "draft" | "submitted"
    answers: dict[str, Answer]
    revision: int
    supersedes: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    editable: bool  # a draft, and mine
    # A newer version of this form's template that a draft could move to (None: current).
    newer_template: TemplateView | None
    sync_state: str
    # Kind-specific header fields (None where they do not apply).
    event_id: str | None = None
    event_label: str | None = None  # "NPQSL-AUT26-LEEDS-1 · Session 1 · Thu 12 Nov 2026"
    mode: str | None = None  # "co_facilitated" | "observed"
    stage: str | None = None  # "pre_visit" | "post_visit"
    visit_id: str | None = None
    held_on: dt.date | None = None
    duration_minutes: int | None = None
    academic_year: str | None = None
    # When the form this revision replaces (``supersedes``) was submitted (signed off, for a
    # visit): printed as "Revision 2, replaces the record signed off on ...".
    supersedes_submitted_at: dt.datetime | None = None


@dataclass(frozen=True)
class TemplateMove:
    """What moving a draft to a newer template version would do (shown before it is done)."""

    form_id: str
    to_template: TemplateView
    kept: tuple[str, ...]  # labels of questions whose answers move across
    dropped: tuple[str, ...]  # labels of answered questions the new version no longer has


@dataclass(frozen=True)
class CycleItem:
    kind: FormKind
    stage: str | None  # "pre_visit" | "post_visit" for conversations
    label: str  # "Pre-visit conversation"
    state: DueState
    due_on: dt.date | None
    form_id: str | None  # the latest form for it, if any


@dataclass(frozen=True)
class FirstSession:
    event_id: str
    group_code: str
    qualification_code: str
    title: str
    date: dt.date  # chosen date, or the window's first day when none is chosen yet
    date_chosen: bool
    venue_name: str


@dataclass(frozen=True)
class FacilitatorQa:
    """One facilitator in the QA lead's workspace, with what is due."""

    facilitator_id: str
    name: str
    first_session: FirstSession | None
    items: tuple[CycleItem, ...]  # pre-visit, visit, post-visit, self-assessment
    next_due: dt.date | None  # the earliest date among items not done

    @property
    def outstanding(self) -> int:
        return sum(item.state is not DueState.DONE for item in self.items)


@dataclass(frozen=True)
class QaWorkspace:
    academic_year: str  # "2026/27"
    facilitators: tuple[FacilitatorQa, ...]  # most urgent first
    upcoming_first_sessions: tuple[FirstSession, ...] = field(default_factory=tuple)
