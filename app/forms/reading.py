"""Building ``FormView`` and ``FormSummary`` from store rows, inside a read session.

A form is visible to this user when they wrote it (any state) or it is submitted: the server
sends nothing else, and a submitted form about someone else reached this laptop only
because the user may see it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalogue import display_name
from app.domain import RecordSyncState
from app.forms import templates
from app.forms.validation import parse_date
from app.forms.views import FormSummary, FormView, TemplateView
from app.outbox import NEEDS_ATTENTION
from app.store.models import Event, Form, Group, OutboxEntry
from protocol.text import N_, _

STAGE_TITLES = {"pre_visit": N_("Pre-visit coaching conversation"),  # marked; title() translates
                "post_visit": N_("Post-visit coaching conversation")}


def visible(row: Form, user_id: str) -> bool:
    return row.author_id == user_id or row.status == "submitted"


def title(row: Form) -> str:
    data = row.data or {}
    if row.kind == "qa_visit":
        return _("QA visit")
    if row.kind == "coaching_conversation":
        stage = data.get("stage") or ""
        return _(STAGE_TITLES[stage]) if stage in STAGE_TITLES else _("Coaching conversation")
    year = data.get("academic_year")
    return _("Self-assessment {year}").format(year=year) if year else _("Self-assessment")


def sync_state(session: Session, kind: str, form_id: str) -> RecordSyncState:
    """Where the form's latest change is: saved here, sent, confirmed, or refused."""
    states = list(session.execute(
        select(OutboxEntry.state, OutboxEntry.attempts)
        .where(OutboxEntry.type == kind, OutboxEntry.record_id == form_id)))
    if not states:
        return RecordSyncState.CONFIRMED
    if any(state == NEEDS_ATTENTION for state, _ in states):
        return RecordSyncState.NEEDS_ATTENTION
    return (RecordSyncState.SENT if all(attempts for _, attempts in states)
            else RecordSyncState.SAVED)


def superseded_ids(session: Session) -> set[str]:
    """Forms a submitted revision replaces (a draft revision replaces nothing yet)."""
    return set(session.scalars(select(Form.supersedes).where(
        Form.supersedes.is_not(None), Form.status == "submitted")))


def summary(session: Session, row: Form, superseded: set[str]) -> FormSummary:
    return FormSummary(
        id=row.id, kind=row.kind, title=title(row),  # type: ignore[arg-type]  # the column holds a FormKind
        facilitator_id=row.facilitator_id,
        facilitator_name=display_name(session, row.facilitator_id),
        author_name=display_name(session, row.author_id), status=row.status,
        revision=row.revision, updated_at=instant(row.updated_at),
        submitted_at=optional_instant((row.data or {}).get("submitted_at")),
        superseded=row.id in superseded,
        sync_state=sync_state(session, row.kind, row.id).value)


def form_view(session: Session, row: Form, user_id: str,
              template: TemplateView | None = None) -> FormView:
    data: dict[str, Any] = row.data or {}
    template = template or templates.template(session, row.template_id)
    editable = row.status == "draft" and row.author_id == user_id
    replaced = session.get(Form, row.supersedes) if row.supersedes else None
    held_on = parse_date(data.get("held_on"))
    return FormView(
        id=row.id, kind=row.kind, template=template,  # type: ignore[arg-type]  # the column holds a FormKind
        facilitator_id=row.facilitator_id,
        facilitator_name=display_name(session, row.facilitator_id),
        author_id=row.author_id, author_name=display_name(session, row.author_id),
        status=row.status, answers=dict(data.get("answers") or {}), revision=row.revision,
        supersedes=row.supersedes, created_at=instant(data.get("created_at")),
        updated_at=instant(row.updated_at),
        submitted_at=optional_instant(data.get("submitted_at")), editable=editable,
        newer_template=templates.newer_version(session, template) if editable else None,
        sync_state=sync_state(session, row.kind, row.id).value,
        event_id=data.get("event_id"), event_label=event_label(session, data.get("event_id")),
        mode=data.get("mode"), stage=data.get("stage"), visit_id=data.get("visit_id"),
        held_on=held_on if held_on else None,
        duration_minutes=data.get("duration_minutes") if row.kind == "coaching_conversation"
        else None,
        academic_year=data.get("academic_year"),
        supersedes_submitted_at=optional_instant((replaced.data or {}).get("submitted_at"))
        if replaced is not None else None)


def event_label(session: Session, event_id: str | None) -> str | None:
    """ "NPQSL-AUT26-LEEDS-1 · Session 1 · Thu 12 Nov 2026" (None if unknown here)."""
    if not event_id:
        return None
    event = session.get(Event, event_id)
    if event is None:
        return None
    group = session.get(Group, event.group_id)
    day = dt.date.fromisoformat(event.chosen_date or event.window_start)
    parts = [group.code if group else "", _("Session {number}").format(number=event.number),
             day.strftime("%a %d %b %Y") if event.chosen_date
             else _("from {day}").format(day=day.strftime("%a %d %b %Y"))]
    return " · ".join(p for p in parts if p)


def instant(text: str | None) -> dt.datetime:
    return optional_instant(text) or dt.datetime.now(dt.UTC)


def optional_instant(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
