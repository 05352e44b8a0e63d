"""Publishing a new version of a QA form template (``npq-server publish-template``).

A published version is never changed: publishing makes the next version of the family
(``key``) as a new ``form_template`` record, which reaches every client through the pull
feed (templates are reference data, visible to all). Drafts started on an earlier version
keep it; the clients offer to move their answers across.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from protocol.records import FormTemplateData, form_template_id
from server import sequence, store
from server.forms_catalogue import TemplateError, build_template
from server.models import Record
from server.store import Placement

log = logging.getLogger(__name__)


def versions(session: Session, key: str) -> list[FormTemplateData]:
    """Every published version of a family, oldest first."""
    found = [FormTemplateData.model_validate(data) for data in session.scalars(
        select(Record.data).where(Record.type == "form_template", Record.deleted == false()))
        if data and data.get("key") == key]
    return sorted(found, key=lambda t: t.version)


def _content(template: FormTemplateData) -> dict[str, Any]:
    return template.model_dump(exclude={"version", "published_at"})


def publish_template(session: Session, body: Mapping[str, Any], *,
                     now: dt.datetime | None = None) -> tuple[str, FormTemplateData]:
    """Publish ``body`` (a template source as in ``resources/forms/``, or an expanded
    template) as the next version of its family; returns (record id, template).
    ``TemplateError`` when it does not validate, changes the family's kind, or is the
    same as the latest version."""
    sequence.lock(session)
    key = body.get("key")
    if not isinstance(key, str) or not key:
        raise TemplateError("a template needs a key (its family)")
    published = versions(session, key)
    latest = published[-1] if published else None
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    template = build_template(body, version=(latest.version + 1) if latest else 1,
                              published_at=moment.strftime("%Y-%m-%dT%H:%M:%SZ"))
    if latest is not None:
        if template.kind != latest.kind:
            raise TemplateError(f"{key!r} is a {latest.kind} template; a new version "
                                "cannot change its kind")
        if _content(template) == _content(latest):
            raise TemplateError(f"unchanged: the same as {key!r} version {latest.version}")
    record_id = form_template_id(template.key, template.version)
    store.put(session, "form_template", record_id, template.model_dump(), Placement())
    log.info("published template %s version %d", template.key, template.version)
    return record_id, template
