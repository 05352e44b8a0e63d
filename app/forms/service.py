"""``FormService``: QA visits, coaching conversations and self-assessments, offline.

Every save commits the form and its outbox entry in one transaction before it returns, so
nothing typed is lost if the app is killed. Saves made as the user types replace the form's
pending outbox entry (``app.outbox.enqueue_latest``) instead of piling up. A submitted form
is read-only; a later change is a revision. A draft keeps the template version it was
started on; moving it to a newer version is only ever done on the user's request.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pydantic
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFoundError, ValidationError
from app.forms import reading, templates
from app.forms.academic_year import academic_year_of, parse_academic_year
from app.forms.errors import FormIncomplete, FormNotEditable
from app.forms.validation import (
    MODES,
    answer_problem,
    fits,
    is_empty,
    parse_date,
    problems,
)
from app.forms.views import FieldProblem, FormSummary, FormView, TemplateMove, TemplateView
from app.marks import utc_now_iso
from app.outbox import enqueue_latest
from app.store import Store
from app.store.form_rows import row_values
from app.store.models import Event, Form, Group, IdentityRow, QaAssignment
from app.validation import check_text
from protocol import fields
from protocol.hlc import HybridClock
from protocol.records import RECORD_MODELS
from protocol.text import N_, _

log = logging.getLogger(__name__)

# Marked only (N_): raised through _().
SUBMITTED = N_("This form was submitted and is read-only; start a revision to change it.")
NOT_AUTHOR = N_("Only the author of this form can change it.")
HEADER_BY_KIND = {"qa_visit": ("event_id", "mode"),
                  "coaching_conversation": ("held_on", "duration_minutes", "visit_id"),
                  "self_assessment": ()}
COPIED_ON_REVISION = ("event_id", "mode", "stage", "visit_id", "held_on", "duration_minutes",
                      "academic_year")


class FormService:
    def __init__(self, store: Store, clock: HybridClock, user_id: str) -> None:
        self.store = store
        self.clock = clock
        self.user_id = user_id

    # ---- reading ---------------------------------------------------------------------

    def latest_template(self, kind: str) -> TemplateView:
        with self.store.read() as session:
            return templates.latest_of_kind(session, kind)

    def form(self, form_id: str) -> FormView:
        with self.store.read() as session:
            return reading.form_view(session, self._visible(session, form_id), self.user_id)

    def forms(self, facilitator_id: str | None = None,
              kind: str | None = None) -> list[FormSummary]:
        """The forms I may see (mine in any state, others' once submitted), newest first;
        a form a submitted revision replaces is flagged ``superseded``."""
        with self.store.read() as session:
            query = select(Form)
            if facilitator_id is not None:
                query = query.where(Form.facilitator_id == facilitator_id)
            if kind is not None:
                query = query.where(Form.kind == kind)
            superseded = reading.superseded_ids(session)
            found = [reading.summary(session, row, superseded)
                     for row in session.scalars(query) if reading.visible(row, self.user_id)]
        return sorted(found, key=lambda s: (s.updated_at, s.id), reverse=True)

    def problems(self, form_id: str) -> list[FieldProblem]:
        """What stops the form being submitted, in form order (empty: it can be)."""
        with self.store.read() as session:
            row = self._visible(session, form_id)
            return problems(templates.template(session, row.template_id), row.data,
                            row.data.get("answers") or {})

    # ---- starting ----------------------------------------------------------------------

    def start_visit(self, facilitator_id: str, event_id: str | None = None) -> FormView:
        with self._writing() as session:
            self._check_assigned(session, facilitator_id)
            if event_id is not None:
                _check_event(session, facilitator_id, event_id)
            return self._create(session, "qa_visit", facilitator_id,
                                {"event_id": event_id, "mode": None})

    def start_conversation(self, facilitator_id: str, stage: str,
                           visit_id: str | None = None) -> FormView:
        if stage not in reading.STAGE_TITLES:
            raise ValidationError(_("A coaching conversation is before or after the visit."))
        with self._writing() as session:
            self._check_assigned(session, facilitator_id)
            if visit_id is not None:
                _check_visit(session, facilitator_id, visit_id)
            return self._create(session, "coaching_conversation", facilitator_id,
                                {"stage": stage, "visit_id": visit_id, "held_on": None,
                                 "duration_minutes": 30})

    def start_self_assessment(self, academic_year: str | None = None) -> FormView:
        """My self-assessment for ``academic_year`` (default: the current one). If I have a
        draft for that year already, it is returned instead of a second one."""
        year = academic_year or academic_year_of(dt.date.today())
        if parse_academic_year(year) is None:
            raise ValidationError(_("An academic year is written like 2026/27."))
        with self._writing() as session:
            me = session.get(IdentityRow, 1)
            if me is not None and me.user_id == self.user_id and "facilitator" not in me.roles:
                raise FormNotEditable(_("Only facilitators complete a self-assessment."))
            for row in session.scalars(select(Form).where(
                    Form.kind == "self_assessment", Form.author_id == self.user_id,
                    Form.status == "draft")):
                if row.data.get("academic_year") == year:
                    return reading.form_view(session, row, self.user_id)
            return self._create(session, "self_assessment", self.user_id,
                                {"academic_year": year})

    # ---- saving ------------------------------------------------------------------------

    def save_answer(self, form_id: str, question_id: str, value: Any) -> FormView:
        """Save one answer (None or blank text clears it). Commits before it returns; a
        value that does not fit its question raises ``ValidationError``."""
        return self.save_changes(form_id, answers={question_id: value})

    def save_header(self, form_id: str, **fields: Any) -> FormView:
        """Save header fields: ``event_id`` and ``mode`` (a visit); ``held_on``,
        ``duration_minutes`` and ``visit_id`` (a conversation). Commits before it returns."""
        return self.save_changes(form_id, header=fields)

    def save_changes(self, form_id: str, answers: dict[str, Any] | None = None,
                     header: dict[str, Any] | None = None) -> FormView:
        """Save several answers and header fields in ONE transaction (an editor's batch of
        edits). Every change that fits is committed; if some did not, ``ValidationError``
        is raised afterwards naming the first (the others are saved all the same)."""
        refused: list[str] = []
        with self._writing() as session:
            row = self._editable(session, form_id)
            template = templates.template(session, row.template_id)
            changes: dict[str, Any] = {}
            for name, value in (header or {}).items():
                try:
                    changes[name] = _header_value(session, row, name, value)
                except ValidationError as exc:
                    refused.append(exc.message)
            if answers:
                changes["answers"] = _with_answers(template, row.data.get("answers") or {},
                                                   answers, refused)
            changes = {k: v for k, v in changes.items() if row.data.get(k, {}) != v}
            if changes:  # an unchanged value is not saved (nor queued) again
                self._save(session, row, changes)
            view = reading.form_view(session, row, self.user_id, template)
        if refused:
            raise ValidationError(refused[0])
        return view

    def submit(self, form_id: str) -> FormView:
        """Submit (for a visit: the QA lead's sign-off); refused with ``FormIncomplete``
        listing every problem when anything is missing or wrong."""
        with self._writing() as session:
            row = self._editable(session, form_id)
            template = templates.template(session, row.template_id)
            found = problems(template, row.data, row.data.get("answers") or {})
            if found:
                raise FormIncomplete(found)
            self._save(session, row, {"status": "submitted", "submitted_at": utc_now_iso()})
            view = reading.form_view(session, row, self.user_id, template)
        log.info("form submitted: %s %s", row.kind, form_id)
        return view

    def revise(self, form_id: str) -> FormView:
        """A new draft revising my submitted form: same template version, header and
        answers, ``supersedes`` it, next revision number. An existing draft revision of it
        is returned instead of a second one."""
        with self._writing() as session:
            source = self._visible(session, form_id)
            if source.author_id != self.user_id:
                raise FormNotEditable(_("Only the author of this form can revise it."))
            if source.status != "submitted":
                raise FormNotEditable(_("This form is still a draft: change it directly."))
            for later in session.scalars(select(Form).where(Form.supersedes == form_id)):
                if later.status == "submitted":
                    raise FormNotEditable(_("A later revision of this form exists; revise "
                                          "that one."))
                if later.author_id == self.user_id:
                    return reading.form_view(session, later, self.user_id)
            data = source.data
            header = {k: data[k] for k in COPIED_ON_REVISION if k in data}
            return self._create(session, source.kind, source.facilitator_id, header,
                                template_id=source.template_id,
                                answers=dict(data.get("answers") or {}),
                                supersedes=source.id, revision=source.revision + 1)

    def preview_move(self, form_id: str) -> TemplateMove | None:
        """What moving my draft to the newest version of its template would keep and drop;
        None when it is on the newest version already (or not a draft of mine)."""
        with self.store.read() as session:
            row = self._visible(session, form_id)
            if row.status != "draft" or row.author_id != self.user_id:
                return None
            current = templates.template(session, row.template_id)
            newer = templates.newer_version(session, current)
            if newer is None:
                return None
            kept, dropped, _answers = _move_plan(current, newer, row.data.get("answers") or {})
            return TemplateMove(form_id, newer, kept, dropped)

    def move_to_template(self, form_id: str, template_id: str) -> FormView:
        """Move my draft to a newer version of its template: answers go across where the
        question id exists there with the same kind and the value still fits; the others
        are dropped (as ``preview_move`` listed)."""
        with self._writing() as session:
            row = self._editable(session, form_id)
            current = templates.template(session, row.template_id)
            target = templates.template(session, template_id)
            if target.key != current.key or target.version <= current.version:
                raise ValidationError(_("A draft can only move to a newer version of its form."))
            _kept, dropped, answers = _move_plan(current, target, row.data.get("answers") or {})
            self._save(session, row, {"template_id": target.id,
                                      "template_version": target.version,
                                      "answers": answers})
            log.info("form %s moved to template version %d (%d answers dropped)", form_id,
                     target.version, len(dropped))
            return reading.form_view(session, row, self.user_id, target)

    def discard_draft(self, form_id: str) -> None:
        """Delete my draft, here and (through the outbox) on the central service."""
        with self._writing() as session:
            row = self._editable(session, form_id)
            data = dict(row.data) | {"hlc": str(self.clock.now())}
            enqueue_latest(session, type_=row.kind, record_id=row.id, data=data,
                           hlc=data["hlc"], op="delete")
            session.delete(row)

    # ---- inside a write ------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        with self.store.write() as session:
            yield session

    def _visible(self, session: Session, form_id: str) -> Form:
        row = session.get(Form, form_id)
        if row is None or not reading.visible(row, self.user_id):
            raise NotFoundError(_("This form is not on this laptop. Sync, then try again."))
        return row

    def _editable(self, session: Session, form_id: str) -> Form:
        row = self._visible(session, form_id)
        if row.author_id != self.user_id:
            raise FormNotEditable(_(NOT_AUTHOR))
        if row.status != "draft":
            raise FormNotEditable(_(SUBMITTED))
        return row

    def _check_assigned(self, session: Session, facilitator_id: str) -> None:
        if session.scalar(select(QaAssignment.id).where(
                QaAssignment.qa_lead_id == self.user_id,
                QaAssignment.facilitator_id == facilitator_id).limit(1)) is None:
            raise FormNotEditable(_("This facilitator is not assigned to you for QA."))

    def _create(self, session: Session, kind: str, facilitator_id: str,
                header: dict[str, Any], *, template_id: str | None = None,
                answers: dict[str, Any] | None = None, supersedes: str | None = None,
                revision: int = 1) -> FormView:
        template = (templates.template(session, template_id) if template_id
                    else templates.latest_of_kind(session, kind))
        now = utc_now_iso()
        data = {"template_id": template.id, "template_version": template.version,
                "facilitator_id": facilitator_id, "author_id": self.user_id,
                "status": "draft", "answers": answers or {}, "revision": revision,
                "supersedes": supersedes, "created_at": now, "updated_at": now,
                "submitted_at": None, **header}
        row = Form(id=str(uuid.uuid4()), data={})
        self._save(session, row, data, kind=kind)
        session.add(row)
        session.flush()
        log.info("form started: %s %s", kind, row.id)
        return reading.form_view(session, row, self.user_id, template)

    def _save(self, session: Session, row: Form, changes: dict[str, Any],
              kind: str | None = None) -> None:
        """Write ``changes`` into the form and queue its whole new state, stamped now."""
        kind = kind or row.kind
        stamp = str(self.clock.now())
        data = dict(row.data or {}) | changes | {"updated_at": utc_now_iso(), "hlc": stamp}
        try:
            payload = RECORD_MODELS[kind].model_validate(data).model_dump()
        except pydantic.ValidationError as exc:
            raise ValidationError(_("This form cannot be saved as it is: {value}.").format(
                value=exc.errors()[0]["msg"])) from exc
        for name, value in row_values(kind, payload).items():
            setattr(row, name, value)
        enqueue_latest(session, type_=kind, record_id=row.id, data=payload, hlc=stamp)


def _with_answers(template: TemplateView, current: dict[str, Any], answers: dict[str, Any],
                  refused: list[str]) -> dict[str, Any]:
    """``current`` with ``answers`` applied (None or blank clears one); answers that do not
    fit their question are left out, their reason added to ``refused``."""
    merged = dict(current)
    known = templates.questions(template)
    for question_id, value in answers.items():
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = value.isoformat()
        question = known.get(question_id)
        if question is None:
            refused.append(_("That question is not on this form."))
        elif is_empty(value):
            merged.pop(question_id, None)
        elif problem := answer_problem(question, value):
            refused.append(problem)
        else:
            merged[question_id] = value
    return merged


def _header_value(session: Session, row: Form, name: str, value: Any) -> Any:
    """A header field's value as stored, checked like the central service checks it."""
    if name not in HEADER_BY_KIND[row.kind]:
        raise ValidationError(f"This form has no field {name!r}.")
    if name == "event_id":
        if value is not None:
            _check_event(session, row.facilitator_id,
                         check_text(fields.ID, value, _("Session visited")))
        return value
    if name == "visit_id":
        if value is not None:
            _check_visit(session, row.facilitator_id, check_text(fields.ID, value, _("QA visit")))
        return value
    if name == "mode":
        if value is not None and value not in MODES:
            raise ValidationError(_("Choose co-facilitated or observed."))
        return value
    if name == "held_on":
        if is_empty(value):
            return None
        day = parse_date(value)
        if day is None:
            raise ValidationError(_("Date of the conversation is not a valid date."))
        return day.isoformat()
    # duration_minutes: the payload model checks the range (5 to 240)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("Duration is a whole number of minutes."))
    if not 5 <= value <= 240:
        raise ValidationError(_("Duration must be between 5 and 240 minutes."))
    return value


def _check_event(session: Session, facilitator_id: str, event_id: str) -> None:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFoundError(_("This session is not on this laptop. Sync, then try again."))
    group = session.get(Group, event.group_id)
    if group is None or facilitator_id not in (group.facilitator_ids or []):
        raise ValidationError(_("That session is not one this facilitator facilitates."))


def _check_visit(session: Session, facilitator_id: str, visit_id: str) -> None:
    visit = session.get(Form, visit_id)
    if visit is None or visit.kind != "qa_visit" or visit.facilitator_id != facilitator_id:
        raise ValidationError(_("A conversation can only be linked to a QA visit about the "
                              "same facilitator."))


def _move_plan(current: TemplateView, target: TemplateView, answers: dict[str, Any]
               ) -> tuple[tuple[str, ...], tuple[str, ...], dict[str, Any]]:
    """(labels kept, labels dropped, the answers on ``target``) for a move."""
    old, new = templates.questions(current), templates.questions(target)
    kept: list[str] = []
    dropped: list[str] = []
    moved: dict[str, Any] = {}
    for question_id, question in old.items():
        value = answers.get(question_id)
        if is_empty(value):
            continue
        there = new.get(question_id)
        if there is not None and there.kind == question.kind and fits(there, value):
            moved[question_id] = value
            kept.append(there.label)
        else:
            dropped.append(question.label)
    return tuple(kept), tuple(dropped), moved
