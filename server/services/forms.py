"""Pushed QA forms: QA visits, coaching conversations and self-assessments (issue 5).

Who may write what: a QA lead writes visits and coaching conversations about the
facilitators in their care; a facilitator writes their own self-assessment; partner leads
write none (``forbidden_role``). The author is always the caller. A form about someone the
caller cannot see is ``not_found``, like every other out-of-scope write. Only its author
changes a form, and never whom it is about: the push's one rule on ids
(``server.services.push.check_claim``) sees to both.

A form is placed with ``owner_id`` = its author, ``ref_id`` = the facilitator it is about,
``private`` while it is a draft and, for a visit, ``event_id`` = the session visited (for a
conversation, its visit's session), so ``server.scope`` decides who reads it in SQL.

State: a draft may change freely; of two saves of a draft the later stamp (``hlc``) wins, an
older one is applied as a no-op (the newer state stays). Submitting checks that the
required questions and header fields are answered. A submitted form never changes again
(``form_submitted``), unless the push carries exactly what it already holds (a re-push:
applied, nothing written); a change is a new form with ``supersedes`` and the next
``revision``. A submission wins over a draft whatever their stamps: otherwise a draft saved
on a second laptop that reached the server first would leave the form a draft for ever.
Every rule raises ``Rejected`` before anything is written (``server.services.writes``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import ValidationError
from sqlalchemy import false, select

from protocol.records import (
    CoachingConversationData,
    FormData,
    FormTemplateData,
    QaVisitData,
    SelfAssessmentData,
)
from protocol.wire import Mutation
from server.form_answers import answer_problems, is_date, missing_required
from server.models import Record
from server.services.writes import Context, Rejected, Row, clamped_stamp, stored_stamp
from server.store import Placement

ACADEMIC_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
# What may differ between a submitted form and a re-push of it (the save's own stamps).
VOLATILE = frozenset({"hlc", "updated_at"})
SUBMITTED_MESSAGE = "This form was signed off; a later change is a new revision."

F = TypeVar("F", bound=FormData)


def _now_iso(ctx: Context) -> str:
    moment = dt.datetime.fromtimestamp(ctx.now_ms / 1000, dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _check_writer(ctx: Context, role: str, about_self: bool, data: FormData) -> None:
    """Role, authorship and subject, in an order that reveals nothing out of scope: the
    form is filled by a user of ``role``, about themselves (``about_self``) or about a
    facilitator in their care."""
    scope = ctx.scope
    subject = data.facilitator_id
    visible_subject = subject in scope.form_subjects
    if role not in scope.roles:
        if "partner_lead" in scope.roles or visible_subject:
            raise Rejected("forbidden_role", "Your role does not fill in this form.")
        raise Rejected("not_found", "No such facilitator in your care.")
    if data.author_id != scope.user_id:
        raise Rejected("forbidden", "The author of a form must be the user pushing it.")
    if about_self:
        if subject != scope.user_id:
            raise Rejected("not_found", "A self-assessment is about its author.")
    elif subject not in scope.qa_facilitators:
        raise Rejected("not_found", "No such facilitator in your care.")


def _submitted_unchanged(existing: Row, body: dict[str, Any]) -> bool:
    held = existing.data or {}
    sent = dict(body)
    if sent.get("submitted_at") is None:
        sent["submitted_at"] = held.get("submitted_at")
    return ({k: v for k, v in held.items() if k not in VOLATILE}
            == {k: v for k, v in sent.items() if k not in VOLATILE})


def _template(ctx: Context, kind: str, data: FormData) -> FormTemplateData:
    row = ctx.live("form_template", data.template_id)
    template = None
    if row is not None and row.data is not None:
        try:
            template = FormTemplateData.model_validate(row.data)
        except ValidationError:
            template = None
    if template is None or template.kind != kind or template.version != data.template_version:
        raise Rejected("invalid", f"template_id must name a published {kind} template of "
                                  "version template_version.")
    return template


def _facilitates_group(ctx: Context, facilitator_id: str, group_id: str | None) -> bool:
    if group_id is None:
        return False
    ctx.flush()
    roles = ctx.session.scalars(select(Record.data["role"].as_string()).where(
        Record.type == "assignment", Record.deleted == false(),
        Record.group_id == group_id, Record.ref_id == facilitator_id))
    return "facilitator" in set(roles)


def _visit_links(ctx: Context, data: QaVisitData) -> str | None:
    """A visit's session, when named, is one of the facilitator's groups' events."""
    if data.event_id is None:
        return None
    event = ctx.live("event", data.event_id)
    if event is None or not _facilitates_group(ctx, data.facilitator_id, event.group_id):
        raise Rejected("invalid", "event_id must be a session of one of the "
                                  "facilitator's groups.")
    return data.event_id


