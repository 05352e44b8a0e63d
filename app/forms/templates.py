"""Form templates as the services and the UI see them: ``TemplateView`` built from the
``form_template`` rows pulled from the central service, the latest version of a family,
and whether a newer version than a form's exists.

A family is a template ``key``; its versions never change once published, so a form names
its version by id for ever.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFoundError
from app.forms.views import TemplateView
from app.store.models import FormTemplate
from protocol.records import FormTemplateData, TemplateQuestion
from protocol.text import N_, _

NO_TEMPLATE = N_("This form's template is not on this laptop yet. Sync, then try again.")


def template_view(row: FormTemplate) -> TemplateView:
    data = FormTemplateData.model_validate(row.data)
    return TemplateView(id=row.id, key=data.key, kind=data.kind, version=data.version,
                        title=data.title, sections=tuple(data.sections))


def template(session: Session, template_id: str) -> TemplateView:
    row = session.get(FormTemplate, template_id)
    if row is None:
        raise NotFoundError(_(NO_TEMPLATE))
    return template_view(row)


def latest_of_kind(session: Session, kind: str) -> TemplateView:
    """The newest version of the family for ``kind`` (the family whose key is the kind,
    if the server publishes several for one kind)."""
    rows = list(session.scalars(select(FormTemplate).where(FormTemplate.kind == kind)))
    if not rows:
        raise NotFoundError(_("The form templates are not on this laptop yet. Sync, then try "
                            "again."))
    best = max(rows, key=lambda r: (r.key == kind, r.version))
    return latest_version(session, best.key) or template_view(best)


def latest_version(session: Session, key: str) -> TemplateView | None:
    row = session.scalar(select(FormTemplate).where(FormTemplate.key == key)
                         .order_by(FormTemplate.version.desc()).limit(1))
    return template_view(row) if row is not None else None


def newer_version(session: Session, current: TemplateView) -> TemplateView | None:
    """The latest version of ``current``'s family if it is newer than ``current``."""
    latest = latest_version(session, current.key)
    return latest if latest is not None and latest.version > current.version else None


def questions(template: TemplateView) -> dict[str, TemplateQuestion]:
    """Every question of the template by id, in form order."""
    return {q.id: q for section in template.sections for q in section.questions}