def _conversation_links(ctx: Context, data: CoachingConversationData) -> str | None:
    """A conversation's visit, when named, is about the same facilitator; the conversation
    belongs to the visit's session."""
    if data.held_on is not None and not is_date(data.held_on):
        raise Rejected("invalid", "held_on must be a date (YYYY-MM-DD).")
    if data.visit_id is None:
        return None
    visit = ctx.live("qa_visit", data.visit_id)
    hidden = visit is not None and visit.private and visit.owner_id != ctx.scope.user_id
    if visit is None or hidden or visit.ref_id != data.facilitator_id:
        # another QA lead's draft is answered as one that does not exist
        raise Rejected("invalid", "visit_id must be a QA visit about the same "
                                  "facilitator.")
    return visit.event_id


def _self_assessment_links(ctx: Context, data: SelfAssessmentData) -> str | None:
    """A self-assessment belongs to no session; its academic year must be one."""
    match = ACADEMIC_YEAR.match(data.academic_year)
    if match is None or (int(match[1]) + 1) % 100 != int(match[2]):
        raise Rejected("invalid", "academic_year must look like 2026/27.")
    return None


def _visit_missing(data: QaVisitData) -> list[str]:
    return [label for label, value in (("Session visited", data.event_id),
                                       ("Co-facilitated or observed", data.mode))
            if value is None]


def _conversation_missing(data: CoachingConversationData) -> list[str]:
    return ["Date held"] if data.held_on is None else []


def _nothing_missing(data: FormData) -> list[str]:
    return []


def _check_revision(ctx: Context, kind: str, data: FormData, record_id: str) -> None:
    if data.supersedes is None:
        if data.revision != 1:
            raise Rejected("invalid", "A form that revises nothing is revision 1.")
        return
    earlier = ctx.live(kind, data.supersedes) if data.supersedes != record_id else None
    held = earlier.data if earlier is not None else None
    if (held is None or held.get("status") != "submitted"
            or held.get("facilitator_id") != data.facilitator_id
            or data.revision != int(held.get("revision") or 1) + 1):
        raise Rejected("invalid", "supersedes must name a submitted form of the same kind "
                                  "about the same facilitator, and revision be its "
                                  "revision + 1.")


def _check_complete(template: FormTemplateData, data: F,
                    header_missing: Callable[[F], list[str]]) -> None:
    if data.status != "submitted":
        return
    missing = [q.label for q in missing_required(template, data.answers)]
    missing += header_missing(data)
    if missing:
        raise Rejected("incomplete", "Required before submitting: " + "; ".join(missing)
                       + ".")


@dataclass(frozen=True)
class FormKind(Generic[F]):
    """One kind of QA form: who fills it (a user of ``role``, about themselves when
    ``about_self``), the links its header may make (``links``: checks them and returns the
    session the form belongs to) and the header fields a submission needs
    (``header_missing``: the labels of those left empty)."""

    role: str
    links: Callable[[Context, F], str | None]
    header_missing: Callable[[F], list[str]] = field(default=_nothing_missing)
    about_self: bool = False

    def admit(self, ctx: Context, m: Mutation, data: F) -> None:
        _check_writer(ctx, self.role, self.about_self, data)

    def apply(self, ctx: Context, m: Mutation, data: F, _: None) -> int:
        """A save of a form the caller may write (``admit``), whose id is theirs to write
        (``server.services.push``: their own form, about the same facilitator, or a new
        one)."""
        kind, caller = m.type, ctx.scope.user_id
        existing = ctx.record(kind, m.id)
        live = existing if existing is not None and not existing.deleted else None
        stamp = clamped_stamp(ctx, m)
        body = data.model_dump() | {"hlc": str(stamp)}
        if live is not None and (live.data or {}).get("status") == "submitted":
            if m.op != "delete" and _submitted_unchanged(live, body):
                return live.seq
            raise Rejected("form_submitted", SUBMITTED_MESSAGE)
        newer_draft = live if live is not None and stored_stamp(live) > stamp else None
        if m.op == "delete":
            if newer_draft is not None:
                return newer_draft.seq
            placement = Placement(owner_id=caller, ref_id=data.facilitator_id, private=True)
            return ctx.put(kind, m.id, None, placement, deleted=True).seq
        template = _template(ctx, kind, data)
        if problems := answer_problems(template, data.answers):
            raise Rejected("invalid", "; ".join(problems[:5]))
        event_id = self.links(ctx, data)
        _check_revision(ctx, kind, data, m.id)
        _check_complete(template, data, self.header_missing)
        if data.status == "draft" and newer_draft is not None:
            return newer_draft.seq
        if data.status == "submitted" and data.submitted_at is None:
            body["submitted_at"] = _now_iso(ctx)
        placement = Placement(event_id=event_id, owner_id=caller, ref_id=data.facilitator_id,
                              private=data.status == "draft")
        return ctx.put(kind, m.id, body, placement).seq


QA_VISIT = FormKind[QaVisitData]("qa_lead", _visit_links, _visit_missing)
COACHING_CONVERSATION = FormKind[CoachingConversationData](
    "qa_lead", _conversation_links, _conversation_missing)
SELF_ASSESSMENT = FormKind[SelfAssessmentData]("facilitator", _self_assessment_links,
                                               about_self=True)
